"""Resolutions and decisions cited, and United Nations document symbols.

Resolutions and decisions: "General Assembly resolution 58/208 of 23 December 2003", "its
resolution 58/208", "resolution 57/270 B" (the part letter stays in the number), "Economic and
Social Council resolution 2006/2", "decision 2004/1", and lists read in full: "its resolutions
49/127 of 19 December 1994, 50/123 of 20 December 1995 and 54/212 of 22 December 1999, and its
decision 57/538 of 20 December 2002", "resolutions 61/208, on international migration and
development, and 62/270, on the Global Forum ...".

Which body: the one named before the keyword ("Assembly resolution 34/180"); for "its
resolution" and a bare "resolution" the body named nearest in the same sentence, before it or
after it ("In its resolution 58/208 ..., the General Assembly requested"); failing that the
document's own body, with less confidence; and failing that a number of the form session/number
(58/208) is read as the General Assembly's, with less confidence still.

Symbols: "A/59/325", "A/RES/58/208", "A/C.2/61/L.52", "E/CN.9/2006/3", "ST/ESA/...",
"A/51/341/Add.1", "TD/B/COM.1/64" ..., a trailing full stop not included; two symbols joined by a
hyphen ("E/1997/25-E/CN.9/1997/11") are two symbols.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bodies import GENERAL_ASSEMBLY, BodyMention
from .dates import DAY, find_dates

SYMBOL_PREFIXES = (
    "A", "E", "S", "ST", "TD", "ESA", "POP", "UNEP", "DP", "CRC", "CEDAW", "CCPR", "CERD", "CAT", "HRI",
    "ECA", "ECE", "ESCAP", "ESCWA", "LC", "ICCD", "FCCC", "UNCTAD", "UNDP", "UNFPA", "UNICEF", "ECLAC",
)  # fmt: skip
_COMPONENT = r"[A-Z0-9](?:[A-Za-z0-9]|\.(?=[A-Za-z0-9]))*"
SYMBOL = (
    rf"(?<![\w/])(?:{'|'.join(sorted(SYMBOL_PREFIXES, key=len, reverse=True))})"
    rf"(?:/{_COMPONENT}){{2,}}(?![\w/])"
)
"""Regular-expression source for one document symbol (at least two components after the prefix)."""

_SYMBOL_RE = re.compile(SYMBOL)
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SymbolMention:
    symbol: str
    start: int
    end: int


def find_symbols(text: str) -> list[SymbolMention]:
    """Document symbols cited in ``text``; "HIV/AIDS" and "Population Division/DESA" are not symbols."""
    found = []
    for m in _SYMBOL_RE.finditer(text):
        symbol = m.group(0)
        if _HAS_DIGIT.search(symbol):
            found.append(SymbolMention(symbol, m.start(), m.end()))
    return found


# --- resolutions and decisions ------------------------------------------------------------------

NUMBER = r"\d{1,4}/\d{1,4}(?:\s?[A-Z](?![\w/]))?"
_KEYWORD = re.compile(r"\b(?P<kw>[Rr]esolutions?|[Dd]ecisions?)\s+(?=\d{1,4}/\d)")
_ITEM = re.compile(rf"(?P<number>{NUMBER})")
_ITEM_DATE = re.compile(r"(?:,\s*|\s+)(?:of|adopted\s+on)\s+")
_ITEM_TITLE = re.compile(r",\s*(?:on|entitled)\s+[^,;()]{1,160}?(?=,\s*(?:and\s+)?\d{1,4}/\d)")
_SEPARATOR = re.compile(r"\s*(?:,\s*and|,|and|as\s+well\s+as)\s+(?:its\s+)?(?=\d{1,4}/\d)")
_ITS = re.compile(r"\bits\s+$")
_BARE_SHORT_NAME = re.compile(r"\b(Assembly|Council|Commission)\s+$")
_GA_NUMBER = re.compile(r"^(?:[1-9]|[1-9]\d)/\d{1,3}(?:\s?[A-Z])?$")
_PLENARY = re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\s+plenary\s+meeting\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """One resolution or decision cited at ``text[start:end]``."""

    number: str
    kind: str  # "resolution" | "decision"
    body: str | None
    confidence: float
    adoption_date: str | None
    start: int
    end: int


def _normalize_number(number: str) -> str:
    return re.sub(r"\s+", " ", number.strip())


def _body_for(
    keyword_start: int,
    sentence: tuple[int, int],
    bodies: list[BodyMention],
    document_body: str | None,
    text: str,
    own_text: bool,
    last_of_family: dict[str, str],
) -> tuple[str | None, float, bool]:
    """(body, confidence, named_right_before) for a keyword at ``keyword_start``."""
    before = text[max(sentence[0], keyword_start - 60) : keyword_start]
    for mention in reversed(bodies):
        # "General Assembly resolution", "Assembly resolution", "Economic and Social Council decision"
        if mention.end <= keyword_start and not text[mention.end : keyword_start].strip():
            return mention.body, 0.95 if mention.explicit else 0.9, True
    bare = _BARE_SHORT_NAME.search(before)
    if bare:
        # "(Assembly resolution 34/180, annex)": a short name without "the".
        named = GENERAL_ASSEMBLY if bare.group(1) == "Assembly" else last_of_family.get(bare.group(1).lower())
        if named:
            return named, 0.9, True
    in_sentence = [b for b in bodies if sentence[0] <= b.start < sentence[1]]
    preceding = [b for b in in_sentence if b.end <= keyword_start]
    following = [b for b in in_sentence if b.start >= keyword_start]
    # "its resolution": the body that is the sentence's subject, named before or just after.
    its = _ITS.search(before) or not preceding
    candidates = preceding[-1:] + following[:1] if its else preceding[-1:]
    if candidates:
        return candidates[0].body, 0.85, False
    if document_body:
        # "its resolution" in a General Assembly resolution is the Assembly's own: sure.
        if own_text:
            return document_body, 0.9 if _ITS.search(before) else 0.8, False
        return document_body, 0.75 if _ITS.search(before) else 0.7, False
    return None, 0.5, False


def find_references(
    text: str,
    sentences: list[tuple[int, int]],
    bodies: list[BodyMention],
    document_body: str | None,
    own_text: bool = False,
    last_of_family: dict[str, str] | None = None,
) -> list[Reference]:
    """Every resolution and decision cited in a paragraph, lists read in full. ``own_text``: the
    document is itself a resolution or decision of ``document_body``."""
    references: list[Reference] = []
    for keyword in _KEYWORD.finditer(text):
        kind = "decision" if keyword.group("kw").lower().startswith("decision") else "resolution"
        sentence = next((s for s in sentences if s[0] <= keyword.start() < s[1]), (0, len(text)))
        body, confidence, _ = _body_for(
            keyword.start(), sentence, bodies, document_body, text, own_text, last_of_family or {}
        )
        position = keyword.end()
        first = True
        while True:
            item = _ITEM.match(text, position)
            if not item:
                break
            number = _normalize_number(item.group("number"))
            end = item.end()
            adoption_date = None
            date_intro = _ITEM_DATE.match(text, end)
            if date_intro:
                dates = find_dates(text[date_intro.end() : date_intro.end() + 40])
                if dates and dates[0].start_pos == 0 and dates[0].precision == DAY:
                    adoption_date = dates[0].start.isoformat()
                    end = date_intro.end() + dates[0].end_pos
            item_body, item_confidence = body, confidence
            if item_body is None and _GA_NUMBER.match(number):
                item_body, item_confidence = GENERAL_ASSEMBLY, 0.6
            references.append(
                Reference(
                    number=number,
                    kind=kind,
                    body=item_body,
                    confidence=item_confidence,
                    adoption_date=adoption_date,
                    start=keyword.start() if first else item.start(),
                    end=end,
                )
            )
            first = False
            title = _ITEM_TITLE.match(text, end)
            if title:
                end = title.end()
            separator = _SEPARATOR.match(text, end)
            if not separator:
                break
            position = separator.end()
    return references


def plenary_adoption_date(text: str) -> str | None:
    """The date under "67th plenary meeting" that closes a resolution's text: its adoption date."""
    for m in _PLENARY.finditer(text):
        dates = find_dates(text[m.end() : m.end() + 40])
        if dates and dates[0].precision == DAY:
            return dates[0].start.isoformat()
    return None
