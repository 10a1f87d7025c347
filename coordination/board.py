"""A call's board: who answered, who is late, who declined, and the answers counted over time.

An answer counts on the day it was received (docs/design.md, "When an answer counts"): the day
its input request was closed as answered, which is the submission day through the API or the
focal points' page and the received date the secretariat recorded for an e-mail or a letter, never
the day it was typed in or accepted. Per organization: that day, days late, reminders it needed
(ledger rows sent) and rounds returned. A fixed number of queries whatever the number asked.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from agencies.choices import CATEGORY_REPORT_ORDER, OrganizationCategory
from agencies.models import Organization

from .choices import InputRequestStatus, LedgerStatus, ReminderItemKind, UpdateEventKind
from .deadlines import secretariat_today
from .models import CallForInputs, InputRequest, ReminderEntry, UpdateEvent


@dataclass(frozen=True)
class AskedOrganization:
    """An organization as a board row shows it, named as ``Organization`` names itself."""

    id: int
    acronym: str
    name: str
    category: str

    __str__ = Organization.__str__
    short_name = Organization.short_name

    @property
    def pk(self) -> int:
        return self.id

    def get_category_display(self) -> str:
        return OrganizationCategory(self.category).label


@dataclass(frozen=True)
class AskedRequest:
    """An input request as a board row shows it: read with ``.values()``, since building a hundred requests
    and organizations as model instances cost twice the board's query (bench/scale.py)."""

    id: int
    status: str
    closed_at: dt.datetime | None
    due_date: dt.date | None
    organization: AskedOrganization

    @property
    def pk(self) -> int:
        return self.id

    def get_status_display(self) -> str:
        return InputRequestStatus(self.status).label


@dataclass
class BoardRow:
    request: AskedRequest
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


def _count(queryset, column: str = "pk"):
    return Coalesce(Subquery(queryset.values(column).annotate(n=Count("*")).values("n")[:1]), 0,
                    output_field=IntegerField())  # fmt: skip


def _end_of(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in the secretariat's time zone."""
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)


@functools.cache
def _rows_with_counts():
    """Each request with its organization, reminders sent and rounds returned, for any call: built once,
    since resolving its two correlated counts cost more than running the query (bench/scale.py);
    ``call_board`` adds the call."""
    reminders = ReminderEntry.objects.filter(
        item_kind=ReminderItemKind.INPUT_REQUEST, item_id=OuterRef("pk"), status=LedgerStatus.SENT
    ).order_by()
    returned = UpdateEvent.objects.filter(
        update__input_request=OuterRef("pk"), event=UpdateEventKind.RETURNED
    ).order_by()
    return (
        InputRequest.objects.annotate(
            reminders_sent=_count(reminders, "item_id"),
            rounds_returned=_count(returned, "update__input_request"),
        )
        .order_by("organization__name")
        .values_list(
            "pk", "status", "closed_at", "due_date", "organization_id", "organization__acronym",
            "organization__name", "organization__category", "reminders_sent", "rounds_returned",
        )
    )  # fmt: skip


def call_board(call: CallForInputs, *, today: dt.date | None = None) -> Board:
    today = today or secretariat_today()
    requests = _rows_with_counts().filter(call=call)
    rows = []
    for pk, status, closed_at, due_date, organization, acronym, name, category, reminders_sent, returns in requests:
        request = AskedRequest(
            pk, status, closed_at, due_date, AskedOrganization(organization, acronym, name, category)
        )
        closed = closed_at if status != InputRequestStatus.OPEN else None
        answered_on = secretariat_today(closed) if closed else None
        until = answered_on or (today if status == InputRequestStatus.OPEN else None)
        late = (until - due_date).days if until and due_date and until > due_date else None
        rows.append(BoardRow(request, answered_on, late, reminders_sent, returns))
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


def answered_by(board: Board, cutoff: dt.date) -> list[CategoryCount]:
    """Per report category, in the reports' order: organizations asked, and how many had answered
    (or declined) by the end of ``cutoff`` (the secretariat's day). Counted from the board's rows, which
    hold every request of the call with its status, closing instant and organization: no query (a second
    aggregate over the same rows cost as much as the board's own query; bench/scale.py)."""
    end = _end_of(cutoff)
    counts: dict[str, CategoryCount] = {}
    for row in board.rows:
        request = row.request
        category = request.organization.category
        count = counts.get(category)
        if count is None:
            count = counts[category] = CategoryCount(category, OrganizationCategory(category).label, 0, 0, 0)
        count.asked += 1
        if request.closed_at is not None and request.closed_at < end:
            count.answered += request.status == InputRequestStatus.ANSWERED
            count.declined += request.status == InputRequestStatus.DECLINED
    return sorted(counts.values(), key=lambda count: CATEGORY_REPORT_ORDER.get(count.category, 999))
