"""Celery tasks: thin wrappers that take ids or ISO instants and call one service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from .reminders.dispatch import reminders_dispatch
from .reminders.run import reminders_run
from .services.outbox import outbox_send_due, worker_heartbeat


@shared_task(name="coordination.send_outbox", bind=True)
def send_outbox(self) -> dict[str, int]:
    """Send the notifications waiting in the outbox (beat runs it every minute); the run is also
    this worker's heartbeat, shown on /status and the dashboard."""
    worker_heartbeat(hostname=self.request.hostname or "unknown")
    result = outbox_send_due()
    return {"claimed": result.claimed, "sent": result.sent, "failed": result.failed, "gave_up": result.gave_up}


def _instant(now: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(now) if now else None


@shared_task(name="coordination.run_reminders")
def run_reminders(now: str | None = None) -> dict[str, int]:
    """Scan for reminder points due at ``now`` (ISO 8601; default: the current instant), then dispatch."""
    run, result = reminders_run(now=_instant(now))
    return {"pending": run.pending, "deliveries": len(result.deliveries), "sent": result.sent, "failed": result.failed}


@shared_task(name="coordination.dispatch_reminders")
def dispatch_reminders(now: str | None = None) -> dict[str, int]:
    """Dispatch what is due without scanning (after "send a reminder now")."""
    result = reminders_dispatch(now=_instant(now))
    return {"deliveries": len(result.deliveries), "sent": result.sent, "failed": result.failed}
