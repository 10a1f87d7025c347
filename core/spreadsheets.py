"""Spreadsheet import and export (django-import-export): the base every resource builds on.

Every problem with a row comes back as a message on that row, under the column to fix, in words a
secretariat officer understands; nothing is written unless the whole file is clean (the admin shows
a preview first, then imports on confirmation); each row is stored through its entity's service.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from import_export import resources, widgets
from import_export.results import Error

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

    def get_error_result_class(self):
        return RowError

    def export_field(self, field, instance, **kwargs):
        """A text that a spreadsheet would run as a formula (= + - @, tab, carriage return first) is
        exported behind an apostrophe, which spreadsheets show as text; the import takes it off."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    def before_import_row(self, row, **kwargs):
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
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )

    def filter_export(self, queryset, **kwargs):
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset


# --- Organizations and focal points ----------------------------------------------------------------
