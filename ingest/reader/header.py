"""The masthead of a UN document: its symbol, date, session, body and kind.

Read from the first lines only: the symbol alone at the end of a line ("United Nations
A/59/325", "A/RES/60/227"), the date of the "Distr.: General" block (or a date alone on a line),
the session ("Fifty-ninth session"), the body when a line names it ("General Assembly",
"Resolution adopted by the General Assembly", "The Economic and Social Council,"), otherwise
the body whose series the symbol belongs to (A/ -> General Assembly, E/ -> ECOSOC), otherwise the
General Assembly when a numbered session and an item of the provisional agenda are given. The kind is
"resolution" for /RES/ symbols and "Resolution adopted by ..." texts, "decision" likewise, and
"report" for a "Report of the Secretary-General".
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
_NUMBER_TITLE = re.compile(r"^\s*(?P<number>\d{1,4}/\d{1,4}(?:\s?[A-Z])?)\.\s+\S")
_CANONICAL = list(FULL_NAMES)


def _body_from(match: re.Match[str]) -> str | None:
    for name, value in match.groupdict().items():
        if value and name.startswith("b"):
            return _CANONICAL[int(name[1:])]
    return None


def read_header(text: str) -> tuple[DocumentHeader, str | None]:
    """The document's header, and the number of the resolution or decision it is (or None)."""
    lines = [line for line in normalize(text[:HEADER_CHARS]).split("\n")[: HEADER_LINES * 3] if line.strip()]
    lines = lines[:HEADER_LINES]
    symbol = date = session = body = kind = number = None
    agenda_item = False
    for position, line in enumerate(lines):
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
            elif _REPORT.search(line) and position < 25:
                kind = "report"
        agenda_item = agenda_item or bool(_AGENDA_ITEM.search(line))
        if number is None:
            m = _NUMBER_TITLE.match(line)
            if m:
                number = m.group("number")
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
        number = None
    body = body or body_of_symbol(symbol)
    if body is None and session is not None and agenda_item:
        # Other bodies name themselves on the masthead; a numbered session with a provisional
        # agenda and no name is the General Assembly's (the 1997 report has no symbol).
        body = GENERAL_ASSEMBLY
    return DocumentHeader(symbol=symbol, date=date, session=session, body=body, kind=kind), number
