"""Turnover: the reminders waiting for a focal point who rotated out go to whom the recipient rule
names now (docs/design.md, "Reminders": recipients)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..choices import LedgerStatus
from ..deadlines import secretariat_today
from ..models import ReminderEntry
from ..selectors import ITEM_KINDS
from .cancel import reminders_cancel_pending
from .items import item_title
from .points import active_policy, policy_points
from .scan import RecipientBook, decide


@dataclass(frozen=True)
class Handover:
    handed_over: int  # points recorded again for the organization's next recipients
    cancelled: int  # points with nobody to hand them to (or whose item closed)
    successors: tuple[str, ...]  # who they went to, as the ledger says it ("alternate focal point of ILO ...")


@transaction.atomic
def reminders_hand_over(
    *, recipient_id: int, organization_id: int, reason: str, now: dt.datetime | None = None
) -> Handover:
    """Hand over the reminder points waiting for ``recipient_id`` about ``organization_id``'s items.

    Called once the focal point is inactive, so the recipient rule already leaves them out: each
    waiting point is cancelled ("handed over") and recorded again for the recipients the rule names
    now (the organization's other primaries, else its alternates; for an escalation, the responsible
    officer and the head where the policy names the head), decided as the scan decides (delivery
    hours, muting, nobody to send to). A recipient who has the point already keeps the one row.
    """
    now = now or timezone.now()
    waiting = list(
        ReminderEntry.objects.select_for_update()
        .filter(status=LedgerStatus.PENDING, recipient_id=recipient_id, organization_id=organization_id)
        .order_by("pk")
    )
    if not waiting:
        return Handover(0, 0, ())
    policy = active_policy()
    today = secretariat_today(now)
    horizon = settings.STALENESS_HORIZON_DAYS
    book = RecipientBook({organization_id})
    rows: list[ReminderEntry] = []
    handed: list[int] = []
    successors: dict[str, None] = {}
    for entry in waiting:
        spec = ITEM_KINDS.get(entry.item_kind)
        item = None
        if spec is not None:  # still open, with the deadline the point was for
            items = spec.items_to_remind().select_related(*spec.select_related)
            item = items.filter(pk=entry.item_id, due_date=entry.due_date).first()
        point = (
            next((p for p in policy_points(policy, item.due_precision) if p.name == entry.point), None)
            if item is not None
            else None
        )
        recipients = [] if point is None else book.for_point(spec, item, point, policy)
        recipients = [r for r in recipients if r.user is not None and r.ref != recipient_id]
        if not recipients:
            continue
        handed.append(entry.pk)
        title = item_title(item)
        for recipient in recipients:
            status, why, send_after = decide(
                point,
                recipient,
                lapsed=(today - item.due_date).days > horizon,
                latest=True,  # it was waiting: the latest point of its deadline
                before_asked=False,
                now=now,
                today=today,
                due=item.due_date,
                horizon=horizon,
            )
            successors[recipient.why] = None
            rows.append(
                ReminderEntry(
                    item_kind=entry.item_kind,
                    item_id=entry.item_id,
                    organization_id=entry.organization_id,
                    point=entry.point,
                    offset_days=entry.offset_days,
                    critical=entry.critical,
                    due_date=entry.due_date,
                    point_date=entry.point_date,
                    recipient=recipient.user,
                    recipient_ref=recipient.ref,
                    status=status,
                    reason=(
                        f"{entry.point} of “{title[:120]}” due {entry.due_date:%d %b %Y}, handed over to the "
                        f"{recipient.why} ({reason}): {why}"
                    )[:300],
                    send_after=send_after,
                    run=entry.run,
                    created_at=now,
                )
            )
    ReminderEntry.objects.bulk_create(rows, ignore_conflicts=True)
    reminders_cancel_pending(entry_ids=handed, reason=f"{reason}: handed over to the organization's next recipient")
    cancelled = reminders_cancel_pending(entry_ids=[e.pk for e in waiting if e.pk not in set(handed)], reason=reason)
    return Handover(len(handed), cancelled, tuple(successors))
