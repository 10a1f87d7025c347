"""The dashboard's timeline picture: mandates, the reports that answered them, and meetings, on a
time axis, as inline SVG drawn on the server (no script, no external asset, no web font).

One row per kind with a mark per record, each mark a link to its record with a tooltip saying what
it is; years on the axis; a curve from each mandate to each report that answered it; a legend; and
a bounded number of labels per row, chosen so they never overlap.

Marks never overlap either: each is clickable in a circle of ``HIT_RADIUS`` around it, and marks
closer than ``PITCH`` on the axis are stacked in lanes above and below the row's line (the row grows
as tall as its busiest days need, up to ``MAX_LANES``; past that a mark moves right along its lane
to the first free place). A record dated only to a month, quarter or year is drawn hollow, at the
middle of its period (it is stored as the period's last day, which would pile a year's meetings up
on 31 December).

The geometry is computed here (``timeline_drawing``); the markup is the autoescaped template
``coordination/timeline.svg``: titles come from users and seed files and are escaped like
everything else on the page. Three queries, whatever the number of records, and at most ``MAX_MARKS`` marks a
row, the latest (with the mandates the drawn reports answered): a row that has more says so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from core.periods import at_precision
from meetings.choices import DatePrecision, MeetingStatus
from meetings.models import Meeting

from ..models import Mandate, ReportingObligation

# Where a click on a mark leads, per row: the one place to change it.
MARK_PAGES = {
    "mandates": "admin:coordination_mandate_change",
    "reports": "admin:meetings_document_change",
    "meetings": "admin:meetings_meeting_record",
}

WIDTH = 960
LEFT = 120  # row names
RIGHT = 24
TOP = 28
ROW_HEIGHT = 66  # of a row whose marks need no stacking
AXIS_HEIGHT = 30
LABEL_BAND = 18  # above and below a row's marks, for its labels
LEGEND_LINE = 18
MAX_LABELS_PER_ROW = 16
CHAR_WIDTH = 5.6  # at 10px, a fair average for the system sans-serif fonts
LABEL_CHARS = 22

# A mark is clickable in a circle of HIT_RADIUS around its centre (the drawn shape lies inside it);
# two centres are at least PITCH apart, so no two of those circles meet. The picture scales with
# the page (at 1366 px, one unit is about one pixel).
HIT_RADIUS = 6.0
PITCH = 2 * HIT_RADIUS + 2
# At most this many lanes per row: the centre line, then alternately above and below it.
MAX_LANES = 9
# At most this many marks per row, the latest (with the mandates the drawn reports answered): at the UN's
# scale every mandate ever adopted made a 12 MB picture drawn in 9 s (40,000 mandates; bench/scale.py),
# and more marks than the axis has room for say nothing (250 a row still took 0.15 s to draw, three times
# the plain admin index). A row that has more says "latest N".
MAX_MARKS = 80

ROWS = (
    ("mandates", "Mandates", "#7a3e9d"),
    ("reports", "Reports", "#1b7a8c"),
    ("meetings", "Meetings", "#c0630f"),
)
SHAPES = {"mandates": "circle", "reports": "diamond", "meetings": "square"}


@dataclass(frozen=True)
class Mark:
    day: dt.date  # where it is drawn
    label: str  # drawn, when there is room
    title: str  # the tooltip
    url: str
    priority: int = 1  # lower is labelled first
    pk: int | None = None  # what the curves join
    exact: bool = True  # dated to the day (else drawn hollow, mid-period)


@dataclass(frozen=True)
class Answer:
    """A mandate answered by a report (their primary keys)."""

    mandate: int
    report: int


@dataclass
class TimelineData:
    mandates: list[Mark]
    reports: list[Mark]
    meetings: list[Mark]
    answers: list[Answer]
    more: frozenset[str] = frozenset()  # the rows that have more records than they draw


_PK = 2_147_483_647  # stands for the record's key: each row's page is reversed once, not once per mark


def mark_urls() -> dict[str, Callable[[int], str]]:
    """Per row, the link of a record's mark from its primary key."""
    pages = {kind: reverse(name, args=[_PK]) for kind, name in MARK_PAGES.items()}
    return {kind: (lambda pk, page=page: page.replace(str(_PK), str(pk))) for kind, page in pages.items()}


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _period_middle(last_day: dt.date, precision: str) -> dt.date:
    """The middle of the period a date at ``precision`` is stored as the last day of."""
    if precision == DatePrecision.MONTH:
        first = last_day.replace(day=1)
    elif precision == DatePrecision.QUARTER:
        first = dt.date(last_day.year, (last_day.month - 1) // 3 * 3 + 1, 1)
    elif precision == DatePrecision.HALF_YEAR:
        first = dt.date(last_day.year, 1 if last_day.month <= 6 else 7, 1)
    elif precision == DatePrecision.YEAR:
        first = dt.date(last_day.year, 1, 1)
    else:
        return last_day
    return first + (last_day - first) / 2


def _exact(precision: str) -> bool:
    return precision in ("", DatePrecision.DAY)


def timeline_data() -> TimelineData:
    """The marks of each row, at most ``MAX_MARKS`` of them, the latest; three queries, each reading a bounded
    number of rows whatever the number of records."""
    mark_url = mark_urls()
    more: set[str] = set()
    # The latest reports first, with each obligation they fulfilled (a report answers one or a few).
    answered = list(
        ReportingObligation.objects.filter(fulfilled_by__isnull=False, fulfilled_by__date__isnull=False)
        .order_by("-fulfilled_by__date", "-fulfilled_by_id", "mandate_id")
        .values(
            "mandate_id",
            "mandate__adoption_date",
            "mandate__number",
            "mandate__body__acronym",
            "fulfilled_by_id",
            "fulfilled_by__symbol",
            "fulfilled_by__title",
            "fulfilled_by__date",
            "fulfilled_by__date_precision",
        )[: 4 * MAX_MARKS]
    )
    if len(answered) == 4 * MAX_MARKS:
        more.add("reports")
    reports: dict[int, dict] = {}
    answers: set[Answer] = set()
    mandates_answered: set[int] = set()
    for row in answered:
        if row["fulfilled_by_id"] not in reports and len(reports) == MAX_MARKS:
            more.add("reports")
            continue
        report = reports.setdefault(row["fulfilled_by_id"], {**row, "answers": []})
        mandate = f"{row['mandate__body__acronym']} {row['mandate__number']}".strip()
        if mandate not in report["answers"]:
            report["answers"].append(mandate)
        mandates_answered.add(row["mandate_id"])
        if row["mandate__adoption_date"]:
            answers.add(Answer(row["mandate_id"], row["fulfilled_by_id"]))

    dated = Mandate.objects.filter(adoption_date__isnull=False)
    latest = dated.order_by("-adoption_date", "-pk").values("pk")[: MAX_MARKS + 1]
    mandate_rows = list(
        dated.filter(models.Q(pk__in=latest) | models.Q(pk__in=mandates_answered))
        .order_by("adoption_date", "pk")
        .values("pk", "number", "title", "adoption_date", "body__acronym")
    )
    unanswered = [row for row in mandate_rows if row["pk"] not in mandates_answered]
    if len(unanswered) > MAX_MARKS:  # the one past the limit, the oldest not answered
        more.add("mandates")
        mandate_rows.remove(unanswered[0])
    mandates = [
        Mark(
            day=row["adoption_date"],
            label=f"{row['body__acronym']} {row['number']}".strip(),
            title=(
                f"Mandate {row['body__acronym']} {row['number']} (adopted {at_precision(row['adoption_date'], 'day')})"
                + (f": {row['title']}" if row["title"] else "")
            ),
            url=mark_url["mandates"](row["pk"]),
            priority=0 if row["pk"] in mandates_answered else 1,
            pk=row["pk"],
        )
        for row in mandate_rows
    ]
    report_marks = []
    for pk, report in reversed(reports.items()):  # the oldest first, as the other rows
        day, precision = report["fulfilled_by__date"], report["fulfilled_by__date_precision"]
        name = report["fulfilled_by__symbol"] or report["fulfilled_by__title"]
        report_marks.append(
            Mark(
                day=_period_middle(day, precision),
                label=_short(name),
                title=(
                    f"Report {name} ({at_precision(day, precision)}), answering {', '.join(report['answers'])}"
                    + (f": {report['fulfilled_by__title']}" if report["fulfilled_by__symbol"] else "")
                ),
                url=mark_url["reports"](pk),
                pk=pk,
                exact=_exact(precision),
            )
        )
    meeting_rows = list(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(start_date__isnull=False)
        .order_by("-start_date", "-pk")
        .values("pk", "title", "start_date", "date_precision", "venue", "number")[: MAX_MARKS + 1]
    )
    if len(meeting_rows) > MAX_MARKS:
        more.add("meetings")
        meeting_rows.pop()
    meetings = [
        Mark(
            day=_period_middle(row["start_date"], row["date_precision"]),
            label=_short(row["title"]),
            title=(
                f"Meeting: {row['title']} ({at_precision(row['start_date'], row['date_precision'])})"
                + (f", {row['venue']}" if row["venue"] else "")
            ),
            url=mark_url["meetings"](row["pk"]),
            priority=0 if row["number"] else 1,
            pk=row["pk"],
            exact=_exact(row["date_precision"]),
        )
        for row in reversed(meeting_rows)
    ]
    return TimelineData(
        mandates=mandates,
        reports=report_marks,
        meetings=meetings,
        answers=sorted(answers, key=lambda a: (a.mandate, a.report)),
        more=frozenset(more),
    )


def timeline_svg(*, today: dt.date) -> SafeString:
    return render_timeline(timeline_data(), today=today)


# --- Drawing ----------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}"


class _Axis:
    def __init__(self, first: dt.date, last: dt.date) -> None:
        # A mistyped year (0001, 9999) must not break the page or draw ten thousand years.
        self.start = dt.date(max(first.year, last.year - 200, 1), 1, 1)
        self.end = dt.date(min(last.year + 1, dt.MAXYEAR), 1, 1) if last.year < dt.MAXYEAR else dt.date.max
        self.span = (self.end - self.start).days
        self.width = WIDTH - LEFT - RIGHT

    def x(self, day: dt.date) -> float:
        share = min(max((day - self.start).days / self.span, 0.0), 1.0)  # a stray date stays on the edge
        return LEFT + share * self.width

    def year_step(self) -> int:
        """Label every year, or every 2nd, 5th ... one: a four-digit year needs about 24 units."""
        years = self.end.year - self.start.year
        for step in (1, 2, 5, 10, 20, 50, 100):
            if self.width / (years / step) >= 34:
                return step
        return 100


def lane_offset(lane: int) -> int:
    """Lane 0 is the row's line; then one above, one below, two above ... (in pitches, down positive)."""
    return 0 if lane == 0 else (-(lane + 1) // 2 if lane % 2 else lane // 2)


def spread(xs: list[float], *, max_lanes: int = MAX_LANES) -> list[tuple[float, int]]:
    """Where each mark goes, given where its day is on the axis: ``(x, lane)`` per mark, in order.

    Greedy, in order along the axis: a mark takes the first lane (nearest the line first) whose last
    mark is at least PITCH to its left; when all ``max_lanes`` are taken there, it goes into the
    lane that frees up first, at PITCH right of that lane's last mark. So in a lane marks are
    PITCH apart, and two lanes are PITCH apart vertically: no two hit circles meet."""
    last_in_lane: list[float] = []
    placed: list[tuple[float, int]] = [(0.0, 0)] * len(xs)
    for index in sorted(range(len(xs)), key=lambda i: xs[i]):
        x = xs[index]
        lane = next((k for k, last in enumerate(last_in_lane) if x - last >= PITCH), None)
        if lane is None and len(last_in_lane) < max_lanes:
            lane = len(last_in_lane)
            last_in_lane.append(x)
        elif lane is None:
            lane = min(range(len(last_in_lane)), key=lambda k: last_in_lane[k])
            x = last_in_lane[lane] + PITCH
        last_in_lane[lane] = x
        placed[index] = (x, lane)
    return placed


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str
    opacity: str = "1"


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class MarkShape:
    """A mark where the template draws it: a circle (mandates), a diamond (reports) or a square
    (meetings), filled when the record is dated to the day, hollow when only to a period; a link
    around it, clickable in the circle of HIT_RADIUS around (cx, cy)."""

    url: str
    title: str
    cx: str
    cy: str
    shape: str
    exact: bool
    x: str = ""  # the square's corner
    y: str = ""
    points: str = ""  # the diamond's corners


@dataclass(frozen=True)
class RowDrawing:
    name: str
    colour: str
    count: int
    more: bool  # the row draws the latest ``count`` of more records
    y: str
    name_y: str
    count_y: str
    marks: list[MarkShape]
    labels: list[Label]


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # "mark", "curve" or "today"
    text: str
    text_x: str
    text_y: str
    colour: str
    mark: MarkShape | None = None
    line: Line | None = None  # today's
    path: str = ""  # the curve's


@dataclass(frozen=True)
class Drawing:
    """Every coordinate of the picture, computed here; ``coordination/timeline.svg`` draws it, with
    the template's autoescaping on every text (titles come from users and seed files)."""

    width: int
    height: str
    description: str
    first_year: int
    last_year: int
    grid: list[Line]
    years: list[Label]
    axis: Line
    rows: list[RowDrawing]
    curves: list[str]  # path data, mandate to report
    curve_colour: str
    today: Line | None
    left: int
    right: int
    legend: list[LegendEntry]
    hit_radius: str


def mark_shape(shape: str, *, url: str, title: str, x: float, y: float, exact: bool = True) -> MarkShape:
    common = {"url": url, "title": title, "cx": _n(x), "cy": _n(y), "shape": shape, "exact": exact}
    if shape == "circle":
        return MarkShape(**common)
    if shape == "diamond":
        corners = f"{_n(x)},{_n(y - 5.5)} {_n(x + 5.5)},{_n(y)} {_n(x)},{_n(y + 5.5)} {_n(x - 5.5)},{_n(y)}"
        return MarkShape(**common, points=corners)
    return MarkShape(**common, x=_n(x - 4), y=_n(y - 4))


def _choose_labels(marks: list[Mark], axis: _Axis) -> list[tuple[Mark, float, int]]:
    """Labels that fit without overlapping, in two lanes (above and below the row), the most
    important marks first, at most MAX_LABELS_PER_ROW."""
    lanes: list[list[tuple[float, float]]] = [[], []]
    chosen = []
    for mark in sorted(marks, key=lambda m: (m.priority, m.day)):
        if len(chosen) >= MAX_LABELS_PER_ROW:
            break
        width = len(mark.label) * CHAR_WIDTH + 8
        centre = min(max(axis.x(mark.day), LEFT + width / 2), WIDTH - RIGHT - width / 2)
        left, right = centre - width / 2, centre + width / 2
        for lane, taken in enumerate(lanes):
            if all(right <= a or left >= b for a, b in taken):
                taken.append((left, right))
                chosen.append((mark, centre, lane))
                break
    return chosen


def _legend(top: float, colours: dict[str, str]) -> tuple[list[LegendEntry], float]:
    """The legend's entries, left to right from under the row names, wrapping to a new line when
    the next one would not fit; and the height it takes."""
    entries = [
        ("circle", colours["mandates"], "Mandate, on the day it was adopted"),
        ("diamond", colours["reports"], "Report that fulfilled a mandate's obligation"),
        ("square", colours["meetings"], "Meeting, on its first day"),
        ("curve", colours["reports"], "Joins a mandate to the report that answered it"),
        ("hollow", "currentColor", "Hollow: dated only to a month, quarter or year (drawn mid-period)"),
        ("today", "#ba2121", "Today"),
    ]
    legend, x, y = [], 8.0, top
    for kind, colour, text in entries:
        sample_width = 28 if kind in ("curve", "today") else 2 * HIT_RADIUS
        width = sample_width + 6 + len(text) * CHAR_WIDTH + 18
        if x + width > WIDTH - RIGHT and x > 8:
            x, y = 8.0, y + LEGEND_LINE
        text_at = {"text": text, "text_x": _n(x + sample_width + 6), "text_y": _n(y + 3.5), "colour": colour}
        if kind == "curve":
            low, high = _n(y + 4), _n(y - 4)
            path = f"M {_n(x)} {low} C {_n(x + 14)} {low} {_n(x + 14)} {high} {_n(x + 28)} {high}"
            legend.append(LegendEntry("curve", **text_at, path=path))
        elif kind == "today":
            legend.append(LegendEntry("today", **text_at, line=Line(_n(x), _n(y), _n(x + 28), _n(y))))
        else:
            shape, exact = ("square", False) if kind == "hollow" else (kind, True)
            sample = mark_shape(shape, url="", title="", x=x + sample_width / 2, y=y, exact=exact)
            legend.append(LegendEntry("mark", **text_at, mark=sample))
        x += width
    return legend, y - top + LEGEND_LINE


def timeline_drawing(data: TimelineData, *, today: dt.date) -> Drawing | None:
    """Where everything goes, or None when there is nothing dated to draw."""
    rows = {"mandates": data.mandates, "reports": data.reports, "meetings": data.meetings}
    days = [mark.day for marks in rows.values() for mark in marks]
    if not days:
        return None
    axis = _Axis(min(days), max(max(days), today))
    colours = {kind: colour for kind, _, colour in ROWS}

    # Each row as tall as its stacked lanes need, labels above and below them.
    placed = {kind: spread([axis.x(mark.day) for mark in rows[kind]]) for kind in rows}
    drawn_rows, centres, y = [], {}, float(TOP)
    for kind, name, colour in ROWS:
        offsets = [lane_offset(lane) for _, lane in placed[kind]] or [0]
        above, below = -min(offsets) * PITCH, max(offsets) * PITCH
        centre = y + max(ROW_HEIGHT / 2, LABEL_BAND + above + HIT_RADIUS)
        marks = []
        for mark, (x, lane) in zip(rows[kind], placed[kind], strict=True):
            mark_y = centre + lane_offset(lane) * PITCH
            marks.append(mark_shape(SHAPES[kind], url=mark.url, title=mark.title, x=x, y=mark_y, exact=mark.exact))
            if mark.pk is not None:
                centres[kind, mark.pk] = (x, mark_y)
        top_of_stack, bottom_of_stack = centre - above - HIT_RADIUS, centre + below + HIT_RADIUS
        drawn_rows.append(
            RowDrawing(
                name=name,
                colour=colour,
                count=len(rows[kind]),
                more=kind in data.more,
                y=_n(centre),
                name_y=_n(centre - 2),
                count_y=_n(centre + 12),
                marks=marks,
                labels=[
                    Label(_n(x), _n(top_of_stack - 4 if lane == 0 else bottom_of_stack + 11), mark.label)
                    for mark, x, lane in _choose_labels(rows[kind], axis)
                ],
            )
        )
        y = max(y + ROW_HEIGHT, bottom_of_stack + LABEL_BAND)

    axis_y = y
    step = axis.year_step()
    grid, years = [], []
    for year in range(axis.start.year, axis.end.year + 1):
        x = axis.x(dt.date(year, 1, 1))
        labelled = year % step == 0
        grid.append(Line(_n(x), str(TOP), _n(x), _n(axis_y + (5 if labelled else 2)), "0.25" if labelled else "0.1"))
        if labelled and year < axis.end.year:
            years.append(Label(_n(x + 2), _n(axis_y + 16), str(year)))

    curves = []
    for answer in data.answers:  # a curve from each mandate to each report that answered it
        ends = centres.get(("mandates", answer.mandate)), centres.get(("reports", answer.report))
        if ends[0] is None or ends[1] is None:
            continue
        (x1, y1), (x2, y2) = ends
        middle = (y1 + y2) / 2
        curves.append(f"M {_n(x1)} {_n(y1)} C {_n(x1)} {_n(middle)} {_n(x2)} {_n(middle)} {_n(x2)} {_n(y2)}")
    shown_today = None
    if axis.start <= today < axis.end:
        x = axis.x(today)
        shown_today = Line(_n(x), str(TOP - 4), _n(x), _n(axis_y))

    legend, legend_height = _legend(axis_y + AXIS_HEIGHT + 8, colours)
    # A mark that had to move right past the axis' end (hundreds on one day) widens the picture.
    right_most = max((float(mark.cx) for row in drawn_rows for mark in row.marks), default=0.0)
    return Drawing(
        width=max(WIDTH, math.ceil(right_most + HIT_RADIUS + 2)),
        height=_n(axis_y + AXIS_HEIGHT + legend_height + 4),
        description=", ".join(f"{len(rows[kind])} {name.lower()}" for kind, name, _ in ROWS),
        first_year=axis.start.year,
        last_year=axis.end.year - 1,
        grid=grid,
        years=years,
        axis=Line(str(LEFT), _n(axis_y), str(WIDTH - RIGHT), _n(axis_y)),
        rows=drawn_rows,
        curves=curves,
        curve_colour=colours["reports"],
        today=shown_today,
        left=LEFT,
        right=WIDTH - RIGHT,
        legend=legend,
        hit_radius=_n(HIT_RADIUS),
    )


def render_timeline(data: TimelineData, *, today: dt.date) -> SafeString:
    """The SVG, or an empty string when there is nothing dated to draw."""
    drawing = timeline_drawing(data, today=today)
    if drawing is None:
        return SafeString("")
    return render_to_string("coordination/timeline.svg", {"drawing": drawing, "today_y": TOP - 8})
