"""Reporting obligations: recording the report that fulfils one, and the next occurrence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from meetings.choices import DatePrecision
from meetings.models import Document

from ..choices import ItemStatus, Recurrence
from ..deadlines import secretariat_today
from ..models import ReportingObligation, Session
from .access import locked, require_secretariat, with_history_user
from .items import item_closed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RECURRENCE_YEARS = {Recurrence.ANNUAL: 1, Recurrence.BIENNIAL: 2}


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def obligation_fulfill(
    *, obligation: ReportingObligation, document: Document, by: User | None = None, now: dt.datetime | None = None
) -> ReportingObligation | None:
    """Record the document that fulfilled an obligation and close it. A recurring obligation gets
    its next occurrence, due a year (or two) later: at the session that many numbers on for an
    obligation due at a session, or on the same day of the period otherwise. Returns it."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat records reports.")
    obligation = locked(obligation)
    if obligation.status == ItemStatus.DONE and obligation.fulfilled_by_id == document.pk:
        return None  # recorded already (a form sent twice)
    if obligation.status == ItemStatus.CANCELLED:
        raise DomainError("This obligation was cancelled: no report is recorded for it.", field="fulfilled_by")
    obligation.fulfilled_by = document
    obligation.status = ItemStatus.DONE
    obligation.completed_on = document.date or secretariat_today(now)
    item_closed(
        obligation, by=by, fields=["fulfilled_by", "status", "completed_on"], why="cancelled: the report was issued"
    )

    years = RECURRENCE_YEARS.get(obligation.recurrence)
    if years is None:
        return None
    following = ReportingObligation(
        mandate=obligation.mandate,
        addressee=obligation.addressee,
        description=obligation.description,
        responsible_officer=obligation.responsible_officer,
        recurrence=obligation.recurrence,
        due_precision=obligation.due_precision,
    )
    if obligation.due_precision == DatePrecision.SESSION and obligation.due_session_id:
        session = obligation.due_session
        following.due_session, _ = Session.objects.get_or_create(body=session.body, number=session.number + years)
        if following.due_session.document_due_date() is None:  # a body whose next opening day is not known yet
            following.due_precision = DatePrecision.YEAR
            following.due_session = None
            following.due_date = _years_later(obligation.due_date, years)
    elif obligation.due_date is not None:
        following.due_date = _years_later(obligation.due_date, years)
    else:
        following.due_precision = ""
    following.due_as_stated = f"next {obligation.get_recurrence_display().lower()} report"
    with_history_user(following, by)
    following.save()
    return following
