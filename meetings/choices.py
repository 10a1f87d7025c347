"""Enumerations of the meetings app."""

from django.db import models


class DatePrecision(models.TextChoices):
    """How precisely a source states a date. The stored day is the last day of the period."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter (a season is its northern-hemisphere quarter)"
    HALF_YEAR = "half_year", "Half-year (mid-year = 30 June)"
    YEAR = "year", "Year"
    SESSION = "session", "Session of an intergovernmental body"


# Meetings and documents are dated by the calendar, never by a session.
CALENDAR_PRECISIONS = [p for p in DatePrecision.values if p != DatePrecision.SESSION]


class MeetingKind(models.TextChoices):
    COORDINATION_MEETING = "coordination_meeting", "Coordination meeting"
    CONFERENCE = "conference", "Conference"
    FORUM = "forum", "Forum"
    DIALOGUE = "dialogue", "High-level dialogue"
    HEARING = "hearing", "Hearing"
    WORKSHOP = "workshop", "Workshop"
    EXPERT_MEETING = "expert_meeting", "Expert group meeting"
    SEMINAR = "seminar", "Seminar or symposium"
    SESSION = "session", "Session of an intergovernmental body"
    OTHER = "other", "Other meeting"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    PRESENTER = "presenter", "Presenter"
    SPEAKER = "speaker", "Speaker"
    PANELLIST = "panellist", "Panellist"
    RAPPORTEUR = "rapporteur", "Rapporteur"
    ORGANIZER = "organizer", "Organizer"
    PARTICIPANT = "participant", "Participant"
    OBSERVER = "observer", "Observer"


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", "Resolution text"
    DECISION = "decision", "Decision text"
    SG_REPORT = "sg_report", "Report of the Secretary-General"
    MEETING_REPORT = "meeting_report", "Meeting report or proceedings"
    PAPER = "paper", "Paper"
    LETTER = "letter", "Letter or note verbale"
    PUBLICATION = "publication", "Publication"
    OTHER = "other", "Other document"
