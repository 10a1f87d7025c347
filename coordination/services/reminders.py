"""Reminders the secretariat asks for by hand, outside the schedule."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from core.outages import enqueue

from ..choices import DeadlineState, LedgerStatus
from ..deadlines import secretariat_today
from ..models import ReminderEntry
from ..reminders.points import PointSpec, active_policy
from ..reminders.scan import RecipientBook
from ..selectors import item_kind_of
from ..tasks import dispatch_reminders
from .access import require_secretariat

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


@transaction.atomic
def reminder_send_now(*, items: Iterable, by: User | None = None, now: dt.datetime | None = None) -> int:
    """Queue a reminder for each item to its recipients at once, outside the schedule.

    Returns how many ledger rows were queued. Sent by the next dispatch, which is enqueued after
    commit; items with nobody to send to are recorded as such.
    """
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat sends reminders by hand.")
    today = secretariat_today(now)
    policy = active_policy()
    point = PointSpec(f"manual_{now:%Y%m%dT%H%M%S}", 0, critical=True)
    rows = []
    for item in list(items):
        spec = item_kind_of(item)
        # Lapsed items (overdue beyond the staleness horizon) are never reminded.
        if item.deadline_state_on(today) in (DeadlineState.CLOSED, DeadlineState.UNDATED, DeadlineState.LAPSED):
            continue
        organization_id = spec.organization_id(item)
        book = RecipientBook({organization_id} if organization_id else set())
        who = f" by {by.get_username()}" if by is not None else ""
        for recipient in book.for_point(spec, item, point, policy):
            rows.append(
                ReminderEntry(
                    item_kind=spec.kind,
                    item_id=item.pk,
                    organization_id=organization_id,
                    point=point.name,
                    offset_days=(today - item.due_date).days,
                    critical=True,
                    due_date=item.due_date,
                    point_date=today,
                    recipient=recipient.user,
                    recipient_ref=recipient.ref,
                    status=LedgerStatus.PENDING if recipient.user else LedgerStatus.NO_RECIPIENT,
                    reason=f"sent by hand{who} to the {recipient.why}"[:300],
                    send_after=now,
                    created_at=now,
                )
            )
    ReminderEntry.objects.bulk_create(rows, ignore_conflicts=True)
    queued = sum(1 for row in rows if row.status == LedgerStatus.PENDING)
    if queued:
        # The rows are committed: with the broker down or stalled the next scheduled run dispatches them.
        transaction.on_commit(lambda: enqueue(dispatch_reminders, now.isoformat()))
    return queued
