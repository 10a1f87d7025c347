"""The secretariat's dashboard: what is overdue, what comes next, who has answered, what reminders could not reach.

Read by the admin index (``coordination/dashboard/site.py``). Everything comes from a fixed number of SQL queries
whatever the number of rows: each panel is one aggregate or one bounded list, read with
``.values()`` so the template follows no relation. Deadline states are the design's (docs/design.md): a count takes
the items the admin's deadline filter (``in_deadline_state``) takes, with "today" the secretariat's
day, and links to that filtered changelist, which lists exactly the items counted (tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.periods import period_end
from meetings.choices import DatePrecision, MeetingStatus
from meetings.models import Meeting

from ..choices import CallStatus, DeadlineState, InputRequestStatus, LedgerStatus, ReminderItemKind, UpdateStatus
from ..deadlines import DUE_SOON_DAYS, secretariat_today, staleness_horizon_days
from ..models import CallForInputs, FollowUpAction, InputRequest, ReminderEntry, ReminderRun, ReportingObligation
from ..operations import workers_status
from ..selectors import ITEM_KINDS, ItemKind, answers_to_review, open_items_due_between
from .timeline import timeline_svg

UPCOMING_DAYS = 60
ORGANIZATION_ROWS = 25  # the most pressing organizations; the totals row counts them all
UPCOMING_ROWS = 30
CALL_ROWS = 20


# The dashboard's columns: the kinds of items with a deadline, as registered once.
DEADLINE_KINDS = tuple(ITEM_KINDS.values())


def _link(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}"


# --- Overdue and due soon, per organization ---------------------------------------------------------


@dataclass
class CountCell:
    count: int = 0
    url: str = ""
    overdue: bool = False

    def html(self) -> str:
        """The cell's content: the count linked to its changelist (escaped URL, an integer)."""
        if not self.count:
            return ZERO
        return f'<a{OVERDUE_CLASS if self.overdue else ""} href="{escape(self.url)}">{self.count:d}</a>'


ZERO = '<span class="zero">0</span>'
OVERDUE_CLASS = ' class="overdue"'


@dataclass
class DeadlineCells:
    overdue: CountCell = field(default_factory=CountCell)
    due_soon: CountCell = field(default_factory=CountCell)


@dataclass
class OrganizationRow:
    organization_id: int | None
    label: str
    name: str
    cells: dict[str, DeadlineCells] = field(default_factory=dict)

    @property
    def counts(self) -> list[CountCell]:
        """The row's cells left to right: overdue and due soon of each kind."""
        cells = [self.cells.get(kind.key) or DeadlineCells() for kind in DEADLINE_KINDS]
        return [cell for pair in cells for cell in (pair.overdue, pair.due_soon)]

    def cells_html(self) -> SafeString:
        """The row's table cells, built here rather than in the template, where the lookups of 150
        cells took milliseconds on every page view. Each cell is escaped by ``html()``."""
        return mark_safe("".join(f'<td class="num">{cell.html()}</td>' for cell in self.counts))  # noqa: S308


@dataclass
class DeadlinePanel:
    kinds: tuple[ItemKind, ...]
    rows: list[OrganizationRow]
    totals: OrganizationRow
    more_organizations: int
    upcoming_counts: dict[str, int]
    upcoming_urls: dict[str, str]


def _deadline_counts(kind: ItemKind, today: dt.date, until: dt.date) -> list[dict]:
    """One grouped query per kind: per organization, the overdue, the due within 7 days and the
    due within the next 60 days.

    The rows are those in the design's states (docs/design.md) ``overdue``, ``due_7``, ``due_30`` and ``later`` cut at
    ``until``: open items due from the staleness horizon on. Written as that one date range, and
    the states as date ranges within it, the query compiles in a fraction of the time the state
    conditions take (the dashboard's budget is three times the plain admin index); the tests hold
    each count to the changelist its link opens, which filters with ``in_deadline_state``.
    """
    org = kind.listed_organization_field
    first = today - dt.timedelta(days=staleness_horizon_days())
    return list(
        open_items_due_between(kind.model, first, until)
        .values(org_id=F(f"{org}_id"), org_acronym=F(f"{org}__acronym"), org_name=F(f"{org}__name"))
        .annotate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            due_soon=Count(
                "pk", filter=Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
            ),
            upcoming=Count("pk", filter=Q(due_date__gte=today)),
        )
        .order_by()
    )


def _organization_link(kind: ItemKind, base: str, state: str, organization_id: int | None) -> str:
    return _link(base, {"deadline_state": state, **kind.organization_params(organization_id)})


def deadline_panel(*, today: dt.date, until: dt.date) -> DeadlinePanel:
    # Counts first; links only for the rows shown (a few hundred organizations may have some).
    found: dict[int | None, dict] = {}
    totals = OrganizationRow(organization_id=None, label="All organizations", name="")
    upcoming_counts: dict[str, int] = {}
    upcoming_urls: dict[str, str] = {}
    bases = {kind.key: kind.changelist() for kind in DEADLINE_KINDS}
    for kind in DEADLINE_KINDS:
        base = bases[kind.key]
        # Open is the one status that is not closed, for all three kinds.
        upcoming_urls[kind.key] = _link(
            base, {"status__exact": "open", "due_date__gte": today.isoformat(), "due_date__lte": until.isoformat()}
        )
        upcoming = overdue_total = due_soon_total = 0
        for group in _deadline_counts(kind, today, until):
            upcoming += group["upcoming"]
            if not (group["overdue"] or group["due_soon"]):
                continue
            entry = found.setdefault(
                group["org_id"],
                {
                    "label": group["org_acronym"] or group["org_name"] or kind.no_organization_label,
                    "name": group["org_name"] or "",
                    "overdue": 0,
                    "due_soon": 0,
                },
            )
            entry[kind.key] = (group["overdue"], group["due_soon"])
            entry["overdue"] += group["overdue"]
            entry["due_soon"] += group["due_soon"]
            overdue_total += group["overdue"]
            due_soon_total += group["due_soon"]
        upcoming_counts[kind.key] = upcoming
        totals.cells[kind.key] = DeadlineCells(
            CountCell(overdue_total, _link(base, {"deadline_state": DeadlineState.OVERDUE}), overdue=True),
            CountCell(due_soon_total, _link(base, {"deadline_state": DeadlineState.DUE_7})),
        )

    ordered = sorted(
        found.items(), key=lambda item: (-item[1]["overdue"], -item[1]["due_soon"], item[1]["label"].lower())
    )
    rows = []
    for org_id, entry in ordered[:ORGANIZATION_ROWS]:
        row = OrganizationRow(org_id, label=entry["label"], name=entry["name"])
        for kind in DEADLINE_KINDS:
            overdue, due_soon = entry.get(kind.key, (0, 0))
            base = bases[kind.key]
            row.cells[kind.key] = DeadlineCells(
                CountCell(
                    overdue,
                    _organization_link(kind, base, DeadlineState.OVERDUE, org_id) if overdue else "",
                    overdue=True,
                ),
                CountCell(due_soon, _organization_link(kind, base, DeadlineState.DUE_7, org_id) if due_soon else ""),
            )
        rows.append(row)
    return DeadlinePanel(
        kinds=DEADLINE_KINDS,
        rows=rows,
        totals=totals,
        more_organizations=max(0, len(ordered) - ORGANIZATION_ROWS),
        upcoming_counts=upcoming_counts,
        upcoming_urls=upcoming_urls,
    )


# --- The next 60 days --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingEntry:
    sort_date: dt.date
    when: str
    kind: str
    title: str
    url: str
    who: str
    note: str = ""

    def __post_init__(self) -> None:
        # Cut here rather than with template filters: forty rows, twice each, on every page view.
        object.__setattr__(self, "title", _cut(self.title, 110))
        object.__setattr__(self, "note", _cut(self.note, 80))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_period(precision: str, day: dt.date) -> str:
    """A date as precisely as the source gave it: "15 Oct 2003", "Oct 2003", "Q4 2003", "2003"."""
    if precision == DatePrecision.MONTH:
        return f"{day:%b %Y}"
    if precision == DatePrecision.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == DatePrecision.HALF_YEAR:
        return f"{'first' if day.month <= 6 else 'second'} half of {day.year}"
    if precision == DatePrecision.YEAR:
        return str(day.year)
    return f"{day.day} {day:%b %Y}"


def period_start(precision: str, day: dt.date) -> dt.date:
    """The first day of the period whose last day is ``day`` (how meetings and documents store dates)."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if precision == DatePrecision.HALF_YEAR:
        return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    if precision == DatePrecision.YEAR:
        return dt.date(day.year, 1, 1)
    return day


def _due_note(row: dict) -> str:
    stated = row["due_as_stated"]
    if row["due_precision"] in ("", DatePrecision.DAY):
        return stated if stated and stated != f"{row['due_date']}" else ""
    return f"stated: {stated}" if stated else f"precision: {DatePrecision(row['due_precision']).label.lower()}"


def _upcoming_actions(today: dt.date, until: dt.date) -> list[UpcomingEntry]:
    base = reverse("admin:coordination_followupaction_changelist")
    rows = (
        open_items_due_between(FollowUpAction, today, until)
        .order_by("due_date", "pk")
        .values(
            "pk",
            "title",
            "due_date",
            "due_precision",
            "due_as_stated",
            "lead_organization__acronym",
            "lead_organization__name",
        )[:UPCOMING_ROWS]
    )
    return [
        UpcomingEntry(
            sort_date=row["due_date"],
            when=f"{row['due_date'].day} {row['due_date']:%b %Y}",
            kind="Action due",
            title=row["title"],
            url=f"{base}{row['pk']}/change/",
            who=row["lead_organization__acronym"] or row["lead_organization__name"] or "",
            note=_due_note(row),
        )
        for row in rows
    ]


def _upcoming_obligations(today: dt.date, until: dt.date) -> list[UpcomingEntry]:
    base = reverse("admin:coordination_reportingobligation_changelist")
    rows = (
        open_items_due_between(ReportingObligation, today, until)
        .order_by("due_date", "pk")
        .values(
            "pk",
            "description",
            "due_date",
            "due_precision",
            "due_as_stated",
            "mandate__number",
            "mandate__body__acronym",
            "addressee__acronym",
            "addressee__name",
        )[:UPCOMING_ROWS]
    )
    return [
        UpcomingEntry(
            sort_date=row["due_date"],
            when=f"{row['due_date'].day} {row['due_date']:%b %Y}",
            kind="Report due",
            title=f"{row['mandate__body__acronym']} {row['mandate__number']}: {row['description'][:120]}".strip(),
            url=f"{base}{row['pk']}/change/",
            who=row["addressee__acronym"] or row["addressee__name"] or "",
            note=_due_note(row),
        )
        for row in rows
    ]


def _upcoming_input_requests(today: dt.date, until: dt.date) -> list[UpcomingEntry]:
    """Input requests by call and due day: a call to a hundred organizations is one line, not a hundred."""
    base = reverse("admin:coordination_inputrequest_changelist")
    rows = (
        open_items_due_between(InputRequest, today, until)
        .values("call_id", "call__title", "due_date")
        .annotate(waiting=Count("pk"))
        .order_by("due_date", "call_id")[:UPCOMING_ROWS]
    )
    return [
        UpcomingEntry(
            sort_date=row["due_date"],
            when=f"{row['due_date'].day} {row['due_date']:%b %Y}",
            kind="Inputs due",
            title=row["call__title"],
            url=_link(
                base,
                {
                    "call__id__exact": str(row["call_id"]),
                    "status__exact": InputRequestStatus.OPEN,
                    "due_date": row["due_date"].isoformat(),
                },
            ),
            who=f"{row['waiting']} not yet answered",
        )
        for row in rows
    ]


def _meetings_overlapping(today: dt.date, until: dt.date) -> Q:
    """Meetings whose period meets [today, until]. A date stated to a month ("July 2026") is stored
    as the period's last day; its period starts by ``until`` exactly when that stored day is at most
    the end of the same kind of period containing ``until``."""
    starts_by = Q(pk__in=[])
    for precision in (
        DatePrecision.DAY,
        DatePrecision.MONTH,
        DatePrecision.QUARTER,
        DatePrecision.HALF_YEAR,
        DatePrecision.YEAR,
    ):
        starts_by |= Q(date_precision=precision, start_date__lte=period_end(precision, until))
    starts_by |= Q(date_precision="", start_date__lte=until)
    return starts_by & Q(last_day__gte=today)


def _upcoming_meetings(today: dt.date, until: dt.date) -> tuple[list[UpcomingEntry], bool]:
    base = reverse("admin:meetings_meeting_changelist")
    rows = list(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(start_date__isnull=False)
        .annotate(last_day=Coalesce("end_date", "start_date"))
        .filter(_meetings_overlapping(today, until))
        .order_by("start_date", "pk")
        .values(
            "pk", "title", "start_date", "end_date", "date_precision", "venue", "organizer__acronym", "organizer__name"
        )[: UPCOMING_ROWS + 1]
    )
    entries = []
    for row in rows[:UPCOMING_ROWS]:
        precision = row["date_precision"] or DatePrecision.DAY
        when = format_period(precision, row["start_date"])
        if row["end_date"] and row["end_date"] != row["start_date"]:
            when = f"{when} to {format_period(precision, row['end_date'])}"
        entries.append(
            UpcomingEntry(
                sort_date=max(period_start(precision, row["start_date"]), today),
                when=when,
                kind="Meeting",
                title=row["title"],
                url=f"{base}{row['pk']}/record/",  # the meeting's record to read; "Edit" is there
                who=row["organizer__acronym"] or row["organizer__name"] or "",
                note=row["venue"],
            )
        )
    return entries, len(rows) > UPCOMING_ROWS


@dataclass
class UpcomingPanel:
    entries: list[UpcomingEntry]
    shown_from_each: int
    more_meetings: bool


def upcoming_panel(*, today: dt.date, until: dt.date) -> UpcomingPanel:
    meetings, more_meetings = _upcoming_meetings(today, until)
    entries = [
        *_upcoming_actions(today, until),
        *_upcoming_obligations(today, until),
        *_upcoming_input_requests(today, until),
        *meetings,
    ]
    entries.sort(key=lambda e: (e.sort_date, e.kind, e.title))
    return UpcomingPanel(entries=entries[:UPCOMING_ROWS], shown_from_each=UPCOMING_ROWS, more_meetings=more_meetings)


# --- Response rates of open calls ---------------------------------------------------------------------


@dataclass(frozen=True)
class CallRate:
    pk: int
    title: str
    deadline: dt.date
    answered: int
    declined: int
    open: int
    waived: int
    url: str
    open_url: str

    @property
    def responded(self) -> int:
        return self.answered + self.declined

    @property
    def expected(self) -> int:
        """Waived requests are not expected to answer; a nil return is an answer."""
        return self.answered + self.declined + self.open

    @property
    def percent(self) -> int | None:
        return round(100 * self.responded / self.expected) if self.expected else None


@dataclass
class CallsPanel:
    calls: list[CallRate]
    more: bool
    all_open_url: str


def calls_panel() -> CallsPanel:
    call_base = reverse("admin:coordination_callforinputs_changelist")
    request_base = reverse("admin:coordination_inputrequest_changelist")

    def with_status(status: str) -> Count:
        return Count("input_requests", filter=Q(input_requests__status=status))

    rows = list(
        CallForInputs.objects.filter(status=CallStatus.OPEN)
        .annotate(
            answered=with_status(InputRequestStatus.ANSWERED),
            declined=with_status(InputRequestStatus.DECLINED),
            still_open=with_status(InputRequestStatus.OPEN),
            waived=with_status(InputRequestStatus.WAIVED),
        )
        .order_by("deadline", "pk")
        .values("pk", "title", "deadline", "answered", "declined", "still_open", "waived")[: CALL_ROWS + 1]
    )
    calls = [
        CallRate(
            pk=row["pk"],
            title=row["title"],
            deadline=row["deadline"],
            answered=row["answered"],
            declined=row["declined"],
            open=row["still_open"],
            waived=row["waived"],
            url=f"{call_base}{row['pk']}/change/",
            open_url=_link(
                request_base, {"call__id__exact": str(row["pk"]), "status__exact": InputRequestStatus.OPEN}
            ),
        )
        for row in rows[:CALL_ROWS]
    ]
    return CallsPanel(
        calls=calls, more=len(rows) > CALL_ROWS, all_open_url=_link(call_base, {"status__exact": CallStatus.OPEN})
    )


# --- Answers to review -----------------------------------------------------------------------------

REVIEW_ROWS = 15


@dataclass(frozen=True)
class AnswerToReview:
    pk: int
    organization: str
    title: str
    call: str
    received_via: str
    came_on: dt.date  # the day it reached the secretariat: a letter's received day, else its submission
    submitted_on: dt.date
    days_waiting: int  # since it was submitted (a letter: since it was recorded)
    url: str
    accept_url: str
    return_url: str


@dataclass
class ReviewPanel:
    answers: list[AnswerToReview]
    total: int
    all_url: str


def _answered(update) -> str:
    """What an update answers: its call, or the follow-up action it reports progress on."""
    if update.input_request_id:
        return update.input_request.call.title
    if update.action_id:
        return f"Progress on the action “{update.action.title}”"
    return ""


def review_panel(*, today: dt.date) -> ReviewPanel:
    """Answers submitted and not yet accepted or returned, the longest waiting first."""
    base = reverse("admin:coordination_activityupdate_changelist")
    waiting = answers_to_review()
    # The page's rows chosen in a subquery on the updates alone, then joined: joining every answer waiting to
    # its call, request and action before keeping 15 read the whole tables at the UN's scale (bench/scale.py).
    # How many wait in all: a subquery of the same query, evaluated once (the page holds none when none wait).
    count = waiting.order_by().values("status").annotate(n=Count("*")).values("n")
    rows = list(waiting.filter(pk__in=waiting.values("pk")[:REVIEW_ROWS]).annotate(waiting_total=Subquery(count[:1])))
    total = rows[0].waiting_total if rows else 0
    answers = []
    for update in rows:
        submitted_on = secretariat_today(update.submitted_at) if update.submitted_at else today
        answers.append(
            AnswerToReview(
                pk=update.pk,
                organization=update.organization.short_name,
                title=update.title,
                call=_answered(update),
                received_via=update.get_received_via_display(),
                came_on=update.received_on or submitted_on,
                submitted_on=submitted_on,
                days_waiting=(today - submitted_on).days,
                url=f"{base}{update.pk}/change/",
                accept_url=f"{base}{update.pk}/accept/",
                return_url=f"{base}{update.pk}/return/",
            )
        )
    return ReviewPanel(answers=answers, total=total, all_url=_link(base, {"status__exact": UpdateStatus.SUBMITTED}))


# --- Reminders: no recipient, last scan -------------------------------------------------------------


@dataclass(frozen=True)
class NoRecipientRow:
    kind: str
    label: str
    items: int
    points: int
    url: str


@dataclass
class NoRecipientPanel:
    rows: list[NoRecipientRow]
    since: dt.date
    url: str

    @property
    def items(self) -> int:
        return sum(row.items for row in self.rows)

    @property
    def points(self) -> int:
        return sum(row.points for row in self.rows)


def no_recipient_panel(*, today: dt.date) -> NoRecipientPanel:
    """Ledger rows recorded "no recipient", for deadlines within the staleness horizon: older ones
    belong to lapsed items, which are never reminded anyway."""
    since = today - dt.timedelta(days=staleness_horizon_days())
    base = reverse("admin:coordination_reminderentry_changelist")
    params = {"status__exact": LedgerStatus.NO_RECIPIENT, "due_date__gte": since.isoformat()}
    groups = (
        ReminderEntry.objects.filter(status=LedgerStatus.NO_RECIPIENT, due_date__gte=since)
        .values("item_kind")
        .annotate(items=Count("item_id", distinct=True), points=Count("pk"))
        .order_by("item_kind")
    )
    rows = [
        NoRecipientRow(
            kind=group["item_kind"],
            label=ReminderItemKind(group["item_kind"]).label,
            items=group["items"],
            points=group["points"],
            url=_link(base, {**params, "item_kind__exact": group["item_kind"]}),
        )
        for group in groups
    ]
    return NoRecipientPanel(rows=rows, since=since, url=_link(base, params))


@dataclass
class LastScanPanel:
    run: dict | None
    url: str
    all_url: str
    workers: dict  # coordination.operations.workers_status: the workers' heartbeats


def last_scan_panel(*, now: dt.datetime) -> LastScanPanel:
    base = reverse("admin:coordination_reminderrun_changelist")
    run = (
        ReminderRun.objects.order_by("-started_at", "-pk")
        .values(
            "pk",
            "started_at",
            "finished_at",
            "now",
            "items_considered",
            "pending",
            "skipped",
            "missed",
            "muted",
            "no_recipient",
            "deliveries",
        )
        .first()
    )
    return LastScanPanel(
        run=run, url=f"{base}{run['pk']}/change/" if run else "", all_url=base, workers=workers_status(now=now)
    )


# --- Everything ---------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    today: dt.date
    until: dt.date
    deadlines: DeadlinePanel
    upcoming: UpcomingPanel
    calls: CallsPanel
    review: ReviewPanel
    no_recipient: NoRecipientPanel
    last_scan: LastScanPanel
    timeline: SafeString


def dashboard_data(*, today: dt.date | None = None) -> Dashboard:
    """Every panel of the dashboard on ``today`` (the secretariat's day by default), fully evaluated."""
    today = today or secretariat_today()
    until = today + dt.timedelta(days=UPCOMING_DAYS)
    return Dashboard(
        today=today,
        until=until,
        deadlines=deadline_panel(today=today, until=until),
        upcoming=upcoming_panel(today=today, until=until),
        calls=calls_panel(),
        review=review_panel(today=today),
        no_recipient=no_recipient_panel(today=today),
        last_scan=last_scan_panel(now=timezone.now()),
        timeline=timeline_svg(today=today),
    )
