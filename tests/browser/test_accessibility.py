"""#20 point 5: axe-core finds no serious or critical violation of WCAG 2.1 A/AA on the focal points' four
pages (/my/, an answer form, an action's page, My settings), on a laptop and on a phone, in each language."""

import datetime as dt

import pytest
from django.conf import settings
from playwright.sync_api import expect

from coordination import services
from coordination.deadlines import secretariat_today
from tests.factories import CallForInputsFactory, FollowUpActionFactory, InputRequestFactory

from .test_admin_login import PASSWORD

# Every language the focal points' pages are offered in.
LANGUAGES = [code for code, _name in settings.LANGUAGES]

WIDTHS = [1366, 390]

# Violations known and not yet fixed, by page: each names the rule and why it is still there. A page
# that breaks a rule not listed fails, and one that no longer breaks a listed rule fails too, so the
# list only shrinks. Empty: the four pages pass.
KNOWN_VIOLATIONS: dict[str, frozenset[str]] = {}

pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "language",
    [
        pytest.param(
            language,
            marks=pytest.mark.browser_context_args(locale=language, extra_http_headers={"Accept-Language": language}),
        )
        for language in LANGUAGES
    ],
)
def test_the_focal_points_pages_have_no_serious_accessibility_violation(
    page, live_server, organization_a, focal_point_a, secretariat_user, axe_check, screenshot, language
):
    today = secretariat_today()
    action = FollowUpActionFactory(
        title="Publish the migration profile", lead_organization=organization_a, due_date=today - dt.timedelta(days=3)
    )
    FollowUpActionFactory(title="Review the 2004 plan", lead_organization=organization_a, due_precision="year",
                          due_date=dt.date(2004, 12, 31))  # fmt: skip
    request = InputRequestFactory(
        call=CallForInputsFactory(title="Inputs for the 2027 report", deadline=today + dt.timedelta(days=4)),
        organization=organization_a,
    )
    answered = InputRequestFactory(
        call=CallForInputsFactory(title="Inputs on remittances", deadline=today), organization=organization_a
    )
    update = services.update_create(by=focal_point_a, input_request=answered, title="Remittances in 2026",
                                    body="A survey of remittance costs.")  # fmt: skip
    services.update_submit(update=update, by=focal_point_a)
    services.update_return(update=update, by=secretariat_user, comment="Please say which corridors.")

    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")  # the login form's own button, whatever the language
    expect(page).to_have_url(f"{live_server.url}/my/")

    pages = {
        "my-home": "/my/",
        "my-answer": f"/my/requests/{request.pk}/answer/",
        "my-action": f"/my/action/{action.pk}/",
        "my-settings": "/my/settings/",
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            axe_check(f"{path} at {width} px in {language}", known=KNOWN_VIOLATIONS.get(name, frozenset()))
            screenshot(f"accessibility-{name}-{width}-{language}")


def test_the_check_names_the_rule_and_the_element_and_refuses_a_stale_known_violation(page, live_server, axe_check):
    """The check itself: a serious violation fails with the rule, its help and the element, and a rule
    listed as known that the page no longer breaks fails too (so the list of known violations shrinks)."""
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check("the login page")
    page.evaluate("document.body.append(Object.assign(document.createElement('button'), {id: 'nameless'}))")
    nameless = r"button-name \(critical\): Buttons must have discernible text .* #nameless"
    with pytest.raises(AssertionError, match=nameless):
        axe_check("the login page with a nameless button")
    axe_check("the login page with a nameless button", known=frozenset({"button-name"}))
    page.evaluate("document.getElementById('nameless').remove()")
    with pytest.raises(AssertionError, match="no longer breaks \\['button-name'\\]"):
        axe_check("the login page", known=frozenset({"button-name"}))
