"""The system's periodic task. Its name stays "coordination.send_outbox": beat's schedule stored in the
database names it so, since before the outbox moved to core."""

from __future__ import annotations

from celery import shared_task

from .outbox import outbox_send_due, worker_heartbeat


@shared_task(name="coordination.send_outbox", bind=True)
def send_outbox(self) -> dict[str, int]:
    """Send the notifications waiting in the outbox (beat runs it every minute); the run is also
    this worker's heartbeat, shown on /status and the dashboard."""
    worker_heartbeat(hostname=self.request.hostname or "unknown")
    result = outbox_send_due()
    return {"claimed": result.claimed, "sent": result.sent, "failed": result.failed, "gave_up": result.gave_up}
