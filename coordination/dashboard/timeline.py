"""The dashboard's timeline picture: mandates, the reports that answered them, and meetings, on a
time axis, as inline SVG drawn on the server (no script, no external asset, no web font).

One row per kind with a mark per record (its tooltip says what it is), years on the axis, a curve
from each mandate to each report that answered it, and a bounded number of labels per row, chosen
so they never overlap. Every piece of text goes through ``format_html``: titles come from users
and seed files and are escaped like everything else on the page. Three queries, whatever the
number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


def _mark_shape(kind: str, x: float, y: float) -> str:
    """The opening tag of a mark (numbers only: nothing to escape)."""
    if kind == "mandates":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5">'
    if kind == "reports":
        corners = f"{_n(x)},{_n(y - 5.5)} {_n(x + 5.5)},{_n(y)} {_n(x)},{_n(y + 5.5)} {_n(x - 5.5)},{_n(y)}"
        return f'<polygon points="{corners}">'
    return f'<rect x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7">'


MARK_TAGS = {"mandates": "circle", "reports": "polygon", "meetings": "rect"}


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


def render_timeline(data: TimelineData, *, today: dt.date) -> SafeString:
    """The SVG, or an empty string when there is nothing dated to draw."""
    rows = {"mandates": data.mandates, "reports": data.reports, "meetings": data.meetings}
    days = [mark.day for marks in rows.values() for mark in marks]
    if not days:
        return mark_safe("")
    axis = _Axis(min(days), max(max(days), today))
    height = TOP + ROW_HEIGHT * len(ROWS) + AXIS_HEIGHT
    centre_y = {kind: TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2 for index, (kind, _, _) in enumerate(ROWS)}
    parts: list[str] = []
    description = ", ".join(f"{len(rows[kind])} {name.lower()}" for kind, name, _ in ROWS)
    parts.append(
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-labelledby="timeline-title timeline-desc" class="timeline" font-size="10" '
            'font-family="system-ui, sans-serif">'
            '<title id="timeline-title">Timeline of mandates, reports and meetings</title>'
            '<desc id="timeline-desc">{} from {} to {}; a curve joins a mandate to each report that '
            "answered it.</desc>",
            WIDTH,
            _n(height),
            description,
            axis.start.year,
            axis.end.year - 1,
        )
    )

    # Year grid and axis.
    axis_y = TOP + ROW_HEIGHT * len(ROWS)
    step = axis.year_step()
    for year in range(axis.start.year, axis.end.year + 1):
        x = axis.x(dt.date(year, 1, 1))
        labelled = (year - axis.start.year) % step == 0
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="{}"/>',
                _n(x),
                TOP,
                _n(x),
                _n(axis_y + (5 if labelled else 2)),
                "0.25" if labelled else "0.1",
            )
        )
        if labelled and year < axis.end.year:
            parts.append(
                format_html('<text x="{}" y="{}" fill="currentColor">{}</text>', _n(x + 2), _n(axis_y + 16), year)
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="0.5"/>',
            LEFT,
            _n(axis_y),
            WIDTH - RIGHT,
            _n(axis_y),
        )
    )

    # Row names and baselines.
    for kind, name, colour in ROWS:
        y = centre_y[kind]
        parts.append(
            format_html(
                '<text x="8" y="{}" fill="{}" font-weight="bold" font-size="12">{}</text>'
                '<text x="8" y="{}" fill="currentColor" fill-opacity="0.7">{} in all</text>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-opacity="0.35"/>',
                _n(y - 2),
                colour,
                name,
                _n(y + 12),
                len(rows[kind]),
                LEFT,
                _n(y),
                WIDTH - RIGHT,
                _n(y),
                colour,
            )
        )

    # A curve from each mandate to each report that answered it.
    for answer in data.answers:
        x1, y1 = axis.x(answer.mandate_day), centre_y["mandates"]
        x2, y2 = axis.x(answer.report_day), centre_y["reports"]
        middle = (y1 + y2) / 2
        parts.append(
            format_html(
                '<path d="M {} {} C {} {} {} {} {} {}" fill="none" stroke="{}" stroke-opacity="0.45"/>',
                _n(x1),
                _n(y1),
                _n(x1),
                _n(middle),
                _n(x2),
                _n(middle),
                _n(x2),
                _n(y2),
                ROWS[1][2],
            )
        )

    # Today.
    if axis.start <= today < axis.end:
        x = axis.x(today)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ba2121" stroke-dasharray="4 3"/>'
                '<text x="{}" y="{}" fill="#ba2121" text-anchor="middle">today</text>',
                _n(x),
                TOP - 4,
                _n(x),
                _n(axis_y),
                _n(x),
                TOP - 8,
            )
        )

    # Marks, each with its tooltip and a link to the record; then the labels that fit. Marks are
    # the bulk of the picture: built with escape() on their two texts rather than format_html.
    for kind, _, colour in ROWS:
        y = centre_y[kind]
        tag = MARK_TAGS[kind]
        parts.append(format_html('<g fill="{}" fill-opacity="0.8">', colour))
        parts.extend(
            f'<a href="{escape(mark.url)}">{_mark_shape(kind, axis.x(mark.day), y)}'
            f"<title>{escape(mark.title)}</title></{tag}></a>"
            for mark in rows[kind]
        )
        parts.append("</g>")
        for mark, x, lane in _choose_labels(rows[kind], axis):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{}</text>',
                    _n(x),
                    _n(y - 9 if lane == 0 else y + 17),
                    mark.label,
                )
            )
    parts.append("</svg>")
    # Every text above went through format_html or escape(); the rest are constants and numbers.
    return mark_safe("".join(parts))  # noqa: S308
