"""The focal points' pages for a follow-up action: report progress (draft, submit, revise after a return)
and ask to mark it done; another organization's action answers 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination import services
from coordination.choices import ActionStatus, ReceivedVia, UpdateStatus
from coordination.models import ActivityUpdate, FollowUpAction
from core.models import OutboxMessage
from tests.factories import FollowUpActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(organization_a, secretariat_user) -> FollowUpAction:
    return FollowUpActionFactory(
        lead_organization=organization_a, responsible_officer=secretariat_user, title="Publish the workshop report"
    )


def progress_url(action) -> str:
    return reverse("my-action-progress", args=[action.pk])


def done_url(action) -> str:
    return reverse("my-action-request-done", args=[action.pk])


def test_the_action_page_links_to_both_steps(client, focal_point_a, action):
    client.force_login(focal_point_a)
    page = client.get(reverse("my-item", kwargs={"kind": "action", "item_id": action.pk})).content.decode()
    assert progress_url(action) in page
    assert done_url(action) in page


def test_a_draft_is_saved_then_submitted_as_the_pages_own(client, focal_point_a, action):
    client.force_login(focal_point_a)
    form = {"title": "Progress", "body": "Venue booked.", "period_start": "", "period_end": ""}
    saved = client.post(progress_url(action), {**form, "save": ""})
    assert saved.status_code == 302
    draft = ActivityUpdate.objects.get(action=action)
    assert (draft.status, draft.received_via, draft.author) == (UpdateStatus.DRAFT, ReceivedVia.WEB, focal_point_a)

    page = client.get(progress_url(action)).content.decode()
    assert "Venue booked." in page

    upload = SimpleUploadedFile("notes.txt", b"Agenda attached.", content_type="text/plain")
    sent = client.post(
        progress_url(action), {**form, "body": "Venue booked; agenda out.", "submit": "", "attachment": upload}
    )
    assert sent.status_code == 302
    assert sent["Location"] == reverse("my-item", kwargs={"kind": "action", "item_id": action.pk})
    draft.refresh_from_db()
    assert (draft.status, draft.body, draft.attachments.count()) == (
        UpdateStatus.SUBMITTED,
        "Venue booked; agenda out.",
        1,
    )
    assert ActivityUpdate.objects.filter(action=action).count() == 1


def test_a_returned_report_shows_the_comment_and_is_resubmitted(client, focal_point_a, secretariat_user, action):
    update = services.action_progress_report(action=action, by=focal_point_a, title="Progress", body="x", submit=True)
    services.update_return(update=update, by=secretariat_user, comment="Give the workshop's dates.")
    client.force_login(focal_point_a)
    page = client.get(progress_url(action)).content.decode()
    assert "Give the workshop" in page
    form = {"title": "Progress", "body": "Held 3 to 5 March.", "period_start": "", "period_end": "", "submit": ""}
    assert client.post(progress_url(action), form).status_code == 302
    update.refresh_from_db()
    assert (update.status, update.body) == (UpdateStatus.SUBMITTED, "Held 3 to 5 March.")


def test_an_empty_report_is_refused_on_the_form(client, focal_point_a, action):
    client.force_login(focal_point_a)
    refused = client.post(progress_url(action), {"title": " ", "body": "", "submit": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert not ActivityUpdate.objects.exists()


def test_asking_to_mark_it_done(client, focal_point_a, action):
    client.force_login(focal_point_a)
    assert client.get(done_url(action)).status_code == 200
    asked = client.post(done_url(action), {"comment": "Report published as A/80/1."})
    assert asked.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE_PENDING
    assert action.events.get().comment == "Report published as A/80/1."
    assert OutboxMessage.objects.filter(kind="action_done_requested").count() == 1


def test_the_page_shows_why_the_secretariat_declined(client, focal_point_a, secretariat_user, action):
    services.action_request_done(action=action, by=focal_point_a)
    services.action_decline_done(action=action, by=secretariat_user, comment="The report is not online yet.")
    client.force_login(focal_point_a)
    page = client.get(done_url(action)).content.decode()
    assert "The report is not online yet." in page


def test_asking_twice_says_why_on_the_page(client, focal_point_a, action):
    services.action_request_done(action=action, by=focal_point_a)
    client.force_login(focal_point_a)
    refused = client.post(done_url(action), {"comment": ""})
    assert refused.status_code == 200
    assert "done, to be confirmed" in " ".join(refused.context["form"].non_field_errors())


def test_a_supporting_organization_reports_progress_but_may_not_ask(client, organization_b, focal_point_b, action):
    action.supporting_organizations.add(organization_b)
    client.force_login(focal_point_b)
    form = {"title": "Our part", "body": "Translation done.", "submit": ""}
    assert client.post(progress_url(action), form).status_code == 302
    assert ActivityUpdate.objects.get(action=action).organization == organization_b
    refused = client.post(done_url(action), {"comment": ""})
    assert refused.status_code == 200
    assert "leading this action" in " ".join(refused.context["form"].non_field_errors())


@pytest.mark.parametrize("page", [progress_url, done_url])
def test_another_organizations_action_is_404(client, focal_point_b, action, page):
    client.force_login(focal_point_b)
    assert client.get(page(action)).status_code == 404
    assert client.post(page(action), {"comment": "", "title": "x", "body": "y"}).status_code == 404


@pytest.mark.parametrize("page", [progress_url, done_url])
def test_anonymous_is_sent_to_log_in(client, action, page):
    answer = client.get(page(action))
    assert answer.status_code == 302
    assert "login" in answer["Location"]
