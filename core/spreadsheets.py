"""Spreadsheet import and export (django-import-export): the base every resource builds on, and the
two file formats the admin offers (CSV and XLSX).

Every problem with a row comes back as a message on that row, under the column to fix, in words a
secretariat officer understands; nothing is written unless the whole file is clean (the admin shows
a preview first, then imports on confirmation); each row is stored through its entity's service.
A file larger than the caps (settings ``SPREADSHEET_IMPORT_MAX_ROWS`` and ``..._MAX_COLUMNS``) is
refused before its rows are read; rows with nothing in them are left out. See
docs/decisions/0013-spreadsheets.md.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Error, RowResult
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """A cell as text: spreadsheets give numbers and dates as such, CSV gives strings. An
    apostrophe put before a formula-like text on export is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text.strip()


def is_blank(values) -> bool:
    """A row with nothing in it: every cell empty or only spaces (a spreadsheet's formatted rows)."""
    return all(cell_text(value) == "" for value in values)


def _escaped(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- Formats: the file to rows and back ---------------------------------------------------------------


class SpreadsheetRefused(ValueError):
    """A file refused whole before any row is read; the message says why and what to do."""


def import_caps() -> tuple[int, int]:
    return settings.SPREADSHEET_IMPORT_MAX_ROWS, settings.SPREADSHEET_IMPORT_MAX_COLUMNS


def _too_large(rows: int, columns: int, *, used_range: str = "") -> SpreadsheetRefused:
    max_rows, max_columns = import_caps()
    where = (
        f"the sheet's used range is {used_range} ({rows:,} rows, {columns:,} columns)"
        if used_range
        else (f"the file has {rows:,} rows and {columns:,} columns")
    )
    return SpreadsheetRefused(
        f"This file is too large to import: {where}; at most {max_rows:,} rows and {max_columns:,} columns "
        "(the first row naming the columns included). If your data is smaller, something was typed or "
        "formatted far from it: delete the rows below your data and the columns to its right, save, and "
        "upload again; split a larger list into several files."
    )


class EscapedFormulaeMixin:
    """Export: a text a spreadsheet would run as a formula (= + - @, tab, carriage return first) is
    written behind an apostrophe, so it shows as text; the import takes the apostrophe off.

    The switch is django-import-export's own setting, ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``,
    read by the library's ``export_data``, which calls ``_escape_formulae``. The library's version
    (4.4) turns every cell into text (an empty XLSX cell becomes "None", a date a string) and drops
    the "=" (a title "=x" would come back as "x"); this one changes only the texts that need it,
    keeps them whole, and also covers + - @ that spreadsheets run from a CSV."""

    def _escape_formulae(self, dataset) -> None:
        rows = [[_escaped(value) for value in row] for row in dataset]
        del dataset[:]  # keeps the headers
        for row in rows:
            dataset.append(row)


class CSV(EscapedFormulaeMixin, base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        max_rows, max_columns = import_caps()
        rows = len(dataset) + (1 if dataset.headers else 0)
        if rows > max_rows or dataset.width > max_columns:
            raise _too_large(rows, dataset.width)
        return dataset


class XLSX(EscapedFormulaeMixin, base_formats.XLSX):
    """The first sheet, read in openpyxl's read-only mode. The sheet's used range (its dimension,
    which the file states before its rows) is checked first: a single stray cell at XFD1048576 would
    otherwise make openpyxl hand over a million rows of 16,384 empty cells (minutes of work) before
    anything could be said. ``rows_read`` counts the rows taken from the sheet."""

    rows_read = 0

    def create_dataset(self, in_stream):
        max_rows, max_columns = import_caps()
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            sheet = book.active
            stated = sheet.max_row is not None and sheet.max_column is not None
            if stated and (sheet.max_row > max_rows or sheet.max_column > max_columns):
                used_range = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
                raise _too_large(sheet.max_row, sheet.max_column, used_range=used_range)
            # A file that states no dimension is read only as far as the caps, plus one to tell.
            rows = sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns + 1, values_only=True)
            dataset = None
            for values in rows:
                self.rows_read += 1
                if self.rows_read > max_rows or (len(values) > max_columns and values[max_columns] is not None):
                    raise _too_large(sheet.max_row or self.rows_read, sheet.max_column or len(values))
                values = list(values[:max_columns])
                if dataset is None:
                    headers = values
                    while headers and headers[-1] is None:
                        headers.pop()
                    dataset = base_formats.tablib.Dataset(headers=headers)
                    continue
                values = (values + [None] * dataset.width)[: dataset.width]
                dataset.append(values)
            return dataset if dataset is not None else base_formats.tablib.Dataset()
        finally:
            book.close()


class RowError(Error):
    """An error shown without its traceback: the reader is a secretariat officer."""

    @property
    def traceback(self) -> str:
        return ""


# --- Widgets: one cell to one value, with a message that says what to write ----------------------


class ChoiceWidget(widgets.Widget):
    """A value of a ``TextChoices``, written as its value ("specialized_agency") or its label
    ("Specialized agencies and related organizations"), in any case."""

    def __init__(self, choices: type[models.TextChoices], *, default: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.default = default
        self.lookup = {}
        for value, label in choices.choices:
            self.lookup[value.lower()] = value
            self.lookup[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(f"Required: one of {', '.join(self.choices.values)}.")
        for key in (text.lower(), text.lower().replace(" ", "_")):
            if key in self.lookup:
                return self.lookup[key]
        raise ValueError(f"“{text}” is not one of {', '.join(self.choices.values)}.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DayWidget(widgets.DateWidget):
    """A calendar day written 2026-03-31 (or a date cell of a spreadsheet)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        text = cell_text(value) if not isinstance(value, dt.date) else value
        try:
            return super().clean(text, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"“{text}” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.") from None


class YesNoWidget(widgets.BooleanWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("yes" if value else "no")


class LookupWidget(widgets.ForeignKeyWidget):
    """A record named in a cell the way people name it (an acronym, a title, "GA 58/208"), never
    created by an import.

    A subclass gives the ``model``, the ``field`` it is written as, and ``lookup``: the record the
    cell's text names, or a ValueError saying what to write. An empty cell is None, unless the
    column requires a value (``required``, for the class or per column): then it is refused with
    ``required_message``. ``render`` writes the record back as ``field``, which is what ``lookup``
    reads; a widget whose cell says more overrides it.
    """

    model: type[models.Model]
    field: str
    required = False
    required_message = ""

    def __init__(self, *, required: bool | None = None, **kwargs) -> None:
        super().__init__(self.model, field=self.field, **kwargs)
        if required is not None:
            self.required = required
        if self.required and not self.required_message:
            raise TypeError(f"{type(self).__name__} says nothing when the cell is empty: set required_message.")

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(self.required_message)
            return None
        return self.lookup(text, row)

    def lookup(self, text: str, row) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} says how to find a record from a cell's text.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class SpreadsheetResource(resources.ModelResource):
    """A resource whose errors name the column to fix and never show a traceback.

    ``required_columns``: the file is refused whole when one is missing. ``constraint_messages``:
    a database constraint's name → (column, what to do), to file a constraint's refusal under the
    column to fix (the model's message, or Django's generic "Constraint … is violated.", names no
    column). ``export_select_related`` / ``export_prefetch_related``: the
    export reads each related row once, whatever the number of rows.
    """

    required_columns: tuple[str, ...] = ()
    constraint_messages: dict[str, tuple[str, str]] = {}
    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()
    blank_rows = 0

    class Meta:
        # Merged by django-import-export with each subclass's own Meta. Every row is checked as the
        # model checks it (full_clean), so its errors show in the preview; a row that changes nothing
        # is reported as skipped.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_error_result_class(self):
        return RowError

    def import_row(self, row, instance_loader, **kwargs):
        """A row with nothing in it is left out (``import_data`` drops it from the preview); the
        other rows keep their numbers, which are those of the file."""
        if is_blank(row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            result.blank = True
            self.blank_rows += 1
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        # The apostrophe an export puts before a formula-like text (core.spreadsheets.CSV / XLSX).
        for column, value in row.items():
            if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
                row[column] = value[1:]
        super().before_import_row(row, **kwargs)

    def do_instance_save(self, instance, is_create) -> None:
        """A row is stored through its entity's service, as a form would store it."""
        raise NotImplementedError(f"{type(self).__name__} names the service that stores a row.")

    def before_import(self, dataset, **kwargs):
        # Who imports: the services record it and check that they may.
        self.importing_user = kwargs.get("user")
        headers = [cell_text(h) for h in dataset.headers or []]
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            expected = ", ".join(f.column_name for f in self.get_import_fields())
            raise ValueError(
                f"The file has no column {', '.join(missing)}. The first row must name the columns: {expected}."
            )
        if headers != list(dataset.headers or []):
            dataset.headers = headers

    def _column_of(self, attribute: str) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def get_instance(self, instance_loader, row):
        """The existing record the row's id columns point to, or None (a new one). A value that
        does not resolve also gives None here: ``import_instance`` then reports it, together
        with the row's other errors, so one upload shows everything to fix."""
        lookup = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except ValueError:
                return None
            if value in (None, ""):
                return None
            lookup[field.attribute] = value
        return self.get_queryset().filter(**lookup).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self._errors_by_column(error)) from None

    def _errors_by_column(self, error: ValidationError) -> dict[str, list[str]]:
        by_column: dict[str, list[str]] = {}
        from_constraints: dict[str, list[str]] = {}
        own_messages = {
            constraint.name: constraint.get_violation_error_message()
            for constraint in self._meta.model._meta.constraints
            if constraint.violation_error_message != constraint.default_violation_error_message
        }
        for key, messages in error.message_dict.items():
            for message in messages:
                for constraint, (column, explanation) in self.constraint_messages.items():
                    if constraint in message or message == own_messages.get(constraint):
                        from_constraints.setdefault(column, []).append(explanation)
                        break
                else:
                    column = key if key == NON_FIELD_ERRORS else self._column_of(key)
                    by_column.setdefault(column, []).append(message)
        # A constraint restates what a column's own check already said more precisely.
        for column, explanations in from_constraints.items():
            by_column.setdefault(column, explanations)
        return by_column

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # All or nothing: one bad row, even one found only at the confirmation step, imports nothing.
        kwargs["rollback_on_validation_errors"] = True
        self.blank_rows = 0
        result = super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )
        if self.blank_rows:
            result.rows = [row for row in result.rows if not getattr(row, "blank", False)]
            result.totals[RowResult.IMPORT_TYPE_SKIP] -= self.blank_rows
            result.total_rows -= self.blank_rows
        return result

    def filter_export(self, queryset, **kwargs):
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset


class IdResource(SpreadsheetResource):
    """Rows matched on an ``id`` column: empty for a new record, the record's id to update it."""

    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget(), readonly=True)
    record_name = "record"

    # A subclass of the base's Meta: the library reads Meta options only two levels up, so a
    # resource built on a subclass of this one (DeadlineItemResource's) would miss the base's.
    class Meta(SpreadsheetResource.Meta):
        import_id_fields = ["id"]

    def get_instance(self, instance_loader, row):
        text = cell_text(row.get("id"))
        if not text.isdigit():
            return None  # empty: a new record; anything else is reported by import_instance
        return self._meta.model._default_manager.filter(pk=int(text)).first()

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        given_id = cell_text(row.get("id"))
        if given_id and instance._state.adding:
            errors["id"] = [self.unknown_id_message(given_id)]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are written after the save; check them now so the row is refused whole.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and not field.readonly and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(str(error))
        errors = self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def unknown_id_message(self, given_id: str) -> str:
        """What the ``id`` column says when it names no record."""
        if given_id.isdigit():
            return f"No {self.record_name} has the id {given_id}: leave it empty to add a new one."
        return f"“{given_id}” is not an id: leave it empty to add a new {self.record_name}."

    def check_row(self, instance, row, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """The rows' own checks, added to ``errors`` so that a row's every problem shows at once."""
        return errors
