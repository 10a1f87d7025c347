"""Whether a meeting or a follow-up action a document proposes is recorded already (reads only).

The seed data and earlier documents have recorded many of the meetings and actions a resolution asks
for: the 2006 High-level Dialogue that resolution 58/208 decides to hold, the coordination meetings it
asks the Secretary-General to keep convening. Accepting such a proposal links its paragraph and its
provenance to the record there is instead of making a second one (``ingest.services.proposal_accept``),
and the review queue says so beside the proposal. The rule, in words the queue can show:

- a **meeting** is the one recorded when their titles are alike and its days fall in the period the
  text states at its precision ("in 2006": any day of 2006; "on 14 and 15 September 2006": a meeting
  held over those days); a text that gives no date matches a meeting of the very same title only;
- an **action** is the one recorded when it comes from the same resolution, their titles are alike, and
  it is led by the organization the text names (any lead, when the text names none of the registry).

Two titles are alike when, leaving out case, punctuation and small words ("the", "of", "on" ...), every
word of the shorter is in the longer one ("Continue convening coordination meetings on international
migration" and the same "(third meeting, 2004)"), or at least two thirds of all their words are shared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q

from coordination.models import FollowUpAction, Mandate
from core.periods import period_end, period_start, span_at_precision
from meetings.choices import CALENDAR_PRECISIONS, DatePrecision
from meetings.models import Meeting

from .choices import ProposalKind, ProposalStatus

SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or", "the", "their", "to"]
)
SHARED_ENOUGH = 2 / 3


@dataclass(frozen=True)
class RecordedMatch:
    """The record a proposal matches, and why, in words."""

    record: Meeting | FollowUpAction
    reason: str

    @property
    def label(self) -> str:
        record = self.record
        if isinstance(record, Meeting):
            when = span_at_precision(record.start_date, record.end_date, record.date_precision or DatePrecision.DAY)
            return f"Meeting: {record.title}, {when}"
        lead = record.lead_organization.short_name if record.lead_organization_id else "no lead"
        return f"Action: {record.title} ({lead})"


def significant_words(title: str) -> set[str]:
    return {word for word in re.findall(r"\w+", title.lower()) if word not in SMALL_WORDS}


def titles_alike(one: str, other: str) -> bool:
    first, second = significant_words(one), significant_words(other)
    if not first or not second:
        return False
    shorter, longer = sorted((first, second), key=len)
    return shorter <= longer or len(first & second) / len(first | second) >= SHARED_ENOUGH


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def proposed_period(data: dict) -> tuple[dt.date, dt.date] | None:
    """The days a meeting proposal's dates cover at their precision ("2006": 1 January to 31 December)."""
    start, end = _date(data.get("start_date")), _date(data.get("end_date"))
    if start is None:
        return None
    precision = data.get("precision") or DatePrecision.DAY
    if precision not in CALENDAR_PRECISIONS:
        precision = DatePrecision.DAY
    return period_start(precision, start), period_end(precision, end or start)


def _meetings_in(period: tuple[dt.date, dt.date] | None, name: str) -> Q:
    if period is None:
        return Q(title__iexact=name)
    first, last = period
    # A meeting's span overlaps the period: it starts before the period ends and ends (or, with no end
    # day, starts) after it begins.
    return Q(start_date__lte=last) & (Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))


def _meeting_reason(data: dict) -> str:
    period = proposed_period(data)
    if period is None:
        return "the same title"
    when = span_at_precision(_date(data["start_date"]), _date(data.get("end_date")), data.get("precision") or "day")
    return f"a title alike, held in {when}"


def meeting_match(data: dict) -> RecordedMatch | None:
    """The meeting recorded that a meeting proposal's ``data`` describes, or None."""
    name = (data.get("name") or "").strip()
    if not name:
        return None
    candidates = Meeting.objects.filter(_meetings_in(proposed_period(data), name)).order_by("start_date", "pk")
    found = next((m for m in candidates if titles_alike(name, m.title)), None)
    return RecordedMatch(found, _meeting_reason(data)) if found is not None else None


def _action_alike(data: dict, action: FollowUpAction, lead_id: int | None) -> bool:
    if lead_id is not None and action.lead_organization_id not in (None, lead_id):
        return False
    return titles_alike(data.get("title") or "", action.title)


def _action_reason(lead_id: int | None) -> str:
    led = "led by the organization named" if lead_id is not None else "the text names no lead of the registry"
    return f"the same resolution, a title alike, {led}"


def _preferred(data: dict, actions) -> list[FollowUpAction]:
    """Of several alike, the standing action of the same recurrence first ("continue convening ..., every
    year" is the recurring action, not its 2004 occurrence), then one not done, then the latest."""
    recurrence = data.get("recurrence") or "none"
    return sorted(actions, key=lambda a: (a.recurrence != recurrence, a.completed_on is not None, -a.pk))


def action_match(data: dict, mandate: Mandate, lead_id: int | None) -> RecordedMatch | None:
    """The follow-up action of ``mandate`` that an action proposal's ``data`` describes, or None."""
    candidates = FollowUpAction.objects.filter(origin_mandate=mandate).select_related("lead_organization")
    found = next((a for a in _preferred(data, candidates) if _action_alike(data, a, lead_id)), None)
    return RecordedMatch(found, _action_reason(lead_id)) if found is not None else None


def _lead_id(data: dict) -> int | None:
    key = str(data.get("key") or "")
    return int(key) if key.isdigit() else None


def recorded_matches(proposals) -> dict[int, RecordedMatch]:
    """For the review queue: the record each pending meeting or action proposal of ``proposals`` matches,
    by the proposal's key, in two queries (the page's meetings, the page's resolutions' actions)."""
    pending = [p for p in proposals if p.status == ProposalStatus.PENDING]
    meetings = [p for p in pending if p.kind == ProposalKind.MEETING and (p.data.get("name") or "").strip()]
    actions = [p for p in pending if p.kind == ProposalKind.ACTION and p.data.get("mandate")]
    found: dict[int, RecordedMatch] = {}
    if meetings:
        where = Q(pk__in=[])
        for proposal in meetings:
            where |= _meetings_in(proposed_period(proposal.data), proposal.data["name"].strip())
        recorded = list(Meeting.objects.filter(where).order_by("start_date", "pk"))
        for proposal in meetings:
            data = proposal.data
            period, name = proposed_period(data), data["name"].strip()
            for meeting in recorded:
                if _meeting_in(meeting, period, name) and titles_alike(name, meeting.title):
                    found[proposal.pk] = RecordedMatch(meeting, _meeting_reason(data))
                    break
    if actions:
        numbers = {p.data["mandate"] for p in actions}
        recorded = list(
            FollowUpAction.objects.filter(origin_mandate__number__in=numbers).select_related(
                "lead_organization", "origin_mandate"
            )
        )
        for proposal in actions:
            lead_id = _lead_id(proposal.data)
            for action in _preferred(proposal.data, recorded):
                if action.origin_mandate.number == proposal.data["mandate"] and _action_alike(
                    proposal.data, action, lead_id
                ):
                    found[proposal.pk] = RecordedMatch(action, _action_reason(lead_id))
                    break
    return found


def _meeting_in(meeting: Meeting, period: tuple[dt.date, dt.date] | None, name: str) -> bool:
    """``_meetings_in`` for a meeting already read."""
    if period is None:
        return meeting.title.lower() == name.lower()
    first, last = period
    if meeting.start_date is None or meeting.start_date > last:
        return False
    return (meeting.end_date or meeting.start_date) >= first
