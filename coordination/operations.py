"""The background machinery's state: workers' heartbeats and a live ping, the last reminder scan,
the outbox backlog. Read by ``/status`` (coordination/api/status.py) and the dashboard.

Not readiness (``/readyz`` is): a web node stays in the load balancer while a worker is down.
"""

from __future__ import annotations

import datetime as dt

from celery import current_app
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core import outages
from core.choices import OutboxStatus
from core.models import OutboxMessage, WorkerHeartbeat

from .models import ReminderRun

# The outbox sender (a worker's heartbeat) is queued every minute, the reminder scan every ten.
HEARTBEAT_STALE = dt.timedelta(minutes=3)
SCAN_STALE = dt.timedelta(minutes=30)
OUTBOX_LATE = dt.timedelta(minutes=10)
PING_TIMEOUT_SECONDS = 1.0
PING_DEADLINE_SECONDS = 2.5
# The periodic task beat queues for the scan (coordination/migrations/0004_reminder_policy_and_schedule.py).
SCAN_TASK = "coordination.run_reminders"


def _age(now: dt.datetime, moment: dt.datetime | None) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def workers_status(*, now: dt.datetime) -> dict:
    """The workers' heartbeats: each worker that ran the outbox sender, and when."""
    beats = list(WorkerHeartbeat.objects.order_by("-seen_at")[:50])
    latest = beats[0].seen_at if beats else None
    return {
        "alive": latest is not None and now - latest <= HEARTBEAT_STALE,
        "last_heartbeat": latest,
        "seconds_since": _age(now, latest),
        "workers": [
            {"hostname": beat.hostname, "seen_at": beat.seen_at, "fresh": now - beat.seen_at <= HEARTBEAT_STALE}
            for beat in beats
        ],
    }


def ping_workers() -> dict:
    """Ask the workers through the broker who is there: a couple of seconds at most, even when the
    broker is down or stalled (one connection attempt, no retries, a deadline; after a failure the
    broker's cool-down answers at once: core/outages.py)."""

    def ping() -> list[dict]:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=PING_TIMEOUT_SECONDS)
            return current_app.control.ping(timeout=PING_TIMEOUT_SECONDS, connection=connection)

    try:
        replies = outages.call_with_deadline(
            ping, seconds=PING_DEADLINE_SECONDS, service=outages.broker, what="pinging the workers"
        )
    except outages.Unavailable as problem:  # the broker is down, stalled or cannot broadcast
        return {"answered": [], "error": str(problem)[:300]}
    return {"answered": sorted(hostname for reply in replies for hostname in reply), "error": None}


def _first_scan_due_by() -> dt.datetime | None:
    """With no scan recorded yet: when the first should have run. Beat runs a new interval schedule one
    interval after the schedule was made (or last changed in the admin), so allow SCAN_STALE from then; None
    when no enabled schedule runs the scan at all."""
    schedule = (
        PeriodicTask.objects.filter(task=SCAN_TASK, enabled=True).only("date_changed").order_by("date_changed").first()
    )
    return None if schedule is None else schedule.date_changed + SCAN_STALE


def scan_status(*, now: dt.datetime) -> dict:
    run = ReminderRun.objects.order_by("-started_at", "-pk").first()
    if run is None:
        # Not an alarm while the first scan is not due yet (a fresh `make run`, a new installation).
        due_by = _first_scan_due_by()
        return {"last": None, "seconds_since": None, "first_due_by": due_by, "late": due_by is None or now > due_by}
    return {
        "last": {
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "items_considered": run.items_considered,
            "pending": run.pending,
            "deliveries": run.deliveries,
            "no_recipient": run.no_recipient,
        },
        "seconds_since": _age(now, run.started_at),
        "late": now - run.started_at > SCAN_STALE,
    }


def outbox_status(*, now: dt.datetime) -> dict:
    counts = OutboxMessage.objects.aggregate(
        pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        oldest_pending=Min("available_at", filter=Q(status=OutboxStatus.PENDING)),
    )
    oldest = counts["oldest_pending"]
    return {
        "pending": counts["pending"],
        "failed": counts["failed"],
        "oldest_pending_seconds": _age(now, oldest),
        "late": oldest is not None and now - oldest > OUTBOX_LATE,
    }


def operations_status(*, now: dt.datetime | None = None, ping: bool = True) -> dict:
    now = now or timezone.now()
    workers = workers_status(now=now)
    if ping:
        workers["ping"] = ping_workers()
    scan, outbox = scan_status(now=now), outbox_status(now=now)
    problems = []
    if not workers["alive"]:
        problems.append("No worker has run the outbox sender lately: are the workers and beat running?")
    if scan["late"] and scan["last"] is None and scan["first_due_by"] is None:
        problems.append("No reminder scan is scheduled: enable 'Scan and send reminders' under Periodic tasks.")
    elif scan["late"] and scan["last"] is None:
        problems.append("The first reminder scan has not run 30 minutes after it was scheduled: is beat running?")
    elif scan["late"]:
        problems.append("The reminder scan has not run in the last 30 minutes: is beat running?")
    if outbox["late"]:
        problems.append("Notifications have waited over 10 minutes in the outbox: is the mail server reachable?")
    return {
        "ok": not problems,
        "problems": problems,
        "now": now,
        "workers": workers,
        "reminders": scan,
        "outbox": outbox,
    }
