"""The admin's spreadsheet formats (core.spreadsheets.CSV and XLSX): formulas escaped on export by
django-import-export's setting, oversized files refused before their rows are read, blank rows
left out of an import."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.test import override_settings

from agencies.models import Organization
from core.spreadsheets import CSV, XLSX, SpreadsheetRefused
from tests.factories import FollowUpActionFactory, OrganizationFactory
from tests.spreadsheet_files import confirm, export_file, preview_errors, read_rows, upload_file, xlsx_file

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","Click")'


# --- Formulas -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_formula_in_a_title_is_exported_as_text_and_imported_back_unchanged(officer_client, kind):
    action = FollowUpActionFactory(title=FORMULA, description="+41 22 917 1234", due_precision="", due_date=None)

    content = export_file(officer_client, "coordination_followupaction", [action.pk], kind)

    [row] = read_rows(content, kind)
    assert row["title"] == "'" + FORMULA
    assert row["description"] == "'+41 22 917 1234"
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert "f" not in {cell.data_type for cell in sheet[2]}  # no formula cell
        assert row["due_date"] is None  # an empty cell stays empty (the library's own escaping writes "None")
    # The file reads back as an import that leaves the title as it was.
    preview = upload_file(officer_client, "coordination_followupaction", content, kind)
    assert preview_errors(preview) == {}
    assert preview.context["result"].totals["skip"] == 1
    action.refresh_from_db()
    assert (action.title, action.description) == (FORMULA, "+41 22 917 1234")


@override_settings(IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT=False)
def test_the_escaping_is_the_librarys_setting(officer_client):
    action = FollowUpActionFactory(title=FORMULA)

    content = export_file(officer_client, "coordination_followupaction", [action.pk], "csv")

    assert read_rows(content, "csv")[0]["title"] == FORMULA


# --- Caps on the size of an import -------------------------------------------------------------------------


def stray_cell_workbook() -> bytes:
    """Two good rows, and one cell typed at the sheet's last row and column (XFD1048576)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["acronym", "name", "category"])
    sheet.append(["IOM", "International Organization for Migration", "other"])
    sheet["XFD1048576"] = "x"
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_an_xlsx_with_a_stray_cell_at_xfd1048576_is_refused_before_any_row_is_read():
    file_format = XLSX()

    with pytest.raises(SpreadsheetRefused) as refused:
        file_format.create_dataset(stray_cell_workbook())

    assert file_format.rows_read == 0
    assert "the sheet's used range is A1:XFD1048576 (1,048,576 rows, 16,384 columns)" in str(refused.value)
    assert "at most 5,000 rows and 50 columns" in str(refused.value)


def test_the_admin_refuses_such_a_file_with_the_used_range_in_the_users_words(officer_client):
    preview = upload_file(officer_client, "agencies_organization", stray_cell_workbook(), "xlsx")

    errors = preview_errors(preview)
    assert list(errors) == ["file"]
    [message] = errors["file"]["import_file"]
    assert message.startswith("This file is too large to import: the sheet's used range is A1:XFD1048576")
    assert "delete the rows below your data and the columns to its right" in message
    assert preview.context.get("confirm_form") is None
    assert not Organization.objects.filter(acronym="IOM").exists()


def without_dimension(content: bytes) -> bytes:
    """The same workbook without the used range stated in its sheet (some programs leave it out)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            rewritten.writestr(item, data)
    return target.getvalue()


@override_settings(SPREADSHEET_IMPORT_MAX_ROWS=10, SPREADSHEET_IMPORT_MAX_COLUMNS=3)
def test_an_xlsx_that_states_no_used_range_is_read_only_up_to_the_caps():
    rows = [["acronym", "name", "category"]] + [[f"O{n}", f"Org {n}", "other"] for n in range(40)]
    content = without_dimension(xlsx_file(rows))
    assert openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.max_row is None
    file_format = XLSX()

    with pytest.raises(SpreadsheetRefused):
        file_format.create_dataset(content)

    assert file_format.rows_read == 11  # the caps and one more, not the 41 rows of the sheet
    wide = without_dimension(xlsx_file([["acronym", "name", "category", "website"], ["O", "Org", "other", "x"]]))
    with pytest.raises(SpreadsheetRefused):
        XLSX().create_dataset(wide)
    assert len(XLSX().create_dataset(without_dimension(xlsx_file(rows[:10])))) == 9


@override_settings(SPREADSHEET_IMPORT_MAX_ROWS=3, SPREADSHEET_IMPORT_MAX_COLUMNS=3)
def test_a_csv_over_the_caps_is_refused(officer_client):
    with pytest.raises(SpreadsheetRefused, match="the file has 4 rows and 3 columns; at most 3 rows and 3 columns"):
        CSV().create_dataset("acronym,name,category\nA,a,other\nB,b,other\nC,c,other\n")
    with pytest.raises(SpreadsheetRefused, match="2 rows and 4 columns"):
        CSV().create_dataset("acronym,name,category,website\nA,a,other,\n")
    assert len(CSV().create_dataset("acronym,name,category\nA,a,other\nB,b,other\n")) == 2

    preview = upload_file(officer_client, "agencies_organization", b"acronym,name\nA,a\nB,b\nC,c\n", "csv")
    assert "This file is too large to import: the file has 4 rows" in str(preview_errors(preview)["file"])


def test_a_file_in_the_wrong_format_is_refused_in_the_users_words(officer_client):
    preview = upload_file(officer_client, "agencies_organization", b"acronym,name\nA,a\n", "xlsx")
    assert preview_errors(preview)["file"]["import_file"] == [
        "This file could not be read in the format chosen: choose CSV for a .csv file and XLSX for an Excel "
        "workbook (.xlsx; an older .xls must first be saved as .xlsx)."
    ]


# --- Blank rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_blank_rows_are_left_out_and_the_other_rows_keep_their_numbers(officer_client, kind):
    OrganizationFactory(acronym="UNHCR", name="Office of the High Commissioner for Refugees")
    rows = [
        ["acronym", "name", "category"],
        ["IOM", "International Organization for Migration", "other"],
        ["", "", ""],
        ["  ", " ", "\t"],
        ["BAD", "A bad row", "agency"],
        ["", None, ""],
    ]
    if kind == "csv":
        content = "\n".join(",".join(cell or "" for cell in row) for row in rows).encode()
    else:
        content = xlsx_file(rows)

    preview = upload_file(officer_client, "agencies_organization", content, kind)

    errors = preview_errors(preview)
    assert list(errors) == [4]  # the file's fourth row of data, as the spreadsheet numbers it (less the header)
    assert list(errors[4]) == ["category"]

    good = upload_file(officer_client, "agencies_organization", xlsx_file(rows[:4] + rows[5:]), "xlsx")
    result = good.context["result"]
    assert preview_errors(good) == {}
    assert [row.import_type for row in result.rows] == ["new"]  # no row shown for the blank ones
    assert (result.totals["new"], result.totals["skip"], result.total_rows) == (1, 0, 1)
    confirm(officer_client, "agencies_organization", good)
    assert Organization.objects.filter(acronym="IOM").exists()
    assert Organization.objects.count() == 2
