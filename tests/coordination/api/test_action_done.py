"""The API's steps on a follow-up action: POST /api/v1/actions/{id}/request-done/ (focal points of the lead
organization), .../confirm-done/ and .../decline-done/ (the secretariat), with If-Match like every step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination import services
from coordination.choices import ActionStatus
from coordination.models import FollowUpAction
from tests.factories import FollowUpActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(organization_a, secretariat_user) -> FollowUpAction:
    return FollowUpActionFactory(lead_organization=organization_a, responsible_officer=secretariat_user)


def _post(client, action: FollowUpAction, step: str, data: dict | None = None, *, etag: bool = True):
    headers = {}
    if etag:
        read = client.get(reverse("actions-detail", args=[action.pk]))
        assert read.status_code == 200
        headers["HTTP_IF_MATCH"] = read["ETag"]
    return client.post(reverse(f"actions-{step}", args=[action.pk]), data or {}, format="json", **headers)


def test_a_focal_point_asks_then_the_secretariat_confirms(api_client_for, action, focal_point_a, secretariat_user):
    asked = _post(api_client_for(focal_point_a), action, "request-done", {"comment": "Held on 3 March."})
    assert asked.status_code == 200, asked.json()
    assert asked.json()["status"] == ActionStatus.DONE_PENDING
    assert asked["ETag"]

    done = _post(api_client_for(secretariat_user), action, "confirm-done", {"completed_on": "2026-03-03"})
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", "2026-03-03")


def test_the_secretariat_declines_with_a_comment(api_client_for, action, focal_point_a, secretariat_user):
    services.action_request_done(action=action, by=focal_point_a)
    declined = _post(api_client_for(secretariat_user), action, "decline-done", {"comment": "Report missing."})
    assert declined.status_code == 200, declined.json()
    assert declined.json()["status"] == ActionStatus.OPEN


def test_a_decline_without_a_comment_is_400(api_client_for, action, focal_point_a, secretariat_user):
    services.action_request_done(action=action, by=focal_point_a)
    refused = _post(api_client_for(secretariat_user), action, "decline-done", {})
    assert refused.status_code == 400
    assert "comment" in refused.json()


def test_a_blank_comment_is_refused_by_the_rule(api_client_for, action, focal_point_a, secretariat_user):
    services.action_request_done(action=action, by=focal_point_a)
    refused = _post(api_client_for(secretariat_user), action, "decline-done", {"comment": "   "})
    assert refused.status_code in (400, 422)
    assert "comment" in refused.json()


@pytest.mark.parametrize("step", ["confirm-done", "decline-done"])
def test_a_focal_point_confirming_or_declining_is_403(api_client_for, action, focal_point_a, step):
    services.action_request_done(action=action, by=focal_point_a)
    refused = _post(api_client_for(focal_point_a), action, step, {"comment": "ok"} if step == "decline-done" else {})
    assert refused.status_code == 403
    assert refused.json()["detail"] == services.actions.ONLY_THE_SECRETARIAT


def test_another_organization_asking_is_403(api_client_for, action, focal_point_b):
    refused = _post(api_client_for(focal_point_b), action, "request-done")
    assert refused.status_code == 403


def test_the_secretariat_asking_is_403(api_client_for, action, secretariat_user):
    assert _post(api_client_for(secretariat_user), action, "request-done").status_code == 403


def test_asking_twice_is_409(api_client_for, action, focal_point_a):
    client = api_client_for(focal_point_a)
    assert _post(client, action, "request-done").status_code == 200
    again = _post(client, action, "request-done")
    assert again.status_code == 409
    assert "done, to be confirmed" in again.json()["detail"]


def test_confirming_an_open_action_is_409(api_client_for, action, secretariat_user):
    assert _post(api_client_for(secretariat_user), action, "confirm-done").status_code == 409


def test_without_if_match_is_428_and_with_a_stale_one_412(api_client_for, action, focal_point_a):
    client = api_client_for(focal_point_a)
    assert _post(client, action, "request-done", etag=False).status_code == 428
    stale = client.post(
        reverse("actions-request-done", args=[action.pk]), {}, format="json", HTTP_IF_MATCH='"not-the-version"'
    )
    assert stale.status_code == 412


def test_no_such_action_is_404(api_client_for, focal_point_a):
    missing = api_client_for(focal_point_a).post(
        reverse("actions-request-done", args=[999999]), {}, format="json", HTTP_IF_MATCH='"x"'
    )
    assert missing.status_code == 404


def test_anonymous_is_401(api_client_for, action):
    assert api_client_for(None).post(reverse("actions-request-done", args=[action.pk]), {}).status_code == 401


def test_the_list_filters_by_the_new_status(api_client_for, action, focal_point_a):
    services.action_request_done(action=action, by=focal_point_a)
    FollowUpActionFactory()
    listed = api_client_for(focal_point_a).get(reverse("actions-list"), {"status": "done_pending"})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [action.pk]


def test_the_schema_documents_the_steps_and_their_refusals(api_client_for, secretariat_user):
    schema = api_client_for(secretariat_user).get(reverse("api-schema"), {"format": "json"}).json()
    for step in ("request-done", "confirm-done", "decline-done"):
        responses = schema["paths"][f"/api/v1/actions/{{id}}/{step}/"]["post"]["responses"]
        assert {"200", "403", "404", "409", "412", "422", "428"} <= set(responses)
    links = schema["paths"]["/api/v1/actions/{id}/"]["get"]["responses"]["200"]["links"]
    assert {"request_done", "confirm_done", "decline_done"} <= set(links)
