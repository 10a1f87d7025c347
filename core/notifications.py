"""Notifications other than reminders (a call opened, an answer returned, an invitation, a password
reset): written to the outbox in the transaction of the change they announce, sent by the periodic
sender (``core.tasks.send_outbox``), nudged after commit so they leave within seconds. The nudge
never holds the request more than about a second (``core.outages.enqueue``): with the broker down
or stalled, the message leaves with the next periodic run instead.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import OutboxStatus
from .models import OutboxMessage
from .outages import enqueue
from .tasks import send_outbox


def outbox_enqueue(
    *,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient=None,
    dedupe_key: str = "",
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """Write a notification to the outbox, inside the caller's transaction.

    The message is sent by the periodic sender; after commit we also nudge the sender so it goes
    out within seconds, but a broker outage at that moment only delays it to the next beat.
    Writing the same ``dedupe_key`` twice returns the message written first.
    """
    now = now or timezone.now()
    if dedupe_key:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                dedupe_key=dedupe_key,
                available_at=now,
            )
    except IntegrityError:
        # A concurrent writer won the dedupe key.
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(_nudge_outbox_sender)
    return message


def _nudge_outbox_sender() -> None:
    # The message is committed: when the broker is down or stalled the periodic sender takes it.
    enqueue(send_outbox)


def outbox_digest_add(
    *,
    kind: str,
    to_email: str,
    subject: str,
    opening: str,
    line: str,
    send_at: dt.datetime,
    dedupe_key: str,
    recipient=None,
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """Add ``line`` to the digest ``dedupe_key`` that leaves at ``send_at``: the first line writes
    the message (``opening`` then the line), the next ones append to it while it waits. The
    message's row lock orders two writers; a digest already on its way gets no more lines (the
    caller keys the next digest by its own time)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
        if message is None:
            return outbox_enqueue(
                kind=kind,
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body_text=opening + line,
                dedupe_key=dedupe_key,
                now=max(now, send_at),
            )
        if message.status == OutboxStatus.PENDING and message.lease_token is None and line not in message.body_text:
            message.body_text += line
            message.save(update_fields=["body_text", "updated_at"])
        return message
