"""The admin in a real browser: the secretariat gets in, a focal point does not."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    # Wait for the answer (the next page, or the login page again): the caller's next step reads it.
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_a_secretariat_officer_logs_in_and_sees_the_domain(page, live_server, secretariat_user, screenshot):
    log_in(page, live_server, secretariat_user.username)
    expect(page).to_have_title("Secretariat | Migration coordination")
    for section in ("Organizations and focal points", "Meetings and documents", "Coordination"):
        expect(page.get_by_role("link", name=section, exact=True)).to_be_visible()
    page.get_by_role("link", name="Follow-up actions").click()
    expect(page).to_have_url(f"{live_server.url}/admin/coordination/followupaction/")
    expect(page.get_by_role("link", name="Due within 30 days")).to_be_visible()
    screenshot("admin-follow-up-actions")


@pytest.mark.parametrize("given_staff_by_mistake", [False, True])
def test_a_focal_point_cannot_log_in_to_the_admin(page, live_server, focal_point_a, given_staff_by_mistake):
    if given_staff_by_mistake:
        focal_point_a.is_staff = True
        focal_point_a.save()
    log_in(page, live_server, focal_point_a.username)
    expect(page.locator("#id_username")).to_be_visible()
    expect(page).not_to_have_title("Secretariat | Migration coordination")
    # Django says why: the password was right but the account is not allowed in.
    reason = "not authorized to access this page" if given_staff_by_mistake else "staff account"
    expect(page.locator(".errornote")).to_contain_text(reason)
