"""Spreadsheets of reporting obligations, input requests, mandates and a call's board, through the
admin as the secretariat uses it: each export reads back as an import (a preview that writes
nothing, then the import) and restores the rows; what only a step changes is exported only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.board import call_board
from coordination.choices import InputRequestStatus, ItemStatus, MandateKind, Recurrence
from coordination.models import InputRequest, Mandate, ReportingObligation
from coordination.services import input_request_decline, item_mark_done
from meetings.choices import DatePrecision
from tests.factories import (
    CallForInputsFactory,
    DocumentFactory,
    GeneralAssemblyFactory,
    InputRequestFactory,
    MandateFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    SessionFactory,
)
from tests.spreadsheet_files import (
    confirm,
    export_file,
    preview_errors,
    read_rows,
    round_trip,
    upload_file,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

KINDS = ["csv", "xlsx"]


def _text(rows: list[dict]) -> list[dict]:
    """Rows compared as text: an XLSX gives dates and numbers as such, a CSV as text."""
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


# --- Reporting obligations ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_obligations_export_reads_back_as_an_import_that_restores_the_rows(officer_client, secretariat_user, kind):
    general_assembly = GeneralAssemblyFactory()
    mandate = MandateFactory(body=general_assembly, number="58/208")
    at_session = ReportingObligationFactory(
        mandate=mandate,
        description="Report at the sixty-third session",
        due_precision=DatePrecision.SESSION,
        due_session=SessionFactory(body=general_assembly, number=63, year=2008),
        due_date=None,
        due_as_stated="at its sixty-third session",
        recurrence=Recurrence.BIENNIAL,
        responsible_officer=secretariat_user,
    )
    done = ReportingObligationFactory(
        mandate=mandate,
        description="Report of 2004",
        due_precision=DatePrecision.YEAR,
        due_date=dt.date(2004, 1, 1),
        status=ItemStatus.DONE,
        completed_on=dt.date(2004, 9, 2),
        fulfilled_by=DocumentFactory(symbol="A/59/325"),
    )
    pks = [at_session.pk, done.pk]

    def change():
        ReportingObligation.objects.filter(pk=at_session.pk).update(description="Changed", recurrence="none")
        ReportingObligation.objects.filter(pk=done.pk).update(completed_on=dt.date(2004, 12, 1))

    def still_changed():
        return ReportingObligation.objects.filter(description="Changed").exists()

    before, after = round_trip(
        officer_client, "coordination_reportingobligation", pks, kind, change=change, still_changed=still_changed
    )

    assert _text(after) == _text(before)
    assert {row["description"] for row in _text(before)} == {"Report at the sixty-third session", "Report of 2004"}
    by_description = {row["description"]: row for row in _text(before)}
    assert by_description["Report of 2004"] | {"deadline": ""} == {
        "id": str(done.pk),
        "mandate": "GA 58/208",
        "description": "Report of 2004",
        "addressee": "GA",
        "due_date": "2004-12-31",
        "due_precision": "year",
        "due_as_stated": "",
        "due_session": "",
        "deadline": "",
        "status": "done",
        "completed_on": "2004-09-02",
        "fulfilled_by": "A/59/325",
        "recurrence": "none",
        "responsible_officer": "",
    }
    assert by_description["Report at the sixty-third session"]["due_session"] == "GA 63"
    at_session.refresh_from_db()
    assert (at_session.description, at_session.recurrence) == ("Report at the sixty-third session", "biennial")


def test_an_obligation_file_is_imported_through_the_item_service_with_each_rows_errors(officer_client):
    GeneralAssemblyFactory()
    MandateFactory(number="58/208")
    rows = [
        ["id", "mandate", "description", "addressee", "due_date", "due_precision", "status", "fulfilled_by"],
        ["", "GA 58/208", "A new report", "GA", "2027-09-30", "", "", ""],
        ["", "GA 99/999", "Unknown mandate", "GA", "", "", "", ""],
        ["", "GA 58/208", "Fulfilled but open", "GA", "", "", "open", "A/59/325"],
    ]
    DocumentFactory(symbol="A/59/325")

    preview = upload_file(officer_client, "coordination_reportingobligation", xlsx_file(rows), "xlsx")

    errors = preview_errors(preview)
    assert set(errors) == {2, 3}
    assert errors[2] == {"mandate": ["No mandate 99/999 of GA is recorded: add the mandate first."]}
    assert list(errors[3]) == ["fulfilled_by"] and "write status “done”" in errors[3]["fulfilled_by"][0]
    assert not ReportingObligation.objects.exists()


# --- Input requests -----------------------------------------------------------------------------------


@pytest.fixture
def answered_call(secretariat_user):
    """A call with one request answered on 3 March 2026 (by the secretariat's calendar), one declined, one open."""
    call = CallForInputsFactory(title="Inputs for the 2026 report", deadline=dt.date(2026, 3, 1))
    answered = InputRequestFactory(call=call, organization=OrganizationFactory(acronym="ILO"))
    declined = InputRequestFactory(call=call, organization=OrganizationFactory(acronym="IOM"))
    still_open = InputRequestFactory(call=call, organization=OrganizationFactory(acronym="UNHCR"))
    now = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)
    item_mark_done(item=answered, completed_on=dt.date(2026, 3, 3), by=secretariat_user, now=now)
    input_request_decline(input_request=declined, reason="Nothing to report this year.", by=secretariat_user, now=now)
    return call, answered, declined, still_open


@pytest.mark.parametrize("kind", KINDS)
def test_input_requests_export_their_answer_day_and_read_back_as_an_import(officer_client, answered_call, kind):
    call, answered, declined, still_open = answered_call
    pks = [answered.pk, declined.pk, still_open.pk]

    def change():
        InputRequest.objects.filter(pk=still_open.pk).update(due_as_stated="changed")

    def still_changed():
        return InputRequest.objects.filter(due_as_stated="changed").exists()

    before, after = round_trip(
        officer_client, "coordination_inputrequest", pks, kind, change=change, still_changed=still_changed
    )

    assert _text(after) == _text(before)
    rows = {row["organization"]: row for row in _text(before)}
    board = {row.request.organization.acronym: row for row in call_board(call).rows}
    assert rows["ILO"]["answered_on"] == "2026-03-03"
    assert board["ILO"].answered_on == dt.date(2026, 3, 3)  # the day the board counts
    assert (rows["ILO"]["status"], rows["IOM"]["status"], rows["UNHCR"]["status"]) == ("answered", "declined", "open")
    assert rows["IOM"]["declined_reason"] == "Nothing to report this year."
    assert rows["UNHCR"]["answered_on"] == ""
    assert rows["UNHCR"]["call"] == "Inputs for the 2026 report"


def test_an_input_requests_status_and_answer_day_are_not_imported(officer_client, answered_call):
    _call, _answered, _declined, still_open = answered_call
    content = export_file(officer_client, "coordination_inputrequest", [still_open.pk], "csv")
    edited = content.decode("utf-8-sig").replace(",open,", ",answered,")
    assert ",answered," in edited

    preview = upload_file(officer_client, "coordination_inputrequest", edited.encode(), "csv")

    assert preview_errors(preview) == {}
    assert preview.context["result"].totals["skip"] == 1  # nothing importable changed
    still_open.refresh_from_db()
    assert still_open.status == InputRequestStatus.OPEN


def test_a_new_input_request_is_added_through_the_item_service(officer_client, organization_a):
    call = CallForInputsFactory(title="Inputs", deadline=dt.date(2026, 6, 30))
    rows = [["call", "organization", "due_date"], ["Inputs", "ORGA", "2026-06-30"], ["Inputs", "NOPE", ""]]

    preview = upload_file(officer_client, "coordination_inputrequest", xlsx_file(rows), "xlsx")

    assert preview_errors(preview) == {
        2: {"organization": ["No organization has the acronym “NOPE”: add it first, or correct the acronym."]}
    }
    good = upload_file(officer_client, "coordination_inputrequest", xlsx_file(rows[:2]), "xlsx")
    confirm(officer_client, "coordination_inputrequest", good)
    request = InputRequest.objects.get(call=call, organization=organization_a)
    assert (request.status, request.due_date, request.history.first().history_user.username) == (
        "open",
        dt.date(2026, 6, 30),
        "officer",
    )


# --- Mandates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_mandates_export_reads_back_as_an_import_that_restores_the_rows(officer_client, kind):
    general_assembly = GeneralAssemblyFactory()
    ecosoc = OrganizationFactory(acronym="ECOSOC", name="Economic and Social Council")
    resolution = MandateFactory(
        body=general_assembly,
        number="58/208",
        title="International migration and development",
        session=SessionFactory(body=general_assembly, number=58, year=2003),
        document=DocumentFactory(symbol="A/RES/58/208"),
    )
    decision = MandateFactory(body=ecosoc, number="2006/2", kind=MandateKind.DECISION, adoption_date=None, title="")

    def change():
        Mandate.objects.filter(pk=resolution.pk).update(title="Changed", adoption_date=dt.date(2000, 1, 1))
        Mandate.objects.filter(pk=decision.pk).update(kind=MandateKind.RESOLUTION)

    def still_changed():
        return Mandate.objects.filter(title="Changed").exists()

    before, after = round_trip(
        officer_client, "coordination_mandate", [resolution.pk, decision.pk], kind, change=change,
        still_changed=still_changed,
    )  # fmt: skip

    assert _text(after) == _text(before)
    rows = {row["number"]: row for row in _text(before)}
    assert rows["58/208"] | {"adoption_date": ""} == {
        "body": "GA",
        "number": "58/208",
        "kind": "resolution",
        "adoption_date": "",
        "title": "International migration and development",
        "session": "GA 58",
        "document": "A/RES/58/208",
    }
    assert (rows["2006/2"]["body"], rows["2006/2"]["kind"]) == ("ECOSOC", "decision")
    decision.refresh_from_db()
    assert decision.kind == MandateKind.DECISION


# --- The board ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_calls_board_exports_from_its_page_with_the_boards_figures(officer_client, answered_call, kind):
    call = answered_call[0]
    page = officer_client.get(reverse("admin:coordination_callforinputs_change", args=[call.pk]))
    url = reverse("admin:coordination_callforinputs_board_export", args=[call.pk, kind])
    assert url in page.content.decode()

    response = officer_client.get(url)

    assert response.status_code == 200
    assert f'filename="call-{call.pk}-board-' in response["Content-Disposition"]
    rows = {row["organization"]: row for row in _text(read_rows(response.content, kind))}
    board = {row.request.organization.short_name: row for row in call_board(call, today=timezone.localdate()).rows}
    assert set(rows) == set(board) == {"ILO", "IOM", "UNHCR"}
    for acronym, row in rows.items():
        expected = board[acronym]
        assert row["status"] == expected.request.get_status_display()
        assert row["answered_on"].startswith(str(expected.answered_on or ""))
        assert row["days_late"] == str(expected.days_late or "")
        assert (row["reminders"], row["rounds_returned"]) == (str(expected.reminders), str(expected.rounds_returned))
    assert rows["ILO"]["days_late"] == "2"  # due 1 March, answered 3 March
    assert list(rows["ILO"]) == [
        "organization", "organization_name", "category", "status", "due_date", "answered_on", "days_late",
        "reminders", "rounds_returned",
    ]  # fmt: skip


def test_the_board_of_a_call_nobody_may_see_is_not_exported(client, no_organization_user, answered_call):
    call = answered_call[0]
    client.force_login(no_organization_user)
    response = client.get(reverse("admin:coordination_callforinputs_board_export", args=[call.pk, "csv"]))
    assert response.status_code == 302  # to the admin's login
