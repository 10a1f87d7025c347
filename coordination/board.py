"""A call's board: who answered, who is late, who declined, and the answers counted over time.

Per organization: the day of its answer (the accepted update's submission, or the day the
secretariat closed the request), days late, reminders it needed (ledger rows sent) and rounds
returned. A fixed number of queries whatever the number of organizations asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .choices import InputRequestStatus, LedgerStatus, ReminderItemKind, UpdateEventKind, UpdateStatus
from .deadlines import secretariat_today
from .models import ActivityUpdate, CallForInputs, InputRequest, ReminderEntry, UpdateEvent


@dataclass
class BoardRow:
    request: InputRequest
    answered_on: dt.date | None
    days_late: int | None  # None: on time (or not yet due)
    reminders: int
    rounds_returned: int


@dataclass
class Board:
    rows: list[BoardRow]
    asked: int
    answered: int
    declined: int
    waived: int
    late: int  # still open past the deadline
    answers_by_day: list[tuple[dt.date, int]]  # cumulative answers, one entry per day with an answer


def _count(queryset, column: str = "pk"):
    return Coalesce(Subquery(queryset.values(column).annotate(n=Count("*")).values("n")[:1]), 0,
                    output_field=IntegerField())  # fmt: skip


def call_board(call: CallForInputs, *, today: dt.date | None = None) -> Board:
    today = today or secretariat_today()
    reminders = ReminderEntry.objects.filter(
        item_kind=ReminderItemKind.INPUT_REQUEST, item_id=OuterRef("pk"), status=LedgerStatus.SENT
    ).order_by()
    returned = UpdateEvent.objects.filter(
        update__input_request=OuterRef("pk"), event=UpdateEventKind.RETURNED
    ).order_by()
    accepted = ActivityUpdate.objects.filter(input_request=OuterRef("pk"), status=UpdateStatus.ACCEPTED).order_by()
    requests = (
        InputRequest.objects.filter(call=call)
        .select_related("organization")
        .annotate(
            reminders_sent=_count(reminders, "item_id"),
            rounds_returned=_count(returned, "update__input_request"),
            first_accepted=Subquery(
                accepted.values("input_request").annotate(first=Min("submitted_at")).values("first")[:1]
            ),
        )
        .order_by("organization__name")
    )
    rows = []
    for request in requests:
        moment = request.first_accepted or (request.closed_at if request.status != InputRequestStatus.OPEN else None)
        answered_on = secretariat_today(moment) if moment else None
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
