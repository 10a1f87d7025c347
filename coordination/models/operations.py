"""What operators look at: which Celery workers ran the periodic outbox sender, and when."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by each worker that runs the outbox sender (beat queues it every minute), so a
    heartbeat older than a few minutes means no worker is taking tasks, or beat is not running."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()
    pid = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
