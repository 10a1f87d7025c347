"""Withdrawing an answer through the API: the secretariat only, with If-Match; the answer is kept."""

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import ActivityUpdate
from tests.factories import InputRequestFactory

pytestmark = pytest.mark.django_db


def submitted(organization) -> ActivityUpdate:
    request = InputRequestFactory(organization=organization)
    update = services.update_create(by=None, organization=organization, input_request=request, title="T", body="B")
    return services.update_submit(update=update, by=None)


def withdraw(client, update, data, etag=None):
    detail = reverse("updates-detail", args=[update.pk])
    etag = etag or client.get(detail)["ETag"]
    return client.post(reverse("updates-withdraw", args=[update.pk]), data, format="json", HTTP_IF_MATCH=etag)


def test_the_secretariat_withdraws_an_answer_which_stays_with_the_reason(api_client_for, secretariat_user,
                                                                          organization_a):  # fmt: skip
    update = submitted(organization_a)
    client = api_client_for(secretariat_user)
    answer = withdraw(client, update, {"reason": "Recorded for the wrong organization"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "withdrawn"
    assert update.events.get(event="withdrawn").comment == "Recorded for the wrong organization"
    assert withdraw(client, update, {"reason": ""}).status_code == 400
    assert (
        client.post(reverse("updates-withdraw", args=[update.pk]), {"reason": "x"}, format="json").status_code == 428
    )


def test_a_focal_point_may_not_withdraw_its_own_answer(api_client_for, focal_point_a, organization_a):
    update = submitted(organization_a)
    answer = withdraw(api_client_for(focal_point_a), update, {"reason": "Changed my mind"})
    assert answer.status_code == 403
    update.refresh_from_db()
    assert update.status == "submitted"
