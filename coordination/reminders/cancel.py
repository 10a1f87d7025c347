"""Stopping reminders that have not gone out: the one place that cancels ledger rows."""

from __future__ import annotations

from collections.abc import Iterable

from core.validators import one_line

from ..choices import LedgerStatus
from ..models import ReminderEntry


def reminders_cancel_pending(
    *,
    reason: str,
    item_kind: str | None = None,
    item_ids: Iterable[int] | None = None,
    entry_ids: Iterable[int] | None = None,
    recipient_id: int | None = None,
    organization_id: int | None = None,
    claimed: bool = False,
) -> int:
    """Cancel the reminder points waiting to be sent (or, with ``claimed``, those claimed by a mail
    being prepared) that match every filter given, recording ``reason``; returns how many.

    Called when an item closes or its deadline moves, when a focal point rotates out, and by the
    dispatcher for rows whose item closed between the scan and the send.
    """
    rows = ReminderEntry.objects.filter(status=LedgerStatus.CLAIMED if claimed else LedgerStatus.PENDING)
    if item_kind is not None:
        rows = rows.filter(item_kind=item_kind)
    if item_ids is not None:
        rows = rows.filter(item_id__in=list(item_ids))
    if entry_ids is not None:
        rows = rows.filter(pk__in=list(entry_ids))
    if recipient_id is not None:
        rows = rows.filter(recipient_id=recipient_id)
    if organization_id is not None:
        rows = rows.filter(organization_id=organization_id)
    # A reason typed over several lines (a cancellation's, a waiver's) is kept on one line here.
    return rows.update(status=LedgerStatus.CANCELLED, reason=one_line(reason)[:300])
