"""#20's "done when" in one browser session: a focal point logs in, switches to French, sees /my/ sorted
with an overdue mark, reports progress on an action and asks to mark it done, re-reads a returned answer
with its comment and resubmits it; the secretariat confirms the action done in the admin; the focal point
is told in French. The words are the catalogue's (``fr``), so the test reads the page as a French reader
would and fails when a string is left in English."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from agencies.models import UserProfile
from coordination import services
from coordination.choices import ActionStatus, InputRequestStatus, UpdateStatus
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, FollowUpAction, InputRequest
from core.models import OutboxMessage
from tests.factories import CallForInputsFactory, FollowUpActionFactory, InputRequestFactory

from .test_action_done import secretariat_confirms_done
from .test_admin_login import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message: str, *, context: str = "") -> str:
    with translation.override("fr"):
        said = pgettext(context, message) if context else gettext(message)
    assert said != message, f"{message!r} has no French translation"
    return said


def test_a_french_focal_point_reports_asks_and_resubmits_and_the_secretariat_confirms(
    page, browser, live_server, organization_a, focal_point_a, secretariat_user, screenshot
):
    today = secretariat_today()
    focal_point_a.email = "focal-a@example.org"
    focal_point_a.save()
    action = FollowUpActionFactory(
        title="Publish the workshop report",
        lead_organization=organization_a,
        responsible_officer=secretariat_user,
        due_date=today - dt.timedelta(days=3),
    )
    FollowUpActionFactory(
        title="Circulate the outline", lead_organization=organization_a, due_date=today + dt.timedelta(days=20)
    )
    request = InputRequestFactory(
        call=CallForInputsFactory(title="Inputs on remittances", deadline=today + dt.timedelta(days=5)),
        organization=organization_a,
    )
    answer = services.update_create(
        by=focal_point_a, input_request=request, title="Remittances in 2026", body="A survey of costs."
    )
    services.update_submit(update=answer, by=focal_point_a)
    services.update_return(update=answer, by=secretariat_user, comment="Please say which corridors.")

    # Log in, then switch to French on /my/: the choice is kept in the person's settings.
    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.fill("#id_username", focal_point_a.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(f"{live_server.url}/my/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert UserProfile.objects.get(user=focal_point_a).language == "fr"

    # Sorted by deadline, the overdue action first and marked in words.
    to_do = page.locator("#to-do .item-title")
    expect(to_do).to_have_text(["Publish the workshop report", "Inputs on remittances", "Circulate the outline"])
    expect(page.locator("#to-do .mark-overdue")).to_have_text("En retard de 3 jours")
    screenshot("french-my")

    # Progress on the action, then "ask to mark it done".
    page.get_by_role("link", name="Publish the workshop report").click()
    page.get_by_role("link", name=fr("Report progress")).click()
    page.fill("#id_title", "Atelier tenu")
    page.fill("#id_body", "L'atelier s'est tenu à Bangkok du 3 au 5 mars.")
    page.get_by_role("button", name=fr("Submit to the secretariat")).click()
    expect(page.locator(".messages")).to_have_text(fr("Your progress report is submitted to the secretariat."))
    assert ActivityUpdate.objects.get(action=action).status == UpdateStatus.SUBMITTED

    page.get_by_role("link", name=fr("Ask to mark it done")).click()
    page.fill("#id_comment", "Rapport publié le 20 mars.")
    page.get_by_role("button", name=fr("Ask the secretariat to mark it done")).click()
    expect(page.locator(".messages")).to_have_text(
        fr("Sent: the secretariat will confirm that it is done, or tell you why not.")
    )
    assert FollowUpAction.objects.get(pk=action.pk).status == ActionStatus.DONE_PENDING
    screenshot("french-action-waiting")

    # The returned answer: re-read with its comment, revised and submitted again.
    page.goto(f"{live_server.url}/my/")
    page.locator("#updates").get_by_role("link", name="Remittances in 2026").click()
    expect(page.locator("#returned-heading")).to_have_text(fr("Returned by the secretariat"))
    expect(page.locator(".notice-returned .comment")).to_contain_text("Please say which corridors.")
    expect(page.locator(".status")).to_have_text("Renvoyée")  # la réponse: feminine
    assert fr("Returned", context="answer") == "Renvoyée" and fr("Returned") == "Renvoyé"
    screenshot("french-answer-returned")
    page.get_by_role("link", name=fr("Revise and submit again")).click()
    page.fill("#id_body", "A survey of costs in the Gulf-South Asia and US-Mexico corridors.")
    page.get_by_role("button", name=fr("Submit to the secretariat")).click()
    expect(page.locator(".messages")).to_contain_text("Inputs on remittances")
    answer.refresh_from_db()
    assert (answer.status, answer.body) == (
        UpdateStatus.SUBMITTED,
        "A survey of costs in the Gulf-South Asia and US-Mexico corridors.",
    )
    assert InputRequest.objects.get(pk=request.pk).status == InputRequestStatus.ANSWERED
    page.goto(f"{live_server.url}/my/updates/{answer.pk}/")
    expect(page.locator("#events li")).to_have_count(5)  # created, submitted, returned, edited, submitted
    expect(page.locator("#events li").last).to_contain_text(fr("Submitted", context="answer"))

    # The secretariat confirms in the admin (in English); the focal point is told in French.
    secretariat_confirms_done(browser, live_server, secretariat_user, action, "Rapport publié le 20 mars.")
    assert FollowUpAction.objects.get(pk=action.pk).status == ActionStatus.DONE
    told = OutboxMessage.objects.get(kind="action_done_confirmed", to_email="focal-a@example.org")
    assert told.subject == "Exécution confirmée\xa0: Publish the workshop report"
    assert "Le Secrétariat a confirmé que la mesure de suivi «\xa0Publish the workshop report\xa0»" in told.body_text

    page.goto(f"{live_server.url}/my/action/{action.pk}/")
    expect(page.locator(".facts")).to_contain_text(fr("Done"))
    screenshot("french-action-done")
