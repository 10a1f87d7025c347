"""Model bases every app's records use, and the models of the system itself: the notification
outbox, the workers' heartbeat and the API's idempotency records.

The three models were coordination's until the layers were drawn (docs/decisions/0009-layers.md):
they keep their tables (``db_table``) and their rows.
"""

from django.conf import settings
from django.db import models

from .choices import OutboxStatus
from .validators import multi_line, single_line


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SeededModel(TimeStampedModel):
    """A domain record that the seed loader may have written.

    ``seed_key`` is the record's stable key in ``seeds/data`` (reruns match on it);
    ``seed_digest`` is a digest of the values as the loader last wrote them, so a rerun can tell
    a record edited by the secretariat since (and leave it alone). ``is_demo`` flags the data of
    ``load_seeds --demo-today``.
    """

    seed_key = models.SlugField(max_length=120, blank=True, default="", help_text="Stable key in seeds/data.")
    seed_digest = models.CharField(max_length=64, blank=True, default="", editable=False, validators=[single_line])
    is_demo = models.BooleanField(default=False, help_text="Demo data, not from the source documents.")

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"],
                condition=~models.Q(seed_key=""),
                name="%(app_label)s_%(class)s_seed_key_unique",
            )
        ]


class OutboxMessage(TimeStampedModel):
    """A notification written in the same transaction as the change that causes it, and sent by
    a periodic task, so that a broker or mail-server outage loses nothing (docs/design.md, "Reminders")."""

    kind = models.CharField(
        max_length=60, help_text="call_opened, update_returned, invitation ...", validators=[single_line]
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=300, validators=[single_line])
    body_text = models.TextField(validators=[multi_line])
    body_html = models.TextField(blank=True, default="", validators=[multi_line])
    dedupe_key = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="Writing the same notification twice is a no-op.",
        validators=[single_line],
    )
    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField(help_text="Not sent before this instant (backoff after a failure).")
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="", validators=[multi_line])

    class Meta:
        db_table = "coordination_outboxmessage"
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


class WorkerHeartbeat(models.Model):
    """Written by each worker that runs the outbox sender (beat queues it every minute), so a
    heartbeat older than a few minutes means no worker is taking tasks, or beat is not running."""

    hostname = models.CharField(max_length=255, unique=True, validators=[single_line])
    seen_at = models.DateTimeField()
    pid = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "coordination_workerheartbeat"
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class IdempotencyRecord(models.Model):
    """A POST answered once per (user, key) for 24 hours: a retried request gets the same answer,
    the same key with another body gets a 422."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200, validators=[single_line])
    method_and_path = models.CharField(max_length=300, validators=[single_line])
    request_digest = models.CharField(max_length=64, validators=[single_line])
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "coordination_idempotencyrecord"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="coordination_idempotency_once_per_user")]

    def __str__(self) -> str:
        return f"{self.key} ({self.method_and_path})"
