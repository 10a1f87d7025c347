"""The focal points' web page: my organization's requests, answering, declining; nobody else's."""

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import ActivityUpdate, InputRequest
from tests.factories import CallForInputsFactory, InputRequestFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def asked(organization_a, organization_b):
    call = CallForInputsFactory(title="Inputs for the 2027 report", instructions="Activities since July.")
    return (
        InputRequestFactory(call=call, organization=organization_a),
        InputRequestFactory(call=call, organization=organization_b),
    )


def test_a_focal_point_logs_in_to_its_page_and_sees_only_its_organizations_requests(client, focal_point_a, asked):
    mine, theirs = asked
    response = client.post(reverse("login"), {"username": "focal-a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("my-home")
    page = response.content.decode()
    assert reverse("my-answer", args=[mine.pk]) in page
    assert reverse("my-answer", args=[theirs.pk]) not in page


def test_answering_saves_a_draft_then_submits_it_and_the_request_is_answered(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "Two expert meetings.", "period_start": "", "period_end": ""}
    client.post(url, {**body, "save": ""})
    draft = ActivityUpdate.objects.get(input_request=mine)
    assert (draft.status, draft.author) == ("draft", focal_point_a)
    assert InputRequest.objects.get(pk=mine.pk).status == "open"

    done = client.post(url, {**body, "body": "Two expert meetings and a survey.", "submit": ""}, follow=True)
    assert "is submitted to the secretariat" in done.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.body) == ("submitted", "Two expert meetings and a survey.")
    assert ActivityUpdate.objects.count() == 1
    assert InputRequest.objects.get(pk=mine.pk).status == "answered"


def test_a_returned_answer_is_revised_and_submitted_again(client, focal_point_a, secretariat_user, asked):
    mine, _ = asked
    update = services.update_create(organization=mine.organization, by=focal_point_a, input_request=mine,
                                    title="First", body="Too short.")  # fmt: skip
    services.update_submit(update=update, by=focal_point_a)
    services.update_return(update=update, by=secretariat_user, comment="Please add dates.")
    client.force_login(focal_point_a)
    page = client.get(reverse("my-home")).content.decode()
    assert "Please add dates." in page and "revise and submit again" in page
    client.post(reverse("my-answer", args=[mine.pk]), {"title": "First", "body": "In March and May.", "submit": ""})
    update.refresh_from_db()
    assert (update.status, update.body) == ("submitted", "In March and May.")


def test_declining_needs_a_reason_and_closes_the_request(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-decline", args=[mine.pk])
    assert client.post(url, {"decline-reason": ""}).status_code == 400
    assert InputRequest.objects.get(pk=mine.pk).status == "open"
    client.post(url, {"decline-reason": "No activities on migration this year."})
    declined = InputRequest.objects.get(pk=mine.pk)
    assert (declined.status, declined.declined_reason) == ("declined", "No activities on migration this year.")


def test_another_organizations_request_is_not_found_and_stays_untouched(client, focal_point_b, asked):
    mine, _ = asked  # organization A's
    client.force_login(focal_point_b)
    assert client.get(reverse("my-answer", args=[mine.pk])).status_code == 404
    assert (
        client.post(reverse("my-answer", args=[mine.pk]), {"title": "x", "body": "y", "submit": ""}).status_code == 404
    )
    assert client.post(reverse("my-decline", args=[mine.pk]), {"decline-reason": "no"}).status_code == 404
    assert InputRequest.objects.get(pk=mine.pk).status == "open"
    assert not ActivityUpdate.objects.exists()


def test_the_secretariat_is_sent_on_to_the_admin_and_anonymous_to_the_login(client, secretariat_user):
    assert client.get(reverse("my-home"))["Location"].startswith(reverse("login"))
    client.force_login(secretariat_user)
    assert client.get(reverse("my-home"))["Location"] == reverse("admin:index")


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_answer_carries_a_checked_attachment_that_only_its_organization_and_the_secretariat_get(
    client, focal_point_a, focal_point_b, secretariat_user, asked
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "See the annex."}
    fake = SimpleUploadedFile("annex.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    refused = client.post(url, {**body, "attachment": fake, "submit": ""})
    assert "This file is not a real .pdf file." in refused.content.decode()
    assert not ActivityUpdate.objects.exists()  # nothing half-saved
    assert InputRequest.objects.get(pk=mine.pk).status == "open"

    annex = SimpleUploadedFile("Annex: activities 2026.pdf", PDF, content_type="application/pdf")
    client.post(url, {**body, "attachment": annex, "submit": ""})
    update = ActivityUpdate.objects.get(input_request=mine)
    (attachment,) = update.attachments.all()
    assert (update.status, attachment.original_name, attachment.size) == (
        "submitted",
        "Annex: activities 2026.pdf",
        len(PDF),
    )
    assert "Annex: activities 2026.pdf" not in attachment.file.name  # stored under a random name
    link = reverse("my-attachment", args=[attachment.pk])
    assert link in client.get(reverse("my-home")).content.decode()
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment;" in download["Content-Disposition"]

    client.force_login(focal_point_b)
    assert client.get(link).status_code == 404
    client.force_login(secretariat_user)
    assert client.get(link).status_code == 200


def test_a_file_too_large_or_of_another_type_is_refused(client, focal_point_a, asked, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ATTACHMENT_MAX_BYTES = 100
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "See the annex.", "save": ""}
    big = client.post(url, {**body, "attachment": SimpleUploadedFile("a.pdf", PDF + b" " * 200)})
    assert "larger than" in big.content.decode()
    script = client.post(url, {**body, "attachment": SimpleUploadedFile("run.exe", b"MZ")})
    assert "not accepted" in script.content.decode()
    binary = client.post(url, {**body, "attachment": SimpleUploadedFile("notes.txt", b"abc\x00\x01")})
    assert "not a text file" in binary.content.decode()
    assert not ActivityUpdate.objects.exists()
