"""Celery tasks of the reminders: thin wrappers that take ISO instants and call one service. (The outbox
sender is ``core.tasks.send_outbox``.)"""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from .reminders.dispatch import reminders_dispatch
from .reminders.run import reminders_run


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
