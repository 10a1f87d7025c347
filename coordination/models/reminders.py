"""Reminder policy, deadline extensions, the reminder ledger, deliveries, scan runs and calendar feeds.

docs/design.md, "Reminders". The ledger has one row per (item, point, due date, recipient): the unique
constraint turns a second insert of the same point into a no-op, so scans can run twice, or at
once, and each point still reaches each recipient once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from agencies.models import Organization
from core.validators import multi_line, single_line

from ..choices import DeliveryStatus, LedgerStatus, ReminderItemKind


def default_early_days() -> list[int]:
    return [14, 7]


def default_coarse_early_days() -> list[int]:
    return [30]


def default_overdue_days() -> list[int]:
    return [7, 14, 21]


def default_coarse_precisions() -> list[str]:
    return ["year", "half_year"]


class ReminderPolicy(models.Model):
    """When reminders fall, relative to a deadline (the design's table (docs/design.md) is the default).

    One policy is active. Early points are not critical (recipients may mute them); the last
    call, the due day, the overdue points and the escalation are critical. Items dated only to
    a year or half-year get fewer early points: one, 30 days before.
    """

    name = models.CharField(max_length=100, unique=True, default="Default", validators=[single_line])
    is_active = models.BooleanField(default=True)
    early_days = models.JSONField(default=default_early_days, help_text="Days before the deadline; not critical.")
    coarse_early_days = models.JSONField(
        default=default_coarse_early_days, help_text="Replace the early days for coarse precisions."
    )
    coarse_precisions = models.JSONField(default=default_coarse_precisions)
    last_call_days = models.PositiveSmallIntegerField(
        null=True, blank=True, default=1, help_text="A critical reminder this many days before; empty for none."
    )
    on_due_day = models.BooleanField(default=True)
    overdue_days = models.JSONField(default=default_overdue_days, help_text="Days after the deadline.")
    escalation_days = models.PositiveSmallIntegerField(
        null=True, blank=True, default=28, help_text="Escalate to the responsible officer this many days after."
    )
    escalate_to_head = models.BooleanField(
        default=False, help_text="Also send the escalation to the head of the organization."
    )

    class Meta:
        verbose_name_plural = "reminder policies"
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="coordination_one_active_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineExtension(models.Model):
    """A deadline moved for one item, with why and by whom. The new date re-arms the reminders."""

    item_kind = models.CharField(max_length=20, choices=ReminderItemKind.choices)
    item_id = models.PositiveBigIntegerField()
    old_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField()
    reason = models.TextField(validators=[multi_line])
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField()

    class Meta:
        ordering = ["-extended_at"]
        indexes = [models.Index(fields=["item_kind", "item_id"], name="coordination_extension_item")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="coordination_extension_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()} #{self.item_id}: {self.old_due_date} → {self.new_due_date}"


class ReminderRun(models.Model):
    """One scan (and the dispatch that followed), with what it found."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    now = models.DateTimeField(help_text="The instant the scan computed for.")
    items_considered = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0, help_text="New ledger rows to send.")
    skipped = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    muted = models.PositiveIntegerField(default=0)
    no_recipient = models.PositiveIntegerField(default=0)
    deliveries = models.PositiveIntegerField(default=0, help_text="Mails the dispatch prepared.")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Reminder scan at {self.now:%Y-%m-%d %H:%M} UTC"


class ReminderDelivery(models.Model):
    """One mail to one recipient, carrying one or more ledger rows (a digest)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to_email = models.EmailField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True, default="", validators=[single_line])
    last_error = models.TextField(blank=True, default="", validators=[multi_line])
    possible_duplicate = models.BooleanField(
        default=False,
        help_text="A previous attempt died between the mail server accepting the message and the status write.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "reminder deliveries"
        indexes = [
            models.Index(
                fields=["leased_until"],
                condition=models.Q(status__in=["queued", "sending"]),
                name="coordination_delivery_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.to_email} ({self.get_status_display()})"


class ReminderEntry(models.Model):
    """The ledger: one reminder point of one item for one recipient, and what became of it."""

    item_kind = models.CharField(max_length=20, choices=ReminderItemKind.choices)
    item_id = models.PositiveBigIntegerField()
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    point = models.CharField(
        max_length=30, help_text="before_14, due, overdue_7, escalation_28 ...", validators=[single_line]
    )
    offset_days = models.SmallIntegerField(help_text="Days from the deadline; negative before it.")
    critical = models.BooleanField()
    due_date = models.DateField(help_text="The deadline this point belongs to.")
    point_date = models.DateField(help_text="The day the point falls on.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 0 when there is nobody to send to: the unique constraint needs a value (NULLs are distinct).
    recipient_ref = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=LedgerStatus.choices, default=LedgerStatus.PENDING)
    reason = models.CharField(
        max_length=300, help_text="Why this row was made, and why it was or was not sent.", validators=[single_line]
    )
    send_after = models.DateTimeField(help_text="Inside the recipient's delivery hours, or their digest hour.")
    delivery = models.ForeignKey(
        ReminderDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    run = models.ForeignKey(ReminderRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reminder ledger entry"
        verbose_name_plural = "reminder ledger"
        indexes = [
            # The dispatcher's claim: pending rows whose time has come.
            models.Index(fields=["send_after"], condition=models.Q(status="pending"), name="coordination_ledger_due"),
            models.Index(fields=["item_kind", "item_id"], name="coordination_ledger_item"),
            # The dashboard's "no recipient" panel: a small slice of a table that only grows.
            models.Index(
                fields=["due_date"], condition=models.Q(status="no_recipient"), name="coordination_ledger_nobody"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item_kind", "item_id", "point", "due_date", "recipient_ref"],
                name="coordination_ledger_once_per_point_and_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()} #{self.item_id} {self.point} ({self.get_status_display()})"


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar URL: an organization's deadlines and meetings, or the
    secretariat's (no organization). Only a digest of the secret is stored."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    label = models.CharField(max_length=200, blank=True, default="", validators=[single_line])
    token_digest = models.CharField(max_length=64, unique=True, editable=False, validators=[single_line])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        whose = self.organization.short_name if self.organization_id else "Secretariat"
        state = " (revoked)" if self.revoked_at else ""
        return f"Calendar of {whose}{state}"
