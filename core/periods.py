"""Dates stated to a precision: a month, a quarter, "mid-2005", a year.

docs/design.md, "Dates and deadline states": the computed day is the last day of the period; mid-year is
30 June; a season is its quarter in the northern hemisphere (spring = Q2).
"""

from __future__ import annotations

import calendar
import datetime as dt

# The precisions' stored values (``meetings.choices.DatePrecision``), as plain text: the document
# reader uses this module and imports nothing of Django.
DAY, MONTH, QUARTER, HALF_YEAR, YEAR = "day", "month", "quarter", "half_year", "year"

SEASON_QUARTER = {"winter": 1, "spring": 2, "summer": 3, "autumn": 4, "fall": 4}


def period_end(precision: str, anchor: dt.date) -> dt.date:
    """The last day of the period of ``precision`` that contains ``anchor``."""
    if precision == DAY:
        return anchor
    if precision == MONTH:
        return anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    if precision == QUARTER:
        last_month = ((anchor.month - 1) // 3 + 1) * 3
        return dt.date(anchor.year, last_month, calendar.monthrange(anchor.year, last_month)[1])
    if precision == HALF_YEAR:
        return dt.date(anchor.year, 6, 30) if anchor.month <= 6 else dt.date(anchor.year, 12, 31)
    if precision == YEAR:
        return dt.date(anchor.year, 12, 31)
    raise ValueError(f"{precision!r} is not a calendar precision")


def period_start(precision: str, anchor: dt.date) -> dt.date:
    """The first day of the period of ``precision`` that contains ``anchor`` (``period_end``'s other end)."""
    if precision == DAY:
        return anchor
    if precision == MONTH:
        return anchor.replace(day=1)
    if precision == QUARTER:
        return dt.date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1)
    if precision == HALF_YEAR:
        return dt.date(anchor.year, 1 if anchor.month <= 6 else 7, 1)
    if precision == YEAR:
        return dt.date(anchor.year, 1, 1)
    raise ValueError(f"{precision!r} is not a calendar precision")


def quarter_end(year: int, quarter: int) -> dt.date:
    return period_end(QUARTER, dt.date(year, quarter * 3, 1))


def season_end(year: int, season: str) -> dt.date:
    """The last day of a northern-hemisphere season's quarter: spring 2004 is 30 June 2004."""
    return quarter_end(year, SEASON_QUARTER[season.lower()])


def at_precision(day: dt.date | None, precision: str, *, as_stated: str = "") -> str:
    """``day`` as a reader says it at its precision: "3 December 2026", "July 2002", "Q3 2004",
    "mid-2005" (the first half; the second is "end of 2005"), "2010". A date stated as a session
    ("at its sixty-third session") is shown as stated, with the day it falls due."""
    if day is None:
        return "undated"
    if precision == MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    if precision == QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == HALF_YEAR:
        return f"mid-{day.year}" if day.month <= 6 else f"end of {day.year}"
    if precision == YEAR:
        return str(day.year)
    text = f"{day.day} {calendar.month_name[day.month]} {day.year}"
    return f"{as_stated} ({text})" if precision == "session" and as_stated else text


def span_at_precision(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """Two days as one span, saying once what they share: "3 to 5 December 2008", "28 November to
    2 December 2008", "30 December 2008 to 2 January 2009"; one day, or a span at a coarser precision
    that falls in one period, as that period alone ("2008")."""
    first = at_precision(start, precision)
    last = at_precision(end, precision) if end else first
    if start is None or end is None or last == first:
        return first
    if precision not in ("", "day", "session"):
        return f"{first} to {last}"
    if start.year != end.year:
        return f"{first} to {last}"
    if start.month != end.month:
        return f"{start.day} {calendar.month_name[start.month]} to {last}"
    return f"{start.day} to {last}"


def _day(day: dt.date) -> str:
    return at_precision(day, "day")


def reporting_period(start: dt.date | None, end: dt.date | None) -> str:
    """The period an answer covers, at the precision its days have: whole years ("2025", "2025 to
    2026"), whole months ("March 2026", "July 2025 to June 2026"), else days ("3 to 17 March 2026")."""
    if start is None and end is None:
        return ""
    if end is None:
        return f"from {_day(start)}"
    if start is None:
        return f"until {_day(end)}"
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year} to {end.year}"
    if whole_months:
        first, last = calendar.month_name[start.month], calendar.month_name[end.month]
        if start.year != end.year:
            return f"{first} {start.year} to {last} {end.year}"
        return f"{last} {end.year}" if start.month == end.month else f"{first} to {last} {end.year}"
    return span_at_precision(start, end, "day")
