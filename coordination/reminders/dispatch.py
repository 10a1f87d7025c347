"""The dispatch: claim due ledger rows, one mail per recipient, deliver, record.

Claims take a lease: ``select_for_update(skip_locked=True)`` lets concurrent dispatchers take
disjoint rows, and a delivery whose lease expired (its worker died) is claimed again by the
next dispatch. A delivery is marked ``sending`` (committed) before the mail goes to the server
and ``sent`` after.

**The window between the mail server accepting a message and our status write** is taken on
the side of a possible duplicate (docs/decisions/0004-reminder-delivery.md): a worker killed
inside it leaves the delivery ``sending`` with an expired lease, the next dispatch sends it
again, and flags the delivery ``possible_duplicate`` with a warning in the log. A reminder read
twice costs a second of a focal point's attention; a reminder lost can cost a report to the
General Assembly.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..choices import DeliveryStatus, LedgerStatus
from ..models import ReminderDelivery, ReminderEntry
from .items import ITEM_KINDS
from .mail import reminder_message

logger = logging.getLogger(__name__)


@dataclass
class DispatchResult:
    deliveries: list[int] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    skipped: int = 0  # another dispatcher had it
    possible_duplicates: int = 0


def _die_here_in_tests(point: str) -> None:
    """Test-only: SIGKILL this process at a named point (REMINDER_TEST_KILL_AT), to prove recovery."""
    if point == settings.REMINDER_TEST_KILL_AT:
        logger.warning("REMINDER_TEST_KILL_AT=%s: killing this process", point)
        os.kill(os.getpid(), signal.SIGKILL)


def lease_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), settings.CELERY_MAX_RETRY_COUNTDOWN))


def reminders_claim(*, now: dt.datetime, limit: int | None = None) -> list[int]:
    """Group due ledger rows into one delivery per recipient, and take back expired deliveries."""
    limit = limit or settings.REMINDER_DISPATCH_BATCH
    token = uuid.uuid4()
    with transaction.atomic():
        expired = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING], leased_until__lt=now)
            .values_list("pk", flat=True)[:limit]
        )
        ReminderDelivery.objects.filter(pk__in=expired).update(lease_token=token, leased_until=lease_until(now))

        entries = list(
            ReminderEntry.objects.select_for_update(skip_locked=True)
            .filter(status=LedgerStatus.PENDING, send_after__lte=now, recipient__isnull=False)
            .select_related("recipient")
            .order_by("recipient_ref", "point_date", "pk")[:limit]
        )
        by_recipient = defaultdict(list)
        for entry in entries:
            by_recipient[entry.recipient_ref].append(entry)
        deliveries = ReminderDelivery.objects.bulk_create(
            [
                ReminderDelivery(
                    recipient=rows[0].recipient,
                    to_email=rows[0].recipient.email,
                    lease_token=token,
                    leased_until=lease_until(now),
                    created_at=now,
                )
                for rows in by_recipient.values()
            ]
        )
        for delivery, rows in zip(deliveries, by_recipient.values(), strict=True):
            ReminderEntry.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=LedgerStatus.CLAIMED, delivery=delivery
            )
    return [*expired, *(d.pk for d in deliveries)]


def reminders_dispatch(*, now: dt.datetime | None = None) -> DispatchResult:
    """Claim what is due and deliver it, one mail per recipient, after the claim has committed."""
    now = now or timezone.now()
    result = DispatchResult(deliveries=reminders_claim(now=now))
    _die_here_in_tests("after_claim")
    for index, delivery_id in enumerate(result.deliveries):
        if index:
            _die_here_in_tests("between_recipients")
        outcome = reminder_deliver(delivery_id=delivery_id, now=now)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if outcome == "sent" and ReminderDelivery.objects.filter(pk=delivery_id, possible_duplicate=True).exists():
            result.possible_duplicates += 1
    return result


def reminder_deliver(*, delivery_id: int, now: dt.datetime) -> str:
    """Send one delivery; return "sent", "failed" or "cancelled" (or "skipped" if not ours)."""
    with transaction.atomic():
        delivery = ReminderDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status not in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING):
            return "cancelled" if delivery and delivery.status == DeliveryStatus.CANCELLED else "skipped"
        interrupted = delivery.status == DeliveryStatus.SENDING
        entries = list(delivery.entries.filter(status=LedgerStatus.CLAIMED).order_by("point_date", "pk"))
        live, items = _still_due(entries)
        dead = [e.pk for e in entries if e not in live]
        if dead:
            ReminderEntry.objects.filter(pk__in=dead).update(
                status=LedgerStatus.CANCELLED,
                reason="cancelled: the item was closed or its deadline moved before sending",
            )
        if not live:
            delivery.status = DeliveryStatus.CANCELLED
            delivery.save(update_fields=["status"])
            return "cancelled"
        message = reminder_message(delivery.recipient, live, items, now=now)
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.subject = message.subject[:300]
        delivery.leased_until = lease_until(now)
        delivery.possible_duplicate = delivery.possible_duplicate or interrupted
        delivery.save(update_fields=["status", "attempts", "subject", "leased_until", "possible_duplicate"])
    if interrupted:
        logger.warning(
            "Reminder delivery %s to %s was interrupted after it may have reached the mail server; sending again "
            "(possible duplicate).",
            delivery.pk,
            delivery.to_email,
        )
    try:
        message.send()
    except Exception as exc:
        exhausted = delivery.attempts >= settings.REMINDER_MAX_ATTEMPTS
        with transaction.atomic():
            ReminderDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED if exhausted else DeliveryStatus.QUEUED,
                leased_until=now + retry_delay(delivery.attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            if exhausted:
                ReminderEntry.objects.filter(delivery=delivery, status=LedgerStatus.CLAIMED).update(
                    status=LedgerStatus.FAILED
                )
        logger.warning(
            "Reminder delivery %s to %s failed (attempt %s): %s",
            delivery.pk,
            delivery.to_email,
            delivery.attempts,
            exc,
        )
        return "failed"
    _die_here_in_tests("inside_window")
    with transaction.atomic():
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
        ReminderEntry.objects.filter(pk__in=[e.pk for e in live]).update(status=LedgerStatus.SENT)
    _die_here_in_tests("after_status_write")
    return "sent"


def _still_due(entries: list[ReminderEntry]) -> tuple[list[ReminderEntry], dict[tuple[str, int], object]]:
    """The entries whose item is still open with the same deadline, and those items."""
    items: dict[tuple[str, int], object] = {}
    wanted = defaultdict(set)
    for entry in entries:
        wanted[entry.item_kind].add(entry.item_id)
    for kind, ids in wanted.items():
        spec = ITEM_KINDS[kind]
        for item in spec.open_items().filter(pk__in=ids).select_related(*spec.select_related):
            items[(kind, item.pk)] = item
    live = [
        e
        for e in entries
        if (e.item_kind, e.item_id) in items
        and (e.point.startswith("manual") or items[(e.item_kind, e.item_id)].due_date == e.due_date)
    ]
    return live, items
