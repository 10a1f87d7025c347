import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from agencies.models import UserProfile
from coordination.models import CalendarFeed
from coordination.reminders.calendars import calendar_feed_create, calendar_feed_revoke
from coordination.reminders.mail import mute_url
from tests.factories import MeetingFactory

from .reminder_helpers import TODAY, action_due, organization_with_focal_points

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_an_organizations_feed_holds_its_deadlines_and_meetings_as_all_day_events(client):
    ilo, _ = organization_with_focal_points("ILO", primaries=1)
    iom, _ = organization_with_focal_points("IOM", primaries=1)
    mine = action_due(ilo, 10, title="Send the estimates")
    action_due(iom, 10, title="Not ILO's")
    meeting = MeetingFactory(
        organizer=ilo, start_date=TODAY + dt.timedelta(days=3), end_date=TODAY + dt.timedelta(days=4)
    )
    feed, url = calendar_feed_create(organization=ilo)
    assert feed.token_digest not in url
    found = events(parse(client.get(url.removeprefix("http://testserver"))))
    assert set(found) == {f"action-{mine.pk}@testserver", f"meeting-{meeting.pk}@testserver"}
    deadline = found[f"action-{mine.pk}@testserver"]
    assert deadline.decoded("dtstart") == TODAY + dt.timedelta(days=10)
    assert deadline.decoded("dtend") == TODAY + dt.timedelta(days=11)
    assert str(deadline["summary"]) == "Due: Send the estimates"
    assert str(deadline["url"]).startswith("http://testserver/my/action/")
    assert "dtstamp" in deadline
    assert found[f"meeting-{meeting.pk}@testserver"].decoded("dtend") == TODAY + dt.timedelta(days=5)


def test_the_uids_are_stable_across_fetches(client):
    ilo, _ = organization_with_focal_points("ILO", primaries=1)
    action_due(ilo, 10)
    _, url = calendar_feed_create(organization=ilo)
    path = url.removeprefix("http://testserver")
    assert set(events(parse(client.get(path)))) == set(events(parse(client.get(path))))


def test_the_secretariats_feed_holds_every_open_deadline(client):
    ilo, _ = organization_with_focal_points("ILO", primaries=1)
    iom, _ = organization_with_focal_points("IOM", primaries=1)
    action_due(ilo, 10)
    action_due(iom, 20)
    action_due(iom, -400)  # lapsed long ago: not in a calendar
    _, url = calendar_feed_create()
    assert len(events(parse(client.get(url.removeprefix("http://testserver"))))) == 2


def test_a_revoked_or_unknown_feed_is_a_404(client):
    ilo, _ = organization_with_focal_points("ILO", primaries=1)
    feed, url = calendar_feed_create(organization=ilo)
    path = url.removeprefix("http://testserver")
    calendar_feed_revoke(feed=feed)
    assert client.get(path).status_code == 404
    assert client.get(reverse("calendar-feed", args=["not-a-token"])).status_code == 404
    assert CalendarFeed.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("actor", "status"),
    [("secretariat_user", 200), ("focal_point_a", 200), ("focal_point_b", 404), ("no_organization_user", 404)],
)
def test_an_items_page_is_for_the_secretariat_and_the_organizations_focal_points(
    client, request, organization_a, actor, status
):
    action = action_due(organization_a, 5, title="Send the estimates")
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("my-item", args=["action", action.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Send the estimates" in response.text


def test_anonymous_visitors_are_asked_to_log_in(client, organization_a):
    action = action_due(organization_a, 5)
    response = client.get(reverse("my-item", args=["action", action.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(response["Location"]).status_code == 200


def test_the_mute_link_asks_then_mutes_early_reminders(client, focal_point_a):
    path = mute_url(focal_point_a).removeprefix("http://testserver")
    page = client.get(path)
    assert "Stop early reminders" in page.text
    assert not UserProfile.objects.filter(user=focal_point_a, mute_noncritical=True).exists()  # GET changes nothing
    client.post(path)
    assert UserProfile.objects.get(user=focal_point_a).mute_noncritical
    assert client.get(path.replace("/mute/", "/mute/x")).status_code == 404


def test_the_admin_shows_a_new_feeds_address_once_and_stores_only_its_digest(client, secretariat_user, organization_a):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:coordination_calendarfeed_add"),
        {"organization": organization_a.pk, "label": "ORGA deadlines", "revoked_at_0": "", "revoked_at_1": ""},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"] if "will not be shown again" in str(m)]
    assert len(shown) == 1
    url = shown[0].rsplit(" ", 1)[1]
    feed = CalendarFeed.objects.get()
    assert feed.token_digest not in url
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
