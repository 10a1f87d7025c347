"""The content security policy in a real browser: the API docs render (the other pages' tests check
the policy on theirs through the autouse fixture in conftest.py), and the policy really refuses
what it should, so the fixture's silence means something."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def test_the_api_docs_render_every_operation_from_local_assets(page, live_server, screenshot):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock-tag", has_text="updates").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert outside == []  # no request leaves the server
    screenshot("api-docs")


def test_the_policy_refuses_an_inline_script(page, live_server, no_content_security_policy_violations):
    page.goto(f"{live_server.url}/accounts/login/")
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            return window.injected === true;
        }"""
    )
    assert ran is False
    expect(page.locator("#id_username")).to_be_visible()
    assert any("script" in message for message in no_content_security_policy_violations)
    no_content_security_policy_violations.clear()  # seen and expected: the fixture checks the rest
