"""Issue #17's reporting cycle through the API: close a call, waive a request, record the report that
fulfils an obligation, and read the board on a cut-off day. Each step as the other steps are: 404 for
what the caller cannot see, 428 without If-Match, 403 for a step that is not the caller's, 412 when
stale, 400 naming the field, and a retry with the same Idempotency-Key answered as the first time."""

import datetime as dt
import zoneinfo

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.choices import OrganizationCategory as C
from coordination.choices import LedgerStatus
from coordination.deadlines import secretariat_today
from coordination.models import CallForInputs, InputRequest, ReminderEntry, ReportingObligation
from meetings.models import Document
from tests.factories import (
    CallForInputsFactory,
    DocumentFactory,
    InputRequestFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

STALE = '"0123456789abcdef0123456789abcdef"'
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def pending_point(request: InputRequest, *, status: str = LedgerStatus.PENDING, point="before_7") -> ReminderEntry:
    return ReminderEntry.objects.create(
        item_kind="input_request", item_id=request.pk, organization=request.organization, point=point,
        offset_days=-7, critical=False, due_date=request.due_date, point_date=secretariat_today(), recipient=None,
        recipient_ref=request.pk, status=status, reason="due", send_after=timezone.now(), created_at=timezone.now(),
    )  # fmt: skip


def status_of(*rows) -> list[str]:
    return [type(row).objects.get(pk=row.pk).status for row in rows]


# --- Closing a call -----------------------------------------------------------------------------


def call_url(call, step: str = "detail") -> str:
    return reverse(f"calls-{step}", args=[call.pk])


def test_closing_a_call_waives_the_silent_keeps_the_answers_and_cancels_their_pending_reminders(officer):
    call = CallForInputsFactory(status="open")
    silent = [InputRequestFactory(call=call) for _ in range(3)]
    answered = InputRequestFactory(call=call, status="answered", closed_at=timezone.now())
    waiting = [pending_point(request) for request in silent]
    sent = pending_point(silent[0], status=LedgerStatus.SENT, point="before_14")
    before = etag(officer, call_url(call))

    response = officer.post(call_url(call, "close"), format="json", HTTP_IF_MATCH=before)

    assert response.status_code == 200, response.json()
    assert response.json()["waived"] == 3
    assert (response.json()["call"]["id"], response.json()["call"]["status"]) == (call.pk, "closed")
    assert response.json()["call"]["closed_at"]
    assert response["ETag"] == etag(officer, call_url(call)) != before
    assert [(r.status, r.waived_reason) for r in InputRequest.objects.filter(pk__in=[s.pk for s in silent])] == [
        ("waived", "call closed")
    ] * 3
    assert status_of(answered) == ["answered"]
    assert status_of(*waiting) == [LedgerStatus.CANCELLED] * 3
    assert status_of(sent) == [LedgerStatus.SENT]  # what went out stays in the record


def test_a_call_closed_with_a_reason_keeps_it_with_each_request_waived(officer):
    request = InputRequestFactory(call=CallForInputsFactory(status="open"))
    response = officer.post(
        call_url(request.call, "close"), {"reason": "report sent to editing"}, format="json",
        HTTP_IF_MATCH=etag(officer, call_url(request.call)),
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert InputRequest.objects.get(pk=request.pk).waived_reason == "report sent to editing"


def test_closing_a_closed_call_again_waives_nothing(officer):
    call = CallForInputsFactory(status="closed")
    response = officer.post(call_url(call, "close"), format="json", HTTP_IF_MATCH=etag(officer, call_url(call)))
    assert (response.status_code, response.json()["waived"]) == (200, 0)


def test_closing_a_draft_is_refused_naming_the_status(officer):
    call = CallForInputsFactory(status="draft")
    request = InputRequestFactory(call=call)
    response = officer.post(call_url(call, "close"), format="json", HTTP_IF_MATCH=etag(officer, call_url(call)))
    assert response.status_code == 409  # well formed, but not in the call's present state
    assert "draft" in response.json()["status"][0]
    assert status_of(call, request) == ["draft", "open"]


def test_a_call_closed_twice_with_one_key_is_answered_the_same_and_closed_once(officer):
    call = CallForInputsFactory(status="open")
    InputRequestFactory.create_batch(2, call=call)
    seen = etag(officer, call_url(call))
    first = officer.post(call_url(call, "close"), format="json", HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="close-1")
    again = officer.post(call_url(call, "close"), format="json", HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="close-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert first.json()["waived"] == 2  # not the 0 of a second closing


# --- Waiving a request --------------------------------------------------------------------------


def request_url(request, step: str = "detail") -> str:
    return reverse(f"input-requests-{step}", args=[request.pk])


def test_waiving_a_request_keeps_the_reason_and_cancels_its_pending_reminders(officer, organization_a):
    request = InputRequestFactory(organization=organization_a)
    other = InputRequestFactory(call=request.call)
    mine, theirs = pending_point(request), pending_point(other)
    before = etag(officer, request_url(request))

    response = officer.post(
        request_url(request, "waive"), {"reason": "Answered in a joint letter."}, format="json", HTTP_IF_MATCH=before
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["waived_reason"]) == ("waived", "Answered in a joint letter.")
    assert response.json()["deadline_state"] == "closed" and response.json()["closed_at"]
    assert response["ETag"] == etag(officer, request_url(request)) != before
    assert status_of(mine, theirs) == [LedgerStatus.CANCELLED, LedgerStatus.PENDING]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_a_waive_without_a_reason_is_refused_naming_the_reason(officer, body):
    request = InputRequestFactory()
    response = officer.post(request_url(request, "waive"), body, format="json",
                            HTTP_IF_MATCH=etag(officer, request_url(request)))  # fmt: skip
    assert response.status_code == 400
    assert "reason" in response.json()
    assert status_of(request) == ["open"]


def test_waiving_an_answered_request_is_refused(officer):
    request = InputRequestFactory(status="answered", closed_at=timezone.now())
    response = officer.post(request_url(request, "waive"), {"reason": "No longer needed."}, format="json",
                            HTTP_IF_MATCH=etag(officer, request_url(request)))  # fmt: skip
    assert response.status_code == 409
    assert "only an open request is waived" in response.json()["detail"]
    assert status_of(request) == ["answered"]


def test_a_waive_retried_with_its_key_is_answered_the_same(officer):
    request = InputRequestFactory()
    seen = etag(officer, request_url(request))
    answers = [
        officer.post(request_url(request, "waive"), {"reason": "Asked by mistake."}, format="json",
                     HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="waive-1")
        for _ in range(2)
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].json() == answers[0].json()


# --- Recording the report -----------------------------------------------------------------------


def obligation_url(obligation, step: str = "detail") -> str:
    return reverse(f"obligations-{step}", args=[obligation.pk])


def record(client, obligation, body: dict, **headers):
    if "HTTP_IF_MATCH" not in headers:
        headers["HTTP_IF_MATCH"] = etag(client, obligation_url(obligation))
    return client.post(obligation_url(obligation, "record-report"), body, format="json", **headers)


def test_recording_a_new_report_fulfils_the_obligation_closes_its_calls_and_schedules_the_next(officer):
    obligation = ReportingObligationFactory(recurrence="annual")
    call = CallForInputsFactory(status="open", obligation=obligation)
    silent = InputRequestFactory(call=call)
    point = pending_point(silent)
    other_call = CallForInputsFactory(status="open")  # serves another report: left open
    issued = secretariat_today() - dt.timedelta(days=2)
    before = etag(officer, obligation_url(obligation))

    response = record(
        officer, obligation, {"symbol": "A/63/265", "title": "International migration and development",
                              "date": issued.isoformat()}, HTTP_IF_MATCH=before,
    )  # fmt: skip

    assert response.status_code == 200, response.json()
    body = response.json()
    document = Document.objects.get(symbol="A/63/265")
    assert body["document"] == {
        "id": document.pk, "symbol": "A/63/265", "title": "International migration and development",
        "kind": "sg_report", "date": issued.isoformat(),
    }  # fmt: skip
    assert (body["obligation"]["status"], body["obligation"]["fulfilled_by"]) == ("done", document.pk)
    assert body["obligation"]["completed_on"] == issued.isoformat()
    assert body["calls_closed"] == 1
    following = ReportingObligation.objects.get(pk=body["following"]["id"])
    assert (following.status, following.due_date) == (
        "open",
        obligation.due_date.replace(year=obligation.due_date.year + 1),
    )
    assert body["following"]["due_date"] == following.due_date.isoformat()
    assert response["ETag"] == etag(officer, obligation_url(obligation)) != before
    assert status_of(call, other_call, silent, point) == ["closed", "open", "waived", LedgerStatus.CANCELLED]
    assert InputRequest.objects.get(pk=silent.pk).waived_reason.startswith("report issued (A/63/265")


def test_recording_a_document_already_recorded_fulfils_a_one_off_obligation_with_no_next(officer):
    obligation = ReportingObligationFactory()
    document = DocumentFactory(symbol="A/59/325")
    response = record(officer, obligation, {"document": document.pk})
    assert response.status_code == 200, response.json()
    assert (response.json()["document"]["id"], response.json()["following"], response.json()["calls_closed"]) == (
        document.pk, None, 0,
    )  # fmt: skip
    obligation.refresh_from_db()
    assert (obligation.status, obligation.fulfilled_by, obligation.completed_on) == ("done", document, document.date)
    assert ReportingObligation.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "field", "words"),
    [
        # 422: well formed, refused by a rule or naming no record; 400: not as the schema says.
        ({"title": "A report", "date": "2999-12-31"}, 422, "date", "has not come yet"),
        ({"symbol": "A/63/265"}, 422, "date", "the day the report was issued"),
        ({"date": "2008-08-08"}, 422, "symbol", "symbol"),
        ({"symbol": "", "title": "  ", "date": "2008-08-08"}, 422, "symbol", "symbol"),
        ({"symbol": "A/63/265", "date": "2027-02-31"}, 400, "date", "February 2027 has 28 days"),
        ({"symbol": "A/63/265", "date": "8 August 2008"}, 400, "date", "YYYY-MM-DD"),
        ({"document": 999_999}, 422, "document", ""),
        ({"symbol": "A/63/265", "date": "2008-08-08", "fulfilled_by": 3}, 400, "fulfilled_by", "Unknown"),
    ],
)
def test_a_report_that_cannot_be_recorded_is_refused_naming_the_field_and_changes_nothing(
    officer, body, status, field, words
):
    obligation = ReportingObligationFactory()
    documents = Document.objects.count()
    response = record(officer, obligation, body)
    assert response.status_code == status
    assert words in response.json()[field][0]
    assert status_of(obligation) == ["open"]
    assert Document.objects.count() == documents


def test_a_document_and_a_new_ones_symbol_together_are_refused(officer):
    obligation = ReportingObligationFactory()
    response = record(officer, obligation, {"document": DocumentFactory().pk, "symbol": "A/63/265"})
    assert response.status_code == 422
    assert "not both" in response.json()["document"][0]
    assert status_of(obligation) == ["open"]


def test_recording_a_report_on_a_done_obligation_is_refused(officer):
    document = DocumentFactory(symbol="A/59/325")
    obligation = ReportingObligationFactory(status="done", fulfilled_by=document, completed_on=document.date)
    response = record(officer, obligation, {"document": DocumentFactory().pk})
    assert response.status_code == 409
    assert "This obligation is done (report A/59/325" in response.json()["detail"]
    assert ReportingObligation.objects.get(pk=obligation.pk).fulfilled_by == document


def test_a_report_recorded_twice_with_one_key_is_answered_the_same_and_recorded_once(officer):
    obligation = ReportingObligationFactory(recurrence="biennial")
    seen = etag(officer, obligation_url(obligation))
    body = {"symbol": "A/65/203", "date": "2010-08-02"}
    first = record(officer, obligation, body, HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="report-1")
    again = record(officer, obligation, body, HTTP_IF_MATCH=seen, HTTP_IDEMPOTENCY_KEY="report-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert ReportingObligation.objects.count() == 2  # the obligation and one next occurrence
    assert Document.objects.filter(symbol="A/65/203").count() == 1


# --- Who may take the steps, and with which version ------------------------------------------------


def steps(organization_a):
    """Each step, on an object organization A's focal point can see: (url, detail url, body)."""
    request = InputRequestFactory(organization=organization_a)
    obligation = ReportingObligationFactory()
    return {
        "close": (call_url(request.call, "close"), call_url(request.call), {}),
        "waive": (request_url(request, "waive"), request_url(request), {"reason": "Asked by mistake."}),
        "record-report": (
            obligation_url(obligation, "record-report"),
            obligation_url(obligation),
            {"symbol": "A/63/265", "date": "2008-08-08"},
        ),
    }


def nothing_changed() -> bool:
    return (
        set(CallForInputs.objects.values_list("status", flat=True)) == {"open"}
        and set(InputRequest.objects.values_list("status", flat=True)) == {"open"}
        and set(ReportingObligation.objects.values_list("status", flat=True)) == {"open"}
    )


@pytest.mark.parametrize("step", ["close", "waive", "record-report"])
def test_a_focal_point_seeing_the_object_is_refused_the_step_with_a_403(
    api_client_for, focal_point_a, organization_a, step
):
    client = api_client_for(focal_point_a)
    url, detail, body = steps(organization_a)[step]
    response = client.post(url, body, format="json", HTTP_IF_MATCH=etag(client, detail))
    assert response.status_code == 403
    assert "secretariat" in response.json()["detail"]
    assert nothing_changed()


@pytest.mark.parametrize("step", ["close", "waive", "record-report"])
def test_without_if_match_a_step_is_a_428_before_saying_whose_it_is(
    api_client_for, focal_point_a, secretariat_user, organization_a, step
):
    url, _, body = steps(organization_a)[step]
    for person in (secretariat_user, focal_point_a):
        assert api_client_for(person).post(url, body, format="json").status_code == 428
    assert nothing_changed()


@pytest.mark.parametrize("step", ["close", "waive", "record-report"])
def test_a_step_on_a_stale_version_is_a_412_with_the_current_one(officer, organization_a, step):
    url, detail, body = steps(organization_a)[step]
    response = officer.post(url, body, format="json", HTTP_IF_MATCH=STALE)
    assert response.status_code == 412
    assert response.json()["current"]["id"] == officer.get(detail).json()["id"]
    assert response["ETag"] == etag(officer, detail)
    assert nothing_changed()


@pytest.mark.parametrize("step", ["close", "waive", "record-report"])
def test_anonymous_callers_get_a_401(api_client_for, organization_a, step):
    url, _, body = steps(organization_a)[step]
    assert api_client_for(None).post(url, body, format="json", HTTP_IF_MATCH=STALE).status_code == 401


@pytest.mark.parametrize("actor", ["focal_point_b", "no_organization_user"])
def test_another_organizations_request_is_a_404_to_waive(request, api_client_for, organization_a, actor):
    url, _, body = steps(organization_a)["waive"]
    client = api_client_for(request.getfixturevalue(actor))
    assert client.post(url, body, format="json", HTTP_IF_MATCH=STALE).status_code == 404
    assert nothing_changed()


@pytest.mark.parametrize("step", ["close", "waive", "record-report"])
def test_a_step_on_nothing_is_a_404(officer, step):
    url = {
        "close": reverse("calls-close", args=[999_999]),
        "waive": reverse("input-requests-waive", args=[999_999]),
        "record-report": reverse("obligations-record-report", args=[999_999]),
    }[step]
    assert officer.post(url, {"reason": "x"}, format="json", HTTP_IF_MATCH=STALE).status_code == 404


# --- The board on a cut-off day -------------------------------------------------------------------


def new_york(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), NEW_YORK)


CUTOFF = dt.date(2026, 7, 15)


def answered_call(*, extra: int = 0):
    """A call to commissions and agencies: some answered before the cut-off, at its last minute (New
    York), after it; one declined; one waived; ``extra`` more agencies that stay silent."""
    call = CallForInputsFactory(status="open", deadline=CUTOFF)

    def asked(category, status="open", closed_at=None, **extra_fields):
        return InputRequestFactory(
            call=call, organization=OrganizationFactory(category=category), status=status, closed_at=closed_at,
            **extra_fields,
        )  # fmt: skip

    asked(C.REGIONAL_COMMISSION, "answered", new_york(CUTOFF - dt.timedelta(days=3), 10))
    asked(C.REGIONAL_COMMISSION, "answered", new_york(CUTOFF, 23, 59))  # counts: the day ends in New York
    asked(C.REGIONAL_COMMISSION, "answered", new_york(CUTOFF + dt.timedelta(days=1), 0, 1))  # too late
    asked(C.SPECIALIZED_AGENCY, "declined", new_york(CUTOFF, 9), declined_reason="Nothing new")
    asked(C.SPECIALIZED_AGENCY, "waived", new_york(CUTOFF, 9), waived_reason="call closed")
    asked(C.SECRETARIAT)
    for _ in range(extra):
        asked(C.SPECIALIZED_AGENCY)
    return call


def test_the_board_counts_per_category_who_answered_by_the_end_of_the_cut_off_day(officer):
    call = answered_call()
    response = officer.get(call_url(call, "board"), {"cutoff": CUTOFF.isoformat()})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["asked"], body["answered"], body["declined"], body["waived"]) == (6, 3, 1, 1)
    assert body["answered_by"]["cutoff"] == CUTOFF.isoformat()
    assert [
        (row["category"], row["asked"], row["answered"], row["declined"]) for row in body["answered_by"]["categories"]
    ] == [("secretariat", 1, 0, 0), ("regional_commission", 3, 2, 0), ("specialized_agency", 2, 0, 1)]
    assert body["answered_by"]["categories"][1]["label"] == "Regional commissions"


@pytest.mark.parametrize("query", [{}, {"cutoff": ""}])
def test_without_a_cut_off_the_board_is_as_before(officer, query):
    response = officer.get(call_url(answered_call(), "board"), query)
    assert response.status_code == 200
    assert response.json()["answered_by"] is None
    assert response.json()["asked"] == 6


@pytest.mark.parametrize(
    ("cutoff", "words"),
    [
        ("15/07/2026", "Write the day as YYYY-MM-DD, for example 2027-03-15."),
        ("2026-7-15", "Write the day as YYYY-MM-DD"),
        ("yesterday", "Write the day as YYYY-MM-DD"),
        ("2027-02-31", "2027-02-31 is not a day of the calendar: February 2027 has 28 days."),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-13-01", "a year has 12 months"),
        ("2026-07-00", "July 2026 has 31 days"),
        ("9999-12-31", "Give a day from the year 1900 to 2999."),
        ("0000-01-01", "Give a day from the year 1900 to 2999."),
        ("\u0662\u0660\u0662\u0666-\u0660\u0667-\u0661\u0665", "YYYY-MM-DD"),  # Arabic-Indic digits
    ],
)
def test_a_cut_off_that_is_not_a_day_is_refused_in_plain_words(officer, cutoff, words):
    response = officer.get(call_url(answered_call(), "board"), {"cutoff": cutoff})
    # A day of the calendar outside the years the tool keeps is well formed, refused by a rule: 422.
    assert response.status_code == (422 if words.startswith("Give a day from") else 400)
    assert words in response.json()["cutoff"][0]


def test_the_board_is_the_secretariats_even_with_a_cut_off(api_client_for, focal_point_a, organization_a):
    call = answered_call()
    InputRequestFactory(call=call, organization=organization_a)
    url = call_url(call, "board")
    assert api_client_for(focal_point_a).get(url, {"cutoff": "2027-02-31"}).status_code == 403
    assert api_client_for(None).get(url, {"cutoff": CUTOFF.isoformat()}).status_code == 401


def test_the_board_with_a_cut_off_runs_the_same_queries_for_3_and_30_organizations(officer):
    def queries(call) -> int:
        with CaptureQueriesContext(connection) as context:
            response = officer.get(call_url(call, "board"), {"cutoff": CUTOFF.isoformat()})
        assert response.status_code == 200
        return len(context), response.json()["asked"]

    few, few_asked = queries(answered_call())
    many, many_asked = queries(answered_call(extra=27))
    assert (few_asked, many_asked) == (6, 33)
    assert many == few


# --- The schema -------------------------------------------------------------------------------------


def test_the_schema_documents_each_step_with_its_headers_and_the_cut_off(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    paths = yaml.safe_load((tmp_path / "schema.yaml").read_text())["paths"]
    for path in ("calls/{id}/close/", "input-requests/{id}/waive/", "obligations/{id}/record-report/"):
        operation = paths[f"/api/v1/{path}"]["post"]
        headers = {p["name"]: p.get("required", False) for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"If-Match": True, "Idempotency-Key": False}, path
        assert {"200", "400", "403", "404", "412", "422", "428"} <= set(operation["responses"]), path
    board = paths["/api/v1/calls/{id}/board/"]["get"]
    assert [p["name"] for p in board["parameters"] if p["in"] == "query"] == ["cutoff"]
    assert {"200", "400", "403", "404"} <= set(board["responses"])
