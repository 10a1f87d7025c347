"""Spreadsheet import and export in the admin: organizations, focal points and follow-up actions,
from CSV and XLSX, through the admin's upload → preview → confirm flow, logged in as the
secretariat; a file with a bad row shows each row's errors by column and imports nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.choices import FocalPointRole, OrganizationCategory
from agencies.models import FocalPoint, Organization
from coordination.choices import ItemStatus
from coordination.models import FollowUpAction
from coordination.resources import FollowUpActionResource
from core.spreadsheets import CSV
from meetings.choices import DatePrecision
from tests.factories import (
    DocumentFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    GeneralAssemblyFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1"}  # the order of the admin's import and export formats


def spreadsheet(rows: list[list], kind: str) -> SimpleUploadedFile:
    if kind == "csv":
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        return SimpleUploadedFile("upload.csv", text.getvalue().encode("utf-8"), content_type="text/csv")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(
        "upload.xlsx",
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def upload(client, model: str, rows: list[list], kind: str):
    """The first step: upload a file; the answer is the preview (or the errors)."""
    response = client.post(
        reverse(f"admin:{model}_import"),
        {"format": FORMATS[kind], "resource": "0", "import_file": spreadsheet(rows, kind)},
    )
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()
    return response


def confirm(client, model: str, preview):
    """The second step: confirm the previewed import, as the preview page's button does."""
    form = preview.context.get("confirm_form")
    assert form is not None, "the preview offers no confirmation"
    response = client.post(reverse(f"admin:{model}_process_import"), form.initial, follow=True)
    assert response.status_code == 200
    return response


def row_errors(preview) -> dict[int, dict[str, list[str]]]:
    """Row number → column → messages, as the preview shows them."""
    result = preview.context["result"]
    return {
        row.number: {column: [str(m) for m in messages] for column, messages in row.field_specific_errors.items()}
        for row in result.invalid_rows
    }


# --- Organizations -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_organizations_import_after_a_preview_and_update_by_acronym_or_name(officer_client, organization_a, kind):
    centre = OrganizationFactory(acronym="", name="Centre for Human Rights", category="other")
    rows = [
        ["acronym", "name", "category", "parent", "website"],
        ["DESA", "Department of Economic and Social Affairs", "secretariat", "", "https://www.un.org/desa"],
        ["DESA-PD", "Population Division", "United Nations Secretariat", "desa", ""],
        ["ILO", "International Labour Organization", "Specialized agencies and related organizations", "", ""],
        ["orga", "Organization A, renamed", "fund_programme", "", ""],
        ["", "Centre for Human Rights", "secretariat", "DESA", "https://www.ohchr.org"],
        ["", "Global Commission on International Migration", "other", "", ""],
    ]
    preview = upload(officer_client, "agencies_organization", rows, kind)
    page = preview.content.decode()
    assert "Preview" in page and "Population Division" in page
    # Nothing is written before the confirmation.
    assert not Organization.objects.filter(acronym__in=["DESA", "DESA-PD", "ILO"]).exists()

    done = confirm(officer_client, "agencies_organization", preview)

    assert "Import finished" in done.content.decode()
    division = Organization.objects.get(acronym="DESA-PD")
    assert division.parent.acronym == "DESA"
    assert division.category == OrganizationCategory.SECRETARIAT
    assert Organization.objects.get(acronym="ILO").category == OrganizationCategory.SPECIALIZED_AGENCY
    organization_a.refresh_from_db()
    assert (organization_a.name, organization_a.category) == ("Organization A, renamed", "fund_programme")
    assert Organization.objects.filter(acronym__iexact="orga").count() == 1
    # Without an acronym, an organization is matched on its name.
    centre.refresh_from_db()
    assert (centre.category, centre.parent.acronym, centre.website) == ("secretariat", "DESA", "https://www.ohchr.org")
    assert Organization.objects.get(name="Global Commission on International Migration").acronym == ""


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_organizations_file_with_bad_rows_shows_each_rows_errors_and_imports_nothing(officer_client, kind):
    OrganizationFactory(acronym="UNHCR", name="Office of the High Commissioner for Refugees")
    rows = [
        ["acronym", "name", "category", "parent"],
        ["IOM", "International Organization for Migration", "other_intergovernmental", ""],
        ["UNFPA", "United Nations Population Fund", "agency", ""],
        ["DIV", "A division", "secretariat", "NOPE"],
        ["", "", "secretariat", ""],
        ["XYZ", "", "secretariat", ""],
        ["UNHCR2", "Office of the High Commissioner for Refugees", "fund_programme", ""],
    ]
    preview = upload(officer_client, "agencies_organization", rows, kind)

    assert preview.context.get("confirm_form") is None
    page = preview.content.decode()
    assert "Some rows failed to validate" in page
    errors = row_errors(preview)
    assert set(errors) == {2, 3, 4, 5, 6}
    assert list(errors[2]) == ["category"]
    assert "“agency” is not one of secretariat" in errors[2]["category"][0]
    assert errors[3] == {"parent": ["No organization has the acronym “NOPE”: add it first, or correct the acronym."]}
    assert errors[4] == errors[5] == {"name": ["This field cannot be blank."]}
    assert errors[6] == {"name": ["Another organization without a parent already has this name."]}
    assert "No organization has the acronym “NOPE”" in page
    # The good row was not imported either.
    assert not Organization.objects.filter(acronym="IOM").exists()


def test_a_file_without_the_acronym_column_is_refused_with_the_columns_to_give(officer_client):
    preview = upload(officer_client, "agencies_organization", [["name", "category"], ["X", "secretariat"]], "csv")
    page = preview.content.decode()
    assert "The file has no column acronym" in page
    assert preview.context.get("confirm_form") is None
    assert not Organization.objects.filter(name="X").exists()


# --- Focal points --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_focal_points_import_creates_missing_people_inactive_without_a_password(
    officer_client, organization_a, focal_point_a, kind
):
    organization_b = OrganizationFactory(acronym="ORGB")
    since = dt.date(2026, 1, 15) if kind == "xlsx" else "2026-01-15"  # a date cell in the spreadsheet
    rows = [
        ["organization", "email", "first_name", "last_name", "role", "since"],
        ["ORGA", "Amina.Diallo@orga.example.org", "Amina", "Diallo", "alternate", since],
        ["orgb", focal_point_a.email, "", "", "Head of organization", ""],
        ["ORGA", focal_point_a.email, "", "", "primary", ""],
    ]
    preview = upload(officer_client, "agencies_focalpoint", rows, kind)
    assert "Preview" in preview.content.decode()
    assert not get_user_model().objects.filter(email__iexact="amina.diallo@orga.example.org").exists()

    confirm(officer_client, "agencies_focalpoint", preview)

    amina = get_user_model().objects.get(email="amina.diallo@orga.example.org")
    assert (amina.username, amina.first_name, amina.last_name) == ("amina.diallo@orga.example.org", "Amina", "Diallo")
    assert not amina.is_active
    assert not amina.has_usable_password()
    assert not amina.is_staff
    focal_point = FocalPoint.objects.get(user=amina)
    assert (focal_point.organization, focal_point.role, focal_point.since) == (
        organization_a,
        FocalPointRole.ALTERNATE,
        dt.date(2026, 1, 15),
    )
    assert FocalPoint.objects.get(user=focal_point_a, organization=organization_b).role == FocalPointRole.HEAD
    # The existing role was matched on (organization, e-mail), not duplicated.
    assert FocalPoint.objects.filter(user=focal_point_a, organization=organization_a).count() == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_focal_points_file_with_bad_rows_shows_each_rows_errors_and_imports_nothing(
    officer_client, organization_a, secretariat_user, kind
):
    rows = [
        ["organization", "email", "role", "since"],
        ["ORGA", "new.person@orga.example.org", "alternate", ""],
        ["NOPE", "someone@example.org", "chief", ""],
        ["ORGA", "not-an-address", "primary", ""],
        ["ORGA", "other@orga.example.org", "boss", ""],
        ["ORGA", secretariat_user.email, "primary", ""],
        ["ORGA", "late@orga.example.org", "primary", "31/12/2026"],
    ]
    preview = upload(officer_client, "agencies_focalpoint", rows, kind)

    assert preview.context.get("confirm_form") is None
    errors = row_errors(preview)
    assert set(errors) == {2, 3, 4, 5, 6}
    # Every error of a row at once, each under its column.
    assert errors[2] == {
        "organization": ["No organization has the acronym “NOPE”: add it first, or correct the acronym."],
        "role": ["“chief” is not one of primary, alternate, head."],
    }
    assert errors[3] == {"email": ["“not-an-address” is not an e-mail address."]}
    assert list(errors[4]) == ["role"] and "“boss” is not one of primary, alternate, head" in errors[4]["role"][0]
    assert errors[5] == {"email": ["Staff users cannot be focal points: the admin is for the secretariat only."]}
    assert errors[6] == {"since": ["“31/12/2026” is not a date: write it as YYYY-MM-DD, for example 2026-03-31."]}
    # Nothing was written: not the good row, nor the people the file would have created.
    assert not get_user_model().objects.filter(email__endswith="@orga.example.org").exists()
    assert not FocalPoint.objects.filter(organization=organization_a).exists()


# --- Follow-up actions ---------------------------------------------------------------------------------


@pytest.fixture
def actions_admin():
    model_admin = admin.site._registry[FollowUpAction]
    assert FollowUpActionResource in getattr(model_admin, "resource_classes", []), (
        "FollowUpActionAdmin must take SpreadsheetAdminMixin (agencies.admin) and "
        "resource_classes = [FollowUpActionResource]"
    )
    return model_admin


@pytest.fixture
def origins(db):
    return {
        "meeting": MeetingFactory(
            title="Fourth Coordination Meeting", start_date=dt.date(2005, 10, 26), end_date=None
        ),
        "mandate": MandateFactory(body=GeneralAssemblyFactory(), number="58/208"),
        "document": DocumentFactory(symbol="A/59/325", title="International migration and development"),
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_actions_import_with_organizations_by_acronym_and_one_origin_each(
    actions_admin, officer_client, organization_a, origins, kind
):
    OrganizationFactory(acronym="ORGB")
    OrganizationFactory(acronym="ILO")
    MeetingFactory(
        title="Fourth Coordination Meeting", start_date=dt.date(2006, 11, 30), end_date=None
    )  # same title, 2006
    rows = [
        ["title", "lead_organization", "supporting_organizations", "origin_meeting", "origin_mandate",
         "origin_document", "due_date", "due_precision", "status"],
        ["Compile the inputs", "ORGA", "ORGB; ilo", "Fourth Coordination Meeting (2005)", "", "", "2026-06-30", "",
         "open"],
        ["Report to the Assembly", "orga", "", "", "GA 58/208", "", "2026-03-01", "year", ""],
        ["Publish the paper", "ORGB", "", "", "", "a/59/325", "", "", "done"],
    ]  # fmt: skip
    preview = upload(officer_client, "coordination_followupaction", rows, kind)
    assert "Preview" in preview.content.decode()
    assert not FollowUpAction.objects.exists()

    confirm(officer_client, "coordination_followupaction", preview)

    compile_inputs = FollowUpAction.objects.get(title="Compile the inputs")
    assert compile_inputs.lead_organization == organization_a
    assert sorted(o.acronym for o in compile_inputs.supporting_organizations.all()) == ["ILO", "ORGB"]
    assert compile_inputs.origin_meeting == origins["meeting"]
    assert (compile_inputs.due_date, compile_inputs.due_precision) == (dt.date(2026, 6, 30), DatePrecision.DAY)
    report = FollowUpAction.objects.get(title="Report to the Assembly")
    assert report.origin_mandate == origins["mandate"]
    # A year's deadline is its last day.
    assert (report.due_date, report.due_precision, report.status) == (dt.date(2026, 12, 31), "year", "open")
    paper = FollowUpAction.objects.get(title="Publish the paper")
    assert (paper.origin_document, paper.due_date, paper.status) == (origins["document"], None, ItemStatus.DONE)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_actions_file_with_bad_rows_shows_each_rows_errors_and_imports_nothing(
    actions_admin, officer_client, organization_a, origins, kind
):
    existing = FollowUpActionFactory(lead_organization=organization_a, title="Existing")
    MeetingFactory(title="Fourth Coordination Meeting", start_date=dt.date(2006, 11, 30), end_date=None)
    rows = [
        ["id", "title", "lead_organization", "supporting_organizations", "origin_meeting", "origin_mandate",
         "origin_document", "due_date", "status"],
        ["", "Fine", "ORGA", "", "", "GA 58/208", "", "2026-06-30", "open"],
        ["", "Two origins", "ORGA", "", "Fourth Coordination Meeting (2005)", "GA 58/208", "", "", "open"],
        ["", "No origin", "ORGA", "", "", "", "", "", "open"],
        ["", "Unknown supporter", "ORGA", "ORGA, NOPE", "", "", "A/59/325", "", "open"],
        ["", "Ambiguous meeting", "ORGA", "", "Fourth Coordination Meeting", "", "", "", "open"],
        ["", "Bad date and status", "ORGA", "", "", "GA 58/208", "", "30 June 2026", "finished"],
        ["9999", "Unknown id", "ORGA", "", "", "GA 58/208", "", "", "open"],
        [str(existing.pk), "Existing", "ORGA", "", existing.origin_meeting.title, "", "", "2031-01-01", "open"],
    ]  # fmt: skip
    preview = upload(officer_client, "coordination_followupaction", rows, kind)

    assert preview.context.get("confirm_form") is None
    errors = row_errors(preview)
    origin_columns = "origin_meeting / origin_mandate / origin_document"
    assert set(errors) == {2, 3, 4, 5, 6, 7, 8}
    assert errors[2] == {
        origin_columns: [
            "Give exactly one origin: a meeting, a mandate or a document "
            "(this row gives origin_meeting, origin_mandate)."
        ]
    }
    assert errors[3] == {
        origin_columns: ["Give exactly one origin: a meeting, a mandate or a document (this row gives none)."]
    }
    assert errors[4] == {
        "supporting_organizations": ["No organization has the acronym “NOPE”: add it first, or correct the acronym."]
    }
    assert list(errors[5]) == ["origin_meeting"]
    assert "Several meetings are called “Fourth Coordination Meeting”: add the year" in errors[5]["origin_meeting"][0]
    assert set(errors[6]) == {"due_date", "status"}
    assert "write it as YYYY-MM-DD" in errors[6]["due_date"][0]
    assert "“finished” is not one of open, done_pending, done, cancelled" in errors[6]["status"][0]
    assert errors[7] == {"id": ["No follow-up action has the id 9999: leave it empty to add a new action."]}
    assert list(errors[8]) == ["due_date"] and "use “Extend the deadline”" in errors[8]["due_date"][0]
    assert list(FollowUpAction.objects.all()) == [existing]


def test_actions_export_in_the_import_format_and_read_back(organization_a, origins):
    supporter = OrganizationFactory(acronym="ILO")
    action = FollowUpActionFactory(
        title="Compile the inputs",
        lead_organization=organization_a,
        origin_meeting=None,
        origin_mandate=origins["mandate"],
        due_precision=DatePrecision.DAY,
        due_date=dt.date(2026, 6, 30),
    )
    action.supporting_organizations.add(supporter)

    exported = FollowUpActionResource().export(FollowUpAction.objects.all()).dict
    assert exported == [
        {
            "id": str(action.pk),
            "title": "Compile the inputs",
            "description": "",
            "lead_organization": "ORGA",
            "supporting_organizations": "ILO",
            "origin_meeting": "",
            "origin_mandate": "GA 58/208",
            "origin_document": "",
            "due_date": "2026-06-30",
            "due_precision": "day",
            "due_as_stated": "",
            "due_session": "",
            "deadline": exported[0]["deadline"],
            "status": "open",
            "completed_on": "",
            "responsible_officer": "",
        }
    ]


# --- Export of a selection ---------------------------------------------------------------------------


def export_selection(client, model: str, pks: list[int], kind: str):
    """Select rows in the list, choose "Export selected", then the format, as a user does."""
    page = client.post(
        reverse(f"admin:{model}_changelist"), {"action": "export_admin_action", "_selected_action": pks}
    )
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": FORMATS[kind], "resource": "0", "export_items": [str(pk) for pk in pks]}
    data |= {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(reverse(f"admin:{model}_export"), data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if kind == "csv":
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_of_a_selection_of_organizations_contains_those_rows(officer_client, kind):
    department = OrganizationFactory(acronym="DESA", name="Department of Economic and Social Affairs")
    division = OrganizationFactory(acronym="DESA-PD", name="Population Division", parent=department)
    OrganizationFactory(acronym="LEFT-OUT")

    rows = export_selection(officer_client, "agencies_organization", [department.pk, division.pk], kind)

    assert sorted((r["acronym"], r["parent"] or "") for r in rows) == [("DESA", ""), ("DESA-PD", "DESA")]
    assert {r["category"] for r in rows} == {"specialized_agency"}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_of_a_selection_of_focal_points_reads_back_as_an_import(officer_client, organization_a, kind):
    chosen = FocalPointFactory(
        organization=organization_a, role=FocalPointRole.ALTERNATE, user__email="chosen@orga.example.org"
    )
    FocalPointFactory(organization=organization_a, user__email="not-chosen@orga.example.org")

    rows = export_selection(officer_client, "agencies_focalpoint", [chosen.pk], kind)

    assert [(r["organization"], r["email"], r["role"], r["active"]) for r in rows] == [
        ("ORGA", "chosen@orga.example.org", "alternate", "yes")
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_of_a_selection_of_actions_contains_those_rows(
    actions_admin, officer_client, organization_a, origins, kind
):
    chosen = FollowUpActionFactory(
        title="Chosen", lead_organization=organization_a, origin_meeting=None, origin_document=origins["document"]
    )
    chosen.supporting_organizations.add(
        OrganizationFactory(acronym="IOM", name="International Organization for Migration"),
        OrganizationFactory(acronym="ILO", name="International Labour Organization"),
    )
    FollowUpActionFactory(title="Not chosen", lead_organization=organization_a)

    rows = export_selection(officer_client, "coordination_followupaction", [chosen.pk], kind)

    assert [
        (r["title"], r["lead_organization"], r["supporting_organizations"], r["origin_document"]) for r in rows
    ] == [("Chosen", "ORGA", "ILO, IOM", "A/59/325")]  # supporters in name order


def test_a_formula_like_text_is_exported_as_text_and_read_back_unchanged():
    # The escaping is the formats' (core.spreadsheets.CSV / XLSX); tests/core/test_spreadsheet_formats.py
    # checks it in both formats through the admin.
    action = FollowUpActionFactory(title='=HYPERLINK("http://evil.example/","x")')
    exported = FollowUpActionResource().export(queryset=FollowUpAction.objects.filter(pk=action.pk))
    file = CSV().export_data(exported)
    assert '\'=HYPERLINK(""http://evil.example/"",""x"")' in file
    row = dict(CSV().create_dataset(file).dict[0])
    FollowUpActionResource().before_import_row(row)
    assert row["title"] == '=HYPERLINK("http://evil.example/","x")'
