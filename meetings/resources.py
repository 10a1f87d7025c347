"""Spreadsheet import and export (django-import-export) of meetings and of their participants.

Two resources, both offered on the meetings list: **meetings**, one row per meeting, with a
``participants`` column to read ("Amina Diallo, Director (ILO, chair); UNHCR") that an import
ignores; and **participants**, one row per participant (the meeting, the organization, the person,
the function, the role, the agenda item presented), which imports and exports the participants
exactly. docs/decisions/0013-spreadsheets.md says why participants are not imported from one cell.

A row with an ``id`` updates that record; a row without one adds a record. A meeting is written as
its title, with the year in brackets when several meetings share the title ("Fourth Coordination
Meeting (2005)"), as the admin shows it.
"""

from __future__ import annotations

import re

from import_export import fields

from agencies.resources import OrganizationsWidget, OrganizationWidget
from core.spreadsheets import ChoiceWidget, DayWidget, IdResource, LookupWidget

from .choices import DatePrecision, MeetingKind, MeetingStatus, ParticipantRole
from .models import AgendaItem, Meeting, MeetingSeries, Participant
from .services import meeting_save, participant_save

_YEAR_SUFFIX = re.compile(r"^(?P<title>.*\S)\s*\((?P<year>\d{4}|undated)\)$")


class MeetingWidget(LookupWidget):
    """A meeting by title, with its year in brackets when several meetings share the title."""

    model = Meeting
    field = "title"
    required_message = "Required: the meeting's title, as the admin shows it, e.g. “Title (2005)”."

    def lookup(self, text: str, row) -> Meeting:
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


class MeetingSeriesWidget(LookupWidget):
    """A meeting series by its name (any case); never created by an import."""

    model = MeetingSeries
    field = "name"

    def lookup(self, text: str, row) -> MeetingSeries:
        series = MeetingSeries.objects.filter(name__iexact=text).first()
        if series is None:
            raise ValueError(f"No meeting series is called “{text}”: add the series first, or correct the name.")
        return series


class MeetingResource(IdResource):
    """Meetings; ``participants`` is exported to be read (the participants resource imports them)."""

    record_name = "meeting"
    series = fields.Field(attribute="series", column_name="series", widget=MeetingSeriesWidget())
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(MeetingKind, default=MeetingKind.OTHER)
    )
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DayWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DayWidget())
    date_precision = fields.Field(
        attribute="date_precision",
        column_name="date_precision",
        widget=ChoiceWidget(DatePrecision, default=DatePrecision.DAY),
    )
    organizer = fields.Field(attribute="organizer", column_name="organizer", widget=OrganizationWidget())
    co_organizers = fields.Field(attribute="co_organizers", column_name="co_organizers", widget=OrganizationsWidget())
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(MeetingStatus, default=MeetingStatus.HELD)
    )
    participants = fields.Field(column_name="participants", readonly=True)

    required_columns = ("title",)
    constraint_messages = {
        "meetings_meeting_series_number_unique": ("number", "Another meeting of this series has this number."),
        "meetings_meeting_end_after_start": ("end_date", "The meeting ends before it starts."),
    }
    export_select_related = ("series", "organizer")
    export_prefetch_related = ("co_organizers", "participants__organization")

    class Meta:
        model = Meeting
        fields = (
            "id",
            "title",
            "series",
            "number",
            "kind",
            "start_date",
            "end_date",
            "date_precision",
            "dates_as_stated",
            "venue",
            "organizer",
            "co_organizers",
            "status",
            "summary",
            "participants",
        )
        name = "meetings"

    def dehydrate_participants(self, meeting: Meeting) -> str:
        """ "Amina Diallo, Director (ILO, chair); UNHCR": who came, to read; not imported."""
        said = []
        # By organization (people for no organization last), then by name, whatever the query's order.
        participants = sorted(
            meeting.participants.all(),
            key=lambda p: (p.organization is None, p.organization.name if p.organization else "", p.person, p.pk),
        )
        for participant in participants:
            name = ", ".join(part for part in (participant.person, participant.function) if part)
            where = [participant.organization.short_name] if participant.organization_id else []
            if participant.role != ParticipantRole.PARTICIPANT:
                where.append(participant.get_role_display().lower())
            said.append(f"{name} ({', '.join(where)})" if name and where else name or ", ".join(where))
        return "; ".join(said)

    def do_instance_save(self, instance, is_create) -> None:
        meeting_save(meeting=instance, by=self.importing_user)


class AgendaItemWidget(LookupWidget):
    """The agenda item a participant presented, by its number on the row's meeting's agenda."""

    model = AgendaItem
    field = "position"

    def lookup(self, text: str, row) -> AgendaItem | None:
        if not text.isdigit():
            raise ValueError(f"“{text}”: give the agenda item's number, e.g. 3.")
        try:
            meeting = MeetingWidget().clean((row or {}).get("meeting"))
        except ValueError:
            return None  # the meeting column says what is wrong
        item = AgendaItem.objects.filter(meeting=meeting, position=int(text)).first() if meeting else None
        if item is None:
            raise ValueError(f"The meeting's agenda has no item {text}: add it on the meeting's page first.")
        return item


class ParticipantResource(IdResource):
    """Participants, one row each. Exported from the meetings list: the participants of the meetings
    chosen (or of all meetings the list shows)."""

    record_name = "participant"
    meeting = fields.Field(attribute="meeting", column_name="meeting", widget=MeetingWidget(required=True))
    organization = fields.Field(attribute="organization", column_name="organization", widget=OrganizationWidget())
    role = fields.Field(
        attribute="role", column_name="role", widget=ChoiceWidget(ParticipantRole, default=ParticipantRole.PARTICIPANT)
    )
    agenda_item = fields.Field(attribute="agenda_item", column_name="agenda_item", widget=AgendaItemWidget())

    required_columns = ("meeting",)
    constraint_messages = {
        "meetings_participant_person_or_organization": (
            "person",
            "Name the person or the organization who took part.",
        ),
    }
    export_select_related = ("meeting", "organization", "agenda_item")

    class Meta:
        model = Participant
        fields = ("id", "meeting", "organization", "person", "function", "role", "agenda_item")
        name = "participants"

    def filter_export(self, queryset, **kwargs):
        # From the meetings list, the queryset is of meetings: export their participants.
        if queryset is not None and queryset.model is Meeting:
            queryset = Participant.objects.filter(meeting__in=queryset.values("pk")).order_by(
                "meeting__start_date", "meeting_id", "organization__name", "person", "pk"
            )
        return super().filter_export(queryset, **kwargs)

    def check_row(self, instance, row, errors):
        if instance.agenda_item_id and instance.meeting_id and instance.agenda_item.meeting_id != instance.meeting_id:
            errors.setdefault("agenda_item", []).append("This agenda item is of another meeting.")
        return errors

    def do_instance_save(self, instance, is_create) -> None:
        participant_save(participant=instance, by=self.importing_user)
