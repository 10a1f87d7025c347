"""The API keeps to its own schema (issue: "conformant to its own schema"): one error shape, the
status that says what kind of refusal it is, one timestamp format, JSON for every address under
/api/, and a schema that states the headers, bounds and links a generated client needs."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MeetingFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

UTC_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def etag(client, url):
    return client.get(url)["ETag"]


# --- Timestamps --------------------------------------------------------------------------------------


def test_timestamps_are_utc_with_z_in_lists_details_events_and_replays(api_client_for, focal_point_a):
    focal = api_client_for(focal_point_a)
    body = {"title": "Labour migration statistics", "body": "Two workshops."}
    first = focal.post(reverse("updates-list"), body, HTTP_IDEMPOTENCY_KEY="k-utc-1")
    replay = focal.post(reverse("updates-list"), body, HTTP_IDEMPOTENCY_KEY="k-utc-1")
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    url = reverse("updates-detail", args=[first.json()["id"]])
    submitted = focal.post(reverse("updates-submit", args=[first.json()["id"]]), {}, HTTP_IF_MATCH=etag(focal, url))
    detail = focal.get(url).json()
    listed = focal.get(reverse("updates-list")).json()["results"][0]
    stamps = [first.json()["updated_at"], detail["updated_at"], detail["submitted_at"], listed["updated_at"]]
    stamps += [event["at"] for event in submitted.json()["events"]]
    assert all(UTC_TIMESTAMP.match(stamp) for stamp in stamps), stamps
    assert listed["updated_at"] == detail["updated_at"]


def test_days_stay_the_secretariats_while_timestamps_are_utc(api_client_for, secretariat_user):
    """At 23:30 in New York it is already the next day in UTC: an action due that New York day is
    not overdue yet, in the API as in the admin."""
    action = FollowUpActionFactory(due_date=dt.date(2026, 12, 3), due_precision="day")
    with time_machine.travel(dt.datetime(2026, 12, 4, 4, 30, tzinfo=dt.UTC), tick=False):
        officer = api_client_for(secretariat_user)
        answer = officer.get(reverse("actions-detail", args=[action.pk])).json()
        overdue = officer.get(reverse("actions-list"), {"deadline_state": "overdue"}).json()["count"]
    assert answer["deadline_state"] != "overdue"
    assert overdue == 0


# --- Error shapes and statuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/v1/calls/0.5/board/", "/api/v1/nothing-here/", "/api/v1/calls/1/compilation.pdf/", "/api/v2/calls/"],
)
@pytest.mark.parametrize("debug", [False, True])
def test_an_address_under_api_that_names_nothing_is_a_json_404(officer, path, debug):
    with override_settings(DEBUG=debug):
        response = officer.get(path)
        posted = officer.post(path, {})  # no CSRF page either
    for answer in (response, posted):
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/json"
        assert answer.json() == {"detail": "Not found."}


def test_a_path_missing_its_final_slash_is_redirected_as_django_would(officer):
    response = officer.get("/api/v1/calls?status=open")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/calls/?status=open"


@pytest.mark.parametrize(
    "query",
    [{"search": "z\x00a"}, {"search": "a\x1bb"}, {"acronym": "IL\x0bO"}, {"ordering": "title\u2028"}, {"x\x00": "1"}],
)
def test_a_control_character_in_the_query_string_is_a_400_object(officer, query):
    response = officer.get(reverse("agencies-list"), query)
    assert response.status_code == 400
    body = response.json()
    assert isinstance(body, dict)
    assert "control character" in body["detail"]


def test_a_refusal_in_the_records_present_state_is_a_409_with_one_detail_text(officer):
    call = CallForInputsFactory(status="draft")
    url = reverse("calls-close", args=[call.pk])
    response = officer.post(url, {}, HTTP_IF_MATCH=etag(officer, reverse("calls-detail", args=[call.pk])))
    assert response.status_code == 409
    assert response.json() == {"status": ["This call is a draft: nobody was asked. Delete it instead."]}


def test_a_rule_that_refuses_a_well_formed_request_is_a_422(officer):
    response = officer.post(reverse("calls-list"), {"title": "Inputs", "deadline": "2001-01-01", "categories": []})
    assert response.status_code == 422
    assert "deadline" in response.json()


def test_an_id_that_names_no_record_in_a_body_is_a_422_like_one_the_caller_may_not_see(
    api_client_for, focal_point_a, organization_b
):
    focal = api_client_for(focal_point_a)
    other = InputRequestFactory(organization=organization_b)
    missing = focal.post(reverse("updates-list"), {"title": "T", "body": "B", "input_request": 10**9})
    hidden = focal.post(reverse("updates-list"), {"title": "T", "body": "B", "input_request": other.pk})
    assert missing.status_code == hidden.status_code == 422
    assert missing.json()["input_request"][0].replace(str(10**9), "N") == hidden.json()["input_request"][0].replace(
        str(other.pk), "N"
    )


def test_a_body_that_does_not_keep_to_the_schema_is_a_400(officer):
    response = officer.post(reverse("calls-list"), {"title": "Inputs", "deadline": "someday", "categories": []})
    assert response.status_code == 400
    assert "deadline" in response.json()


def test_request_bodies_are_json_only(officer):
    response = officer.post(reverse("calls-list"), "title=Inputs", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "detail" in response.json()


def test_an_empty_idempotency_key_is_a_400(officer):
    response = officer.post(reverse("calls-list"), {"title": "Inputs"}, HTTP_IDEMPOTENCY_KEY="  ")
    assert response.status_code == 400
    assert response.json() == {"detail": "Idempotency-Key is empty: send a key, or no header."}


# --- Filters and pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", str(2**63), "-9223372036854775809"])
def test_an_id_filter_outside_1_to_the_largest_id_is_a_400(officer, value):
    for name, params in (("actions-list", {"mandate": value}), ("calls-list", {"obligation": value})):
        response = officer.get(reverse(name), params)
        assert response.status_code == 400, (name, response.content)
        assert list(response.json()) == list(params)


def test_an_id_filter_naming_nothing_is_an_empty_page(officer):
    ReportingObligationFactory()
    CallForInputsFactory()
    response = officer.get(reverse("calls-list"), {"obligation": 10**12})
    assert (response.status_code, response.json()["count"]) == (200, 0)


@pytest.mark.parametrize("name", ["search", "ordering", "due_after", "organization", "page", "page_size"])
def test_an_empty_query_parameter_is_no_parameter(officer, name):
    FollowUpActionFactory.create_batch(2)
    assert officer.get(reverse("actions-list"), {name: ""}).json()["count"] == 2


def test_an_empty_cursor_is_the_first_page(api_client_for, focal_point_a, organization_a):
    ActivityUpdateFactory(organization=organization_a)
    response = api_client_for(focal_point_a).get(reverse("updates-list"), {"cursor": ""})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


# --- Choices that may be absent ----------------------------------------------------------------------


def test_an_absent_precision_is_null_not_an_empty_text(officer):
    action = FollowUpActionFactory(due_date=None, due_precision="")
    meeting = MeetingFactory(start_date=None, end_date=None, date_precision="")
    obligation = ReportingObligationFactory(due_date=None, due_precision="")
    assert officer.get(reverse("actions-detail", args=[action.pk])).json()["due_precision"] is None
    assert officer.get(reverse("meetings-detail", args=[meeting.pk])).json()["date_precision"] is None
    assert officer.get(reverse("obligations-detail", args=[obligation.pk])).json()["due_precision"] is None


# --- The schema --------------------------------------------------------------------------------------


def test_every_write_to_an_existing_object_declares_if_match_and_every_answer_with_a_version_its_etag(schema):
    writes = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "{id}" not in path or method not in ("post", "put", "patch"):
                continue
            writes += 1
            headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
            assert headers["If-Match"]["required"], (method, path)
            assert headers["If-Match"]["schema"]["minLength"] == 1
            success = next(code for code in operation["responses"] if code.startswith("2"))
            assert "ETag" in operation["responses"][success]["headers"], (method, path)
            assert {"409", "412", "422", "428"} <= set(operation["responses"]), (method, path)
    assert writes >= 10


def test_every_post_declares_the_idempotency_key_with_its_bounds(schema):
    for path, operations in schema["paths"].items():
        if "post" not in operations or path.endswith("/auth/token/"):
            continue
        headers = {p["name"]: p for p in operations["post"].get("parameters", []) if p["in"] == "header"}
        key = headers["Idempotency-Key"]["schema"]
        assert (key["minLength"], key["maxLength"]) == (1, 200), path
        assert re.fullmatch(key["pattern"], "retry-2026-12-03") and not re.fullmatch(key["pattern"], " key")


def test_request_bodies_are_json_and_strict_bodies_refuse_unknown_fields(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is None:
                continue
            assert list(body["content"]) == ["application/json"], (method, path)
    update_write = schema["components"]["schemas"]["UpdateWriteRequest"]
    assert update_write["additionalProperties"] is False
    one_line, text = (update_write["properties"][name]["pattern"] for name in ("title", "body"))
    assert re.search(one_line, "Labour migration") and not re.search(one_line, "Line one\nLine two")
    assert re.search(text, "Line one\nLine two") and not re.search(text, "NUL \x00")
    assert update_write["properties"]["input_request"]["minimum"] == 1


def test_the_patch_of_an_update_documents_its_body(schema):
    patch = schema["paths"]["/api/v1/updates/{id}/"]["patch"]
    reference = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert reference.endswith("/PatchedUpdateWriteRequest")
    assert "required" not in schema["components"]["schemas"]["PatchedUpdateWriteRequest"]


def test_query_parameters_state_bounds_patterns_and_empty_values(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/actions/"]["get"]["parameters"]}
    assert parameters["mandate"]["schema"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert (parameters["page_size"]["schema"]["minimum"], parameters["page_size"]["schema"]["maximum"]) == (1, 200)
    assert parameters["search"]["allowEmptyValue"] is True
    assert "pattern" in parameters["search"]["schema"]
    assert "allowEmptyValue" not in parameters["status"]  # a list of choices: an empty one is none of them


def test_precisions_are_nullable_enums(schema):
    action = schema["components"]["schemas"]["Action"]["properties"]["due_precision"]
    assert action.get("nullable") is True or any(item.get("type") == "null" for item in action.get("oneOf", []))


def test_error_answers_have_one_documented_shape(schema):
    refused = schema["paths"]["/api/v1/updates/{id}/submit/"]["post"]["responses"]
    error = refused["422"]["content"]["application/json"]["schema"]
    assert error["properties"]["detail"] == {"type": "string"}
    stale = refused["412"]["content"]["application/json"]["schema"]
    assert set(stale["properties"]) == {"detail", "current"}


def test_links_lead_from_a_create_to_its_reads_and_conditional_writes(schema):
    created = schema["paths"]["/api/v1/updates/"]["post"]["responses"]["201"]
    links = created["links"]
    assert links["read"]["operationId"] == schema["paths"]["/api/v1/updates/{id}/"]["get"]["operationId"]
    assert links["edit"]["parameters"] == {"path.id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}
    operation_ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    every_link = [
        link
        for ops in schema["paths"].values()
        for op in ops.values()
        for response in op["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(every_link) >= 15
    assert {link["operationId"] for link in every_link} <= operation_ids


def test_a_patch_whose_answer_lacks_its_text_is_a_400_not_a_500(api_client_for, focal_point_a, organization_a):
    update = ActivityUpdateFactory(organization=organization_a, status="draft")
    focal = api_client_for(focal_point_a)
    url = reverse("updates-detail", args=[update.pk])
    response = focal.patch(url, {"answers": [{"prompt": 1}]}, HTTP_IF_MATCH=etag(focal, url))
    assert response.status_code == 400
    assert response.json() == {"answers": {"0": {"text": ["This field is required."]}}}


def test_the_board_documents_its_refusal_of_a_cut_off_out_of_range(schema):
    responses = schema["paths"]["/api/v1/calls/{id}/board/"]["get"]["responses"]
    assert {"400", "422"} <= set(responses)
