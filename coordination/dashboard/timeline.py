"""The dashboard's timeline picture: mandates, the reports that answered them, and meetings, on a
time axis, as inline SVG drawn on the server (no script, no external asset, no web font).

One row per kind with a mark per record (its tooltip says what it is), years on the axis, a curve
from each mandate to each report that answered it, and a bounded number of labels per row, chosen
so they never overlap. The geometry is computed here (``timeline_drawing``); the markup is the
autoescaped template ``coordination/timeline.svg``: titles come from users and seed files and are
escaped like everything else on the page. Three queries, whatever the
number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from meetings.choices import MeetingStatus
from meetings.models import Meeting

from ..models import Mandate, ReportingObligation

WIDTH = 960
LEFT = 120  # row names
RIGHT = 24
TOP = 28
ROW_HEIGHT = 66
AXIS_HEIGHT = 30
MAX_LABELS_PER_ROW = 16
CHAR_WIDTH = 5.6  # at 10px, a fair average for the system sans-serif fonts
LABEL_CHARS = 22

ROWS = (
    ("mandates", "Mandates", "#7a3e9d"),
    ("reports", "Reports", "#1b7a8c"),
    ("meetings", "Meetings", "#c0630f"),
)


@dataclass(frozen=True)
class Mark:
    day: dt.date
    label: str  # drawn, when there is room
    title: str  # the tooltip
    url: str
    priority: int = 1  # lower is labelled first


@dataclass(frozen=True)
class Answer:
    """A mandate adopted on one day answered by a report dated another."""

    mandate_day: dt.date
    report_day: dt.date


@dataclass
class TimelineData:
    mandates: list[Mark]
    reports: list[Mark]
    meetings: list[Mark]
    answers: list[Answer]


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def timeline_data() -> TimelineData:
    mandate_base = reverse("admin:coordination_mandate_changelist")
    document_base = reverse("admin:meetings_document_changelist")
    meeting_base = reverse("admin:meetings_meeting_changelist")

    answered = (
        ReportingObligation.objects.filter(fulfilled_by__isnull=False, fulfilled_by__date__isnull=False)
        .order_by("fulfilled_by__date", "fulfilled_by_id", "mandate_id")
        .values(
            "mandate_id",
            "mandate__adoption_date",
            "mandate__number",
            "mandate__body__acronym",
            "fulfilled_by_id",
            "fulfilled_by__symbol",
            "fulfilled_by__title",
            "fulfilled_by__date",
        )
    )
    reports: dict[int, dict] = {}
    answers: set[Answer] = set()
    mandates_answered: set[int] = set()
    for row in answered:
        report = reports.setdefault(row["fulfilled_by_id"], {**row, "answers": []})
        mandate = f"{row['mandate__body__acronym']} {row['mandate__number']}".strip()
        if mandate not in report["answers"]:
            report["answers"].append(mandate)
        mandates_answered.add(row["mandate_id"])
        if row["mandate__adoption_date"]:
            answers.add(Answer(row["mandate__adoption_date"], row["fulfilled_by__date"]))

    mandates = [
        Mark(
            day=row["adoption_date"],
            label=f"{row['body__acronym']} {row['number']}".strip(),
            title=f"{row['body__acronym']} {row['number']} ({_day(row['adoption_date'])}): {row['title']}".rstrip(
                ": "
            ),
            url=f"{mandate_base}{row['pk']}/change/",
            priority=0 if row["pk"] in mandates_answered else 1,
        )
        for row in Mandate.objects.filter(adoption_date__isnull=False)
        .order_by("adoption_date", "pk")
        .values("pk", "number", "title", "adoption_date", "body__acronym")
    ]
    report_marks = [
        Mark(
            day=report["fulfilled_by__date"],
            label=_short(report["fulfilled_by__symbol"] or report["fulfilled_by__title"]),
            title=(
                f"{report['fulfilled_by__symbol'] or report['fulfilled_by__title']} "
                f"({_day(report['fulfilled_by__date'])}), answering {', '.join(report['answers'])}"
                + (f": {report['fulfilled_by__title']}" if report["fulfilled_by__symbol"] else "")
            ),
            url=f"{document_base}{pk}/change/",
        )
        for pk, report in reports.items()
    ]
    meetings = [
        Mark(
            day=row["start_date"],
            label=_short(row["title"]),
            title=f"{row['title']} ({_day(row['start_date'])}){', ' + row['venue'] if row['venue'] else ''}",
            url=f"{meeting_base}{row['pk']}/change/",
            priority=0 if row["number"] else 1,
        )
        for row in Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(start_date__isnull=False)
        .order_by("start_date", "pk")
        .values("pk", "title", "start_date", "venue", "number")
    ]
    return TimelineData(
        mandates=mandates,
        reports=report_marks,
        meetings=meetings,
        answers=sorted(answers, key=lambda a: (a.mandate_day, a.report_day)),
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
        years = self.end.year - self.start.year
        for step in (1, 2, 5, 10, 20, 50, 100):
            if self.width / (years / step) >= 40:
                return step
        return 100


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
    """A mark where the template draws it: a circle (mandates), a diamond (reports) or a square."""

    url: str
    title: str
    x: str
    y: str
    points: str = ""  # the diamond's corners


@dataclass(frozen=True)
class RowDrawing:
    name: str
    colour: str
    shape: str  # of its marks: "circle", "polygon" or "rect"
    count: int
    y: str
    name_y: str
    count_y: str
    marks: list[MarkShape]
    labels: list[Label]


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


def _mark_shape(kind: str, mark: Mark, x: float, y: float) -> MarkShape:
    if kind == "mandates":
        return MarkShape(mark.url, mark.title, _n(x), _n(y))
    if kind == "reports":
        corners = f"{_n(x)},{_n(y - 5.5)} {_n(x + 5.5)},{_n(y)} {_n(x)},{_n(y + 5.5)} {_n(x - 5.5)},{_n(y)}"
        return MarkShape(mark.url, mark.title, _n(x), _n(y), corners)
    return MarkShape(mark.url, mark.title, _n(x - 3.5), _n(y - 3.5))


SHAPES = {"mandates": "circle", "reports": "polygon", "meetings": "rect"}


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


def timeline_drawing(data: TimelineData, *, today: dt.date) -> Drawing | None:
    """Where everything goes, or None when there is nothing dated to draw."""
    rows = {"mandates": data.mandates, "reports": data.reports, "meetings": data.meetings}
    days = [mark.day for marks in rows.values() for mark in marks]
    if not days:
        return None
    axis = _Axis(min(days), max(max(days), today))
    height = TOP + ROW_HEIGHT * len(ROWS) + AXIS_HEIGHT
    centre_y = {kind: TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2 for index, (kind, _, _) in enumerate(ROWS)}
    axis_y = TOP + ROW_HEIGHT * len(ROWS)
    step = axis.year_step()
    grid, years = [], []
    for year in range(axis.start.year, axis.end.year + 1):
        x = axis.x(dt.date(year, 1, 1))
        labelled = (year - axis.start.year) % step == 0
        grid.append(Line(_n(x), str(TOP), _n(x), _n(axis_y + (5 if labelled else 2)), "0.25" if labelled else "0.1"))
        if labelled and year < axis.end.year:
            years.append(Label(_n(x + 2), _n(axis_y + 16), str(year)))
    drawn_rows = []
    for kind, name, colour in ROWS:
        y = centre_y[kind]
        drawn_rows.append(
            RowDrawing(
                name=name,
                colour=colour,
                shape=SHAPES[kind],
                count=len(rows[kind]),
                y=_n(y),
                name_y=_n(y - 2),
                count_y=_n(y + 12),
                marks=[_mark_shape(kind, mark, axis.x(mark.day), y) for mark in rows[kind]],
                labels=[
                    Label(_n(x), _n(y - 9 if lane == 0 else y + 17), mark.label)
                    for mark, x, lane in _choose_labels(rows[kind], axis)
                ],
            )
        )
    curves = []
    for answer in data.answers:  # a curve from each mandate to each report that answered it
        x1, y1 = axis.x(answer.mandate_day), centre_y["mandates"]
        x2, y2 = axis.x(answer.report_day), centre_y["reports"]
        middle = (y1 + y2) / 2
        curves.append(f"M {_n(x1)} {_n(y1)} C {_n(x1)} {_n(middle)} {_n(x2)} {_n(middle)} {_n(x2)} {_n(y2)}")
    shown_today = None
    if axis.start <= today < axis.end:
        x = axis.x(today)
        shown_today = Line(_n(x), str(TOP - 4), _n(x), _n(axis_y))
    return Drawing(
        width=WIDTH,
        height=_n(height),
        description=", ".join(f"{len(rows[kind])} {name.lower()}" for kind, name, _ in ROWS),
        first_year=axis.start.year,
        last_year=axis.end.year - 1,
        grid=grid,
        years=years,
        axis=Line(str(LEFT), _n(axis_y), str(WIDTH - RIGHT), _n(axis_y)),
        rows=drawn_rows,
        curves=curves,
        curve_colour=ROWS[1][2],
        today=shown_today,
        left=LEFT,
        right=WIDTH - RIGHT,
    )


def render_timeline(data: TimelineData, *, today: dt.date) -> SafeString:
    """The SVG, or an empty string when there is nothing dated to draw."""
    drawing = timeline_drawing(data, today=today)
    if drawing is None:
        return SafeString("")
    return render_to_string("coordination/timeline.svg", {"drawing": drawing, "today_y": TOP - 8})
