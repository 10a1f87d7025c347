"""Celery tasks: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="coordination.send_outbox")
def send_outbox() -> dict[str, int]:
    """Send the notifications waiting in the outbox (beat runs it every minute)."""
    result = services.outbox_send_due()
    return {"claimed": result.claimed, "sent": result.sent, "failed": result.failed, "gave_up": result.gave_up}
