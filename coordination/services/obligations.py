"""Reporting obligations: recording the report that fulfils one, and the next occurrence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, WrongState
from core.validators import check_text_fields
from core.versions import check_version
from meetings.choices import DatePrecision, DocumentKind
from meetings.models import Document

from ..choices import CallStatus, ItemStatus
from ..deadlines import secretariat_today
from ..models import CallForInputs, ReportingObligation
from .access import locked, require_secretariat, with_history_user
from .calls import call_close
from .items import item_closed
from .recurrence import RECURRENCE_YEARS, next_due

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


@transaction.atomic
def obligation_fulfill(
    *, obligation: ReportingObligation, document: Document, by: User | None = None, now: dt.datetime | None = None
) -> ReportingObligation | None:
    """Record the document that fulfilled an obligation and close it. A recurring obligation gets
    its next occurrence, due a year (or two) later: at the session that many numbers on for an
    obligation due at a session, or on the same day of the period otherwise. Returns it. The calls
    for inputs that served the report are closed: nobody is asked or reminded any more."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat records reports.")
    obligation = locked(obligation)
    if obligation.status == ItemStatus.DONE and obligation.fulfilled_by_id == document.pk:
        return None  # recorded already (a form sent twice)
    if obligation.status == ItemStatus.CANCELLED:
        raise WrongState("This obligation was cancelled: no report is recorded for it.", field="fulfilled_by")
    obligation.fulfilled_by = document
    obligation.status = ItemStatus.DONE
    obligation.completed_on = document.date or secretariat_today(now)
    item_closed(
        obligation, by=by, fields=["fulfilled_by", "status", "completed_on"], why="cancelled: the report was issued"
    )
    # The report is out: the calls that served it ask nobody any more.
    for call in CallForInputs.objects.filter(obligation=obligation, status=CallStatus.OPEN).order_by("pk"):
        call_close(call=call, by=by, reason=f"report issued ({document})", now=now)

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
    next_due(closed=obligation, following=following, years=years)
    following.due_as_stated = f"next {obligation.get_recurrence_display().lower()} report"
    with_history_user(following, by)
    following.save()
    return following


@dataclass(frozen=True)
class ReportRecorded:
    obligation: ReportingObligation
    document: Document
    following: ReportingObligation | None  # the next occurrence of a recurring obligation
    calls_closed: int


@transaction.atomic
def obligation_record_report(
    *,
    obligation: ReportingObligation,
    by: User | None,
    document: Document | None = None,
    symbol: str = "",
    title: str = "",
    date: dt.date | None = None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ReportRecorded:
    """Record the report that fulfils an obligation, in one step: the document (an existing one, or
    one made from its symbol, title and date), the obligation done, the calls that served it closed,
    and the next occurrence of a recurring obligation."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat records reports.")
    obligation = locked(obligation)
    check_version(obligation, expected_version)
    if obligation.status != ItemStatus.OPEN:
        raise WrongState(
            f"This obligation is {obligation.get_status_display().lower()}"
            + (f" (report {obligation.fulfilled_by})" if obligation.fulfilled_by_id else "")
            + ": nothing to record."
        )
    if document is None:
        document = _report_document(symbol=symbol, title=title, date=date, obligation=obligation, by=by, now=now)
    open_calls = CallForInputs.objects.filter(obligation=obligation, status=CallStatus.OPEN).count()
    following = obligation_fulfill(obligation=obligation, document=document, by=by, now=now)
    obligation.refresh_from_db()
    return ReportRecorded(obligation=obligation, document=document, following=following, calls_closed=open_calls)


def _report_document(
    *, symbol: str, title: str, date: dt.date | None, obligation: ReportingObligation, by: User | None, now
) -> Document:
    symbol, title = (symbol or "").strip(), (title or "").strip()
    if not symbol and not title:
        raise DomainError("Give the report's symbol (A/63/265 ...) or title, or choose a document.", field="symbol")
    existing = Document.objects.filter(symbol__iexact=symbol).order_by("pk").first() if symbol else None
    if existing is not None:
        return existing  # the report is in the registry already (ingested, or typed in before)
    if date is None:
        raise DomainError("Give the day the report was issued.", field="date")
    if date > secretariat_today(now):
        raise DomainError("That day has not come yet: give the day the report was issued.", field="date")
    document = Document(
        symbol=symbol,
        title=title or f"Report under {obligation.mandate}",
        kind=DocumentKind.SG_REPORT,
        date=date,
        date_precision=DatePrecision.DAY,
    )
    check_text_fields(document)
    with_history_user(document, by)
    document.save()
    return document
