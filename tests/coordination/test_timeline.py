"""The dashboard's timeline picture (coordination/dashboard/timeline.py): every record has a mark, no
two marks' clickable circles meet however dense the data, curves end on their marks, a legend."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from coordination.choices import ItemStatus
from coordination.dashboard.timeline import (
    HIT_RADIUS,
    MARK_PAGES,
    MAX_LANES,
    PITCH,
    Answer,
    Drawing,
    Mark,
    TimelineData,
    render_timeline,
    spread,
    timeline_data,
    timeline_drawing,
)
from meetings.choices import DatePrecision
from tests.factories import DocumentFactory, MandateFactory, MeetingFactory, ReportingObligationFactory

TODAY = dt.date(2026, 12, 3)


def mark(day: dt.date, name: str, pk: int | None = None, **extra) -> Mark:
    return Mark(day=day, label=name, title=name, url=f"/{name}/", pk=pk, **extra)


def dense_data() -> TimelineData:
    """The 2003-04 smear of issue #19, denser: 40 meetings in two years (a dozen of them on one day,
    a year's worth dated only to the year), six mandates adopted on one day and three the day after,
    reports answering them, and a meeting in 1985 so the axis spans forty years."""
    meetings = [mark(dt.date(1985, 12, 31), "meeting-1985")]
    meetings += [mark(dt.date(2003, 7, 2), f"meeting-2003-mid-{i}", exact=False) for i in range(12)]
    meetings += [mark(dt.date(2003, 1, 1) + dt.timedelta(days=26 * i), f"meeting-{i}") for i in range(28)]
    mandates = [mark(dt.date(2003, 12, 23), f"mandate-{i}", pk=i) for i in range(6)]
    mandates += [mark(dt.date(2003, 12, 24), f"mandate-{i}", pk=i) for i in range(6, 9)]
    reports = [mark(dt.date(2004, 9, 2), f"report-{i}", pk=100 + i) for i in range(3)]
    answers = [Answer(mandate=i, report=100 + i % 3) for i in range(9)]
    return TimelineData(mandates=mandates, reports=reports, meetings=meetings, answers=answers)


def centres(drawing: Drawing) -> list[tuple[str, float, float]]:
    return [(m.url, float(m.cx), float(m.cy)) for row in drawing.rows for m in row.marks]


def assert_no_two_hit_circles_meet(drawing: Drawing) -> None:
    for (url_a, xa, ya), (url_b, xb, yb) in itertools.combinations(centres(drawing), 2):
        assert math.dist((xa, ya), (xb, yb)) >= 2 * HIT_RADIUS, f"{url_a} and {url_b} overlap"


def test_no_two_marks_clickable_circles_meet_on_dense_days():
    data = dense_data()
    drawing = timeline_drawing(data, today=TODAY)

    assert_no_two_hit_circles_meet(drawing)
    # Every record has its mark, with its link, in its row.
    for row, records in zip(drawing.rows, (data.mandates, data.reports, data.meetings), strict=True):
        assert sorted(m.url for m in row.marks) == sorted(r.url for r in records)
    # All within the picture.
    for _, x, _ in centres(drawing):
        assert drawing.left - HIT_RADIUS <= x <= drawing.width - HIT_RADIUS


def test_marks_on_one_day_stack_on_that_day_above_and_below_the_line():
    drawing = timeline_drawing(dense_data(), today=TODAY)
    mandates = drawing.rows[0]
    first_day = [m for m in mandates.marks if m.url in {f"/mandate-{i}/" for i in range(6)}]
    assert len({m.cx for m in first_day}) == 1  # all six at their day
    ys = sorted(float(m.cy) for m in first_day)
    assert all(b - a >= PITCH for a, b in itertools.pairwise(ys))
    line = float(mandates.y)
    assert min(ys) < line < max(ys)  # the stack is centred on the row's line


def test_labels_stay_clear_of_the_marks():
    drawing = timeline_drawing(dense_data(), today=TODAY)
    for row in drawing.rows:
        top = min(float(m.cy) for m in row.marks) - HIT_RADIUS
        bottom = max(float(m.cy) for m in row.marks) + HIT_RADIUS
        for label in row.labels:
            baseline = float(label.y)
            # The text runs from about 8 units above its baseline to 2 below.
            assert baseline + 2 <= top or baseline - 8 >= bottom, label


def test_rows_do_not_run_into_each_other():
    drawing = timeline_drawing(dense_data(), today=TODAY)
    extents = [
        (min(float(m.cy) for m in row.marks) - HIT_RADIUS, max(float(m.cy) for m in row.marks) + HIT_RADIUS)
        for row in drawing.rows
    ]
    assert all(above[1] < below[0] for above, below in itertools.pairwise(extents))
    assert extents[-1][1] < float(drawing.axis.y1)  # and the last one stays above the axis


def test_each_curve_runs_from_its_mandates_mark_to_its_reports_mark():
    data = dense_data()
    drawing = timeline_drawing(data, today=TODAY)
    at = {url: (x, y) for url, x, y in centres(drawing)}
    assert len(drawing.curves) == len(data.answers)
    for answer, curve in zip(data.answers, drawing.curves, strict=True):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", curve)]
        assert (numbers[0], numbers[1]) == pytest.approx(at[f"/mandate-{answer.mandate}/"], abs=0.06)
        assert (numbers[-2], numbers[-1]) == pytest.approx(at[f"/report-{answer.report - 100}/"], abs=0.06)


def test_past_the_lane_cap_marks_move_right_along_their_lane_and_still_do_not_meet():
    # Three hundred meetings on the axis' last day: nine lanes, then a run to the right that
    # widens the picture rather than overlapping.
    meetings = [mark(dt.date(2026, 12, 31), f"m{i}") for i in range(300)]
    drawing = timeline_drawing(TimelineData([], [], meetings, []), today=TODAY)
    assert_no_two_hit_circles_meet(drawing)
    assert len({m.cy for m in drawing.rows[2].marks}) == MAX_LANES
    assert drawing.width > 960


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=120, max_value=936), max_size=60), st.integers(min_value=1, max_value=12))
def test_spread_never_puts_two_marks_within_a_pitch_and_never_moves_one_left(xs, max_lanes):
    placed = spread(xs, max_lanes=max_lanes)
    assert len(placed) == len(xs)
    for x, (drawn, lane) in zip(xs, placed, strict=True):
        assert drawn >= x
        assert 0 <= lane < max_lanes
    for (xa, lane_a), (xb, lane_b) in itertools.combinations(placed, 2):
        assert lane_a != lane_b or abs(xa - xb) >= PITCH - 1e-9


def test_the_legend_says_what_each_shape_curve_and_line_means():
    svg = render_timeline(dense_data(), today=TODAY)
    legend = svg[svg.index('<g class="timeline-legend">') :]
    for text in (
        "Mandate, on the day it was adopted",
        "Report that fulfilled a mandate",
        "Meeting, on its first day",
        "Joins a mandate to the report that answered it",
        "Hollow: dated only to a month, quarter or year",
        "Today",
    ):
        assert text in legend.replace("&#x27;", "'")
    # A sample of each shape (not colour alone), the curve and the dashed line.
    assert "<circle " in legend and "<polygon " in legend and "<rect " in legend
    assert '<rect x="' in legend and 'fill="none"' in legend  # the hollow sample
    assert "<path " in legend and 'stroke-dasharray="4 3"' in legend


def test_marks_are_links_with_their_tooltip_and_nothing_drawn_over_them_takes_the_click():
    svg = render_timeline(dense_data(), today=TODAY)
    link = r'<a href="([^"]+)" class="timeline-mark"><title>([^<]+)</title><circle class="timeline-hit"'
    links = re.findall(link, svg)
    assert len(links) == 9 + 3 + 41
    assert all(href == f"/{title}/" for href, title in links)
    # SVG paints in document order: the decoration (grid, curves, labels, legend, today's line)
    # comes first and takes no pointer events; the marks come last, on top.
    decoration = svg.index('<g pointer-events="none">')
    first_marks = svg.index('<g class="timeline-marks"')
    assert decoration < first_marks
    assert "<a " not in svg[:first_marks]


@pytest.mark.django_db
def test_records_dated_to_a_period_are_drawn_hollow_at_its_middle_and_told_at_their_precision():
    MeetingFactory(title="Expert meeting", start_date=dt.date(2003, 12, 31), end_date=None,
                   date_precision=DatePrecision.YEAR)  # fmt: skip
    MeetingFactory(title="Regional hearing", start_date=dt.date(2004, 5, 31), end_date=None,
                   date_precision=DatePrecision.MONTH)  # fmt: skip
    MeetingFactory(title="Coordination meeting", start_date=dt.date(2004, 10, 27), end_date=None,
                   date_precision=DatePrecision.DAY)  # fmt: skip
    by_title = {m.label: m for m in timeline_data().meetings}

    assert by_title["Expert meeting"].day == dt.date(2003, 7, 2)
    assert not by_title["Expert meeting"].exact
    assert "(2003)" in by_title["Expert meeting"].title
    assert by_title["Regional hearing"].day == dt.date(2004, 5, 16)
    assert "(May 2004)" in by_title["Regional hearing"].title
    assert by_title["Coordination meeting"].exact
    assert by_title["Coordination meeting"].day == dt.date(2004, 10, 27)
    assert "(27 October 2004)" in by_title["Coordination meeting"].title


@pytest.mark.django_db
def test_the_timelines_data_takes_three_queries_however_many_records(django_assert_num_queries):
    for number in range(5):
        mandate = MandateFactory(adoption_date=dt.date(2003, 12, 23))
        report = DocumentFactory(date=dt.date(2004, 9, 2 + number))
        ReportingObligationFactory(mandate=mandate, status=ItemStatus.DONE, fulfilled_by=report)
        MeetingFactory(start_date=dt.date(2003, 10, 15 + number), end_date=None)
    with django_assert_num_queries(3):
        data = timeline_data()
    assert (len(data.mandates), len(data.reports), len(data.meetings), len(data.answers)) == (5, 5, 5, 5)
    # Each mark's link is the record's page, from the one table of pages per row.
    for kind in MARK_PAGES:
        for mark in getattr(data, kind):
            assert mark.url == reverse(MARK_PAGES[kind], args=[mark.pk])
    assert {(a.mandate, a.report) for a in data.answers} == {
        (m.pk, r.pk) for m, r in zip(data.mandates, data.reports, strict=True)
    }


@pytest.mark.django_db
def test_each_row_draws_its_latest_records_up_to_a_limit_and_says_there_are_more(monkeypatch):
    monkeypatch.setattr("coordination.dashboard.timeline.MAX_MARKS", 3)
    old_answered = MandateFactory(adoption_date=dt.date(1990, 1, 1))
    ReportingObligationFactory(
        mandate=old_answered, status=ItemStatus.DONE, fulfilled_by=DocumentFactory(date=dt.date(1992, 5, 1))
    )
    mandates = [MandateFactory(adoption_date=dt.date(2000 + n, 1, 1)) for n in range(5)]
    meetings = [MeetingFactory(start_date=dt.date(2010 + n, 3, 1), end_date=None) for n in range(5)]

    data = timeline_data()

    # The latest three of each row, the oldest first; the old mandate stays, since its report is drawn.
    assert [m.pk for m in data.meetings] == [m.pk for m in meetings[2:]]
    assert [m.pk for m in data.mandates] == [old_answered.pk] + [m.pk for m in mandates[2:]]
    assert len(data.reports) == 1
    assert data.more == {"mandates", "meetings"}
    svg = render_timeline(data, today=TODAY)
    assert svg.count(">latest 3<") == 1  # meetings
    assert ">latest 4<" in svg  # mandates: the latest three and the one the report answered
    assert ">1 in all<" in svg  # reports


@pytest.mark.django_db
def test_a_row_at_the_limit_draws_all_its_records(monkeypatch):
    monkeypatch.setattr("coordination.dashboard.timeline.MAX_MARKS", 3)
    for n in range(3):
        MeetingFactory(start_date=dt.date(2010 + n, 3, 1), end_date=None)

    data = timeline_data()

    assert len(data.meetings) == 3
    assert data.more == frozenset()
