"""Spreadsheet import and export of organizations and focal points, and the widgets other apps use to
name an organization or a person in a column. The shared base is ``core.spreadsheets``."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, widgets

from core.spreadsheets import ChoiceWidget, DayWidget, LookupWidget, SpreadsheetResource, YesNoWidget, cell_text

from .choices import FocalPointRole, OrganizationCategory, SessionRule
from .models import FocalPoint, Organization
from .services import focal_point_save, organization_save, person_create


class OrganizationWidget(LookupWidget):
    """An organization by its acronym (in any case), or by its exact name when it has none."""

    model = Organization
    field = "acronym"
    required_message = "Required: the organization's acronym."

    def lookup(self, text: str, row) -> Organization:
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
        references = [part.strip() for part in re.split(r"[,;]", cell_text(value)) if part.strip()]
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


class UserByEmailWidget(LookupWidget):
    """A person by e-mail address. Someone not yet known gets an account: inactive, without a
    password, named after the row's ``first_name`` and ``last_name`` columns; the invitation
    activates it and lets the person choose a password."""

    model = get_user_model()
    field = "email"
    required = True
    required_message = "Required: the person's e-mail address."

    def __init__(self, *, create: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.create = create

    def lookup(self, text: str, row):
        email = text.lower()
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
            email=email, first_name=cell_text(row.get("first_name")), last_name=cell_text(row.get("last_name"))
        )


# --- The shared base ---------------------------------------------------------------------------


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

    def get_instance(self, instance_loader, row):
        acronym, name = cell_text(row.get("acronym")), cell_text(row.get("name"))
        if acronym:
            return Organization.objects.filter(acronym__iexact=acronym).first()
        if not name:
            return None  # reported by the model's check of the name
        # Most organizations in the documents have no acronym: those are matched on their name.
        matches = Organization.objects.filter(acronym="", name__iexact=name)
        parent = cell_text(row.get("parent"))
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

    def do_instance_save(self, instance, is_create) -> None:
        focal_point_save(focal_point=instance, by=self.importing_user)
