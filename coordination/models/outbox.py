"""The notification outbox (docs/design.md, "Reminders": notifications other than reminders)."""

from django.conf import settings
from django.db import models

from agencies.base import TimeStampedModel

from ..choices import OutboxStatus


class OutboxMessage(TimeStampedModel):
    """A notification written in the same transaction as the change that causes it, and sent by
    a periodic task, so that a broker or mail-server outage loses nothing (docs/design.md, "Reminders")."""

    kind = models.CharField(max_length=60, help_text="call_opened, update_returned, invitation ...")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, default="")
    dedupe_key = models.CharField(
        max_length=200, blank=True, default="", help_text="Writing the same notification twice is a no-op."
    )
    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField(help_text="Not sent before this instant (backoff after a failure).")
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sender's claim query: pending messages that are due.
            models.Index(
                fields=["available_at"], condition=models.Q(status="pending"), name="coordination_outbox_due"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~models.Q(dedupe_key=""), name="coordination_outbox_dedupe_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values), name="coordination_outbox_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_email} ({self.get_status_display()})"
