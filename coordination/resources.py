"""Spreadsheet import and export (django-import-export) of follow-up actions.

A row with an ``id`` updates that action; a row without one adds an action. Each action has
exactly one origin: a meeting (its title, with the year in brackets when several meetings share
it: "Fourth coordination meeting (2005)"), a mandate ("GA 58/208") or a document (its symbol,
or its title when it has none). Organizations are written by acronym.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from agencies.resources import OrganizationsWidget, OrganizationWidget, UserByEmailWidget, organization_by_reference
from core.spreadsheets import ChoiceWidget, DayWidget, SpreadsheetResource, cell_text
from meetings.choices import DatePrecision
from meetings.models import Document, Meeting

from .choices import ItemStatus
from .deadlines import secretariat_today
from .models import FollowUpAction, Mandate, Session
from .services.items import item_save

ORIGIN_COLUMNS = ("origin_meeting", "origin_mandate", "origin_document")
_YEAR_SUFFIX = re.compile(r"^(?P<title>.*\S)\s*\((?P<year>\d{4}|undated)\)$")
_MANDATE_KIND = re.compile(r"\s+(resolution|decision)$", re.IGNORECASE)


class MeetingWidget(widgets.ForeignKeyWidget):
    """A meeting by title, with its year in brackets when several meetings share the title."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Meeting, field="title", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        candidates = Meeting.objects.filter(title__iexact=text)
        match = _YEAR_SUFFIX.match(text)
        if match and not candidates.exists():
            candidates = Meeting.objects.filter(title__iexact=match["title"])
            if match["year"] == "undated":
                candidates = candidates.filter(start_date__isnull=True)
            else:
                candidates = candidates.filter(start_date__year=int(match["year"]))
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(f"Several meetings are called “{text}”: add the year in brackets, as in “{found[0]}”.")
        raise ValueError(f"No meeting is called “{text}”: write its title as the admin shows it, e.g. “Title (2005)”.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def _body_and_number(text: str, what: str, example: str) -> tuple[object, str]:
    if " " not in text:
        raise ValueError(f"“{text}” does not name a {what}: write the body's acronym and number, e.g. “{example}”.")
    body_ref, number = text.rsplit(" ", 1)
    body_ref = _MANDATE_KIND.sub("", body_ref.strip())
    try:
        body = organization_by_reference(body_ref)
    except ValueError:
        raise ValueError(f"“{text}”: no body has the acronym “{body_ref}”; write e.g. “{example}”.") from None
    return body, number


class MandateWidget(widgets.ForeignKeyWidget):
    """A mandate as "GA 58/208" (body acronym and number; "GA resolution 58/208" works too)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Mandate, field="number", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        body, number = _body_and_number(text, "mandate", "GA 58/208")
        mandate = Mandate.objects.filter(body=body, number__iexact=number).first()
        if mandate is None:
            raise ValueError(f"No mandate {number} of {body.short_name} is recorded: add the mandate first.")
        return mandate

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.body.short_name} {value.number}"


class DocumentWidget(widgets.ForeignKeyWidget):
    """A document by its symbol (A/59/325), or by its title when it has no symbol."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Document, field="symbol", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        found = list(Document.objects.filter(symbol__iexact=text)[:1]) or list(
            Document.objects.filter(title__iexact=text)[:2]
        )
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(f"Several documents are titled “{text}”: use the symbol.")
        raise ValueError(f"No document has the symbol or title “{text}”: add the document first.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else (value.symbol or value.title)


class SessionWidget(widgets.ForeignKeyWidget):
    """A session as "GA 63" (body acronym and session number)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Session, field="number", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        body, number = _body_and_number(text, "session", "GA 63")
        if not number.isdigit():
            raise ValueError(f"“{text}”: the session number must be a whole number, e.g. “GA 63”.")
        session = Session.objects.filter(body=body, number=int(number)).first()
        if session is None:
            raise ValueError(f"Session {number} of {body.short_name} is not recorded: add the session first.")
        return session

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.body.short_name} {value.number}"


class OfficerWidget(UserByEmailWidget):
    """The responsible secretariat officer, by e-mail address; never created by an import."""

    def __init__(self, **kwargs) -> None:
        super().__init__(create=False, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not cell_text(value):
            return None
        user = super().clean(value, row=row, **kwargs)
        if not user.is_staff:
            raise ValueError(f"{user.email} is not a secretariat officer (staff user).")
        return user


class FollowUpActionResource(SpreadsheetResource):
    """Follow-up actions: lead and supporting organizations by acronym, due date, status, origin."""

    # Matches a row to an action (get_instance); never written, so a new action gets a new id.
    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget(), readonly=True)
    lead_organization = fields.Field(
        attribute="lead_organization", column_name="lead_organization", widget=OrganizationWidget()
    )
    supporting_organizations = fields.Field(
        attribute="supporting_organizations", column_name="supporting_organizations", widget=OrganizationsWidget()
    )
    origin_meeting = fields.Field(attribute="origin_meeting", column_name="origin_meeting", widget=MeetingWidget())
    origin_mandate = fields.Field(attribute="origin_mandate", column_name="origin_mandate", widget=MandateWidget())
    origin_document = fields.Field(attribute="origin_document", column_name="origin_document", widget=DocumentWidget())
    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=DayWidget())
    due_precision = fields.Field(
        attribute="due_precision", column_name="due_precision", widget=ChoiceWidget(DatePrecision, default="")
    )
    due_session = fields.Field(attribute="due_session", column_name="due_session", widget=SessionWidget())
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(ItemStatus, default=ItemStatus.OPEN)
    )
    completed_on = fields.Field(attribute="completed_on", column_name="completed_on", widget=DayWidget())
    responsible_officer = fields.Field(
        attribute="responsible_officer", column_name="responsible_officer", widget=OfficerWidget()
    )
    deadline = fields.Field(column_name="deadline", readonly=True)

    required_columns = ("title",)
    constraint_messages = {
        "coordination_action_exactly_one_origin": (
            " / ".join(ORIGIN_COLUMNS),
            "Give exactly one origin: a meeting, a mandate or a document.",
        ),
        "coordination_followupaction_due_date_with_precision": (
            "due_date",
            "A due-date precision needs a due date; leave both empty for an undated action.",
        ),
        "coordination_followupaction_session_precision_has_session": (
            "due_session",
            "A deadline “at a session” needs the session, e.g. “GA 63”.",
        ),
    }
    export_select_related = (
        "lead_organization",
        "origin_meeting",
        "origin_mandate__body",
        "origin_document",
        "due_session__body",
        "responsible_officer",
    )
    export_prefetch_related = ("supporting_organizations",)

    class Meta:
        model = FollowUpAction
        fields = (
            "id",
            "title",
            "description",
            "lead_organization",
            "supporting_organizations",
            "origin_meeting",
            "origin_mandate",
            "origin_document",
            "due_date",
            "due_precision",
            "due_as_stated",
            "due_session",
            "deadline",
            "status",
            "completed_on",
            "responsible_officer",
        )
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def dehydrate_deadline(self, action: FollowUpAction) -> str:
        return action.deadline_state_on(secretariat_today()).label

    def do_instance_save(self, instance, is_create) -> None:
        changed = None if is_create else [field.attribute for field in self.get_import_fields() if field.attribute]
        item_save(item=instance, by=self.importing_user, changed=changed, as_recorded=True)

    def get_instance(self, instance_loader, row):
        text = cell_text(row.get("id"))
        if not text.isdigit():
            return None  # empty: a new action; anything else is reported by import_instance
        return FollowUpAction.objects.filter(pk=int(text)).first()

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        given_id = cell_text(row.get("id"))
        if given_id and instance._state.adding:
            errors["id"] = [
                f"No follow-up action has the id {given_id}: leave it empty to add a new action."
                if given_id.isdigit()
                else f"“{given_id}” is not an action id: leave it empty to add a new action."
            ]
        stored_due_date = None if instance._state.adding else instance.due_date
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are written after the save; check them now so the row is refused whole.
        if "supporting_organizations" in row:
            try:
                self.fields["supporting_organizations"].clean(row)
            except ValueError as error:
                errors.setdefault("supporting_organizations", []).append(str(error))

        if not any(name in errors for name in ORIGIN_COLUMNS):
            origins = [name for name in ORIGIN_COLUMNS if getattr(instance, f"{name}_id")]
            if len(origins) != 1:
                given = ", ".join(origins) if origins else "none"
                errors.setdefault(" / ".join(ORIGIN_COLUMNS), []).append(
                    f"Give exactly one origin: a meeting, a mandate or a document (this row gives {given})."
                )

        if not any(name in errors for name in ("due_date", "due_precision", "due_session")):
            if instance.due_precision == "" and (instance.due_date or instance.due_session_id):
                instance.due_precision = DatePrecision.SESSION if instance.due_session_id else DatePrecision.DAY
            # Computed as the save would, so the constraints are checked against the stored day.
            instance.due_date = instance.compute_due_date()
            if not instance._state.adding and instance.due_date != stored_due_date:
                errors.setdefault("due_date", []).append(
                    f"The deadline of an existing action changes here ({stored_due_date} → {instance.due_date}): "
                    "use “Extend the deadline” in the admin, which records the reason and re-arms the reminders."
                )
        if errors:
            raise ValidationError(errors)
