"""A person's settings page (#20 point 2): their settings, their calendar addresses, expiring mute
links, downloading what the tool holds about them, and erasing a former focal point's contact data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from agencies.choices import ReminderPreference
from agencies.models import FocalPoint, UserProfile
from agencies.services import focal_point_deactivate, user_profile_update
from coordination.models import CalendarFeed, ReminderEntry
from coordination.reminders.calendars import calendar_feed_create, personal_calendar_feed_create
from coordination.reminders.mail import mute_url, reminder_message
from coordination.services import focal_point_rotate_out, person_contact_erase
from core.errors import DomainError, NotPermitted, WrongState
from tests.factories import ActivityUpdateFactory, FocalPointFactory, OutboxMessageFactory

from .reminder_helpers import NOW, action_due

pytestmark = pytest.mark.django_db

SETTINGS = reverse("my-settings")


def settings_form(**changes) -> dict:
    return {
        "language": "fr",
        "time_zone": "America/Santiago",
        "reminder_preference": ReminderPreference.DAILY_DIGEST,
        "mute_noncritical": "on",
        **changes,
    }


# --- The settings ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_makes_a_missing_profile_with_the_defaults(client, focal_point_a, settings):
    client.force_login(focal_point_a)
    response = client.get(SETTINGS)
    assert response.status_code == 200
    profile = UserProfile.objects.get(user=focal_point_a)
    assert profile.time_zone == settings.SECRETARIAT_TIME_ZONE
    assert profile.language == ""
    assert f'value="{settings.SECRETARIAT_TIME_ZONE}" selected' in response.text


def test_a_person_saves_each_setting(client, focal_point_a):
    client.force_login(focal_point_a)
    response = client.post(SETTINGS, settings_form(), follow=True)
    assert "Vos paramètres ont été enregistrés." in response.text  # in the language just chosen: French
    profile = UserProfile.objects.get(user=focal_point_a)
    assert (profile.language, profile.time_zone, profile.reminder_preference, profile.mute_noncritical) == (
        "fr",
        "America/Santiago",
        ReminderPreference.DAILY_DIGEST,
        True,
    )
    client.post(SETTINGS, settings_form(language="", mute_noncritical=""))
    profile.refresh_from_db()
    assert (profile.language, profile.mute_noncritical) == ("", False)


def test_the_secretariat_has_settings_too(client, secretariat_user):
    client.force_login(secretariat_user)
    client.post(SETTINGS, settings_form(time_zone="Europe/Zurich"))
    assert UserProfile.objects.get(user=secretariat_user).time_zone == "Europe/Zurich"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice"),
        ("time_zone", "", "This field is required"),
        ("language", "de", "Select a valid choice"),
        ("reminder_preference", "weekly", "Select a valid choice"),
    ],
)
def test_a_bad_setting_is_refused_beside_its_field_and_nothing_is_saved(client, focal_point_a, field, value, message):
    client.force_login(focal_point_a)
    response = client.post(SETTINGS, settings_form(**{field: value}))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert "Nothing was saved" in response.text
    profile = UserProfile.objects.get(user=focal_point_a)
    assert (profile.language, profile.mute_noncritical) == ("", False)


def test_the_service_refuses_an_unknown_time_zone_in_the_users_words(focal_point_a):
    with pytest.raises(DomainError) as refused:
        user_profile_update(
            user=focal_point_a,
            language="",
            time_zone="Europe/Atlantis",
            reminder_preference=ReminderPreference.IMMEDIATE,
            mute_noncritical=False,
        )
    assert "is not a known time zone" in str(refused.value.message_dict["time_zone"])


def test_the_settings_page_reads_in_a_fixed_number_of_queries(
    client, focal_point_a, organization_b, django_assert_max_num_queries
):
    FocalPointFactory(user=focal_point_a, organization=organization_b)
    client.force_login(focal_point_a)
    client.get(SETTINGS)
    personal_calendar_feed_create(person=focal_point_a, organization=organization_b)
    with django_assert_max_num_queries(10):
        assert client.get(SETTINGS).status_code == 200


# --- Calendar addresses -------------------------------------------------------------------------------


def _make_feed(client, organization) -> str:
    response = client.post(reverse("my-calendars"), {"organization": organization.pk})
    assert response.status_code == 200
    assert "it will not be shown again" in response.text
    assert "no-store" in response["Cache-Control"]
    return response.context["new_feed"][1]


def test_a_focal_point_makes_a_calendar_address_shown_once_and_stored_as_a_digest(
    client, focal_point_a, organization_a
):
    action = action_due(organization_a, 10, title="Send the estimates")
    client.force_login(focal_point_a)
    url = _make_feed(client, organization_a)
    feed = CalendarFeed.objects.get(created_by=focal_point_a)
    assert feed.organization == organization_a
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in feed.token_digest
    page = client.get(SETTINGS).text
    assert token not in page  # shown once
    assert "Revoke the address of ORGA" in page
    calendar = client.get(url.removeprefix("http://testserver"))
    assert calendar.status_code == 200
    assert f"action-{action.pk}@" in calendar.text


def test_a_new_address_replaces_the_previous_one(client, focal_point_a, organization_a):
    client.force_login(focal_point_a)
    first = _make_feed(client, organization_a)
    second = _make_feed(client, organization_a)
    assert client.get(first.removeprefix("http://testserver")).status_code == 404
    assert client.get(second.removeprefix("http://testserver")).status_code == 200
    assert CalendarFeed.objects.filter(created_by=focal_point_a, revoked_at__isnull=True).count() == 1


def test_a_person_revokes_their_address(client, focal_point_a, organization_a):
    client.force_login(focal_point_a)
    url = _make_feed(client, organization_a)
    feed = CalendarFeed.objects.get(created_by=focal_point_a)
    response = client.post(reverse("my-calendar-revoke", args=[feed.pk]), follow=True)
    assert "is revoked" in response.text
    assert client.get(url.removeprefix("http://testserver")).status_code == 404


def test_nobody_revokes_someone_elses_or_the_secretariats_address(
    client, focal_point_a, focal_point_b, organization_a
):
    theirs, _ = personal_calendar_feed_create(person=focal_point_a, organization=organization_a)
    secretariats, _ = calendar_feed_create(organization=organization_a)
    client.force_login(focal_point_b)
    for feed in (theirs, secretariats):
        response = client.post(reverse("my-calendar-revoke", args=[feed.pk]), follow=True)
        assert "not one of yours" in response.text
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 2


def test_no_calendar_of_an_organization_one_does_not_act_for(client, focal_point_b, organization_a):
    client.force_login(focal_point_b)
    response = client.post(reverse("my-calendars"), {"organization": organization_a.pk}, follow=True)
    assert "You do not act for ORGA" in response.text
    response = client.post(reverse("my-calendars"), {"organization": "not-a-number"}, follow=True)
    assert "Choose one of your organizations" in response.text
    assert not CalendarFeed.objects.exists()
    with pytest.raises(NotPermitted):
        personal_calendar_feed_create(person=focal_point_b, organization=organization_a)


def test_rotating_a_focal_point_out_revokes_their_addresses_of_that_organization_only(
    client, focal_point_a, organization_a, organization_b
):
    FocalPointFactory(user=focal_point_a, organization=organization_b)
    _, of_a = personal_calendar_feed_create(person=focal_point_a, organization=organization_a)
    _, of_b = personal_calendar_feed_create(person=focal_point_a, organization=organization_b)
    _, secretariats = calendar_feed_create(organization=organization_a)
    focal_point_rotate_out(focal_point=FocalPoint.objects.get(user=focal_point_a, organization=organization_a))
    assert CalendarFeed.objects.get(created_by=focal_point_a, organization=organization_a).revoked_at is not None
    assert client.get(of_a.removeprefix("http://testserver")).status_code == 404
    assert client.get(of_b.removeprefix("http://testserver")).status_code == 200
    assert client.get(secretariats.removeprefix("http://testserver")).status_code == 200


def test_an_address_stops_when_its_maker_stops_acting_by_any_other_door(client, focal_point_a, organization_a):
    _, url = personal_calendar_feed_create(person=focal_point_a, organization=organization_a)
    # agencies' own step, which knows nothing of calendars
    focal_point_deactivate(focal_point=FocalPoint.objects.get(user=focal_point_a))
    assert client.get(url.removeprefix("http://testserver")).status_code == 404


def test_deleting_the_person_revokes_their_addresses(client, focal_point_a, organization_a):
    _, url = personal_calendar_feed_create(person=focal_point_a, organization=organization_a)
    focal_point_a.delete()
    feed = CalendarFeed.objects.get()
    assert feed.created_by is None
    assert feed.revoked_at is not None
    assert client.get(url.removeprefix("http://testserver")).status_code == 404


# --- Mute links expire -----------------------------------------------------------------------------


def test_a_mute_link_expires_and_points_to_the_settings_page(client, focal_point_a, settings):
    settings.MUTE_LINK_MAX_AGE_DAYS = 60
    path = mute_url(focal_point_a).removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    with override_settings(MUTE_LINK_MAX_AGE_DAYS=0):
        # max_age 0: any link made before this instant is too old
        response = client.get(path)
        assert response.status_code == 410
        assert "This link has expired" in response.text
        assert reverse("my-settings") in response.text
        client.post(path)
    assert not UserProfile.objects.filter(user=focal_point_a, mute_noncritical=True).exists()


def test_the_reminder_mail_says_until_when_its_mute_link_works(focal_point_a, organization_a, settings):
    settings.MUTE_LINK_MAX_AGE_DAYS = 60
    action = action_due(organization_a, 14, title="Send the estimates")
    entry = ReminderEntry(item_kind="action", item_id=action.pk, point="before_14", critical=False)
    message = reminder_message(focal_point_a, [entry], {("action", action.pk): action}, now=NOW)
    until = NOW + dt.timedelta(days=60)
    assert f"it works until {until.day} {until:%B %Y}" in message.body
    assert "http://testserver/my/settings/" in message.body
    html = message.alternatives[0][0]
    assert f"this link works until {until.day} {until:%B %Y}" in html


# --- Downloading one's data --------------------------------------------------------------------------


def test_a_person_downloads_what_the_tool_holds_about_them(client, focal_point_a, focal_point_b, organization_a):
    action = action_due(organization_a, 5)
    ActivityUpdateFactory(organization=organization_a, author=focal_point_a, title="Estimates sent")
    ActivityUpdateFactory(organization=organization_a, author=None, title="Someone else's")
    personal_calendar_feed_create(person=focal_point_a, organization=organization_a)
    ReminderEntry.objects.create(
        item_kind="action",
        item_id=action.pk,
        point="due",
        offset_days=0,
        critical=True,
        due_date=action.due_date,
        point_date=action.due_date,
        recipient=focal_point_a,
        recipient_ref=focal_point_a.pk,
        reason="primary focal point",
        send_after=NOW,
        created_at=NOW,
    )
    OutboxMessageFactory(recipient=focal_point_a, to_email=focal_point_a.email)
    OutboxMessageFactory(recipient=focal_point_b, to_email=focal_point_b.email)
    client.force_login(focal_point_a)
    response = client.get(reverse("my-data"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["username"] == "focal-a"
    assert data["account"]["email"] == focal_point_a.email
    assert data["profile"] is None or data["profile"]["time_zone"]
    assert [r["organization"] for r in data["focal_point_roles"]] == ["ORGA"]
    assert [a["title"] for a in data["answers"]] == ["Estimates sent"]
    assert len(data["calendar_feeds"]) == 1
    assert "token" not in json.dumps(data["calendar_feeds"])
    assert [r["point"] for r in data["reminders"]] == ["due"]
    assert [m["to"] for m in data["mail"]] == [focal_point_a.email]
    assert "focal-b" not in response.text
    assert "Someone else's" not in response.text


def test_the_download_is_for_logged_in_people_only(client):
    assert client.get(reverse("my-data")).status_code == 302


# --- Erasing a former focal point's contact data ------------------------------------------------------


def test_erasing_blanks_a_former_focal_points_contact_data_and_keeps_their_answers(focal_point_a, organization_a):
    answer = ActivityUpdateFactory(organization=organization_a, author=focal_point_a)
    OutboxMessageFactory(recipient=focal_point_a, to_email=focal_point_a.email, status="sent")
    pending = OutboxMessageFactory(recipient=focal_point_a, to_email=focal_point_a.email)
    focal_point_rotate_out(focal_point=FocalPoint.objects.get(user=focal_point_a))
    person_contact_erase(user=focal_point_a)
    person = get_user_model().objects.get(pk=focal_point_a.pk)
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert person.username == f"erased-{person.pk}"
    assert not person.is_active
    assert not person.has_usable_password()
    answer.refresh_from_db()
    assert answer.author_id == person.pk
    assert FocalPoint.objects.filter(user=person).exists()
    pending.refresh_from_db()
    assert (pending.status, pending.to_email) == ("failed", "")


def test_erasing_is_refused_while_the_person_still_acts_somewhere(focal_point_a, organization_b, secretariat_user):
    FocalPointFactory(user=focal_point_a, organization=organization_b)
    focal_point_rotate_out(focal_point=FocalPoint.objects.get(user=focal_point_a, organization__acronym="ORGA"))
    with pytest.raises(WrongState, match="still acts for ORGB"):
        person_contact_erase(user=focal_point_a)
    with pytest.raises(DomainError, match="secretariat"):
        person_contact_erase(user=secretariat_user)


def test_the_admin_erases_contact_data_of_deactivated_focal_points_only(
    client, secretariat_user, focal_point_a, focal_point_b
):
    focal_point_rotate_out(focal_point=FocalPoint.objects.get(user=focal_point_a))
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:agencies_focalpoint_changelist"),
        {"action": "erase_contact_data", "_selected_action": list(FocalPoint.objects.values_list("pk", flat=True))},
        follow=True,
    )
    text = response.text
    assert "Contact data erased for 1 person" in text
    assert "still active; deactivate (rotated out) first" in text
    assert get_user_model().objects.get(pk=focal_point_a.pk).email == ""
    assert get_user_model().objects.get(pk=focal_point_b.pk).email
    assert not mail.outbox
