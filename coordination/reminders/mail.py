"""The reminder mail: one per recipient and dispatch, plain text and HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from agencies.mails import in_language_of
from agencies.selectors import is_secretariat
from core.mail import subject_line

from ..deadlines import secretariat_today
from ..models import ReminderEntry
from .items import item_context, item_title

MUTE_SALT = "coordination.reminders.mute"


@dataclass(frozen=True)
class ReminderLine:
    title: str
    context: str
    due_date: dt.date
    due_as_stated: str
    when: str
    url: str
    escalation: bool
    organization: str


def mute_token(user) -> str:
    """A signed, timestamped token naming ``user`` (``signing.dumps`` signs with a TimestampSigner):
    ``mute_token_user_id`` refuses it after MUTE_LINK_MAX_AGE_DAYS."""
    return signing.dumps({"user": user.pk}, salt=MUTE_SALT)


def mute_token_user_id(token: str) -> int:
    """The user a mute token names. ``signing.SignatureExpired`` once it is older than
    MUTE_LINK_MAX_AGE_DAYS, ``signing.BadSignature`` (its parent) when it was not made by us."""
    payload = signing.loads(token, salt=MUTE_SALT, max_age=dt.timedelta(days=settings.MUTE_LINK_MAX_AGE_DAYS))
    try:
        return int(payload["user"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("A mute token names no user.") from None


def mute_url(user) -> str:
    return settings.SITE_URL + reverse("reminders-mute", args=[mute_token(user)])


def mute_link_expires_on(now: dt.datetime) -> dt.date:
    """The last day a mute link made at ``now`` works, in the secretariat's calendar."""
    return secretariat_today(now + dt.timedelta(days=settings.MUTE_LINK_MAX_AGE_DAYS))


def settings_url() -> str:
    return settings.SITE_URL + reverse("my-settings")


def item_url(kind: str, item_id: int, *, for_secretariat: bool) -> str:
    if for_secretariat:
        model = {"action": "followupaction", "input_request": "inputrequest", "obligation": "reportingobligation"}[
            kind
        ]
        return settings.SITE_URL + reverse(f"admin:coordination_{model}_change", args=[item_id])
    return settings.SITE_URL + reverse("my-item", args=[kind, item_id])


def _when(due_date: dt.date, today: dt.date) -> str:
    days = (due_date - today).days
    if days > 1:
        return ngettext("due in %(days)d day", "due in %(days)d days", days) % {"days": days}
    if days == 1:
        return gettext("due tomorrow")
    if days == 0:
        return gettext("due today")
    return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}


def reminder_message(
    user, entries: list[ReminderEntry], items: dict, *, now: dt.datetime, for_secretariat: bool | None = None
) -> EmailMultiAlternatives:
    """The mail to ``user`` of ``entries``, in their language (``user.profile`` is read: select it)."""
    with in_language_of(user):
        return _reminder_message(user, entries, items, now=now, for_secretariat=for_secretariat)


def _reminder_message(
    user, entries: list[ReminderEntry], items: dict, *, now: dt.datetime, for_secretariat: bool | None
) -> EmailMultiAlternatives:
    today = secretariat_today(now)
    secretariat = is_secretariat(user) if for_secretariat is None else for_secretariat
    lines = []
    for entry in entries:
        item = items[(entry.item_kind, entry.item_id)]
        organization = getattr(item, "lead_organization", None) or getattr(item, "organization", None)
        lines.append(
            ReminderLine(
                title=item_title(item),
                context=item_context(item),
                due_date=item.due_date,
                due_as_stated=item.due_as_stated,
                when=_when(item.due_date, today),
                url=item_url(entry.item_kind, entry.item_id, for_secretariat=secretariat),
                escalation=entry.point.startswith("escalation"),
                organization=organization.short_name if organization else "",
            )
        )
    if len(lines) == 1:
        subject = gettext("Reminder: %(title)s (%(when)s)") % {"title": lines[0].title[:150], "when": lines[0].when}
    else:
        subject = gettext("Reminder: %(count)d deadlines need your attention") % {"count": len(lines)}
    context = {
        "user": user,
        "lines": lines,
        "mute_url": mute_url(user),
        "mute_expires_on": mute_link_expires_on(now),
        "settings_url": settings_url(),
        "site_url": settings.SITE_URL,
        "has_noncritical": any(not e.critical for e in entries),
    }
    message = EmailMultiAlternatives(
        subject=subject_line(subject),
        body=render_to_string("coordination/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("coordination/email/reminder.html", context), "text/html")
    return message
