"""Spreadsheet import and export (django-import-export) of the coordination records: follow-up
actions, reporting obligations, input requests and mandates, and the export of a call's board.

A row with an ``id`` updates that record; a row without one adds a record (mandates are matched on
their body and number). Each action has exactly one origin: a meeting (its title, with the year in
brackets when several meetings share it: "Fourth coordination meeting (2005)"), a mandate
("GA 58/208") or a document (its symbol, or its title when it has none). Organizations are written
by acronym. Every row is stored through the service the admin's forms use (``item_save``); what
only a step changes (an input request's status and the day it was answered) is exported only.
"""

from __future__ import annotations

import datetime as dt
import re

from import_export import fields, resources

from agencies.models import Organization
from agencies.resources import OrganizationsWidget, OrganizationWidget, UserByEmailWidget, organization_by_reference
from core.spreadsheets import ChoiceWidget, DayWidget, IdResource, LookupWidget, SpreadsheetResource
from meetings.choices import DatePrecision
from meetings.models import Document
from meetings.resources import MeetingWidget

from .board import BoardRow
from .choices import ActionStatus, InputRequestStatus, ItemStatus, MandateKind, Recurrence
from .deadlines import secretariat_today
from .models import CallForInputs, FollowUpAction, InputRequest, Mandate, ReportingObligation, Session
from .services.items import item_save
from .services.mandates import mandate_save

ORIGIN_COLUMNS = ("origin_meeting", "origin_mandate", "origin_document")
_MANDATE_KIND = re.compile(r"\s+(resolution|decision)$", re.IGNORECASE)


class BodyNumberWidget(LookupWidget):
    """A record of a body, written as the body's acronym and the record's number ("GA 58/208")."""

    field = "number"
    what: str
    example: str

    def body_and_number(self, text: str) -> tuple[Organization, str]:
        if " " not in text:
            raise ValueError(
                f"“{text}” does not name a {self.what}: write the body's acronym and number, e.g. “{self.example}”."
            )
        body_ref, number = text.rsplit(" ", 1)
        body_ref = _MANDATE_KIND.sub("", body_ref.strip())
        try:
            body = organization_by_reference(body_ref)
        except ValueError:
            raise ValueError(f"“{text}”: no body has the acronym “{body_ref}”; write e.g. “{self.example}”.") from None
        return body, number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.body.short_name} {value.number}"


class MandateWidget(BodyNumberWidget):
    """A mandate as "GA 58/208" (body acronym and number; "GA resolution 58/208" works too)."""

    model = Mandate
    what = "mandate"
    example = "GA 58/208"

    def lookup(self, text: str, row) -> Mandate:
        body, number = self.body_and_number(text)
        mandate = Mandate.objects.filter(body=body, number__iexact=number).first()
        if mandate is None:
            raise ValueError(f"No mandate {number} of {body.short_name} is recorded: add the mandate first.")
        return mandate


class DocumentWidget(LookupWidget):
    """A document by its symbol (A/59/325), or by its title when it has no symbol."""

    model = Document
    field = "symbol"

    def lookup(self, text: str, row) -> Document:
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


class SessionWidget(BodyNumberWidget):
    """A session as "GA 63" (body acronym and session number)."""

    model = Session
    what = "session"
    example = "GA 63"

    def lookup(self, text: str, row) -> Session:
        body, number = self.body_and_number(text)
        if not number.isdigit():
            raise ValueError(f"“{text}”: the session number must be a whole number, e.g. “GA 63”.")
        session = Session.objects.filter(body=body, number=int(number)).first()
        if session is None:
            raise ValueError(f"Session {number} of {body.short_name} is not recorded: add the session first.")
        return session


class OfficerWidget(UserByEmailWidget):
    """The responsible secretariat officer, by e-mail address; never created by an import."""

    required = False

    def __init__(self, **kwargs) -> None:
        super().__init__(create=False, **kwargs)

    def lookup(self, text: str, row):
        user = super().lookup(text, row)
        if not user.is_staff:
            raise ValueError(f"{user.email} is not a secretariat officer (staff user).")
        return user


DUE_DATE_CONSTRAINTS = {
    "_due_date_with_precision": (
        "due_date",
        "A due-date precision needs a due date; leave both empty for an undated item.",
    ),
    "_session_precision_has_session": ("due_session", "A deadline “at a session” needs the session, e.g. “GA 63”."),
}


def _due_date_constraints(prefix: str) -> dict[str, tuple[str, str]]:
    return {prefix + name: message for name, message in DUE_DATE_CONSTRAINTS.items()}


class DeadlineItemResource(IdResource):
    """Actions, obligations and input requests: the due-date columns, and the item stored through
    ``item_save`` as the admin's forms store it. The deadline of an existing item does not move
    here: "Extend the deadline" records why and re-arms the reminders."""

    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=DayWidget())
    due_precision = fields.Field(
        attribute="due_precision", column_name="due_precision", widget=ChoiceWidget(DatePrecision, default="")
    )
    due_session = fields.Field(attribute="due_session", column_name="due_session", widget=SessionWidget())
    deadline = fields.Field(column_name="deadline", readonly=True)

    # A spreadsheet of what already happened (an obligation done in 2005) is taken as given.
    as_recorded = False

    def dehydrate_deadline(self, item) -> str:
        return item.deadline_state_on(secretariat_today()).label

    def do_instance_save(self, instance, is_create) -> None:
        changed = None if is_create else [field.attribute for field in self.get_import_fields() if field.attribute]
        item_save(item=instance, by=self.importing_user, changed=changed, as_recorded=self.as_recorded)

    def import_instance(self, instance, row, **kwargs):
        self._stored_due_date = None if instance._state.adding else instance.due_date
        super().import_instance(instance, row, **kwargs)

    def check_row(self, instance, row, errors):
        if any(name in errors for name in ("due_date", "due_precision", "due_session")):
            return errors
        if instance.due_precision == "" and (instance.due_date or instance.due_session_id):
            instance.due_precision = DatePrecision.SESSION if instance.due_session_id else DatePrecision.DAY
        # Computed as the save would, so the constraints are checked against the stored day.
        instance.due_date = instance.compute_due_date()
        if not instance._state.adding and instance.due_date != self._stored_due_date:
            errors.setdefault("due_date", []).append(
                f"The deadline of an existing {self.record_name} changes here ({self._stored_due_date} → "
                f"{instance.due_date}): use “Extend the deadline” in the admin, which records the reason and "
                "re-arms the reminders."
            )
        return errors


class FollowUpActionResource(DeadlineItemResource):
    """Follow-up actions: lead and supporting organizations by acronym, due date, status, origin."""

    record_name = "action"
    as_recorded = True
    lead_organization = fields.Field(
        attribute="lead_organization", column_name="lead_organization", widget=OrganizationWidget()
    )
    supporting_organizations = fields.Field(
        attribute="supporting_organizations", column_name="supporting_organizations", widget=OrganizationsWidget()
    )
    origin_meeting = fields.Field(attribute="origin_meeting", column_name="origin_meeting", widget=MeetingWidget())
    origin_mandate = fields.Field(attribute="origin_mandate", column_name="origin_mandate", widget=MandateWidget())
    origin_document = fields.Field(attribute="origin_document", column_name="origin_document", widget=DocumentWidget())
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(ActionStatus, default=ActionStatus.OPEN)
    )
    completed_on = fields.Field(attribute="completed_on", column_name="completed_on", widget=DayWidget())
    responsible_officer = fields.Field(
        attribute="responsible_officer", column_name="responsible_officer", widget=OfficerWidget()
    )

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

    def unknown_id_message(self, given_id: str) -> str:
        if given_id.isdigit():
            return f"No follow-up action has the id {given_id}: leave it empty to add a new action."
        return f"“{given_id}” is not an action id: leave it empty to add a new action."

    def check_row(self, instance, row, errors):
        if not any(name in errors for name in ORIGIN_COLUMNS):
            origins = [name for name in ORIGIN_COLUMNS if getattr(instance, f"{name}_id")]
            if len(origins) != 1:
                given = ", ".join(origins) if origins else "none"
                errors.setdefault(" / ".join(ORIGIN_COLUMNS), []).append(
                    f"Give exactly one origin: a meeting, a mandate or a document (this row gives {given})."
                )
        return super().check_row(instance, row, errors)


class ReportingObligationResource(DeadlineItemResource):
    """Reporting obligations: the mandate that asks for the report, its addressee, when it is due,
    and (for a report already issued) its status, completion day and the document that fulfilled it."""

    record_name = "obligation"
    as_recorded = True
    mandate = fields.Field(attribute="mandate", column_name="mandate", widget=MandateWidget())
    addressee = fields.Field(attribute="addressee", column_name="addressee", widget=OrganizationWidget(required=True))
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(ItemStatus, default=ItemStatus.OPEN)
    )
    completed_on = fields.Field(attribute="completed_on", column_name="completed_on", widget=DayWidget())
    fulfilled_by = fields.Field(attribute="fulfilled_by", column_name="fulfilled_by", widget=DocumentWidget())
    recurrence = fields.Field(
        attribute="recurrence", column_name="recurrence", widget=ChoiceWidget(Recurrence, default=Recurrence.NONE)
    )
    responsible_officer = fields.Field(
        attribute="responsible_officer", column_name="responsible_officer", widget=OfficerWidget()
    )

    required_columns = ("mandate", "addressee", "description")
    constraint_messages = {
        **_due_date_constraints("coordination_reportingobligation"),
        "coordination_obligation_fulfilled_is_done": (
            "fulfilled_by",
            "A report fulfils only an obligation that is done: write status “done”, or leave fulfilled_by empty "
            "and use “Record the report” in the admin.",
        ),
    }
    export_select_related = ("mandate__body", "addressee", "due_session__body", "fulfilled_by", "responsible_officer")

    class Meta:
        model = ReportingObligation
        fields = (
            "id",
            "mandate",
            "description",
            "addressee",
            "due_date",
            "due_precision",
            "due_as_stated",
            "due_session",
            "deadline",
            "status",
            "completed_on",
            "fulfilled_by",
            "recurrence",
            "responsible_officer",
        )
        name = "reporting obligations"

    def check_row(self, instance, row, errors):
        if not errors.get("mandate") and instance.mandate_id is None:
            errors["mandate"] = ["Required: the mandate that asks for the report, e.g. “GA 58/208”."]
        return super().check_row(instance, row, errors)


class CallWidget(LookupWidget):
    """A call for inputs by its title; "Title (2026-06-30)", with the deadline, when titles repeat."""

    model = CallForInputs
    field = "title"
    required = True
    required_message = "Required: the call's title."

    def lookup(self, text: str, row) -> CallForInputs:
        candidates = CallForInputs.objects.filter(title__iexact=text)
        match = re.match(r"^(?P<title>.*\S)\s*\((?P<deadline>\d{4}-\d{2}-\d{2})\)$", text)
        if match and not candidates.exists():
            candidates = CallForInputs.objects.filter(title__iexact=match["title"], deadline=match["deadline"])
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                f"Several calls are titled “{text}”: add the deadline in brackets, “{text} (2026-06-30)”."
            )
        raise ValueError(f"No call for inputs is titled “{text}”.")


def _day(day: dt.date | None) -> str:
    """A day as every column of these files writes it (2026-03-31), in CSV and XLSX alike."""
    return day.isoformat() if day else ""


def answered_on(request: InputRequest) -> dt.date | None:
    """The day a request was answered (or declined, or waived), in the secretariat's calendar: the
    day the board counts (``coordination.board``)."""
    if request.status == InputRequestStatus.OPEN or request.closed_at is None:
        return None
    return secretariat_today(request.closed_at)


class InputRequestResource(DeadlineItemResource):
    """Input requests: the call, the organization asked and when it is due. What the organization
    did (status, the day it answered, the reasons) changes through its steps and answers, so it is
    exported only."""

    record_name = "input request"
    call = fields.Field(attribute="call", column_name="call", widget=CallWidget())
    organization = fields.Field(
        attribute="organization", column_name="organization", widget=OrganizationWidget(required=True)
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    answered_on = fields.Field(column_name="answered_on", readonly=True)
    declined_reason = fields.Field(attribute="declined_reason", column_name="declined_reason", readonly=True)
    waived_reason = fields.Field(attribute="waived_reason", column_name="waived_reason", readonly=True)

    required_columns = ("call", "organization")
    constraint_messages = {
        **_due_date_constraints("coordination_inputrequest"),
        "coordination_inputrequest_one_per_organization": (
            "organization",
            "This organization is already asked in this call: give the request's id to change it.",
        ),
    }
    export_select_related = ("call", "organization", "due_session__body")

    class Meta:
        model = InputRequest
        fields = (
            "id",
            "call",
            "organization",
            "due_date",
            "due_precision",
            "due_as_stated",
            "due_session",
            "deadline",
            "status",
            "answered_on",
            "declined_reason",
            "waived_reason",
        )
        name = "input requests"

    def dehydrate_answered_on(self, request: InputRequest) -> str:
        return _day(answered_on(request))


class MandateResource(SpreadsheetResource):
    """Mandates, matched on the body and the number ("GA", "58/208")."""

    body = fields.Field(attribute="body", column_name="body", widget=OrganizationWidget(required=True))
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(MandateKind, default=MandateKind.RESOLUTION)
    )
    adoption_date = fields.Field(attribute="adoption_date", column_name="adoption_date", widget=DayWidget())
    session = fields.Field(attribute="session", column_name="session", widget=SessionWidget())
    document = fields.Field(attribute="document", column_name="document", widget=DocumentWidget())

    required_columns = ("body", "number")
    constraint_messages = {
        "coordination_mandate_body_number_unique": ("number", "This body already has a mandate with this number."),
    }
    export_select_related = ("body", "session__body", "document")

    class Meta:
        model = Mandate
        fields = ("body", "number", "kind", "adoption_date", "title", "session", "document")
        import_id_fields = ("body", "number")
        name = "mandates"

    def do_instance_save(self, instance, is_create) -> None:
        mandate_save(mandate=instance, by=self.importing_user)


class CallBoardResource(resources.Resource):
    """A call's board, one row per organization asked (``coordination.board``): export only, since
    every figure is computed from the requests, their answers and the reminder ledger."""

    organization = fields.Field(column_name="organization")
    organization_name = fields.Field(column_name="organization_name")
    category = fields.Field(column_name="category")
    status = fields.Field(column_name="status")
    due_date = fields.Field(column_name="due_date")
    answered_on = fields.Field(column_name="answered_on")
    days_late = fields.Field(column_name="days_late")
    reminders = fields.Field(column_name="reminders")
    rounds_returned = fields.Field(column_name="rounds_returned")

    class Meta:
        name = "board"

    def dehydrate_organization(self, row: BoardRow) -> str:
        return row.request.organization.short_name

    def dehydrate_organization_name(self, row: BoardRow) -> str:
        return row.request.organization.name

    def dehydrate_category(self, row: BoardRow) -> str:
        return row.request.organization.get_category_display()

    def dehydrate_status(self, row: BoardRow) -> str:
        return row.request.get_status_display()

    def dehydrate_due_date(self, row: BoardRow) -> str:
        return _day(row.request.due_date)

    def dehydrate_answered_on(self, row: BoardRow) -> str:
        return _day(row.answered_on)

    def dehydrate_days_late(self, row: BoardRow) -> int | str:
        return "" if row.days_late is None else row.days_late

    def dehydrate_reminders(self, row: BoardRow) -> int:
        return row.reminders

    def dehydrate_rounds_returned(self, row: BoardRow) -> int:
        return row.rounds_returned
