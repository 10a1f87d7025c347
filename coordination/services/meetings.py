"""Carry-over: the open follow-up actions of a series' earlier meetings, brought onto the agenda of a
later meeting of the series as agenda items (docs/admin.md, "A meeting's record"; decision 0012)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core.errors import DomainError
from core.periods import at_precision
from meetings.models import AgendaItem, Meeting

from ..meeting_record import series_actions
from ..models import CarriedOverAction, FollowUpAction
from .access import locked, require_secretariat, with_history_user

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import User


@dataclass(frozen=True)
class CarryOver:
    added: list[AgendaItem]  # the new agenda items, in agenda order
    already: list[FollowUpAction]  # chosen, but on this meeting's agenda before


def _notes(action: FollowUpAction) -> str:
    lead = action.lead_organization.short_name if action.lead_organization_id else "no lead organization named"
    due = at_precision(action.due_date, action.due_precision or "day", as_stated=action.due_as_stated)
    return (
        f"Open follow-up action of the {action.origin_meeting}, carried over.\n"
        f"Lead: {lead}. Due: {due}. Status: {action.get_status_display()}."
    )


@transaction.atomic
def meeting_carry_over(
    *,
    meeting: Meeting,
    actions: Iterable[FollowUpAction],
    by: User | None = None,
    now: dt.datetime | None = None,
) -> CarryOver:
    """Add each of ``actions`` to the end of ``meeting``'s agenda, as an item with the action's title
    and a link to the action (``CarriedOverAction``).

    Only open actions that arose from an earlier meeting of the same series are carried over; any
    other refuses the whole request, naming each action and why. An action already on this agenda is
    not added twice (it is returned in ``already``). The meeting's row lock serializes two officers
    carrying over at once: the second reads what the first added, so the agenda gets neither a
    duplicate nor two items with one number (the unique constraints hold the line regardless).
    """
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat changes a meeting's agenda.")
    chosen = {action.pk: action for action in actions}
    if not chosen:
        raise DomainError("Choose at least one action to add to the agenda.", field="actions")
    meeting = locked(meeting)
    if meeting.series_id is None:
        raise DomainError("This meeting belongs to no series: there is no earlier meeting to carry actions over from.")
    if meeting.start_date is None:
        raise DomainError("Give this meeting's dates first: without them its series' earlier meetings are not known.")
    # Each action's row lock: a colleague marking one done meanwhile waits, or is seen done here.
    found = {
        action.pk: action
        for action in series_actions(meeting)
        .filter(pk__in=chosen)
        .select_related("origin_meeting", "lead_organization")
        .select_for_update(of=("self",))
        .order_by("origin_meeting__start_date", F("due_date").asc(nulls_last=True), "pk")
    }
    refusals = []
    for pk, action in chosen.items():
        current = found.get(pk)
        if current is None:
            refusals.append(f"“{action}” did not arise from an earlier meeting of {meeting.series}.")
        elif current.status in FollowUpAction.CLOSED_STATUSES:
            refusals.append(
                f"“{current}” is {current.get_status_display().lower()}: only open actions are carried over."
            )
    if refusals:
        raise DomainError([*refusals, "Nothing was added to the agenda."], field="actions")

    already_ids = set(
        CarriedOverAction.objects.filter(meeting=meeting, action_id__in=found).values_list("action_id", flat=True)
    )
    position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
    added = []
    for action in found.values():
        if action.pk in already_ids:
            continue
        item = AgendaItem(meeting=meeting, position=position, title=action.title, notes=_notes(action))
        with_history_user(item, by, f"Carried over from the {action.origin_meeting}")
        item.save()
        link = CarriedOverAction(
            meeting=meeting, agenda_item=item, action=action, carried_over_by=by, carried_over_at=now
        )
        with_history_user(link, by)
        link.save()
        added.append(item)
        position += 1
    return CarryOver(added=added, already=[action for pk, action in found.items() if pk in already_ids])
