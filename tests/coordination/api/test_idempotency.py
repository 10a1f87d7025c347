"""Every POST of the API honours Idempotency-Key by itself (core.api.writes.IdempotentPostMixin): a
step retried after a lost answer is answered as the first time and happens once; a refused request
is not remembered, so it may be corrected and sent again with the same key."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.models import InputRequest, UpdateEvent
from tests.factories import ActivityUpdateFactory, CallForInputsFactory, InputRequestFactory

pytestmark = pytest.mark.django_db


def _etag(client, url: str) -> str:
    return client.get(url)["ETag"]


def test_a_submit_retried_after_its_answer_was_lost_is_answered_again_and_happens_once(
    api_client_for, focal_point_a, organization_a
):
    request = InputRequestFactory(organization=organization_a, call=CallForInputsFactory(status="open"))
    update = ActivityUpdateFactory(organization=organization_a, input_request=request, status="draft")
    client = api_client_for(focal_point_a)
    url = reverse("updates-detail", args=[update.pk])
    seen = _etag(client, url)
    submit = reverse("updates-submit", args=[update.pk])

    first = client.post(submit, format="json", HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="submit-1")
    # The client never saw that answer and sends the same request again, with the ETag it had.
    again = client.post(submit, format="json", HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="submit-1")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert UpdateEvent.objects.filter(update=update, event="submitted").count() == 1
    assert InputRequest.objects.get(pk=request.pk).status == "answered"


def test_a_refused_request_is_not_remembered_and_may_be_corrected_under_the_same_key(
    api_client_for, focal_point_a, organization_a
):
    request = InputRequestFactory(organization=organization_a, call=CallForInputsFactory(status="open"))
    client = api_client_for(focal_point_a)
    decline = reverse("input-requests-decline", args=[request.pk])
    url = reverse("input-requests-detail", args=[request.pk])

    stale = '"0123456789abcdef0123456789abcdef"'
    refused = client.post(decline, {"reason": "Nothing to report."}, format="json", HTTP_IF_MATCH=stale,
                          HTTP_IDEMPOTENCY_KEY="decline-1")  # fmt: skip
    assert refused.status_code == 412
    accepted = client.post(decline, {"reason": "Nothing to report."}, format="json",
                           HTTP_IF_MATCH=_etag(client, url), HTTP_IDEMPOTENCY_KEY="decline-1")  # fmt: skip
    assert accepted.status_code == 200
    assert InputRequest.objects.get(pk=request.pk).status == "declined"


def test_a_call_opened_twice_with_one_key_is_opened_once(api_client_for, secretariat_user, organization_a):
    client = api_client_for(secretariat_user)
    body = {"title": "Inputs for the report", "deadline": "2099-01-31", "organizations": [organization_a.pk]}
    first = client.post(reverse("calls-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    again = client.post(reverse("calls-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    assert InputRequest.objects.filter(organization=organization_a).count() == 1


def test_a_key_longer_than_two_hundred_characters_is_refused_before_anything_happens(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    response = client.post(reverse("updates-list"), {"title": "T", "body": "B"}, format="json",
                           HTTP_IDEMPOTENCY_KEY="k" * 201)  # fmt: skip
    assert response.status_code == 400
    assert "200 characters" in str(response.json())
