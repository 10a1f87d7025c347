"""Issue #8's browser acceptance: a focal point follows the invitation link, sets a password,
answers with an attachment and sees it submitted; a focal point of another organization sees
none of it, and cannot download the attachment by its URL."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from agencies.services import focal_point_invite
from coordination import services
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate
from core.models import OutboxMessage
from tests.factories import (
    CallForInputsFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    InputRequestFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-fresh-and-long-password-2026"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_invited_focal_point_answers_with_an_attachment_that_others_cannot_reach(
    page, browser, live_server, organization_a, focal_point_b, tmp_path, screenshot
):
    invited = FocalPointFactory(
        organization=organization_a, user__username="new-focal-a", user__email="new.focal@orga.example.org"
    )
    invited.user.set_unusable_password()
    invited.user.save()
    call = CallForInputsFactory(title="Inputs for the 2027 report", instructions="Your activities since July.")
    request = InputRequestFactory(call=call, organization=organization_a)
    focal_point_invite(focal_point=invited)
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", OutboxMessage.objects.get(kind="invitation").body_text)[
        0
    ]

    # The invitation link, on this server.
    page.goto(live_server.url + link[link.index("/accounts/") :])
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "new-focal-a")
    page.fill("#id_password", NEW_PASSWORD)
    page.locator("form [type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/my/")

    page.get_by_role("link", name="Answer or decline").click()
    expect(page.locator("h1")).to_have_text("Inputs for the 2027 report")
    page.fill("#id_title", "Organization A: activities since July")
    page.fill("#id_body", "Two expert meetings and a survey of migrant workers.")
    annex = tmp_path / "annex.pdf"
    annex.write_bytes(PDF)
    page.set_input_files("#id_attachment", str(annex))
    page.get_by_role("button", name="Submit to the secretariat").click()
    expect(page.locator(".messages")).to_contain_text("is submitted to the secretariat")
    answers = page.locator("#updates")
    expect(answers).to_contain_text("Submitted")
    expect(answers.get_by_role("link", name="annex.pdf")).to_be_visible()
    screenshot("focal-point-page")
    update = ActivityUpdate.objects.get(input_request=request)
    assert update.status == "submitted"
    attachment_url = f"{live_server.url}/my/attachments/{update.attachments.get().pk}/"

    # Organization B's focal point, in a browser of their own.
    other = browser.new_context()
    other_page = other.new_page()
    other_page.goto(f"{live_server.url}/accounts/login/")
    other_page.fill("#id_username", focal_point_b.username)
    other_page.fill("#id_password", "a-long-test-password")
    other_page.locator("form [type=submit]").first.click()
    expect(other_page).to_have_url(f"{live_server.url}/my/")
    expect(other_page.locator("body")).not_to_contain_text("Inputs for the 2027 report")
    expect(other_page.locator("body")).not_to_contain_text("annex.pdf")
    assert other_page.request.get(attachment_url).status == 404
    other.close()


def test_a_focal_point_works_from_a_page_sorted_by_deadline_and_rereads_a_returned_answer(
    page, live_server, organization_a, focal_point_a, secretariat_user, screenshot
):
    """#20 point 1: /my/ sorted with an overdue mark, an item page and its way back, a returned
    answer re-read with the secretariat's comment; at 1366 and at 390 px."""
    today = secretariat_today()
    FollowUpActionFactory(title="Publish the migration profile", lead_organization=organization_a,
                          due_date=today - dt.timedelta(days=3))  # fmt: skip
    FollowUpActionFactory(title="Share the survey results", lead_organization=organization_a, due_precision="",
                          due_date=None)  # fmt: skip
    FollowUpActionFactory(title="Review the 2004 plan", lead_organization=organization_a, due_precision="year",
                          due_date=dt.date(2004, 12, 31))  # fmt: skip
    soon = InputRequestFactory(call=CallForInputsFactory(title="Inputs for the 2027 report",
                               deadline=today + dt.timedelta(days=4)), organization=organization_a)  # fmt: skip
    remittances = CallForInputsFactory(title="Inputs on remittances", deadline=today + dt.timedelta(days=10))
    answered = InputRequestFactory(call=remittances, organization=organization_a)
    update = services.update_create(by=focal_point_a, input_request=answered, title="Remittances in 2026",
                                    body="A survey of remittance costs.")  # fmt: skip
    services.update_submit(update=update, by=focal_point_a)
    services.update_return(update=update, by=secretariat_user, comment="Please say which corridors.")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", "a-long-test-password")
    page.locator("form [type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/my/")

    to_do = page.locator("#to-do > li")
    expect(to_do).to_have_count(4)  # the returned answer's request is open again
    expect(to_do.nth(0)).to_contain_text("Publish the migration profile")
    expect(to_do.nth(0).locator(".mark-overdue")).to_have_text("Overdue by 3 days")
    expect(to_do.nth(1)).to_contain_text("Inputs for the 2027 report")
    expect(to_do.nth(1)).to_contain_text("Due in 4 days")
    expect(to_do.nth(2)).to_contain_text("Inputs on remittances")
    expect(to_do.nth(3)).to_contain_text("No deadline set")
    expect(page.locator("#no-longer-chased")).to_contain_text("Review the 2004 plan")
    screenshot("focal-page-sorted-1366")

    page.get_by_role("link", name="Publish the migration profile").click()
    expect(page.locator("h1")).to_have_text("Publish the migration profile")
    expect(page.locator(".mark-overdue")).to_have_text("Overdue by 3 days")
    screenshot("focal-page-action-1366")
    page.get_by_role("link", name="Back to what we are asked").click()
    expect(page).to_have_url(f"{live_server.url}/my/")

    page.get_by_role("link", name="Remittances in 2026").click()
    expect(page.locator(".notice-returned")).to_contain_text("Please say which corridors.")
    expect(page.locator("body")).to_contain_text("A survey of remittance costs.")
    expect(page.get_by_role("link", name="Revise and submit again")).to_be_visible()
    screenshot("focal-page-returned-answer-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (("sorted", "/my/"), ("returned-answer", f"/my/updates/{update.pk}/"),
                      ("request", f"/my/input_request/{soon.pk}/")):  # fmt: skip
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} scrolls sideways at 390 px"
        for button in page.locator(".button, button").all():
            if button.is_visible():
                assert button.bounding_box()["height"] >= 44, f"{name}: a button under 44 px"
        screenshot(f"focal-page-{name}-390")
