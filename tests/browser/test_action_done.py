"""#20 point 1 in a browser: a focal point reports progress on a follow-up action and asks to mark it done
from the action's page; the secretariat confirms it done in the admin."""

import re

import pytest
from playwright.sync_api import expect

from coordination.choices import ActionStatus, UpdateStatus
from coordination.models import ActivityUpdate, FollowUpAction
from core.models import OutboxMessage
from tests.factories import FollowUpActionFactory

from .conftest import ARTIFACTS
from .test_admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def secretariat_confirms_done(browser, live_server, officer, action, comment: str):
    """The secretariat, in a browser of its own, reads the focal point's comment on the action's page in
    the admin and confirms it done there; the admin's page, for more looks."""
    admin = browser.new_context().new_page()
    log_in(admin, live_server, officer.username)
    admin.goto(f"{live_server.url}/admin/coordination/followupaction/{action.pk}/change/")
    expect(admin.locator("body")).to_contain_text(comment)
    admin.get_by_role("link", name="Confirm done").click()
    expect(admin).to_have_url(re.compile(r"/confirm_done/$"))
    admin.locator("input[name=confirm]").click()
    expect(admin.locator(".messagelist")).to_contain_text("Confirmed done")
    return admin


def test_a_focal_point_reports_progress_and_asks_and_the_secretariat_confirms(
    page, browser, live_server, organization_a, focal_point_a, secretariat_user, screenshot
):
    action = FollowUpActionFactory(
        lead_organization=organization_a,
        responsible_officer=secretariat_user,
        title="Publish the report of the regional workshop on remittances",
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", "a-long-test-password")
    page.locator("form [type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/my/")

    page.goto(f"{live_server.url}/my/action/{action.pk}/")
    page.get_by_role("link", name="Report progress").click()
    expect(page.locator("h1")).to_have_text("Report progress")
    page.fill("#id_title", "Workshop held")
    page.fill("#id_body", "The workshop met in Bangkok from 3 to 5 March; the report is being edited.")
    screenshot("action-progress-form")
    page.get_by_role("button", name="Submit to the secretariat").click()
    expect(page.locator(".messages")).to_contain_text("progress report is submitted")
    assert ActivityUpdate.objects.get(action=action).status == UpdateStatus.SUBMITTED

    page.get_by_role("link", name="Ask to mark it done").click()
    expect(page.locator("h1")).to_have_text("Ask to mark it done")
    page.fill("#id_comment", "Report published on 20 March.")
    screenshot("action-request-done-form")
    page.get_by_role("button", name="Ask the secretariat to mark it done").click()
    expect(page.locator(".messages")).to_contain_text("the secretariat will confirm")
    screenshot("action-waiting")
    assert FollowUpAction.objects.get(pk=action.pk).status == ActionStatus.DONE_PENDING

    admin = secretariat_confirms_done(browser, live_server, secretariat_user, action, "Report published on 20 March.")
    admin.screenshot(path=str(ARTIFACTS / "action-confirmed-admin.png"), full_page=True)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert OutboxMessage.objects.filter(kind="action_done_confirmed").exists()
