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
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from agencies.selectors import secretariat_user_ids
from core.backoff import retry_delay

from ..choices import DeliveryStatus, LedgerStatus
from ..models import ReminderDelivery, ReminderEntry
from ..selectors import ITEM_KINDS
from .cancel import reminders_cancel_pending
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


def reminders_claim(*, now: dt.datetime, limit: int | None = None) -> tuple[uuid.UUID, list[int]]:
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
        # Each row joins its recipient's new delivery: one UPDATE for the batch, not one per recipient.
        ReminderEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
            status=LedgerStatus.CLAIMED,
            delivery=Subquery(
                ReminderDelivery.objects.filter(
                    pk__in=[delivery.pk for delivery in deliveries], recipient=OuterRef("recipient")
                ).values("pk")[:1]
            ),
        )
    return token, [*expired, *(d.pk for d in deliveries)]


@dataclass
class _Prepared:
    delivery: ReminderDelivery
    message: object | None  # None: nothing left to send
    live_ids: list[int]
    interrupted: bool


def _prepare(delivery_ids: list[int], now: dt.datetime) -> list[_Prepared]:
    """Load the deliveries, their ledger rows and items in a few queries, cancel what is no longer
    due, and build each mail. Reads only: nothing is marked sending here."""
    deliveries = {
        d.pk: d
        for d in ReminderDelivery.objects.filter(
            pk__in=delivery_ids, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]
        ).select_related("recipient__profile")
    }
    entries = list(
        ReminderEntry.objects.filter(delivery_id__in=deliveries, status=LedgerStatus.CLAIMED).order_by(
            "point_date", "pk"
        )
    )
    live, items = _still_due(entries)
    live_set = set(live)
    dead = [e.pk for e in entries if e not in live_set]
    if dead:
        reminders_cancel_pending(
            entry_ids=dead,
            claimed=True,
            reason="cancelled: the item was closed or its deadline moved before sending",
        )
    by_delivery = defaultdict(list)
    for entry in live:
        by_delivery[entry.delivery_id].append(entry)
    secretariat = secretariat_user_ids({d.recipient_id for d in deliveries.values()})
    prepared = []
    for delivery_id in delivery_ids:
        delivery = deliveries.get(delivery_id)
        if delivery is None:
            continue
        rows = by_delivery.get(delivery_id, [])
        message = (
            reminder_message(
                delivery.recipient, rows, items, now=now, for_secretariat=delivery.recipient_id in secretariat
            )
            if rows
            else None
        )
        prepared.append(_Prepared(delivery, message, [e.pk for e in rows], delivery.status == DeliveryStatus.SENDING))
    return prepared


def reminders_dispatch(*, now: dt.datetime | None = None) -> DispatchResult:
    """Claim what is due and deliver it, one mail per recipient, after the claim has committed.

    The mails of one dispatch share one connection to the mail server; each delivery's status is
    still written on its own, so a dispatch killed between two recipients loses and repeats nothing.
    """
    now = now or timezone.now()
    token, delivery_ids = reminders_claim(now=now)
    result = DispatchResult(deliveries=delivery_ids)
    _die_here_in_tests("after_claim")
    if not delivery_ids:
        return result
    mail_connection = get_connection()
    try:
        for index, prepared in enumerate(_prepare(delivery_ids, now)):
            if index:
                _die_here_in_tests("between_recipients")
            outcome = _deliver(prepared, now=now, token=token, mail_connection=mail_connection)
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.possible_duplicates += int(outcome == "sent" and prepared.interrupted)
    finally:
        mail_connection.close()
    return result


def reminder_deliver(*, delivery_id: int, now: dt.datetime) -> str:
    """Send one delivery (outside a dispatch); return "sent", "failed", "cancelled" or "skipped"."""
    prepared = _prepare([delivery_id], now)
    if not prepared:
        return "skipped"
    mail_connection = get_connection()
    try:
        return _deliver(prepared[0], now=now, token=None, mail_connection=mail_connection)
    finally:
        mail_connection.close()


def _deliver(prepared: _Prepared, *, now: dt.datetime, token, mail_connection) -> str:
    delivery = prepared.delivery
    mine = ReminderDelivery.objects.filter(pk=delivery.pk, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])
    if token is not None:
        mine = mine.filter(lease_token=token)
    if prepared.message is None:
        mine.update(status=DeliveryStatus.CANCELLED)
        return "cancelled"
    # Claimed with a conditional update that must change exactly one row before anything is sent:
    # a dispatcher that lost its lease to another stops here.
    if _mark_sending(mine, delivery_id=delivery.pk, token=token, subject=prepared.message.subject[:300], now=now) != 1:
        return "skipped"
    attempts = delivery.attempts + 1
    if prepared.interrupted:
        logger.warning(
            "Reminder delivery %s to %s was interrupted after it may have reached the mail server; sending again "
            "(possible duplicate).",
            delivery.pk,
            delivery.to_email,
        )
    prepared.message.connection = mail_connection
    try:
        # Opened here, not by send(): a connection that send() opens it also closes after the one mail.
        mail_connection.open()
        prepared.message.send()
    except Exception as exc:
        mail_connection.close()  # reopened by the next delivery; a broken session must not poison it
        exhausted = attempts >= settings.REMINDER_MAX_ATTEMPTS
        with transaction.atomic():
            ReminderDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED if exhausted else DeliveryStatus.QUEUED,
                leased_until=now + retry_delay(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            if exhausted:
                ReminderEntry.objects.filter(delivery=delivery, status=LedgerStatus.CLAIMED).update(
                    status=LedgerStatus.FAILED
                )
        logger.warning(
            "Reminder delivery %s to %s failed (attempt %s): %s", delivery.pk, delivery.to_email, attempts, exc
        )
        return "failed"
    _die_here_in_tests("inside_window")
    _record_sent(delivery.pk, prepared.live_ids)
    _die_here_in_tests("after_status_write")
    return "sent"


def _mark_sending(mine, *, delivery_id: int, token, subject: str, now: dt.datetime) -> int:
    """Move the delivery to ``sending`` under our lease (``mine``: the delivery, still queued or
    sending, and ours); return how many rows changed (1, or 0 when another dispatcher has it).

    A delivery found ``sending`` was interrupted after its mail may have reached the server: it is
    flagged a possible duplicate. On PostgreSQL one hand-written statement (compiling the ORM's
    conditional expressions for every mail cost more than the statement itself); elsewhere the ORM.
    """
    if connection.vendor != "postgresql":
        return mine.update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            subject=subject,
            leased_until=lease_until(now),
            possible_duplicate=Case(
                When(Q(possible_duplicate=True) | Q(status=DeliveryStatus.SENDING), then=Value(True)),
                default=Value(False),
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {ReminderDelivery._meta.db_table}
                SET status = %(sending)s, attempts = attempts + 1, subject = %(subject)s, leased_until = %(until)s,
                    possible_duplicate = possible_duplicate OR status = %(sending)s
                WHERE id = %(id)s AND status IN (%(queued)s, %(sending)s)
                  AND (%(token)s::uuid IS NULL OR lease_token = %(token)s::uuid)""",  # noqa: S608 -- table name
            {
                "sending": DeliveryStatus.SENDING,
                "queued": DeliveryStatus.QUEUED,
                "subject": subject,
                "until": lease_until(now),
                "id": delivery_id,
                "token": token,
            },
        )
        return cursor.rowcount


def _record_sent(delivery_id: int, entry_ids: list[int]) -> None:
    """Mark the delivery and its ledger rows sent, both or neither.

    On PostgreSQL one statement does both (an UPDATE inside a WITH): atomic on its own, in one round
    trip, where a transaction with two UPDATEs takes four (BEGIN, UPDATE, UPDATE, COMMIT); the
    window between the mail server's acceptance and this write is as short as it can be, and it was
    a third of a delivery's time (bench/reminders.py). Elsewhere (SQLite on a laptop), a transaction.

    It commits without waiting for the write-ahead log to reach the disk (``synchronous_commit``
    off for this one transaction; the ``sending`` mark before the mail still waits): the write is
    visible to every other connection at once, so a worker killed after it loses and repeats
    nothing. Only a crash of the database server itself within a fraction of a second (the WAL
    writer flushes every 200 ms, and the next delivery's synchronous mark flushes it too) could undo
    it, leaving the delivery ``sending``: it is then sent again flagged ``possible_duplicate``, the
    side decision 4 takes in that window anyway. It saves one disk flush per mail (decision 4).
    """
    sent_at = timezone.now()
    if connection.vendor != "postgresql":
        with transaction.atomic():
            ReminderDelivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.SENT, sent_at=sent_at, last_error=""
            )
            ReminderEntry.objects.filter(pk__in=entry_ids).update(status=LedgerStatus.SENT)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH delivery AS (
                    UPDATE {ReminderDelivery._meta.db_table} SET status = %s, sent_at = %s, last_error = ''
                    WHERE id = %s
                ),
                entries AS (UPDATE {ReminderEntry._meta.db_table} SET status = %s WHERE id = ANY(%s))
                SELECT set_config('synchronous_commit', 'off', true)""",  # noqa: S608 -- table names
            [DeliveryStatus.SENT, sent_at, delivery_id, LedgerStatus.SENT, entry_ids],
        )


def _still_due(entries: list[ReminderEntry]) -> tuple[list[ReminderEntry], dict[tuple[str, int], object]]:
    """The entries whose item is still open with the same deadline, and those items."""
    items: dict[tuple[str, int], object] = {}
    wanted = defaultdict(set)
    for entry in entries:
        wanted[entry.item_kind].add(entry.item_id)
    for kind, ids in wanted.items():
        spec = ITEM_KINDS[kind]
        for item in spec.items_to_remind().filter(pk__in=ids).select_related(*spec.select_related):
            items[(kind, item.pk)] = item
    live = [
        e
        for e in entries
        if (e.item_kind, e.item_id) in items
        and (e.point.startswith("manual") or items[(e.item_kind, e.item_id)].due_date == e.due_date)
    ]
    return live, items
