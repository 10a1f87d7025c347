"""Issue #8's browser acceptance: a focal point follows the invitation link, sets a password,
answers with an attachment and sees it submitted; a focal point of another organization sees
none of it, and cannot download the attachment by its URL."""

import re

import pytest
from playwright.sync_api import expect

from agencies.services import focal_point_invite
from coordination.models import ActivityUpdate
from core.models import OutboxMessage
from tests.factories import CallForInputsFactory, FocalPointFactory, InputRequestFactory

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
