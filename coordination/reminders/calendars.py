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
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from agencies.models import FocalPoint
from agencies.selectors import organization_ids_for
from core.errors import NotPermitted
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
    """The live feed of ``token``. A feed a person made for themselves serves only while they still act
    for its organization: revoking on rotation is the rule, this check is the belt to its braces (an
    account deactivated in the users' list, say)."""
    still_acting = FocalPoint.objects.active().filter(
        user=OuterRef("created_by"), organization=OuterRef("organization")
    )
    return (
        CalendarFeed.objects.filter(token_digest=token_digest(token), revoked_at__isnull=True)
        .filter(Q(created_by__isnull=True) | Q(created_by__is_staff=True) | Exists(still_acting))
        .select_related("organization")
        .first()
    )


# --- A person's own feeds (the settings page) ---------------------------------------------------------


def personal_calendar_feeds(person) -> list[CalendarFeed]:
    """The live feeds ``person`` made for themselves, one per organization they act for at most."""
    return list(
        CalendarFeed.objects.filter(
            created_by=person, revoked_at__isnull=True, organization_id__in=organization_ids_for(person)
        )
        .select_related("organization")
        .order_by("organization__name")
    )


@transaction.atomic
def personal_calendar_feed_create(*, person, organization, now: dt.datetime | None = None) -> tuple[CalendarFeed, str]:
    """A new secret address of ``organization``'s deadlines and meetings for ``person``, who must act for
    it. The person's previous address for it stops working: one address per person and organization,
    so a leaked one is replaced by asking for a new one."""
    now = now or timezone.now()
    if organization.pk not in organization_ids_for(person):
        raise NotPermitted(
            gettext("You do not act for %(organization)s: you cannot have its calendar.")
            % {"organization": organization.short_name}
        )
    CalendarFeed.objects.filter(created_by=person, organization=organization, revoked_at__isnull=True).update(
        revoked_at=now
    )
    who = person.get_full_name() or person.get_username()
    return calendar_feed_create(organization=organization, label=f"Personal: {who}"[:200], by=person, now=now)


@transaction.atomic
def personal_calendar_feed_revoke(*, person, feed_id: int, now: dt.datetime | None = None) -> CalendarFeed:
    """Stop ``person``'s own feed ``feed_id``; another person's feed or the secretariat's is not theirs to stop."""
    feed = CalendarFeed.objects.filter(pk=feed_id, created_by=person, revoked_at__isnull=True).first()
    if feed is None:
        raise NotPermitted(gettext("This calendar address is not one of yours, or it was already revoked."))
    calendar_feed_revoke(feed=feed, now=now)
    return feed


def revoke_feeds_of_deleted_focal_point(sender, instance: FocalPoint, **kwargs) -> None:
    """pre_delete of a focal point (its user deleted, say): the person's feeds of the organization stop,
    before their ``created_by`` is set to NULL and they could no longer be told apart from the secretariat's."""
    personal_calendar_feeds_revoke(user_id=instance.user_id, organization_id=instance.organization_id)


def personal_calendar_feeds_revoke(*, user_id: int, organization_id: int, now: dt.datetime | None = None) -> int:
    """Revoke the feeds a person made of an organization they no longer act for; how many."""
    return CalendarFeed.objects.filter(
        created_by_id=user_id, organization_id=organization_id, revoked_at__isnull=True
    ).update(revoked_at=now or timezone.now())


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
