"""Spreadsheet files as the admin gives and takes them: export a selection from a list, upload a
file (the preview, a dry run), confirm it (the import), and read a file back into rows."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

FORMATS = {"csv": "0", "xlsx": "1"}  # the order of the admin's import and export formats
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_file(client, model: str, pks: list[int], kind: str, *, resource: int = 0) -> bytes:
    """Select rows in the list, choose "Export selected", then the format, as a user does: the file."""
    page = client.post(
        reverse(f"admin:{model}_changelist"), {"action": "export_admin_action", "_selected_action": pks}
    )
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": FORMATS[kind], "resource": str(resource), "export_items": [str(pk) for pk in pks]}
    data |= {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(reverse(f"admin:{model}_export"), data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def read_rows(content: bytes, kind: str) -> list[dict]:
    """A file's rows as the user sees them in a spreadsheet: column → value."""
    if kind == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_file(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def upload_file(client, model: str, content: bytes, kind: str, *, resource: int = 0):
    """The first step: upload a file; the answer is the preview (a dry run), or the errors."""
    response = client.post(
        reverse(f"admin:{model}_import"),
        {
            "format": FORMATS[kind],
            "resource": str(resource),
            "import_file": SimpleUploadedFile(f"upload.{kind}", content, content_type=CONTENT_TYPES[kind]),
        },
    )
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()
    return response


def confirm(client, model: str, preview):
    """The second step: confirm the previewed import, as the preview page's button does."""
    form = preview.context.get("confirm_form")
    assert form is not None, f"the preview offers no confirmation: {preview_errors(preview)}"
    response = client.post(reverse(f"admin:{model}_process_import"), form.initial, follow=True)
    assert response.status_code == 200
    assert "Import finished" in response.content.decode()
    return response


def preview_errors(preview) -> dict:
    """Row number → column → messages, and the file's own errors, as the preview shows them."""
    result = preview.context.get("result")
    errors: dict = {}
    form = preview.context.get("form")
    if form is not None and form.errors:
        errors["file"] = {name: list(messages) for name, messages in form.errors.items()}
    if result is not None:
        for row in result.invalid_rows:
            errors[row.number] = {
                column: [str(m) for m in messages] for column, messages in row.field_specific_errors.items()
            }
        for number, row_errors in result.row_errors():
            errors[number] = [str(error.error) for error in row_errors]
        errors.update({"base": [str(error.error) for error in result.base_errors]} if result.base_errors else {})
    return errors


def round_trip(
    client, model: str, pks: list[int], kind: str, *, change, still_changed, resource: int = 0
) -> tuple[list, list]:
    """Export rows, ``change()`` the records, import the exported file: the preview (a dry run)
    writes nothing (``still_changed()`` holds after it), the confirmation imports. Then export
    again: the rows of both exports."""
    content = export_file(client, model, pks, kind, resource=resource)
    change()
    assert still_changed()
    preview = upload_file(client, model, content, kind, resource=resource)
    assert preview_errors(preview) == {}
    assert still_changed(), "the preview wrote"
    confirm(client, model, preview)
    assert not still_changed()
    return read_rows(content, kind), read_rows(export_file(client, model, pks, kind, resource=resource), kind)
