"""A meeting's record as people read it (docs/admin.md, "A meeting's record"): the agenda in order with
its presenters, who took part grouped by organization, the papers, what was concluded, the follow-up
actions the meeting agreed with their deadline state, and, for a meeting of a series, the open actions
of the series' earlier meetings that could be carried over onto its agenda.

Read in a fixed number of queries whatever the size of the meeting (``RECORD_QUERIES``); the
template runs none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from agencies.models import Organization
from core.periods import at_precision
from meetings.choices import DocumentKind, ParticipantRole
from meetings.models import AgendaItem, Document, Meeting, Participant

from .choices import DeadlineState
from .models import FollowUpAction

# The meeting with its series, organizer, session and co-organizers (2), its agenda with what each
# item carried over (1), participants (1), papers (1), actions (1), actions to carry over (1).
RECORD_QUERIES = 7

ROLE_ORDER = {role: order for order, role in enumerate(ParticipantRole.values)}


def series_actions(meeting: Meeting) -> QuerySet[FollowUpAction]:
    """The follow-up actions that arose from the meetings of ``meeting``'s series held before it (an
    earlier start date), whatever their status. None for a meeting outside a series or undated: which
    meetings came before it is then unknown."""
    if meeting.series_id is None or meeting.start_date is None:
        return FollowUpAction.objects.none()
    return FollowUpAction.objects.filter(
        origin_meeting__series_id=meeting.series_id, origin_meeting__start_date__lt=meeting.start_date
    )


def actions_to_carry_over(meeting: Meeting) -> QuerySet[FollowUpAction]:
    """The open follow-up actions of the series' earlier meetings, the oldest meeting first."""
    return (
        series_actions(meeting)
        .exclude(status__in=FollowUpAction.CLOSED_STATUSES)
        .select_related("origin_meeting", "lead_organization")
        .order_by("origin_meeting__start_date", F("due_date").asc(nulls_last=True), "pk")
    )


def deadline_text(state: DeadlineState, due_date: dt.date | None, today: dt.date) -> str:
    """The deadline state as the admin's lists say it: "Overdue (12 days late)", "Due within 30 days (in 9 days)",
    "Lapsed"."""
    if due_date is None or state == DeadlineState.CLOSED:
        return state.label
    if state == DeadlineState.LAPSED:
        return "Lapsed"  # its label says the rest, on hover; the due date says when
    days = (due_date - today).days
    when = "today" if days == 0 else f"in {days} days" if days > 0 else f"{-days} days late"
    return f"{state.label} ({when})"


@dataclass(frozen=True)
class ActionRow:
    action: FollowUpAction
    due: str  # at the precision the source gave: "mid-2005", "Q3 2004"
    state: DeadlineState
    deadline: str
    carried_over_as: AgendaItem | None = None  # on this meeting's agenda already (carry-over only)


def _action_row(action: FollowUpAction, today: dt.date, carried_over_as: AgendaItem | None = None) -> ActionRow:
    state = action.deadline_state_on(today)
    return ActionRow(
        action=action,
        due=at_precision(action.due_date, action.due_precision or "day", as_stated=action.due_as_stated),
        state=state,
        deadline=deadline_text(state, action.due_date, today),
        carried_over_as=carried_over_as,
    )


@dataclass(frozen=True)
class Attendance:
    """One person (or an organization's unnamed representative) at the meeting, in all their roles."""

    name: str
    function: str
    roles: list[str]  # "Presenter: item 2", "Speaker: items 1, 8"; a plain participant's role is not said


@dataclass(frozen=True)
class OrganizationGroup:
    organization: Organization | None  # None: people the record names without an organization
    people: list[Attendance]


@dataclass(frozen=True)
class AgendaEntry:
    item: AgendaItem
    presenters: list[Participant]
    carried_over: ActionRow | None  # the earlier meeting's action this item brought forward


@dataclass
class MeetingRecord:
    meeting: Meeting
    agenda: list[AgendaEntry]
    participants: list[OrganizationGroup]
    participant_count: int
    reports: list[Document]  # the meeting's own report or proceedings
    papers: list[Document]
    actions: list[ActionRow]
    carry_over: list[ActionRow] = field(default_factory=list)

    @property
    def in_series(self) -> bool:
        return self.meeting.series_id is not None

    @property
    def carry_over_offered(self) -> list[ActionRow]:
        """The open actions of earlier meetings not yet on this agenda."""
        return [row for row in self.carry_over if row.carried_over_as is None]


def _role_rank(role: str) -> int:
    return ROLE_ORDER.get(role, len(ROLE_ORDER))


def _roles_said(entries: list[Participant], positions: dict[int, int]) -> list[str]:
    """A person's roles, the highest first, each with the agenda items it was for: "Speaker: items 1, 8".
    Plain participation is not said unless it was for an item."""
    items_by_role: dict[str, set[int]] = defaultdict(set)
    for participant in entries:
        items = items_by_role[participant.role]  # the role is listed even when it was for no item
        if participant.agenda_item_id in positions:
            items.add(positions[participant.agenda_item_id])
    said = []
    for role in sorted(items_by_role, key=_role_rank):
        items = sorted(items_by_role[role])
        if not items:
            if role != ParticipantRole.PARTICIPANT:
                said.append(ParticipantRole(role).label)
            continue
        said.append(f"{ParticipantRole(role).label}: item{'s' if len(items) > 1 else ''} {', '.join(map(str, items))}")
    return said


def _group_participants(participants: list[Participant], positions: dict[int, int]) -> list[OrganizationGroup]:
    """By organization in the order of the secretariat's reports (Secretariat, regional commissions,
    funds and programmes ...), then by name; within one, the chair first, by role, then by name. A
    person listed in several roles (presenter of one item, rapporteur of another) is one line."""
    people_of: dict[int | None, dict[tuple[str, str], list[Participant]]] = defaultdict(dict)
    organizations: dict[int, Organization] = {}
    for participant in participants:
        if participant.organization_id:
            organizations[participant.organization_id] = participant.organization
        people_of[participant.organization_id].setdefault((participant.person, participant.function), []).append(
            participant
        )
    groups = []
    for organization_id, people in people_of.items():
        lines = [
            ((min(_role_rank(p.role) for p in entries), not person, person.casefold(), function),
             Attendance(name=person, function=function, roles=_roles_said(entries, positions)))
            for (person, function), entries in people.items()
        ]  # fmt: skip
        ranked = sorted(lines, key=lambda line: line[0])
        groups.append(OrganizationGroup(organizations.get(organization_id), [line for _, line in ranked]))
    groups.sort(
        key=lambda group: (
            (1, 0, "") if group.organization is None else (0, group.organization.report_order, group.organization.name)
        )
    )
    return groups


def meeting_record(*, meeting_id: int, today: dt.date) -> MeetingRecord:
    """Everything the record page shows, in ``RECORD_QUERIES`` queries."""
    meeting = (
        Meeting.objects.select_related("series", "organizer", "session__body")
        .prefetch_related(Prefetch("co_organizers", queryset=Organization.objects.order_by("name")))
        .get(pk=meeting_id)
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "carried_over_action__action__origin_meeting", "carried_over_action__action__lead_organization"
        )
        .order_by("position", "pk")
    )
    participants = list(
        Participant.objects.filter(meeting=meeting).select_related("organization").order_by("person", "pk")
    )
    documents = list(
        Document.objects.filter(meeting=meeting).select_related("author").order_by("date", "symbol", "pk")
    )
    actions = list(
        FollowUpAction.objects.filter(origin_meeting=meeting)
        .select_related("lead_organization")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    on_agenda: dict[int, AgendaItem] = {}
    agenda = []
    presenters: dict[int, list[Participant]] = defaultdict(list)
    for participant in participants:
        if participant.agenda_item_id:
            presenters[participant.agenda_item_id].append(participant)
    for item in items:
        carried = getattr(item, "carried_over_action", None)
        if carried is not None:
            on_agenda[carried.action_id] = item
        agenda.append(
            AgendaEntry(
                item=item,
                presenters=sorted(
                    presenters[item.pk],
                    key=lambda p: (_role_rank(p.role), not p.person, p.person.casefold()),
                ),
                carried_over=_action_row(carried.action, today) if carried is not None else None,
            )
        )
    return MeetingRecord(
        meeting=meeting,
        agenda=agenda,
        participants=_group_participants(participants, {item.pk: item.position for item in items}),
        participant_count=len(participants),
        reports=[document for document in documents if document.kind == DocumentKind.MEETING_REPORT],
        papers=[document for document in documents if document.kind != DocumentKind.MEETING_REPORT],
        actions=[_action_row(action, today) for action in actions],
        carry_over=[
            _action_row(action, today, carried_over_as=on_agenda.get(action.pk))
            for action in actions_to_carry_over(meeting)
        ],
    )
