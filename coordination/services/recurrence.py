"""Standing follow-up actions ("continue convening coordination meetings"): done, the action starts
again for the next period, as a recurring reporting obligation does (``obligations.obligation_fulfill``).

The next occurrence is a new open action with the same origin, paragraph, organizations, officer and
recurrence, due a year (or two) later: at the session that many numbers on for an action due at a
session, on the same day of the period otherwise; an undated standing action starts again undated.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from meetings.choices import DatePrecision

from ..choices import Recurrence
from ..models import FollowUpAction, Session
from .access import with_history_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RECURRENCE_YEARS = {Recurrence.ANNUAL: 1, Recurrence.BIENNIAL: 2}


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_due(*, closed, following, years: int) -> None:
    """The due fields of a standing item's next occurrence (an action or a reporting obligation): at the
    session that many numbers on for an item due at a session (a session whose opening day is not known
    yet gives no day until the secretariat fills it in: ``session_save``), on the same day that many years
    later for a dated item; undated for an undated one."""
    if closed.due_precision == DatePrecision.SESSION and closed.due_session_id:
        session = closed.due_session
        following.due_session, _ = Session.objects.get_or_create(body=session.body, number=session.number + years)
    elif closed.due_date is not None:
        following.due_date = years_later(closed.due_date, years)
    else:
        following.due_precision = ""


def action_recur(*, action: FollowUpAction, by: User | None) -> FollowUpAction | None:
    """The next occurrence of a standing action just closed as done (the caller holds its row lock and
    its transaction); None for a one-off action."""
    years = RECURRENCE_YEARS.get(action.recurrence)
    if years is None:
        return None
    following = FollowUpAction(
        title=action.title,
        description=action.description,
        origin_meeting_id=action.origin_meeting_id,
        origin_mandate_id=action.origin_mandate_id,
        origin_document_id=action.origin_document_id,
        origin_paragraph_id=action.origin_paragraph_id,
        recurrence=action.recurrence,
        lead_organization_id=action.lead_organization_id,
        responsible_officer_id=action.responsible_officer_id,
        due_precision=action.due_precision,
    )
    next_due(closed=action, following=following, years=years)
    if following.due_precision:
        following.due_as_stated = f"next occurrence ({action.get_recurrence_display().lower()})"
    with_history_user(following, by, f"Next occurrence of a standing action (#{action.pk})")
    following.save()
    following.supporting_organizations.set(action.supporting_organizations.all())
    return following
