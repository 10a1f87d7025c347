"""Calendar dates and periods as the documents state them, with their precision.

Recognised (any case for month names, "Sept." and three-letter abbreviations too):

- days: "2 September 2004", "October 15, 2003";
- day ranges: "15 to 16 October 2003", "14 and 15 September 2006", "13-14 March 1996",
  "30 June to 2 July 2004", "28 November-1 December 2005", "October 15-16, 2003" (a leading
  "from" or "on" is left outside the span);
- months: "July 2007", "early June 1997", "mid-July 2007" (month precision);
- half-years: "mid-2005" and "early 2006" (the first half: 30 June), "late 2005" (the second
  half: 31 December), "the first/second half of 1997";
- quarters: "the second quarter of 1998", a season: "spring of 2004", "autumn 2005" (its
  northern-hemisphere quarter, as core.periods.season_end has it: spring 2004 -> 30 June 2004);
- years: "in 2008", "during 2005", "by the end of 2006" (a bare year after a preposition only,
  never a year range such as "1960-2000").

A period is stored as its last day (docs/design.md, "Dates and deadline states"): ``start`` and ``end``
are both that day; a day range keeps its first and last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.periods import period_end, quarter_end, season_end

from .spans import Positioned

DAY, MONTH, QUARTER, HALF_YEAR, YEAR = "day", "month", "quarter", "half_year", "year"

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_D = r"(?:[12]\d|3[01]|0?[1-9])"
_Y = r"(?:1[89]\d\d|20\d\d)"
_TO = r"\s*(?:-|\u2013|\u2014|to|and|through|until)\s*"
_END = r"(?![\d/])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 30 June to 2 July 2004; 28 November-1 December 2005; 30 June 2004 to 2 July 2004
    (
        "cross_month",
        re.compile(
            rf"\b(?P<d1>{_D})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_Y}))?{_TO}(?P<d2>{_D})\s+(?P<m2>{_MONTH}),?\s+"
            rf"(?P<y>{_Y}){_END}",
            re.IGNORECASE,
        ),
    ),
    # 15 to 16 October 2003; 14 and 15 September 2006; 13-14 March 1996
    (
        "day_range",
        re.compile(rf"\b(?P<d1>{_D}){_TO}(?P<d2>{_D})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_Y}){_END}", re.IGNORECASE),
    ),
    # October 15-16, 2003
    (
        "us_range",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_D}){_TO}(?P<d2>{_D}),\s*(?P<y>{_Y}){_END}", re.IGNORECASE),
    ),
    ("day", re.compile(rf"\b(?P<d>{_D})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_Y}){_END}", re.IGNORECASE)),
    ("us_day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_D}),\s*(?P<y>{_Y}){_END}", re.IGNORECASE)),
    # mid-2005, early 2006, late 2005, the middle of 2005, early in 2006
    (
        "vague",
        re.compile(
            rf"\b(?P<when>mid|early|late|the\s+middle\s+of|the\s+beginning\s+of|the\s+end\s+of)"
            rf"(?:\s*-\s*|\s+(?:in\s+)?)(?P<y>{_Y}){_END}",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(rf"\b(?P<half>first|second)\s+half\s+of\s+(?P<y>{_Y}){_END}", re.IGNORECASE)),
    (
        "quarter",
        re.compile(
            rf"\b(?P<quarter>first|second|third|fourth|last)\s+quarter\s+of\s+(?P<y>{_Y}){_END}", re.IGNORECASE
        ),
    ),
    (
        "season",
        re.compile(rf"\b(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<y>{_Y}){_END}", re.IGNORECASE),
    ),
    # early June 1997, mid-July 2007, July 2007
    (
        "month",
        re.compile(
            rf"\b(?:(?:early|mid|late)(?:\s*-\s*|\s+(?:in\s+)?))?(?P<m>{_MONTH})\s+(?P<y>{_Y}){_END}", re.IGNORECASE
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?:in|during|by|for|until|before|after|throughout)\s+(?:the\s+year\s+)?(?P<y>{_Y})(?![\d/\-\u2013])",
            re.IGNORECASE,
        ),
    ),
]

_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}
_LEADING_PREPOSITION = re.compile(r"^(?:in|during|by|for|until|before|after|throughout)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    """A date or period read from ``text[start_pos:end_pos]``."""

    start: dt.date
    end: dt.date
    precision: str
    start_pos: int
    end_pos: int
    text: str

    def as_data(self) -> dict:
        return {"start_date": self.start.isoformat(), "end_date": self.end.isoformat(), "precision": self.precision}


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _interpret(kind: str, m: re.Match[str]) -> tuple[dt.date, dt.date, str] | None:
    g = m.groupdict()
    year = int(g["y"])
    if kind == "cross_month":
        first_year = int(g["y1"]) if g.get("y1") else year
        start = dt.date(first_year, _month(g["m1"]), int(g["d1"]))
        end = dt.date(year, _month(g["m2"]), int(g["d2"]))
        return (start, end, DAY) if start <= end else None
    if kind in ("day_range", "us_range"):
        month = _month(g["m"])
        start, end = dt.date(year, month, int(g["d1"])), dt.date(year, month, int(g["d2"]))
        return (start, end, DAY) if start <= end else None
    if kind in ("day", "us_day"):
        day = dt.date(year, _month(g["m"]), int(g["d"]))
        return day, day, DAY
    if kind == "vague":
        when = " ".join(g["when"].lower().split())
        if when in ("late", "the end of"):
            end = dt.date(year, 12, 31)
            return (end, end, YEAR) if when == "the end of" else (end, end, HALF_YEAR)
        # mid-year is 30 June (docs/design.md); "early 2006" is read as its first half, the same day.
        end = dt.date(year, 6, 30)
        return end, end, HALF_YEAR
    if kind == "half":
        end = dt.date(year, 6, 30) if g["half"].lower() == "first" else dt.date(year, 12, 31)
        return end, end, HALF_YEAR
    if kind == "quarter":
        end = quarter_end(year, _QUARTERS[g["quarter"].lower()])
        return end, end, QUARTER
    if kind == "season":
        end = season_end(year, g["season"])
        return end, end, QUARTER
    if kind == "month":
        end = period_end(MONTH, dt.date(year, _month(g["m"]), 1))
        return end, end, MONTH
    if kind == "year":
        end = dt.date(year, 12, 31)
        return end, end, YEAR
    return None


_YEAR = re.compile(rf"(?<![\d/]){_Y}(?![\d/])")
WINDOW = 60  # every pattern ends with the year: it is looked for in the few characters before one


_MONTH_CUES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The words a pattern cannot match without: a window that holds none of them is not searched for it.
_CUES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("cross_month", "day_range", "us_range", "day", "us_day", "month"), _MONTH_CUES),
    "vague": ("mid", "early", "late", "middle", "beginning", "end"),
    "half": ("half",),
    "quarter": ("quarter",),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
}
_CUE_SETS = tuple(dict.fromkeys(_CUES.values()))


def find_dates(text: str) -> Positioned[DateSpan]:
    """Every date or period in ``text``, in order; where two readings overlap the longer wins."""
    found: list[DateSpan] = []
    # Where the two years before this one end: a reading holds one year, "30 June 2004 to 2 July 2004"
    # two, so it starts after them, and a text dense with years is not searched again for each.
    before_last_end = last_end = 0
    for year in _YEAR.finditer(text):
        window_start, year_end = max(0, year.start() - WINDOW), year.end()
        window = text[max(window_start, before_last_end) : year_end].lower()
        cued = {cues: any(cue in window for cue in cues) for cues in _CUE_SETS}
        for kind, pattern in _PATTERNS:
            cues = _CUES.get(kind)
            if cues is not None and not cued[cues]:
                continue
            since = max(window_start, before_last_end if kind == "cross_month" else last_end)
            for m in pattern.finditer(text, since, year_end):
                if m.end() != year_end or (kind == "year" and text[year_end : year_end + 1] in ("-", "\u2013")):
                    continue
                try:
                    reading = _interpret(kind, m)
                except (ValueError, KeyError):
                    continue
                if reading is None:
                    continue
                start_pos = m.start()
                if kind == "year":
                    start_pos += _LEADING_PREPOSITION.match(m.group(0)).end()
                found.append(DateSpan(*reading, start_pos, m.end(), text[start_pos : m.end()]))
        before_last_end, last_end = last_end, year_end
    found.sort(key=lambda d: (d.start_pos, -(d.end_pos - d.start_pos)))
    chosen: Positioned[DateSpan] = Positioned()
    for date in found:
        if chosen and date.start_pos < chosen[-1].end_pos:
            continue
        chosen.append(date)
    return chosen


def parse_date(text: str) -> DateSpan | None:
    """The first date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None
