"""Meeting series, meetings with their agenda and participants, and documents."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from agencies.models import Organization
from core.models import SeededModel, TimeStampedModel
from core.periods import period_end
from core.search import SearchIndex
from core.validators import multi_line, single_line

from .choices import CALENDAR_PRECISIONS, DatePrecision, DocumentKind, MeetingKind, MeetingStatus, ParticipantRole


class MeetingSeries(SeededModel):
    """A numbered series of meetings, such as the UN Coordination Meetings on International Migration."""

    name = models.CharField(max_length=300, unique=True, validators=[single_line])
    organizer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.name


class Meeting(SeededModel):
    """A meeting, conference, forum, workshop or hearing, held or planned.

    Dates are stored to the precision the source gives: "July 2002" is month precision with
    ``start_date`` 31 July 2002 (the last day of the period).
    """

    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Its number in the series.")
    title = models.CharField(max_length=400, validators=[single_line])
    kind = models.CharField(max_length=30, choices=MeetingKind.choices, default=MeetingKind.OTHER)
    start_date = models.DateField(null=True, blank=True, db_index=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=20,
        blank=True,
        default=DatePrecision.DAY,
        choices=[(p, DatePrecision(p).label) for p in CALENDAR_PRECISIONS],
    )
    dates_as_stated = models.CharField(max_length=200, blank=True, default="", validators=[single_line])
    venue = models.CharField(max_length=300, blank=True, default="", validators=[single_line])
    organizer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="organized_meetings"
    )
    co_organizers = models.ManyToManyField(Organization, blank=True, related_name="co_organized_meetings")
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    summary = models.TextField(blank=True, default="", validators=[multi_line])

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            *SeededModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="meetings_meeting_end_after_start",
                violation_error_message="The meeting ends before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=[*CALENDAR_PRECISIONS, ""]),
                name="meetings_meeting_precision_valid",
                violation_error_message="Choose how precise the dates are from the list.",
            ),
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=models.Q(number__isnull=False),
                name="meetings_meeting_series_number_unique",
                violation_error_message="Another meeting of this series has this number.",
            ),
        ]

    def __str__(self) -> str:
        when = self.start_date.year if self.start_date else "undated"
        return f"{self.title} ({when})"

    def save(self, *args, **kwargs) -> None:
        # A date stated to a coarser precision is stored as the last day of its period.
        if self.date_precision in CALENDAR_PRECISIONS and self.date_precision != DatePrecision.DAY:
            if self.start_date:
                self.start_date = period_end(self.date_precision, self.start_date)
            if self.end_date:
                self.end_date = period_end(self.date_precision, self.end_date)
        super().save(*args, **kwargs)


class AgendaItem(TimeStampedModel):
    """An item of a meeting's agenda, in order. Timestamped: its version (the API's ETag) moves with
    each change, so two people editing one item through the API cannot overwrite each other."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=400, validators=[single_line])
    notes = models.TextField(blank=True, default="", validators=[multi_line])

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="meetings_agendaitem_position_unique",
                violation_error_message="The agenda already has an item with this number: give each its own.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Participant(TimeStampedModel):
    """Someone (or some organization) who took part in a meeting, in a role (timestamped, as an agenda item)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_participations"
    )
    person = models.CharField(
        max_length=200, blank=True, default="", help_text="Name as the record gives it.", validators=[single_line]
    )
    function = models.CharField(
        max_length=300, blank=True, default="", help_text="Title or function.", validators=[single_line]
    )
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="presenters"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "organization__name", "person"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person="") | models.Q(organization__isnull=False),
                name="meetings_participant_person_or_organization",
                violation_error_message="Name the person or the organization who took part.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=ParticipantRole.values),
                name="meetings_participant_role_valid",
                violation_error_message="Choose a role from the list.",
            ),
        ]

    def __str__(self) -> str:
        who = self.person or "(unnamed)"
        org = f", {self.organization.short_name}" if self.organization_id else ""
        return f"{who}{org} ({self.get_role_display()})"


class Document(SeededModel):
    """Anything with a symbol or a title and a date: resolution texts, reports, papers, letters.

    Documents fulfil reporting obligations, are what provenance points to, and may be the origin
    of follow-up actions.
    """

    symbol = models.CharField(
        max_length=120, blank=True, default="", help_text="A/59/325, E/CN.9/2004/1 ...", validators=[single_line]
    )
    title = models.CharField(max_length=500, blank=True, default="", validators=[single_line])
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=20,
        blank=True,
        default=DatePrecision.DAY,
        choices=[(p, DatePrecision(p).label) for p in CALENDAR_PRECISIONS],
    )
    author = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="Paper of a meeting.",
    )
    url = models.URLField(blank=True, default="")
    # Symbol and title (weight A), kept by a PostgreSQL trigger (installed by its migration; empty on SQLite):
    # docs/decisions/0018-registry-search.md.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-date", "symbol", "title"]
        indexes = [SearchIndex(fields=["search_vector"], name="meetings_document_search")]
        constraints = [
            *SeededModel.Meta.constraints,
            models.UniqueConstraint(
                Lower("symbol"),
                condition=~models.Q(symbol=""),
                name="meetings_document_symbol_unique",
                violation_error_message="Another document has this symbol (in capitals or not): check it is not "
                "already recorded.",
            ),
            models.CheckConstraint(
                condition=~models.Q(symbol="") | ~models.Q(title=""),
                name="meetings_document_symbol_or_title",
                violation_error_message="Give the document's symbol (A/59/325 ...) or its title.",
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=[*CALENDAR_PRECISIONS, ""]),
                name="meetings_document_precision_valid",
                violation_error_message="Choose how precise the date is from the list.",
            ),
        ]

    def __str__(self) -> str:
        if self.symbol and self.title:
            return f"{self.symbol}: {self.title}"
        return self.symbol or self.title
