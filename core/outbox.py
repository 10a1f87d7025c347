"""Sending the outbox: the periodic sender's claim and send, and the heartbeat of the workers that
run it. Writing to the outbox is ``core.notifications.outbox_enqueue``.

Decision 0002 (docs/decisions/0002-outbox.md): a broker outage at the moment of a change loses no mail.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .backoff import retry_delay
from .choices import OutboxStatus
from .mail import subject_line
from .models import OutboxMessage, WorkerHeartbeat

logger = logging.getLogger(__name__)


def worker_heartbeat(*, hostname: str, now: dt.datetime | None = None) -> None:
    """Record that the worker ``hostname`` is taking tasks (one row per worker, updated in place)."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": now or timezone.now(), "pid": os.getpid()}
    )


@dataclass(frozen=True)
class OutboxRunResult:
    claimed: int
    sent: int
    failed: int
    gave_up: int


def outbox_claim(*, now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Lease up to ``limit`` due messages to this run.

    ``select_for_update(skip_locked=True)`` lets concurrent senders take disjoint batches; a lease
    that expired (its sender died) makes the message claimable again.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, available_at__lte=now)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .order_by("available_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            lease_token=token, leased_until=now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        )
    return token, ids


def outbox_send_due(*, now: dt.datetime | None = None, limit: int | None = None) -> OutboxRunResult:
    """Send the outbox messages that are due; record each as sent, or failed with its error.

    The window between the mail server accepting a message and our status write is taken on the
    side of a possible duplicate: if the process dies inside it, the lease expires and the
    message is sent again. A notification (a call opened, an update returned) read twice is
    harmless; one never sent is not.
    """
    now = now or timezone.now()
    token, ids = outbox_claim(now=now, limit=limit or settings.OUTBOX_BATCH_SIZE)
    sent = failed = gave_up = 0
    for message in OutboxMessage.objects.filter(pk__in=ids, lease_token=token).order_by("pk"):
        email = EmailMultiAlternatives(
            subject=subject_line(message.subject),
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        try:
            email.send()
        except Exception as exc:
            attempts = message.attempts + 1
            exhausted = attempts >= settings.OUTBOX_MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk, lease_token=token).update(
                attempts=attempts,
                status=OutboxStatus.FAILED if exhausted else OutboxStatus.PENDING,
                available_at=now + retry_delay(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                lease_token=None,
                leased_until=None,
            )
            logger.warning(
                "Outbox message %s to %s failed (attempt %s): %s", message.pk, message.to_email, attempts, exc
            )
            failed += 1
            gave_up += int(exhausted)
            continue
        OutboxMessage.objects.filter(pk=message.pk, lease_token=token).update(
            status=OutboxStatus.SENT,
            sent_at=timezone.now(),
            attempts=message.attempts + 1,
            last_error="",
            lease_token=None,
            leased_until=None,
        )
        sent += 1
    return OutboxRunResult(claimed=len(ids), sent=sent, failed=failed, gave_up=gave_up)
