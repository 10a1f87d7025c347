"""The activity update workflow through the API: draft, submit, return, resubmit, accept;
no lost updates (If-Match), no duplicates (Idempotency-Key), bad input answered 400/413."""

import pytest
from django.urls import reverse

from coordination.choices import InputRequestStatus, UpdateStatus
from coordination.models import ActivityUpdate
from core.models import OutboxMessage
from tests.factories import FocalPointFactory, InputRequestFactory

pytestmark = pytest.mark.django_db


def detail(update_id):
    return reverse("updates-detail", args=[update_id])


def etag(client, update_id) -> str:
    response = client.get(detail(update_id))
    assert response.status_code == 200
    return response["ETag"]


def post_action(client, update_id, name, data=None, **headers):
    url = reverse(f"updates-{name}", args=[update_id])
    return client.post(url, data or {}, format="json", HTTP_IF_MATCH=etag(client, update_id), **headers)


def test_a_focal_point_drafts_submits_and_the_secretariat_returns_then_accepts(
    api_client_for, focal_point_a, secretariat_user, organization_a
):
    request = InputRequestFactory(organization=organization_a)
    focal, officer = api_client_for(focal_point_a), api_client_for(secretariat_user)

    created = focal.post(
        reverse("updates-list"),
        {"title": "Recent activities", "body": "Two expert meetings.", "input_request": request.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    update = created.json()
    assert update["organization"]["id"] == organization_a.pk  # server-controlled: the focal point has one
    assert update["status"] == UpdateStatus.DRAFT

    edited = focal.patch(detail(update["id"]), {"body": "Two expert meetings and a survey."}, format="json",
                         HTTP_IF_MATCH=etag(focal, update["id"]))  # fmt: skip
    assert edited.status_code == 200

    assert post_action(focal, update["id"], "submit").json()["status"] == UpdateStatus.SUBMITTED
    request.refresh_from_db()
    assert request.status == InputRequestStatus.ANSWERED
    locked = focal.patch(
        detail(update["id"]), {"body": "Late change"}, format="json", HTTP_IF_MATCH=etag(focal, update["id"])
    )
    assert locked.status_code == 409  # a submitted update is read-only for its author
    assert "can no longer be changed" in locked.json()["detail"]

    assert post_action(focal, update["id"], "accept").status_code == 403
    returned = post_action(officer, update["id"], "return", {"comment": "Please cover 2008 only."})
    assert returned.json()["status"] == UpdateStatus.RETURNED
    assert OutboxMessage.objects.filter(kind="update_returned", to_email=focal_point_a.email).exists()
    request.refresh_from_db()
    assert request.status == InputRequestStatus.OPEN

    post_action(focal, update["id"], "submit")
    accepted = post_action(officer, update["id"], "accept").json()
    assert accepted["status"] == UpdateStatus.ACCEPTED
    assert [(e["event"], e["by"]) for e in accepted["events"]] == [
        ("created", "focal-a"),
        ("edited", "focal-a"),
        ("submitted", "focal-a"),
        ("returned", "officer"),
        ("submitted", "focal-a"),
        ("accepted", "officer"),
    ]


def test_writes_without_if_match_are_428_and_stale_ones_412_with_the_current_version(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    update = client.post(reverse("updates-list"), {"title": "T", "body": "B"}, format="json").json()
    stale = etag(client, update["id"])
    assert client.patch(detail(update["id"]), {"body": "one"}, format="json").status_code == 428
    assert client.patch(detail(update["id"]), {"body": "one"}, format="json", HTTP_IF_MATCH=stale).status_code == 200
    lost = client.patch(detail(update["id"]), {"body": "two"}, format="json", HTTP_IF_MATCH=stale)
    assert lost.status_code == 412
    assert lost.json()["current"]["body"] == "one"
    assert ActivityUpdate.objects.get().body == "one"


def test_a_post_retried_with_the_same_idempotency_key_creates_one_update(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    body = {"title": "Recent activities", "body": "Two expert meetings."}
    first = client.post(reverse("updates-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(reverse("updates-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    assert ActivityUpdate.objects.count() == 1
    other = client.post(reverse("updates-list"), {**body, "title": "Else"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422


def test_a_focal_point_of_several_organizations_must_name_one_of_them(api_client_for, focal_point_a, organization_b):
    from tests.factories import OrganizationFactory

    second = OrganizationFactory(acronym="ORGC")
    FocalPointFactory(user=focal_point_a, organization=second)
    client = api_client_for(focal_point_a)
    body = {"title": "T", "body": "B"}
    assert "organization" in client.post(reverse("updates-list"), body, format="json").json()
    assert (
        client.post(reverse("updates-list"), {**body, "organization": organization_b.pk}, format="json").status_code
        == 422
    )
    assert client.post(reverse("updates-list"), {**body, "organization": second.pk}, format="json").status_code == 201


def test_the_secretariat_records_an_answer_received_by_letter(api_client_for, secretariat_user, organization_a):
    client = api_client_for(secretariat_user)
    body = {"title": "Answer", "body": "By letter.", "organization": organization_a.pk, "received_via": "letter"}
    assert "received_on" in client.post(reverse("updates-list"), body, format="json").json()
    created = client.post(reverse("updates-list"), {**body, "received_on": "2026-11-20"}, format="json")
    assert created.status_code == 201
    assert (created.json()["received_via"], created.json()["received_on"]) == ("letter", "2026-11-20")


def test_focal_points_cannot_claim_a_letter(api_client_for, focal_point_a):
    response = api_client_for(focal_point_a).post(
        reverse("updates-list"), {"title": "T", "body": "B", "received_via": "letter"}, format="json"
    )
    assert response.status_code == 422


def test_another_organizations_focal_point_sees_nothing(api_client_for, focal_point_a, focal_point_b):
    update = (
        api_client_for(focal_point_a).post(reverse("updates-list"), {"title": "T", "body": "B"}, format="json").json()
    )
    other = api_client_for(focal_point_b)
    assert other.get(detail(update["id"])).status_code == 404
    assert (
        other.post(reverse("updates-submit", args=[update["id"]]), {}, format="json", HTTP_IF_MATCH="*").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "T", "body": "B", "colour": "red"}, 400, "colour"),
        ({"title": "T\x00", "body": "B"}, 400, "title"),
        ({"title": "   ", "body": "B"}, 400, "title"),
        ({"title": "T", "body": "B", "period_start": "2008-13-45"}, 400, "period_start"),
        ({"title": "T", "body": "B", "period_start": "2008-06-01", "period_end": "2008-01-01"}, 422, "period_end"),
        ({"title": ["not", "text"], "body": "B"}, 400, "title"),
        ({"title": "T", "body": "B", "input_request": 999999}, 422, "input_request"),
    ],
)
def test_bad_input_is_refused_naming_the_field(api_client_for, focal_point_a, body, status, field):
    response = api_client_for(focal_point_a).post(reverse("updates-list"), body, format="json")
    assert response.status_code == status
    assert field in response.json()
    assert not ActivityUpdate.objects.exists()


def test_an_oversized_body_is_a_413(api_client_for, focal_point_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api_client_for(focal_point_a).post(
        reverse("updates-list"), {"title": "T", "body": "x" * 20_000}, format="json"
    )
    assert response.status_code == 413


def test_a_focal_point_declines_an_input_request_with_a_reason(api_client_for, focal_point_a, organization_a):
    request = InputRequestFactory(organization=organization_a)
    client = api_client_for(focal_point_a)
    url = reverse("input-requests-decline", args=[request.pk])
    tag = client.get(reverse("input-requests-detail", args=[request.pk]))["ETag"]
    assert client.post(url, {}, format="json", HTTP_IF_MATCH=tag).status_code == 400
    declined = client.post(url, {"reason": "No activities in the period."}, format="json", HTTP_IF_MATCH=tag)
    assert declined.status_code == 200
    assert declined.json()["status"] == InputRequestStatus.DECLINED
