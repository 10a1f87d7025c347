"""Issue #7's acceptance in a real browser: a meeting with its agenda, participants and an action
in one save; the action under "due within 30 days"; marked done, with its history; a focal point
invited, and the invitation mail caught by the test's SMTP server through the real worker."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from agencies.models import FocalPoint
from coordination.deadlines import secretariat_today
from coordination.models import FollowUpAction
from meetings.models import Meeting
from tests.e2e.live import wait_until
from tests.factories import FocalPointFactory, OrganizationFactory

from .test_admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def pick(page, row, text: str) -> None:
    """Choose ``text`` in the admin's autocomplete (select2) widget inside ``row``."""
    row.locator(".select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    # The results arrive by XHR: pick from the open dropdown once they hold the text, then make sure
    # the choice took (under load a click can land while the list is being redrawn).
    page.locator(".select2-container--open .select2-results__option", has_text=text).first.click()
    expect(row.locator(".select2-selection__rendered").first).to_contain_text(text)


def test_a_meeting_is_logged_in_one_save_and_its_action_followed_up(page, live_server, secretariat_user, screenshot):
    OrganizationFactory(acronym="ILO", name="International Labour Organization")
    OrganizationFactory(acronym="IOM", name="International Organization for Migration")
    due = secretariat_today() + dt.timedelta(days=20)
    log_in(page, live_server, secretariat_user.username)

    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    page.fill("#id_title", "Coordination meeting on international migration")
    page.fill("#id_start_date", secretariat_today().isoformat())
    page.fill("#id_venue", "New York")

    page.locator("#agenda_items-group").locator(".add-row a").click()
    page.fill("#id_agenda_items-0-position", "1")
    page.fill("#id_agenda_items-0-title", "Preparations for the High-level Dialogue")

    participants = page.locator("#participants-group")
    for index, (acronym, person) in enumerate([("ILO", "Ms. A. Labour"), ("IOM", "Mr. B. Mobility")]):
        participants.locator(".add-row a").click()
        pick(page, page.locator(f"#participants-{index}"), acronym)
        page.fill(f"#id_participants-{index}-person", person)

    actions = page.locator("#actions-group")
    actions.locator(".add-row a").click()
    page.fill("#id_actions-0-title", "Circulate the draft report outline")
    pick(page, page.locator("#actions-0"), "IOM")
    page.fill("#id_actions-0-due_date", due.isoformat())
    screenshot("admin-meeting-entry")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    meeting = Meeting.objects.get(title="Coordination meeting on international migration")
    assert meeting.agenda_items.count() == 1
    assert sorted(meeting.participants.values_list("organization__acronym", flat=True)) == ["ILO", "IOM"]
    action = FollowUpAction.objects.get(origin_meeting=meeting)
    assert (action.due_date, action.due_precision, action.lead_organization.acronym) == (due, "day", "IOM")

    # The action is where the secretariat looks for it in the morning.
    page.goto(f"{live_server.url}/admin/coordination/followupaction/")
    page.get_by_role("link", name="Due within 30 days").click()
    row = page.locator("#result_list tbody tr", has_text="Circulate the draft report outline")
    expect(row).to_contain_text("in 20 days")

    # Mark it done through the action's own page.
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "mark_done")
    page.locator("button[name=index]").click()
    expect(page.locator("h1")).to_have_text("Mark done")
    page.get_by_role("button", name="Mark done").click()
    expect(page.locator(".messagelist")).to_contain_text("Marked done 1 of 1.")
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", secretariat_today())

    # Its history says who did it.
    page.goto(f"{live_server.url}/admin/coordination/followupaction/{action.pk}/history/")
    history = page.locator("#change-history")
    expect(history).to_contain_text(secretariat_user.username)
    expect(history).to_contain_text(re.compile(r"Status:\s*open\s*→\s*done"))
    expect(history).to_contain_text(re.compile(r"Completed on:\s*None\s*→\s*" + secretariat_today().isoformat()))

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#secretariat-dashboard")).to_be_visible()
    screenshot("admin-dashboard")


def test_an_invited_focal_point_gets_the_mail_through_the_worker(
    page, live_server, secretariat_user, through_broker, smtp_server
):
    smtp_server.clear()
    focal_point = FocalPointFactory(
        organization=OrganizationFactory(acronym="UNFPA"),
        user__username="new-focal",
        user__email="new.focal@unfpa.example.org",
    )
    focal_point.user.set_unusable_password()
    focal_point.user.save()
    log_in(page, live_server, secretariat_user.username)

    page.goto(f"{live_server.url}/admin/agencies/focalpoint/")
    page.locator("#result_list tbody tr", has_text="new-focal").locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "invite")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("nvit")

    wait_until(lambda: smtp_server.messages, timeout=60, message=f"the invitation (log: {through_broker.log_path})")
    (mail,) = smtp_server.messages
    assert mail["To"] == "new.focal@unfpa.example.org"
    body = mail.get_payload(decode=True).decode() if not mail.is_multipart() else mail.get_payload(0).get_payload()
    assert "/accounts/invitation/" in body
    assert FocalPoint.objects.get(pk=focal_point.pk).user.is_active
