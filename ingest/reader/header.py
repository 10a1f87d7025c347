"""The masthead of a UN document: its symbol, date, session, body and kind.

Read from the first lines only: the symbol alone at the end of a line ("United Nations
A/59/325", "A/RES/60/227"), the date of the "Distr.: General" block (or a date alone on a line),
the session ("Fifty-ninth session"), the body when a line names it ("General Assembly",
"Resolution adopted by the General Assembly", "The Economic and Social Council,"), otherwise
the body whose series the symbol belongs to (A/ -> General Assembly, E/ -> ECOSOC), otherwise the
General Assembly when a numbered session and an item of the provisional agenda are given. The kind is
"resolution" for /RES/ symbols and "Resolution adopted by ..." texts, "decision" likewise, and
"report" for a "Report of the Secretary-General".

The title: a resolution's or decision's is the words after its number on its heading line ("80/211.
International migration and development"), or the line under a number standing alone ("80/211."); a
report's is the line above "Report of the Secretary-General". A title wrapped over lines goes on while
the next line starts in lower case. A resolution's adoption date is the one its "Resolution adopted by
the General Assembly on 22 December 2025" line gives (the date under its closing plenary meeting is the
reader's first choice: ``references.plenary_adoption_date``).
"""

from __future__ import annotations

import re

from .bodies import FULL_NAMES, GENERAL_ASSEMBLY, body_of_symbol
from .dates import DAY, find_dates
from .ordinals import ORDINAL, ordinal_value
from .records import DocumentHeader
from .references import SYMBOL
from .text import normalize

HEADER_LINES = 40
HEADER_CHARS = 12_000

_SYMBOL_AT_END = re.compile(rf"(?:^|\s)(?P<symbol>{SYMBOL})\s*$")
_SESSION_LINE = re.compile(rf"^\s*(?P<ordinal>{ORDINAL})\s+(?:regular\s+|special\s+)?session\b", re.IGNORECASE)
_DISTR = re.compile(r"\bDistr\.?:?")
_BODY_NAMES = "|".join(rf"(?P<b{i}>{pattern})" for i, pattern in enumerate(FULL_NAMES.values()))
_BODY_LINE = re.compile(
    rf"^\s*(?:(?:Resolution|Decision)\s+adopted\s+by\s+(?:the\s+)?|The\s+)?(?:{_BODY_NAMES})\b"
    r"(?:\s*,\s*$|\s+Distr|\s*$|\s+\[)"
)
_ADOPTED = re.compile(r"^\s*(?P<kind>Resolution|Decision)\s+adopted\s+by\b", re.IGNORECASE)
_REPORT = re.compile(r"^\s*Report\s+of\s+the\s+Secretary-General\W*$")
_AGENDA_ITEM = re.compile(r"\bItem\s+\d+.*\bprovisional\s+agenda\b", re.IGNORECASE)
_NUMBER = r"(?P<number>\d{1,4}/\d{1,4}(?:\s?[A-Z])?)\."
_NUMBER_TITLE = re.compile(rf"^\s*{_NUMBER}\s+(?P<title>\S.*)$")
_NUMBER_ALONE = re.compile(rf"^\s*{_NUMBER}\s*$")
_CONTINUED = re.compile(r"^\s*[a-z]")  # a wrapped title's next line
_NOT_A_TITLE = re.compile(
    rf"{_DISTR.pattern}|\bOriginal\b|\bprovisional\s+agenda\b|^\s*Agenda\s+item\b|{SYMBOL}\s*$|^\W*$"
)
MAX_TITLE_LINES = 4
_CANONICAL = list(FULL_NAMES)


def _body_from(match: re.Match[str]) -> str | None:
    for name, value in match.groupdict().items():
        if value and name.startswith("b"):
            return _CANONICAL[int(name[1:])]
    return None


def _title_from(raw: list[str], start: int, first: str = "") -> str | None:
    """The title beginning with ``first`` on line ``start`` (or the next line when ``first`` is empty),
    continued while the next line starts in lower case, without a footnote's asterisks."""
    if not first:
        while start < len(raw) and not raw[start].strip():
            start += 1
        if start >= len(raw) or _NOT_A_TITLE.search(raw[start]) or _BODY_LINE.match(raw[start]):
            return None
        first = raw[start]
    parts = [first.strip()]
    for line in raw[start + 1 : start + MAX_TITLE_LINES]:
        if not _CONTINUED.match(line):
            break
        parts.append(line.strip())
    return " ".join(" ".join(parts).split()).rstrip(" *") or None  # not a footnote's asterisks


def _title_above(raw: list[str], end: int) -> str | None:
    """The title on the lines just above line ``end`` (a report's, above "Report of the Secretary-General")."""
    start = end - 1
    while start >= 0 and not raw[start].strip():
        start -= 1
    lowest = max(end - MAX_TITLE_LINES, 0)
    while start > lowest and _CONTINUED.match(raw[start]) and raw[start - 1].strip():
        start -= 1
    if start < 0 or _NOT_A_TITLE.search(raw[start]) or _SESSION_LINE.match(raw[start]) or _BODY_LINE.match(raw[start]):
        return None
    return _title_from(raw, start, raw[start])


def read_header(text: str) -> tuple[DocumentHeader, str | None]:
    """The document's header, and the number of the resolution or decision it is (or None)."""
    raw = normalize(text[:HEADER_CHARS]).split("\n")[: HEADER_LINES * 3]
    rows = [(row, line) for row, line in enumerate(raw) if line.strip()][:HEADER_LINES]
    lines = [line for _, line in rows]
    symbol = date = session = body = kind = number = title = report_title = adopted_on = None
    agenda_item = False
    for position, (row, line) in enumerate(rows):
        if symbol is None and position < 15:
            m = _SYMBOL_AT_END.search(line)
            if m:
                symbol = m.group("symbol")
        if date is None and _DISTR.search(line):
            for candidate in [line[_DISTR.search(line).end() :], *lines[position + 1 : position + 3]]:
                dates = [d for d in find_dates(candidate) if d.precision == DAY]
                if dates:
                    date = dates[0].start.isoformat()
                    break
        if session is None:
            m = _SESSION_LINE.match(line)
            if m and len(line.split()) <= 4:
                session = ordinal_value(m.group("ordinal"))
        if body is None:
            m = _BODY_LINE.match(line)
            if m:
                body = _body_from(m)
        if kind is None:
            adopted = _ADOPTED.match(line)
            if adopted:
                kind = adopted.group("kind").lower()
                on_day = [d for d in find_dates(line[adopted.end() :]) if d.precision == DAY]
                adopted_on = on_day[0].start.isoformat() if on_day else None
            elif _REPORT.search(line) and position < 25:
                kind = "report"
                report_title = _title_above(raw, row)
        agenda_item = agenda_item or bool(_AGENDA_ITEM.search(line))
        if number is None:
            m = _NUMBER_TITLE.match(line)
            alone = _NUMBER_ALONE.match(line) if m is None else None
            if m:
                number, title = m.group("number"), _title_from(raw, row, m.group("title"))
            elif alone:
                number, title = alone.group("number"), _title_from(raw, row + 1)
    if date is None:
        for line in lines[:20]:
            dates = [d for d in find_dates(line) if d.precision == DAY]
            if dates and len(line.strip()) <= len(dates[0].text) + 25:
                date = dates[0].start.isoformat()
                break
    if symbol and ("/RES/" in symbol or "/DEC/" in symbol):
        kind = "resolution" if "/RES/" in symbol else "decision"
        number = number or symbol.split("/", 2)[2]
    if kind not in ("resolution", "decision"):
        number = adopted_on = None
        title = report_title if kind == "report" else None
    body = body or body_of_symbol(symbol)
    if body is None and session is not None and agenda_item:
        # Other bodies name themselves on the masthead; a numbered session with a provisional
        # agenda and no name is the General Assembly's (the 1997 report has no symbol).
        body = GENERAL_ASSEMBLY
    header = DocumentHeader(
        symbol=symbol, date=date, session=session, body=body, kind=kind, title=title, adoption_date=adopted_on
    )
    return header, number
