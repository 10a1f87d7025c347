"""A focal point's settings page on a phone (390 px wide): saving, a refused value, a calendar address."""

import pytest
from playwright.sync_api import expect

from agencies.models import UserProfile
from coordination.models import CalendarFeed

from .test_admin_login import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_sets_their_settings_and_makes_a_calendar_address_on_a_phone(
    page, live_server, focal_point_a, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="My settings").click()
    expect(page.get_by_role("heading", name="My settings", level=1)).to_be_visible()

    page.get_by_label("Language:", exact=True).select_option("es")
    page.get_by_label("Time zone:", exact=True).select_option("America/Santiago")
    page.get_by_label("One daily digest").check()
    page.get_by_label("Stop the early reminders").check()
    page.get_by_role("button", name="Save my settings").click()
    # From here the pages come in the language just chosen.
    expect(page.get_by_text("Su configuración se ha guardado.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    profile = UserProfile.objects.get(user=focal_point_a)
    assert (profile.language, profile.time_zone, profile.reminder_preference, profile.mute_noncritical) == (
        "es",
        "America/Santiago",
        "daily_digest",
        True,
    )

    page.get_by_role("button", name="Crear una dirección de calendario").click()
    address = page.get_by_label("Dirección de suscripción")
    expect(address).to_be_visible()
    assert "/calendars/" in address.input_value()
    assert CalendarFeed.objects.filter(created_by=focal_point_a, revoked_at__isnull=True).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("my-settings-390")
    page.get_by_role("button", name="Revocar la dirección de ORGA").click()
    expect(page.get_by_text("queda revocada")).to_be_visible()
