"""Focal points in the admin: invitations (a link to set a password, through the outbox, that
works once and expires), rotation out (reminders move to the alternate), forgotten passwords,
and what the focal points list and an organization's page show."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.choices import FocalPointRole
from agencies.models import FocalPoint
from agencies.services import focal_point_invite
from coordination.choices import DeliveryStatus, InputRequestStatus, ItemStatus, LedgerStatus
from coordination.models import ReminderDelivery, ReminderEntry
from coordination.reminders.scan import reminders_scan
from core.choices import OutboxStatus
from core.models import OutboxMessage
from tests.coordination.reminder_helpers import NOW, action_due, organization_with_focal_points
from tests.factories import (
    ActivityUpdateFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    OutboxMessageFactory,
    ReportingObligationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Migration-Stocks-2026"
FOCAL_POINTS = reverse("admin:agencies_focalpoint_changelist")


@pytest.fixture
def invitee(organization_a):
    """A focal point as the spreadsheet import leaves one: inactive, without a password."""
    user = UserFactory(username="amina", email="amina@orga.example.org", first_name="Amina", is_active=False)
    user.set_unusable_password()
    user.save()
    return FocalPointFactory(organization=organization_a, user=user)


@pytest.fixture
def officer_client(secretariat_user):
    client = Client()
    client.force_login(secretariat_user)
    return client


def run_action(client, action: str, *focal_points):
    response = client.post(
        FOCAL_POINTS, {"action": action, "_selected_action": [fp.pk for fp in focal_points]}, follow=True
    )
    assert response.status_code == 200
    return response, [str(m) for m in response.context["messages"]]


def invitation_path(message: OutboxMessage) -> str:
    match = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/[^/\s]+/)", message.body_text)
    assert match, message.body_text
    return match[1]


def set_password_through(path: str, password: str = NEW_PASSWORD):
    """Follow a link as its recipient does (a fresh browser) and set the password; the final page."""
    browser = Client()
    form_page = browser.get(path, follow=True)
    if "new_password1" not in form_page.content.decode():
        return form_page
    return browser.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )


def travel(**delta):
    # Django's tokens read the naive local clock: travel in the local time zone, as a person would.
    return time_machine.travel(timezone.localtime() + dt.timedelta(**delta), tick=False)


def logs_in(username: str, password: str = NEW_PASSWORD) -> bool:
    browser = Client()
    response = browser.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in browser.session


# --- Invitations ------------------------------------------------------------------------------------------


def test_inviting_queues_one_mail_with_a_link_that_sets_the_password_once(officer_client, invitee):
    _, messages = run_action(officer_client, "invite", invitee)

    assert any("Invitation queued for amina@orga.example.org" in m for m in messages)
    message = OutboxMessage.objects.get()
    assert (message.kind, message.to_email, message.recipient, message.status) == (
        "invitation",
        "amina@orga.example.org",
        invitee.user,
        OutboxStatus.PENDING,
    )
    assert "- ORGA (Organization A): Primary focal point" in message.body_text
    assert "username amina" in message.body_text

    done = set_password_through(invitation_path(message))

    assert done.redirect_chain[-1][0] == "/accounts/login/?password_set=1"
    assert "Your password is set" in done.content.decode()
    invitee.user.refresh_from_db()
    assert invitee.user.is_active and invitee.user.has_usable_password()
    assert logs_in("amina")
    # The link works once.
    again = set_password_through(invitation_path(message), "Another-Password-2026")
    assert "This invitation link no longer works" in again.content.decode()
    assert logs_in("amina")


def test_the_invitation_link_works_for_invitation_timeout_days_only(officer_client, invitee, settings):
    assert settings.INVITATION_TIMEOUT_DAYS == 7
    run_action(officer_client, "invite", invitee)
    path = invitation_path(OutboxMessage.objects.get())

    # Longer than Django's three-day password-reset timeout: the invitation has its own.
    with travel(days=6, hours=12):
        assert Client().get(path, follow=True).context["validlink"]
    with travel(days=7, hours=12):
        page = set_password_through(path)
    assert "This invitation link no longer works" in page.content.decode()
    invitee.user.refresh_from_db()
    assert not invitee.user.has_usable_password()


def test_the_invitation_timeout_follows_the_setting(officer_client, invitee, settings):
    settings.INVITATION_TIMEOUT_DAYS = 1
    run_action(officer_client, "invite", invitee)
    path = invitation_path(OutboxMessage.objects.get())
    with travel(days=1, hours=12):
        assert not Client().get(path, follow=True).context["validlink"]


def test_inviting_a_staff_user_is_refused_with_a_message(officer_client, organization_a):
    staff = UserFactory(username="colleague", is_staff=True)
    staff.set_unusable_password()
    staff.save()
    focal_point = FocalPointFactory(organization=organization_a, user=staff)  # the factory skips clean()

    _, messages = run_action(officer_client, "invite", focal_point)

    assert any("invitations are for focal points only" in m for m in messages)
    assert not any("Invitation queued" in m for m in messages)
    assert not OutboxMessage.objects.exists()


def test_inviting_someone_who_has_a_password_or_rotated_out_is_refused(officer_client, focal_point_a, invitee):
    invitee.is_active = False
    invitee.save()

    _, messages = run_action(officer_client, "invite", invitee, FocalPoint.objects.get(user=focal_point_a))

    assert any("has already set a password" in m for m in messages)
    assert any("has rotated out" in m for m in messages)
    assert not OutboxMessage.objects.exists()


def test_one_person_acting_for_two_organizations_gets_one_invitation(officer_client, invitee, organization_b):
    second = FocalPointFactory(organization=organization_b, user=invitee.user, role=FocalPointRole.ALTERNATE)

    run_action(officer_client, "invite", invitee, second)

    message = OutboxMessage.objects.get()
    assert "Organization A" in message.body_text and "Organization B" in message.body_text


def test_rotating_out_voids_an_unused_invitation(invitee):
    message = focal_point_invite(focal_point=invitee)
    invitee.is_active = False
    invitee.save()
    page = set_password_through(invitation_path(message))
    assert "This invitation link no longer works" in page.content.decode()


# --- Rotation out -----------------------------------------------------------------------------------


def test_a_deactivated_primary_s_next_reminder_goes_to_the_alternate(officer_client):
    organization, (primary, alternate) = organization_with_focal_points("ILO", primaries=1, alternates=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)  # "7 days before" is due now: to the primary only
    assert ReminderEntry.objects.get(item_id=action.pk, point="before_7").recipient == primary

    _, messages = run_action(officer_client, "deactivate", FocalPoint.objects.get(user=primary))

    assert any(
        "Deactivated 1 focal point" in m
        and "1 handed over (to the alternate focal point of ILO (no active primary)), 0 cancelled" in m
        for m in messages
    )
    assert not FocalPoint.objects.get(user=primary).is_active
    # What was waiting for the primary is not sent to someone who rotated out: it goes to the alternate.
    before_7 = ReminderEntry.objects.filter(item_id=action.pk, point="before_7")
    assert {(e.recipient, e.status) for e in before_7} == {
        (primary, LedgerStatus.CANCELLED),
        (alternate, LedgerStatus.PENDING),
    }

    reminders_scan(now=NOW + dt.timedelta(days=6))  # "1 day before"

    next_reminders = ReminderEntry.objects.filter(item_id=action.pk, point="before_1")
    assert [(e.recipient, e.status) for e in next_reminders] == [(alternate, LedgerStatus.PENDING)]


def test_deactivating_the_last_reachable_focal_point_warns_about_no_recipient(officer_client, organization_a):
    only = FocalPointFactory(organization=organization_a)

    _, messages = run_action(officer_client, "deactivate", only)

    assert any("has no active primary or alternate focal point left" in m for m in messages)


# --- Forgotten passwords --------------------------------------------------------------------------------


def test_a_focal_point_resets_a_forgotten_password(focal_point_a, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]  # even where the hosts are too lax
    browser = Client()
    login_page = browser.get(reverse("login"))
    assert reverse("password_reset") in login_page.content.decode()

    sent = browser.post(
        reverse("password_reset"), {"email": focal_point_a.email.upper()}, follow=True, HTTP_HOST="evil.example"
    )

    assert "Check your e-mail" in sent.content.decode()
    assert mail.outbox == []  # nothing is sent during the request: the outbox sends it
    (queued,) = OutboxMessage.objects.filter(kind="password_reset")
    assert queued.to_email == focal_point_a.email
    # The link is the site's, whatever Host the request claimed.
    site = re.escape(settings.SITE_URL.rstrip("/"))
    path = re.search(site + r"(/accounts/password-reset/\S+/\S+/)", queued.body_text)[1]
    assert "evil.example" not in queued.body_text
    # Asking again within the hour queues nothing more: no flooding an address.
    browser.post(reverse("password_reset"), {"email": focal_point_a.email}, HTTP_HOST="evil.example")
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 1
    done = set_password_through(path)
    assert "Your password is set" in done.content.decode()
    assert logs_in(focal_point_a.username)
    assert "This link no longer works" in set_password_through(path).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same():
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert not OutboxMessage.objects.filter(kind="password_reset").exists()


# --- The focal points list and the organization page ---------------------------------------------------


def test_the_focal_points_list_shows_last_login_and_bounces_with_links(officer_client, organization_a):
    person = FocalPointFactory(organization=organization_a, user__email="bouncy@orga.example.org").user
    person.last_login = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
    person.save()
    OutboxMessageFactory(to_email="Bouncy@orga.example.org", status=OutboxStatus.FAILED)
    OutboxMessageFactory(to_email="bouncy@orga.example.org", status=OutboxStatus.SENT)
    OutboxMessageFactory(to_email="someone-else@orga.example.org", status=OutboxStatus.FAILED)
    for status in (DeliveryStatus.FAILED, DeliveryStatus.FAILED, DeliveryStatus.QUEUED):
        ReminderDelivery.objects.create(
            recipient=person, to_email=person.email, status=status, created_at=timezone.now()
        )

    page = officer_client.get(FOCAL_POINTS, {"q": "bouncy"}).content.decode()

    assert "March 2, 2026" in page or "2 March 2026" in page
    assert ">1 notice</a>" in page and ">2 reminders</a>" in page
    link = re.search(r'href="(/admin/coordination/reminderdelivery/[^"]+)"', page)[1].replace("&amp;", "&")
    listed = officer_client.get(link)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2


def test_the_focal_points_list_runs_the_same_queries_for_3_and_30_rows(officer_client, organization_a):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(FOCAL_POINTS).status_code == 200
        return len(queries)

    for _ in range(3):
        FocalPointFactory(organization=organization_a)
    few = count_queries()
    for _ in range(27):
        OutboxMessageFactory(to_email=FocalPointFactory().user.email, status=OutboxStatus.FAILED)
    assert count_queries() == few


def test_the_organization_page_lists_open_items_and_updates_with_links(officer_client, organization_a):
    led = FollowUpActionFactory(lead_organization=organization_a, title="Map the data sources")
    FollowUpActionFactory(lead_organization=organization_a, title="Finished long ago", status=ItemStatus.DONE)
    request = InputRequestFactory(organization=organization_a, call__title="Inputs for A/63/265")
    InputRequestFactory(organization=organization_a, call__title="Answered call", status=InputRequestStatus.ANSWERED)
    report = ReportingObligationFactory(addressee=organization_a, description="Report on remittances")
    update = ActivityUpdateFactory(organization=organization_a, title="Survey of migrant stocks")

    page = officer_client.get(reverse("admin:agencies_organization_change", args=[organization_a.pk]))
    html = page.content.decode()

    for obj, text, url in [
        (led, "Map the data sources", "admin:coordination_followupaction_change"),
        (request, "Inputs for A/63/265", "admin:coordination_inputrequest_change"),
        (report, "Report on remittances", "admin:coordination_reportingobligation_change"),
        (update, "Survey of migrant stocks", "admin:coordination_activityupdate_change"),
    ]:
        assert re.search(rf'<a href="{reverse(url, args=[obj.pk])}">[^<]*{re.escape(text)}', html), text
    assert "Finished long ago" not in html and "Answered call" not in html
    assert "Due within 30 days" in html  # the action, due in 20 days


def test_the_organization_page_runs_the_same_queries_for_few_and_many_items(officer_client, organization_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:agencies_organization_change", args=[organization_a.pk])

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(url).status_code == 200
        return len(queries)

    def add_items(n: int) -> None:
        for _ in range(n):
            FollowUpActionFactory(lead_organization=organization_a)
            InputRequestFactory(organization=organization_a)
            ReportingObligationFactory(addressee=organization_a)
            ActivityUpdateFactory(organization=organization_a)

    add_items(2)
    few = count_queries()
    add_items(25)  # past the 20 shown: the page links to the full lists
    many = count_queries()
    assert many == few
    assert "Showing the first 20 of each kind" in officer_client.get(url).content.decode()
