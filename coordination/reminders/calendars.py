"""iCalendar feeds (RFC 5545) of deadlines and meetings, at secret, revocable URLs.

Only a SHA-256 digest of a feed's secret is stored: the URL is shown once, when the feed is
created. Deadlines are all-day events on their due day; meetings span their days. UIDs are
stable (kind, id and the site's host), so calendar programs update events instead of
duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from core.validators import check_text_fields
from meetings.models import Meeting

from ..deadlines import secretariat_today
from ..models import CalendarFeed
from ..selectors import ITEM_KINDS
from .items import item_context, item_title
from .mail import item_url

# Meetings this long ago still appear, so a feed shows the recent past too.
MEETINGS_SINCE_DAYS = 365


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(
    *, organization=None, label: str = "", by=None, now: dt.datetime | None = None
) -> tuple[CalendarFeed, str]:
    """Create a feed; return it and its secret URL (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        organization=organization,
        label=label,
        token_digest=token_digest(token),
        created_by=by,
        created_at=now or timezone.now(),
    )
    check_text_fields(feed)
    feed.save(force_insert=True)
    return feed, settings.SITE_URL + reverse("calendar-feed", args=[token])


def calendar_feed_revoke(*, feed: CalendarFeed, now: dt.datetime | None = None) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token_digest=token_digest(token), revoked_at__isnull=True)
        .select_related("organization")
        .first()
    )


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def calendar_ics(feed: CalendarFeed, *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    today = secretariat_today(now)
    organization = feed.organization
    calendar = Calendar()
    calendar.add("prodid", "-//Migration coordination//Deadlines and meetings//EN")
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname", f"Deadlines and meetings: {organization.short_name if organization else 'Secretariat'}"
    )

    not_lapsed = today - dt.timedelta(days=settings.STALENESS_HORIZON_DAYS)
    for spec in ITEM_KINDS.values():
        items = spec.open_items().filter(due_date__gte=not_lapsed).select_related(*spec.select_related)
        if organization is not None:
            if spec.organization_field is None:
                continue  # reporting obligations are the secretariat's
            items = items.filter(**{spec.organization_field: organization})
        for item in items:
            event = Event()
            event.add("uid", _uid(spec.kind, item.pk))
            event.add("dtstamp", now)
            event.add("dtstart", item.due_date)
            event.add("dtend", item.due_date + dt.timedelta(days=1))
            event.add("summary", f"Due: {item_title(item)}")
            link = item_url(spec.kind, item.pk, for_secretariat=organization is None)
            event.add("description", f"{item_context(item)}\n{link}")
            event.add("url", link)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)

    meetings = Meeting.objects.filter(
        start_date__gte=today - dt.timedelta(days=MEETINGS_SINCE_DAYS), date_precision="day"
    )
    if organization is not None:
        meetings = meetings.filter(
            Q(organizer=organization) | Q(co_organizers=organization) | Q(participants__organization=organization)
        ).distinct()
    for meeting in meetings:
        event = Event()
        event.add("uid", _uid("meeting", meeting.pk))
        event.add("dtstamp", now)
        event.add("dtstart", meeting.start_date)
        event.add("dtend", (meeting.end_date or meeting.start_date) + dt.timedelta(days=1))
        event.add("summary", meeting.title)
        if meeting.venue:
            event.add("location", meeting.venue)
        calendar.add_component(event)
    return calendar.to_ical()
