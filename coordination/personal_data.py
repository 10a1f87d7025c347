"""What the tool holds about one person, as plain data to download (the settings page's "Download
my data"): their account, profile, focal-point roles, the answers they wrote (titles and dates, the
texts belong to their organization), the calendar addresses they made (never the secrets, which
are not stored), the reminders addressed to them, and the mail sent to them.

One query per part, whatever the person's history holds.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Model
from django.utils import timezone

from agencies.models import FocalPoint, UserProfile
from core.models import OutboxMessage

from .models import ActivityUpdate, CalendarFeed, ReminderEntry


def _when(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _row(instance: Model, names: list[str]) -> dict:
    """The fields ``names`` of ``instance``, dates and instants as ISO 8601."""
    values = {name: getattr(instance, name) for name in names}
    return {name: _when(value) if isinstance(value, dt.date) else value for name, value in values.items()}


def personal_data(user, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    profile = UserProfile.objects.filter(user=user).first()
    roles = FocalPoint.objects.filter(user=user).select_related("organization").order_by("organization__name")
    answers = (
        ActivityUpdate.objects.filter(author=user)
        .select_related("organization")
        .order_by("created_at", "pk")
        .only("pk", "title", "status", "organization__acronym", "organization__name", "created_at", "submitted_at")
    )
    feeds = CalendarFeed.objects.filter(created_by=user).select_related("organization").order_by("created_at")
    ledger = ReminderEntry.objects.filter(recipient=user).order_by("created_at", "pk")
    mail = OutboxMessage.objects.filter(recipient=user).order_by("created_at", "pk")
    return {
        "downloaded_at": now.isoformat(),
        "account": {
            **_row(user, ["username", "first_name", "last_name", "email", "date_joined", "last_login"]),
            "is_active": user.is_active,
        },
        "profile": _row(profile, ["language", "time_zone", "reminder_preference", "mute_noncritical"])
        if profile
        else None,
        "focal_point_roles": [
            {
                "organization": fp.organization.short_name,
                "role": fp.get_role_display(),
                "active": fp.is_active,
                "since": _when(fp.since),
            }
            for fp in roles
        ],
        "answers": [
            {
                "id": update.pk,
                "title": update.title,
                "organization": update.organization.short_name,
                "status": update.get_status_display(),
                "created_at": _when(update.created_at),
                "submitted_at": _when(update.submitted_at),
            }
            for update in answers
        ],
        "calendar_feeds": [
            {
                "organization": feed.organization.short_name if feed.organization else "Secretariat",
                "label": feed.label,
                "created_at": _when(feed.created_at),
                "revoked_at": _when(feed.revoked_at),
            }
            for feed in feeds
        ],
        "reminders": [
            {
                **_row(entry, ["item_kind", "item_id", "point", "due_date", "point_date", "status", "reason"]),
                "created_at": _when(entry.created_at),
            }
            for entry in ledger
        ],
        "mail": [
            {
                "kind": message.kind,
                "subject": message.subject,
                "to": message.to_email,
                "status": message.get_status_display(),
                "created_at": _when(message.created_at),
                "sent_at": _when(message.sent_at),
            }
            for message in mail
        ],
    }
