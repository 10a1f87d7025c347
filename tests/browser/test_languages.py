"""The language switcher in a browser: a focal point chooses French on the login page, logs in and
reads their page in French; switching to Spanish on /my/ keeps Spanish in their settings."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from agencies.models import UserProfile
from coordination.deadlines import secretariat_today
from tests.factories import FollowUpActionFactory

from .test_admin_login import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_switches_to_french_then_spanish(page, live_server, focal_point_a, organization_a, screenshot):
    FollowUpActionFactory(
        lead_organization=organization_a, title="Action overdue", due_date=secretariat_today() - dt.timedelta(days=3)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("h1")).to_have_text("Se connecter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    screenshot("languages-login-fr")

    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{live_server.url}/my/")
    expect(page.get_by_role("heading", name="À faire, par date limite la plus proche")).to_be_visible()
    expect(page.locator(".mark-overdue")).to_have_text("En retard de 3 jours")
    screenshot("languages-my-fr")

    page.get_by_label("Langue").select_option("es")
    page.get_by_role("button", name="Changer").click()
    expect(page).to_have_url(f"{live_server.url}/my/")
    expect(page.locator(".mark-overdue")).to_have_text("Con 3 días de retraso")
    assert UserProfile.objects.get(user=focal_point_a).language == "es"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("languages-my-es")
