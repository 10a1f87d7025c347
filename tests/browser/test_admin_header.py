"""The admin's header and forms as a person reads them (#22 point 3): the greeting names the person as
their name is written (or by username), and a date-only field carries no time-zone note even when the
browser's zone differs from the secretariat's."""

import pytest
from playwright.sync_api import expect

from .test_admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("first_name", "last_name", "greeted"), [("Demo", "Officer", "Demo Officer"), ("", "", "officer")]
)
def test_the_greeting_uses_the_persons_name_or_username(
    page, live_server, secretariat_user, first_name, last_name, greeted
):
    secretariat_user.first_name, secretariat_user.last_name = first_name, last_name
    secretariat_user.save()
    log_in(page, live_server, secretariat_user.username)
    # innerText applies CSS: the admin's uppercase would turn "Demo Officer" into "DEMO OFFICER".
    expect(page.locator("#user-tools strong")).to_have_text(greeted, use_inner_text=True)


@pytest.mark.browser_context_args(timezone_id="Asia/Tokyo")  # 13 or 14 hours from New York
def test_date_only_fields_carry_no_time_zone_note(page, live_server, secretariat_user):
    log_in(page, live_server, secretariat_user.username)
    page.goto(f"{live_server.url}/admin/coordination/followupaction/add/")
    expect(page.locator("input#id_due_date.vDateField")).to_be_visible()
    notes = page.locator(".timezonewarning")
    # Django's script adds the note (so this test would see it); admin.css hides it beside a date alone.
    assert notes.count() > 0
    for index in range(notes.count()):
        expect(notes.nth(index)).to_be_hidden()
