"""Writes of the meetings app: a meeting or a participant as the secretariat records it from a
spreadsheet (``meetings.resources``). Meetings hold no rule beyond their model's constraints and
validators, which the import has checked (``full_clean``) before calling these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from agencies.selectors import is_secretariat
from core.errors import NotPermitted
from core.validators import check_text_fields

from .models import Meeting, Participant

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SECRETARIAT_ONLY = "Only the secretariat records meetings and who took part."


def _recorded_by(record: Meeting | Participant, by: User | None) -> None:
    if by is not None and not is_secretariat(by):
        raise NotPermitted(SECRETARIAT_ONLY)
    check_text_fields(record)
    if by is not None:
        record._history_user = by  # named in the record's change history


@transaction.atomic
def meeting_save(*, meeting: Meeting, by: User | None) -> Meeting:
    """Store a meeting the secretariat added or changed."""
    _recorded_by(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def participant_save(*, participant: Participant, by: User | None) -> Participant:
    """Store a participant of a meeting the secretariat added or changed."""
    _recorded_by(participant, by)
    participant.save()
    return participant
