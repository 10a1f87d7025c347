"""A call's board: who answered, who is late, who declined, and the answers counted over time.

An answer counts on the day it was received (docs/design.md, "When an answer counts"): the day
its input request was closed as answered, which is the submission day through the API or the
focal points' page and the received date the secretariat recorded for an e-mail or a letter, never
the day it was typed in or accepted. Per organization: that day, days late, reminders it needed
(ledger rows sent) and rounds returned. A fixed number of queries whatever the number asked.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from agencies.choices import CATEGORY_REPORT_ORDER, OrganizationCategory

from .choices import InputRequestStatus, LedgerStatus, ReminderItemKind, UpdateEventKind
from .deadlines import secretariat_today
from .models import CallForInputs, InputRequest, ReminderEntry, UpdateEvent


@dataclass
class BoardRow:
    request: InputRequest
    answered_on: dt.date | None  # the day it answered (or declined, or was waived)
    days_late: int | None  # None: on time (or not yet due)
    reminders: int
    rounds_returned: int


@dataclass
class CategoryCount:
    """One report category of the organizations asked: "Governments: 64 of 120 answered by 15 July"."""

    category: str
    label: str
    asked: int
    answered: int
    declined: int


@dataclass
class Board:
    rows: list[BoardRow]
    asked: int
    answered: int
    declined: int
    waived: int
    late: int  # still open past the deadline
    answers_by_day: list[tuple[dt.date, int]]  # cumulative answers, one entry per day with an answer


BOARD_FIELDS = (
    "call_id", "status", "closed_at", "due_date", "due_precision",
    "organization__acronym", "organization__name", "organization__category",
)  # fmt: skip


def _count(queryset, column: str = "pk"):
    return Coalesce(Subquery(queryset.values(column).annotate(n=Count("*")).values("n")[:1]), 0,
                    output_field=IntegerField())  # fmt: skip


def _end_of(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in the secretariat's time zone."""
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)


def call_board(call: CallForInputs, *, today: dt.date | None = None) -> Board:
    today = today or secretariat_today()
    reminders = ReminderEntry.objects.filter(
        item_kind=ReminderItemKind.INPUT_REQUEST, item_id=OuterRef("pk"), status=LedgerStatus.SENT
    ).order_by()
    returned = UpdateEvent.objects.filter(
        update__input_request=OuterRef("pk"), event=UpdateEventKind.RETURNED
    ).order_by()
    requests = (
        InputRequest.objects.filter(call=call)
        .select_related("organization")
        # What the board, its export and the API show (BoardRow's readers), not every column: building a
        # hundred requests and organizations with all their timestamps cost more than their queries.
        .only(*BOARD_FIELDS)
        .annotate(
            reminders_sent=_count(reminders, "item_id"),
            rounds_returned=_count(returned, "update__input_request"),
        )
        .order_by("organization__name")
    )
    rows = []
    for request in requests:
        closed = request.closed_at if request.status != InputRequestStatus.OPEN else None
        answered_on = secretariat_today(closed) if closed else None
        until = answered_on or (today if request.status == InputRequestStatus.OPEN else None)
        late = (until - request.due_date).days if until and request.due_date and until > request.due_date else None
        rows.append(BoardRow(request, answered_on, late, request.reminders_sent, request.rounds_returned))
    statuses = [row.request.status for row in rows]
    answer_days = sorted(
        row.answered_on for row in rows if row.request.status == InputRequestStatus.ANSWERED and row.answered_on
    )
    by_day: list[tuple[dt.date, int]] = []
    for index, day in enumerate(answer_days, start=1):
        if by_day and by_day[-1][0] == day:
            by_day[-1] = (day, index)
        else:
            by_day.append((day, index))
    return Board(
        rows=rows,
        asked=len(rows),
        answered=statuses.count(InputRequestStatus.ANSWERED),
        declined=statuses.count(InputRequestStatus.DECLINED),
        waived=statuses.count(InputRequestStatus.WAIVED),
        late=sum(1 for row in rows if row.request.status == InputRequestStatus.OPEN and row.days_late),
        answers_by_day=by_day,
    )


def answered_by(call: CallForInputs, cutoff: dt.date) -> list[CategoryCount]:
    """Per report category, in the reports' order: organizations asked, and how many had answered
    (or declined) by the end of ``cutoff`` (the secretariat's day). One query."""
    by_end = Q(closed_at__lt=_end_of(cutoff))
    rows = (
        InputRequest.objects.filter(call=call)
        .order_by()
        .values("organization__category")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(status=InputRequestStatus.ANSWERED) & by_end),
            declined=Count("pk", filter=Q(status=InputRequestStatus.DECLINED) & by_end),
        )
    )
    counts = [
        CategoryCount(
            category=row["organization__category"],
            label=OrganizationCategory(row["organization__category"]).label,
            asked=row["asked"],
            answered=row["answered"],
            declined=row["declined"],
        )
        for row in rows
    ]
    return sorted(counts, key=lambda count: CATEGORY_REPORT_ORDER.get(count.category, 999))
