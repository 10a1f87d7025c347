"""One reminder run: the scan, then the dispatch, recorded together (beat's task and the command)."""

from __future__ import annotations

import datetime as dt

from ..models import ReminderRun
from .dispatch import DispatchResult, reminders_dispatch
from .scan import reminders_scan


def reminders_run(*, now: dt.datetime | None = None) -> tuple[ReminderRun, DispatchResult]:
    """Scan for the points due at ``now``, dispatch what is due, and record on the run how many mails it made."""
    run = reminders_scan(now=now)
    result = reminders_dispatch(now=now)
    ReminderRun.objects.filter(pk=run.pk).update(deliveries=len(result.deliveries))
    run.deliveries = len(result.deliveries)
    return run, result
