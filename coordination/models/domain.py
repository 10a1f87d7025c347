"""Sessions, mandates, reporting obligations, follow-up actions, calls for inputs, input requests,
activity updates and provenance."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from agencies.choices import SessionRule
from agencies.models import Organization
from core.models import SeededModel
from core.periods import period_end
from core.search import SearchIndex
from core.validators import multi_line, single_line
from meetings.choices import DatePrecision
from meetings.models import Document, Meeting

from ..choices import (
    ActionEventKind,
    ActionStatus,
    CallStatus,
    DeadlineState,
    InputRequestStatus,
    ItemStatus,
    MandateKind,
    ParagraphKind,
    ReceivedVia,
    Recurrence,
    UpdateEventKind,
    UpdateStatus,
)
from ..deadlines import DeadlineQuerySet, deadline_state
from ..sessions import ga_opening_day, ga_session_year


class Session(SeededModel):
    """A numbered session of an intergovernmental body, with its opening day.

    For a body with the General Assembly rule the opening day is computed from the number
    unless ``stated_opening_date`` overrides it; other bodies' sessions state it (or only a year).
    """

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    stated_opening_date = models.DateField(
        null=True, blank=True, help_text="Overrides the computed opening day; required for bodies without a rule."
    )
    opening_date = models.DateField(null=True, blank=True, editable=False, help_text="Effective opening day.")
    meeting = models.OneToOneField(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session",
        help_text="Where the documents give the session's participants or agenda.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "number"]
        constraints = [
            *SeededModel.Meta.constraints,
            models.UniqueConstraint(fields=["body", "number"], name="coordination_session_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="coordination_session_number_positive",
                violation_error_message="A session's number starts at 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name}, session {self.number}"

    def save(self, *args, **kwargs) -> None:
        self.opening_date = self.compute_opening_date()
        if self.opening_date and not self.year:
            self.year = self.opening_date.year
        super().save(*args, **kwargs)

    def compute_opening_date(self) -> dt.date | None:
        if self.stated_opening_date:
            return self.stated_opening_date
        if self.body.session_rule == SessionRule.GA_SEPTEMBER:
            return ga_opening_day(self.number)
        return None

    def clean(self) -> None:
        rule = self.body.session_rule if self.body_id else None
        if rule == SessionRule.GA_SEPTEMBER and self.year and self.year != ga_session_year(self.number):
            raise ValidationError(
                {"year": f"Session {self.number} of the General Assembly opens in {ga_session_year(self.number)}."}
            )

    def document_due_date(self) -> dt.date | None:
        """When a report "at this session" is due: the opening day minus the document lead time.

        None while the opening day is not known (a body without a rule whose session states only its
        year, or nothing): not the year's last day, which falls after a spring session has met. An item
        due at such a session has no day until the secretariat fills the opening day in
        (``services.session_save`` then computes it)."""
        if self.opening_date:
            return self.opening_date - dt.timedelta(weeks=settings.DOCUMENT_LEAD_TIME_WEEKS)
        return None


class Mandate(SeededModel):
    """A resolution or decision of an intergovernmental body (GA 58/208)."""

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="mandates")
    number = models.CharField(
        max_length=40, help_text="As the body numbers it: 58/208, 2006/2 ...", validators=[single_line]
    )
    kind = models.CharField(max_length=20, choices=MandateKind.choices, default=MandateKind.RESOLUTION)
    adoption_date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=400, blank=True, default="", validators=[single_line])
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="mandates")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The resolution text."
    )
    # Number and title (weight A) and the operative paragraphs' text (B), kept by PostgreSQL triggers
    # (installed by its migration; empty on SQLite): docs/decisions/0018-registry-search.md.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-adoption_date", "number"]
        indexes = [
            SearchIndex(fields=["search_vector"], name="coordination_mandate_search"),
            # The latest mandates (the dashboard's timeline): read backwards instead of sorting 40,000 rows.
            models.Index(fields=["adoption_date", "id"], name="coordination_mandate_adopted"),
        ]
        constraints = [
            *SeededModel.Meta.constraints,
            models.UniqueConstraint(fields=["body", "number"], name="coordination_mandate_body_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(number=""),
                name="coordination_mandate_number_not_empty",
                violation_error_message="Give the number the body gave it (58/208, 2006/2 ...).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.get_kind_display().lower()} {self.number}"


class OperativeParagraph(models.Model):
    """One operative paragraph of a mandate: what it asks of whom, and the record it became.

    "5. Requests the Secretary-General to submit to the General Assembly at its sixtieth session a
    report ..." is number "5", verb "requests", addressee "the Secretary-General", kind report; the
    reporting obligation accepted from it points here (``ReportingObligation.paragraph``), as do the
    follow-up actions (``FollowUpAction.origin_paragraph``: "calls upon ILO, IOM ..." becomes one
    action per organization named); a paragraph that convenes a meeting names it here.
    """

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.CharField(
        max_length=20, help_text='As the document numbers it: "5", "5 (a)".', validators=[single_line]
    )
    position = models.PositiveIntegerField(help_text="Order in the document.")
    text = models.TextField(validators=[multi_line])
    verb = models.CharField(
        max_length=60, blank=True, default="", help_text='"requests", "calls upon" ...', validators=[single_line]
    )
    addressee = models.CharField(
        max_length=300, blank=True, default="", help_text="Whom it asks, as stated.", validators=[single_line]
    )
    kind = models.CharField(max_length=20, choices=ParagraphKind.choices, default=ParagraphKind.OTHER)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The meeting it convenes.",
    )
    # The text (weight B), kept by a PostgreSQL trigger like the mandate's (empty on SQLite).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["mandate", "position"]
        # Also, on PostgreSQL only, what the text asks about (column request_subject, with the table of
        # distinct subjects and its trigram index) for similar requests (coordination.search.similar_paragraphs_for):
        # kept by the same trigger, created by its migration, unknown to Django.
        indexes = [SearchIndex(fields=["search_vector"], name="coordination_paragraph_search")]
        constraints = [
            models.UniqueConstraint(fields=["mandate", "number"], name="coordination_paragraph_one_per_number"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ParagraphKind.values), name="coordination_paragraph_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(number=""),
                name="coordination_paragraph_number_not_empty",
                violation_error_message='Give the number the document gives the paragraph ("5").',
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate}, para. {self.number}"


class DueDateFields(models.Model):
    """A due date as the source stated it, its precision, and the computed day.

    The computed day is the last day of the period, or for a session the session's document
    due day (docs/design.md, "Dates and deadline states"), none while the session's opening day is
    not known (``waits_for_opening_day``). An item with no precision is undated.
    """

    due_date = models.DateField(null=True, blank=True, db_index=True, help_text="Computed day the item is due.")
    due_precision = models.CharField(max_length=20, blank=True, default="", choices=DatePrecision.choices)
    due_as_stated = models.CharField(
        max_length=200, blank=True, default="", help_text='"mid-2005", "at its 63rd session"', validators=[single_line]
    )
    due_session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_precision__in=[*DatePrecision.values, ""]),
                name="%(app_label)s_%(class)s_due_precision_valid",
                violation_error_message="Choose a precision from the list (day, month, quarter, half, year, session).",
            ),
            models.CheckConstraint(
                condition=(models.Q(due_precision="") & models.Q(due_date__isnull=True))
                | (~models.Q(due_precision="") & models.Q(due_date__isnull=False))
                # due at a session whose opening day is not known yet: no day until it is
                | (models.Q(due_precision=DatePrecision.SESSION) & models.Q(due_date__isnull=True)),
                name="%(app_label)s_%(class)s_due_date_with_precision",
                violation_error_message=(
                    "Give the day it is due with its precision, or leave both empty for an undated item."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(due_precision=DatePrecision.SESSION) | models.Q(due_session__isnull=False),
                name="%(app_label)s_%(class)s_session_precision_has_session",
                violation_error_message="Choose the session it is due at, or another precision.",
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        self.due_date = self.compute_due_date()
        super().save(*args, **kwargs)

    @property
    def waits_for_opening_day(self) -> bool:
        """Due at a session whose opening day is not known yet: it has no day until the secretariat
        fills the session's opening day in (the admin flags it)."""
        return self.due_precision == DatePrecision.SESSION and self.due_date is None

    def compute_due_date(self) -> dt.date | None:
        if not self.due_precision:
            return None
        if self.due_precision not in DatePrecision.values:
            return self.due_date  # left for the database's check to refuse
        if self.due_precision == DatePrecision.SESSION:
            return self.due_session.document_due_date() if self.due_session_id else None
        return period_end(self.due_precision, self.due_date) if self.due_date else None

    def deadline_state_on(self, today: dt.date, *, horizon_days: int | None = None) -> DeadlineState:
        return deadline_state(
            due_date=self.due_date,
            is_closed=self.status in self.CLOSED_STATUSES,
            today=today,
            horizon_days=horizon_days,
        )


class ReportingObligation(SeededModel, DueDateFields):
    """A report a mandate asks for: to whom, by when, who in the secretariat answers for it,
    and the document that fulfilled it."""

    CLOSED_STATUSES: ClassVar = (ItemStatus.DONE, ItemStatus.CANCELLED)

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="obligations")
    addressee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="obligations_addressed",
        help_text="The body the report goes to.",
    )
    description = models.TextField(validators=[multi_line])
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    fulfilled_by = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="fulfilled_obligations"
    )
    completed_on = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, default=Recurrence.NONE)
    paragraph = models.ForeignKey(
        OperativeParagraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
        help_text="The operative paragraph that asks for it.",
    )

    history = HistoricalRecords()
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            *SeededModel.Meta.constraints,
            *DueDateFields.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(fulfilled_by__isnull=True) | models.Q(status=ItemStatus.DONE),
                name="coordination_obligation_fulfilled_is_done",
                violation_error_message=(
                    "A report is recorded with the step “Record the report”, which also marks the obligation done."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ItemStatus.values), name="coordination_obligation_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(recurrence__in=Recurrence.values), name="coordination_obligation_recurrence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Report under {self.mandate}: {self.description[:80]}"


class FollowUpAction(SeededModel, DueDateFields):
    """Something to do, with exactly one origin (a meeting, a mandate or a document), a lead
    organization, supporting organizations, a responsible officer and a due date."""

    CLOSED_STATUSES: ClassVar = (ActionStatus.DONE, ActionStatus.CANCELLED)
    # Open, but waiting for the secretariat (a focal point said it is done): its deadline still counts
    # (it is not done until confirmed), but its organization is not reminded (docs/design.md, "Reminders").
    WAITING_STATUSES: ClassVar = (ActionStatus.DONE_PENDING,)

    title = models.CharField(max_length=400, validators=[single_line])
    description = models.TextField(blank=True, default="", validators=[multi_line])
    origin_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    origin_mandate = models.ForeignKey(
        Mandate, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    origin_document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    origin_paragraph = models.ForeignKey(
        OperativeParagraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="The operative paragraph of the origin mandate that asks for it.",
    )
    recurrence = models.CharField(
        max_length=20,
        choices=Recurrence.choices,
        default=Recurrence.NONE,
        help_text='A standing request ("continue convening ..."): done, it starts again for the next period.',
    )
    lead_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
        help_text="Empty only where the source names nobody; such an action has no recipient for reminders.",
    )
    supporting_organizations = models.ManyToManyField(Organization, blank=True, related_name="supported_actions")
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "follow-up action"
        constraints = [
            *SeededModel.Meta.constraints,
            *DueDateFields.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    models.Q(origin_meeting__isnull=False, origin_mandate__isnull=True, origin_document__isnull=True)
                    | models.Q(origin_meeting__isnull=True, origin_mandate__isnull=False, origin_document__isnull=True)
                    | models.Q(origin_meeting__isnull=True, origin_mandate__isnull=True, origin_document__isnull=False)
                ),
                name="coordination_action_exactly_one_origin",
                violation_error_message=(
                    "Choose where this action comes from: a meeting, a mandate or a document (one of them only)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(recurrence__in=Recurrence.values), name="coordination_action_recurrence_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="coordination_action_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def origin(self) -> Meeting | Mandate | Document | None:
        return self.origin_meeting or self.origin_mandate or self.origin_document


class CallForInputs(SeededModel):
    """A request for contributions serving a reporting obligation, with a deadline and addressees."""

    title = models.CharField(max_length=400, validators=[single_line])
    instructions = models.TextField(blank=True, default="", validators=[multi_line])
    obligation = models.ForeignKey(
        ReportingObligation, null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    deadline = models.DateField()
    status = models.CharField(max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-deadline", "title"]
        verbose_name = "call for inputs"
        verbose_name_plural = "calls for inputs"
        constraints = [
            *SeededModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(status__in=CallStatus.values), name="coordination_call_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InputRequest(SeededModel, DueDateFields):
    """One addressed organization's part of a call for inputs."""

    CLOSED_STATUSES: ClassVar = (InputRequestStatus.ANSWERED, InputRequestStatus.DECLINED, InputRequestStatus.WAIVED)

    call = models.ForeignKey(CallForInputs, on_delete=models.CASCADE, related_name="input_requests")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="input_requests")
    status = models.CharField(max_length=20, choices=InputRequestStatus.choices, default=InputRequestStatus.OPEN)
    declined_reason = models.TextField(blank=True, default="", validators=[multi_line])
    waived_reason = models.TextField(
        blank=True, default="", help_text="Why the secretariat stopped asking.", validators=[multi_line]
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["call", "organization__name"]
        constraints = [
            *SeededModel.Meta.constraints,
            *DueDateFields.Meta.constraints,
            models.UniqueConstraint(
                fields=["call", "organization"], name="coordination_inputrequest_one_per_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InputRequestStatus.values), name="coordination_inputrequest_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=InputRequestStatus.DECLINED) | ~models.Q(declined_reason=""),
                name="coordination_inputrequest_declined_has_reason",
                violation_error_message="Say why the organization declined: the report lists nil returns.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.short_name}: {self.call}"


class ActivityUpdate(SeededModel):
    """What an organization reports: an answer to an input request, progress on a follow-up
    action, or activities it reported in a document or at a meeting."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    input_request = models.ForeignKey(
        InputRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )
    action = models.ForeignKey(FollowUpAction, null=True, blank=True, on_delete=models.PROTECT, related_name="updates")
    title = models.CharField(max_length=400, validators=[single_line])
    body = models.TextField(validators=[multi_line])
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    return_comment = models.TextField(blank=True, default="", validators=[multi_line])
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices, default=ReceivedVia.API)
    received_on = models.DateField(null=True, blank=True, help_text="For answers received by mail or letter.")
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
        help_text="Where it was reported.",
    )
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="updates")
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            # The API lists updates newest first: a page must not sort the whole table.
            models.Index(F("updated_at").desc(), F("id").desc(), name="coord_update_newest_first"),
            # The answers waiting for review, the longest waiting first (the dashboard): counted and paged from
            # this slice, not by reading every update (bench/scale.py).
            models.Index(
                fields=["submitted_at", "id"], condition=models.Q(status="submitted"), name="coord_update_to_review"
            ),
        ]
        constraints = [
            *SeededModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="coordination_update_period_end_after_start",
                violation_error_message="The period ends before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=UpdateStatus.values), name="coordination_update_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=UpdateStatus.RETURNED) | ~models.Q(return_comment=""),
                name="coordination_update_returned_has_comment",
                violation_error_message="Say what to change: a returned answer carries a comment.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.short_name}: {self.title}"

    def clean(self) -> None:
        if self.input_request_id and self.input_request.organization_id != self.organization_id:
            raise ValidationError({"input_request": "This input request is addressed to another organization."})


class Provenance(models.Model):
    """Where a record's facts come from: document, paragraph, and the value as the source stated it.

    A record has several rows; conflicting statements are all kept, and the record holds the
    value the better source supports.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="provenance_statements")
    paragraph = models.CharField(
        max_length=300, help_text='Paragraph number, or section where none: "Preface".', validators=[single_line]
    )
    field = models.CharField(max_length=60, blank=True, default="", validators=[single_line])
    value_as_stated = models.TextField(blank=True, default="", validators=[multi_line])
    note = models.TextField(blank=True, default="", validators=[multi_line])

    class Meta:
        ordering = ["content_type", "object_id", "pk"]
        verbose_name_plural = "provenance"
        indexes = [models.Index(fields=["content_type", "object_id"], name="coordination_provenance_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document", "paragraph", "field", "value_as_stated"],
                name="coordination_provenance_unique_statement",
            ),
            models.CheckConstraint(
                condition=~models.Q(paragraph=""),
                name="coordination_provenance_paragraph_not_empty",
                violation_error_message='Give the paragraph, or the section where there is none ("Preface").',
            ),
        ]

    def __str__(self) -> str:
        stated = f": “{Truncator(self.value_as_stated).chars(80)}”" if self.value_as_stated else ""
        return f"{self.document}, para. {self.paragraph}{stated}"


class UpdateEvent(models.Model):
    """One step of an activity update's workflow: who did what, when (and why, for a return)."""

    update = models.ForeignKey(ActivityUpdate, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=20, choices=UpdateEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    comment = models.TextField(blank=True, default="", validators=[multi_line])

    class Meta:
        ordering = ["update", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


class ActionEvent(models.Model):
    """One step of a follow-up action's "done, to be confirmed" exchange: a focal point asks, the
    secretariat confirms or declines; who, when, and the comment the other side reads."""

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=20, choices=ActionEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    comment = models.TextField(blank=True, default="", validators=[multi_line])

    class Meta:
        ordering = ["action", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__in=ActionEventKind.values), name="coordination_actionevent_event_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"
