"""Spreadsheet import and export (django-import-export) of organizations and focal points.

Every problem with a row comes back as a message on that row, under the column to fix, in words
a secretariat officer understands; nothing is written unless the whole file is clean (the admin
shows a preview first, then imports on confirmation). The shared base here also serves the
follow-up actions of ``coordination.resources``.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import models
from import_export import fields, resources, widgets
from import_export.results import Error

from .choices import FocalPointRole, OrganizationCategory, SessionRule
from .models import FocalPoint, Organization
from .services import focal_point_save, organization_save, person_create

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
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
        text = _text(value)
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
        text = _text(value) if not isinstance(value, dt.date) else value
        try:
            return super().clean(text, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"“{text}” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.") from None


class YesNoWidget(widgets.BooleanWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("yes" if value else "no")


class OrganizationWidget(widgets.ForeignKeyWidget):
    """An organization by its acronym (in any case), or by its exact name when it has none."""

    def __init__(self, *, required: bool = False, **kwargs) -> None:
        super().__init__(Organization, field="acronym", **kwargs)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError("Required: the organization's acronym.")
            return None
        return organization_by_reference(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.short_name


def organization_by_reference(text: str) -> Organization:
    matches = list(Organization.objects.filter(acronym__iexact=text)[:2])
    if not matches:
        matches = list(Organization.objects.filter(acronym="", name__iexact=text)[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(f"Several organizations are called “{text}”: use the acronym.")
    raise ValueError(f"No organization has the acronym “{text}”: add it first, or correct the acronym.")


class OrganizationsWidget(widgets.ManyToManyWidget):
    """Several organizations by acronym, separated by commas or semicolons."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Organization, separator=", ", field="acronym", **kwargs)

    def clean(self, value, row=None, **kwargs):
        references = [part.strip() for part in re.split(r"[,;]", _text(value)) if part.strip()]
        found, unknown = [], []
        for reference in references:
            try:
                found.append(organization_by_reference(reference))
            except ValueError:
                unknown.append(reference)
        if unknown:
            raise ValueError(
                f"No organization has the acronym {', '.join(f'“{u}”' for u in unknown)}: "
                "add it first, or correct the acronym."
            )
        return Organization.objects.filter(pk__in=[o.pk for o in found])

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(o.short_name for o in value.all())


class UserByEmailWidget(widgets.ForeignKeyWidget):
    """A person by e-mail address. Someone not yet known gets an account: inactive, without a
    password, named after the row's ``first_name`` and ``last_name`` columns; the invitation
    activates it and lets the person choose a password."""

    def __init__(self, *, create: bool = True, **kwargs) -> None:
        super().__init__(get_user_model(), field="email", **kwargs)
        self.create = create

    def clean(self, value, row=None, **kwargs):
        email = _text(value).lower()
        if not email:
            raise ValueError("Required: the person's e-mail address.")
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(f"“{email}” is not an e-mail address.") from None
        users = list(self.model.objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            raise ValueError(f"Several users have the address {email}: merge them in the admin first.")
        if users:
            return users[0]
        if not self.create:
            raise ValueError(f"No user has the address {email}.")
        if self.model.objects.filter(username__iexact=email).exists():
            raise ValueError(f"A user named {email} exists with another address: correct that user first.")
        row = row or {}
        return person_create(
            email=email, first_name=_text(row.get("first_name")), last_name=_text(row.get("last_name"))
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.email


# --- The shared base ---------------------------------------------------------------------------


class SpreadsheetResource(resources.ModelResource):
    """A resource whose errors name the column to fix and never show a traceback.

    ``required_columns``: the file is refused whole when one is missing. ``constraint_messages``:
    a database constraint's name → (column, what to do), instead of Django's generic
    "Constraint … is violated.". ``export_select_related`` / ``export_prefetch_related``: the
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
        headers = [_text(h) for h in dataset.headers or []]
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
        for key, messages in error.message_dict.items():
            for message in messages:
                for constraint, (column, explanation) in self.constraint_messages.items():
                    if constraint in message:
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


class OrganizationResource(SpreadsheetResource):
    """Organizations by acronym: a row with a known acronym updates that organization; a row
    without one updates the organization of that name that has no acronym (or adds one).

    ``parent`` names the department of a division by its acronym; list departments above their
    divisions, or import them first.
    """

    acronym = fields.Field(attribute="acronym", column_name="acronym", widget=widgets.CharWidget())
    parent = fields.Field(attribute="parent", column_name="parent", widget=OrganizationWidget())
    category = fields.Field(attribute="category", column_name="category", widget=ChoiceWidget(OrganizationCategory))
    session_rule = fields.Field(
        attribute="session_rule",
        column_name="session_rule",
        widget=ChoiceWidget(SessionRule, default=SessionRule.EXPLICIT),
    )

    required_columns = ("acronym", "name", "category")
    constraint_messages = {
        "agencies_organization_acronym_unique": ("acronym", "Another organization already has this acronym."),
        "agencies_organization_top_name_unique": (
            "name",
            "Another organization without a parent already has this name.",
        ),
        "agencies_organization_child_name_unique": ("name", "This parent already has a division with this name."),
        "agencies_organization_not_own_parent": ("parent", "An organization cannot be its own parent."),
    }
    export_select_related = ("parent",)

    class Meta:
        model = Organization
        fields = ("acronym", "name", "category", "parent", "session_rule", "website", "notes")
        import_id_fields = ("acronym",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        acronym, name = _text(row.get("acronym")), _text(row.get("name"))
        if acronym:
            return Organization.objects.filter(acronym__iexact=acronym).first()
        if not name:
            return None  # reported by the model's check of the name
        # Most organizations in the documents have no acronym: those are matched on their name.
        matches = Organization.objects.filter(acronym="", name__iexact=name)
        parent = _text(row.get("parent"))
        if parent and len(matches[:2]) > 1:
            matches = matches.filter(parent__in=Organization.objects.filter(acronym__iexact=parent))
        found = list(matches[:2])
        if len(found) > 1:
            raise ValidationError({"name": [f"Several organizations are called “{name}”: give the parent's acronym."]})
        return found[0] if found else None

    def do_instance_save(self, instance, is_create) -> None:
        organization_save(organization=instance, by=self.importing_user)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.parent_id and instance.pk and instance.parent_id == instance.pk:
            errors.setdefault("parent", []).append("An organization cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class FocalPointResource(SpreadsheetResource):
    """Focal points: one row per person and organization, matched on (organization, email).

    A person not yet known gets an inactive account without a password; invite them from the
    focal points list. The ``active`` column is exported only: rotate people out with the
    list's "Deactivate (rotated out)" action, which also moves their reminders.
    """

    organization = fields.Field(
        attribute="organization", column_name="organization", widget=OrganizationWidget(required=True)
    )
    email = fields.Field(attribute="user", column_name="email", widget=UserByEmailWidget())
    first_name = fields.Field(attribute="user__first_name", column_name="first_name", readonly=True)
    last_name = fields.Field(attribute="user__last_name", column_name="last_name", readonly=True)
    role = fields.Field(
        attribute="role", column_name="role", widget=ChoiceWidget(FocalPointRole, default=FocalPointRole.PRIMARY)
    )
    since = fields.Field(attribute="since", column_name="since", widget=DayWidget())
    active = fields.Field(attribute="is_active", column_name="active", widget=YesNoWidget(), readonly=True)

    required_columns = ("organization", "email")
    constraint_messages = {
        "agencies_focalpoint_one_role": ("email", "This person already has a role for this organization."),
    }
    export_select_related = ("user", "organization")

    class Meta:
        model = FocalPoint
        fields = ("organization", "email", "first_name", "last_name", "role", "since", "active")
        import_id_fields = ("organization", "email")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def do_instance_save(self, instance, is_create) -> None:
        focal_point_save(focal_point=instance, by=self.importing_user)
