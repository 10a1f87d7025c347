"""``/metrics``: Prometheus' text format, behind a bearer token (``METRICS_TOKEN``; docs/operations.md).

Two parts: the web processes' own request counts and latencies (core/metrics.py, summed across gunicorn's
workers), and what the database knows, read at each scrape: reminder points recorded by the scans and mails
sent or failed, the outbox's backlog and the age of its oldest message, the age of the last scan and of the
workers' newest heartbeat, the logins locked out now. The database part is the same whichever node answers
(it counts every process's work, the workers' included); alert on it with ``max`` across nodes.
"""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from core.metrics import bearer_refusal, process_registry

from .choices import DeliveryStatus
from .models import ReminderDelivery, ReminderRun
from .operations import HEARTBEAT_STALE, outbox_status, workers_status

logger = logging.getLogger(__name__)

# The scan's counts of ledger rows, by what became of each point (ReminderRun's fields).
POINT_OUTCOMES = {
    "to_send": "pending",
    "skipped": "skipped",
    "missed": "missed",
    "muted": "muted",
    "no_recipient": "no_recipient",
}


class DatabaseCollector:
    """Reads the reminder ledger's runs, the deliveries, the outbox, the heartbeats and the lockouts: a
    handful of aggregate queries per scrape, none over the ledger itself."""

    def collect(self):
        up = GaugeMetricFamily("coordination_database_up", "1 when the metrics below could be read.")
        try:
            families = list(self._families())
        except DatabaseError as error:
            logger.warning("Metrics: the database could not be read: %s", error)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self):
        now = timezone.now()
        runs = ReminderRun.objects.aggregate(
            scans=Count("pk"), last=Max("finished_at"), **{field: Sum(field) for field in POINT_OUTCOMES.values()}
        )
        scans = CounterMetricFamily("coordination_reminder_scans", "Reminder scans run.")
        scans.add_metric([], runs["scans"])
        yield scans
        points = CounterMetricFamily(
            "coordination_reminder_points",
            "Reminder points the scans recorded, by outcome: to_send (then sent by mail), skipped (a later point "
            "of the same deadline was due), missed (past the staleness horizon), muted, no_recipient.",
            labels=["outcome"],
        )
        for outcome, field in POINT_OUTCOMES.items():
            points.add_metric([outcome], runs[field] or 0)
        yield points
        last_scan = GaugeMetricFamily(
            "coordination_reminder_scan_age_seconds", "Seconds since the last reminder scan finished (none: absent)."
        )
        if runs["last"] is not None:
            last_scan.add_metric([], max(0.0, (now - runs["last"]).total_seconds()))
        yield last_scan

        by_status = dict(ReminderDelivery.objects.values_list("status").annotate(n=Count("pk")).order_by())
        mails = CounterMetricFamily(
            "coordination_reminder_mails", "Reminder mails, by status: sent, failed (gave up).", labels=["status"]
        )
        for status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            mails.add_metric([status.value], by_status.get(status, 0))
        yield mails

        outbox = outbox_status(now=now)
        pending = GaugeMetricFamily("coordination_outbox_pending", "Notifications waiting in the outbox.")
        pending.add_metric([], outbox["pending"])
        yield pending
        failed = GaugeMetricFamily("coordination_outbox_failed", "Notifications the outbox gave up on.")
        failed.add_metric([], outbox["failed"])
        yield failed
        oldest = GaugeMetricFamily(
            "coordination_outbox_oldest_pending_age_seconds",
            "Seconds the oldest waiting notification has been due (0 when none waits).",
        )
        oldest.add_metric([], outbox["oldest_pending_seconds"] or 0)
        yield oldest

        workers = workers_status(now=now)
        heartbeat = GaugeMetricFamily(
            "coordination_worker_heartbeat_age_seconds",
            "Seconds since a worker last ran the outbox sender (beat queues it every minute; none: absent).",
        )
        if workers["seconds_since"] is not None:
            heartbeat.add_metric([], workers["seconds_since"])
        yield heartbeat
        fresh = GaugeMetricFamily(
            "coordination_workers_fresh",
            f"Workers whose heartbeat is under {int(HEARTBEAT_STALE.total_seconds())} s old.",
        )
        fresh.add_metric([], sum(1 for worker in workers["workers"] if worker["fresh"]))
        yield fresh

        locked = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
        ).count()
        lockouts = GaugeMetricFamily(
            "coordination_login_lockouts", "Username and address pairs locked out now after repeated failed logins."
        )
        lockouts.add_metric([], locked)
        yield lockouts


DATABASE_REGISTRY = CollectorRegistry(auto_describe=False)
DATABASE_REGISTRY.register(DatabaseCollector())


@never_cache
@require_GET
def metrics(request):
    refusal = bearer_refusal(request)
    if refusal is not None:
        return refusal
    body = generate_latest(process_registry()) + generate_latest(DATABASE_REGISTRY)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
