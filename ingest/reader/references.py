"""Resolutions and decisions cited, and United Nations document symbols.

Resolutions and decisions: "General Assembly resolution 58/208 of 23 December 2003", "its
resolution 58/208", "resolution 57/270 B" (the part letter stays in the number), "Economic and
Social Council resolution 2006/2", "decision 2004/1", and lists read in full: "its resolutions
49/127 of 19 December 1994, 50/123 of 20 December 1995 and 54/212 of 22 December 1999, and its
decision 57/538 of 20 December 2002", "resolutions 61/208, on international migration and
development, and 62/270, on the Global Forum ...".

Special sessions' numbers too: "resolution S-21/2", "ES-10/2" (typographic hyphens and dashes are
made "-" before the text is read, ``text.normalize``).

Which body, each cited number attributed to the body named for it:

1. the body named right before the keyword ("General Assembly resolution", "Economic and Social
   Council decision", "(Assembly resolution 34/180, annex)");
2. "its resolution" in a resolution or decision is the body that adopted the document being read
   (its header's body), whatever body the sentence names before or after; in a report "its" is the
   sentence's subject (3.);
3. a keyword that continues a list of citations ("... and decision 57/538", "..., resolution
   2006/2") has the list's body: in "Recalling its resolutions 58/208 and 59/241 and Economic and
   Social Council decision 2004/5 and resolution 2005/3", 58/208 and 59/241 are the document's own
   body's, 2004/5 and 2005/3 the Council's (a list after a body's name goes on with that body until
   another is named, within the sentence);
4. otherwise the sentence's subject: the body named nearest before, else the first named after that
   is not named for a citation of its own ("In its resolution 58/208 ..., the General Assembly
   requested", not the Council of "... and Economic and Social Council decision 2004/5");
5. failing that the document's own body, with less confidence; and failing that a number of the form
   session/number (58/208) is read as the General Assembly's, with less confidence still.

Symbols: "A/59/325", "A/RES/58/208", "A/C.2/61/L.52", "E/CN.9/2006/3", "ST/ESA/...",
"A/51/341/Add.1", "TD/B/COM.1/64", "A/RES/S-21/2" ..., a trailing full stop not included; two
symbols joined by a hyphen ("E/1997/25-E/CN.9/1997/11") are two symbols.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bodies import GENERAL_ASSEMBLY, BodyMention
from .dates import DAY, find_dates
from .spans import Positioned, Sentences, positioned

SYMBOL_PREFIXES = (
    "A", "E", "S", "ST", "TD", "ESA", "POP", "UNEP", "DP", "CRC", "CEDAW", "CCPR", "CERD", "CAT", "HRI",
    "ECA", "ECE", "ESCAP", "ESCWA", "LC", "ICCD", "FCCC", "UNCTAD", "UNDP", "UNFPA", "UNICEF", "ECLAC",
)  # fmt: skip
# A hyphen inside a component only before a figure: "A/RES/S-21/2"; "E/1997/25-E/CN.9/1997/11" is two symbols.
_COMPONENT = r"[A-Z0-9](?:[A-Za-z0-9]|\.(?=[A-Za-z0-9])|-(?=\d))*"
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

_NUMBER_START = r"(?:E?S-)?\d{1,4}/\d"  # "58/208", "S-21/2" (special session), "ES-10/2" (emergency)
NUMBER = r"(?:E?S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z](?![\w/]))?"
_KEYWORD = re.compile(rf"\b(?P<kw>[Rr]esolutions?|[Dd]ecisions?)\s+(?={_NUMBER_START})")
_ITEM = re.compile(rf"(?P<number>{NUMBER})")
_ITEM_DATE = re.compile(r"(?:,\s*|\s+)(?:of|adopted\s+on)\s+")
_ITEM_TITLE = re.compile(rf",\s*(?:on|entitled)\s+[^,;()]{{1,160}}?(?=,\s*(?:and\s+)?{_NUMBER_START})")
_SEPARATOR = re.compile(rf"\s*(?:,\s*and|,|and|as\s+well\s+as)\s+(?:its\s+)?(?={_NUMBER_START})")
_ITS = re.compile(r"\bits\s+$")
_BARE_SHORT_NAME = re.compile(r"\b(Assembly|Council|Commission)\s+$")
_GA_NUMBER = re.compile(r"^(?:E?S-)?(?:[1-9]|[1-9]\d)/\d{1,3}(?:\s?[A-Z])?$")
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


_BLANK = re.compile(r"\s*")
_CITATION_AFTER = re.compile(r"\s+(?:[Rr]esolutions?|[Dd]ecisions?)\b")
_LIST_GLUE = re.compile(r"[\s,;]*(?:(?:and|or|as\s+well\s+as|together\s+with)\s+)?(?:also\s+)?")
FOLLOWING_BODIES = 10  # how many bodies after a citation are looked at for the sentence's subject


@dataclass(frozen=True)
class _ListBody:
    """The body a list of citations is attributed to, and where its last citation ends."""

    body: str | None
    confidence: float
    end: int


def _subject_after(bodies: Positioned[BodyMention], text: str, start: int, end: int) -> BodyMention | None:
    """The first body named in ``text[start:end]`` that is not named for a citation of its own: the
    subject in "In its resolution 58/208 ..., the General Assembly requested", not the Council in
    "... and Economic and Social Council decision 2004/5"."""
    for mention in bodies.following(start, end, FOLLOWING_BODIES):
        if not _CITATION_AFTER.match(text, mention.end):
            return mention
    return None


def _body_for(
    keyword_start: int,
    sentence: tuple[int, int],
    bodies: Positioned[BodyMention],
    document_body: str | None,
    text: str,
    own_text: bool,
    last_of_family: dict[str, str],
    listed: _ListBody | None = None,
) -> tuple[str | None, float, bool]:
    """(body, confidence, named_right_before) for a keyword at ``keyword_start`` (the rules are in the
    module docstring); ``listed``: the list of citations just read, which this keyword may continue."""
    before = text[max(sentence[0], keyword_start - 60) : keyword_start]
    named = bodies.last_ending_by(keyword_start)
    if named is not None and _BLANK.match(text, named.end, keyword_start).end() == keyword_start:
        # "General Assembly resolution", "Assembly resolution", "Economic and Social Council decision"
        return named.body, 0.95 if named.explicit else 0.9, True
    bare = _BARE_SHORT_NAME.search(before)
    if bare:
        # "(Assembly resolution 34/180, annex)": a short name without "the".
        named_body = GENERAL_ASSEMBLY if bare.group(1) == "Assembly" else last_of_family.get(bare.group(1).lower())
        if named_body:
            return named_body, 0.9, True
    its = _ITS.search(before) is not None
    if its and own_text and document_body:
        # "Recalling its resolution 58/208": the body that adopted the document being read.
        return document_body, 0.95, False
    if (
        not its
        and listed is not None
        and listed.body is not None
        and _LIST_GLUE.fullmatch(text, listed.end, keyword_start) is not None
    ):
        # "Economic and Social Council resolution 2006/2 and decision 2006/5": the list goes on with
        # the body named for it until another is named.
        return listed.body, min(listed.confidence, 0.9), False
    # The sentence's subject, named before it, or after it ("In its resolution 58/208 ..., the General
    # Assembly requested") when none is named before; never a body named for a citation of its own.
    preceding = bodies.last_ending_by(keyword_start, since=sentence[0])
    candidate = preceding or _subject_after(bodies, text, keyword_start, sentence[1])
    if candidate is not None:
        return candidate.body, 0.85, False
    if document_body:
        if own_text:
            return document_body, 0.8, False
        return document_body, 0.75 if its else 0.7, False
    return None, 0.5, False


def find_references(
    text: str,
    sentences: list[tuple[int, int]],
    bodies: list[BodyMention],
    document_body: str | None,
    own_text: bool = False,
    last_of_family: dict[str, str] | None = None,
) -> Positioned[Reference]:
    """Every resolution and decision cited in a paragraph, lists read in full. ``own_text``: the
    document is itself a resolution or decision of ``document_body``."""
    references: Positioned[Reference] = Positioned()
    bodies = positioned(bodies)
    spans = Sentences(sentences)
    listed: _ListBody | None = None
    for keyword in _KEYWORD.finditer(text):
        kind = "decision" if keyword.group("kw").lower().startswith("decision") else "resolution"
        sentence = spans.holding(keyword.start(), (0, len(text)))
        if listed is not None and listed.end <= sentence[0]:
            listed = None  # a list does not run on into the next sentence
        body, confidence, _ = _body_for(
            keyword.start(), sentence, bodies, document_body, text, own_text, last_of_family or {}, listed
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
            listed = _ListBody(body, confidence, end)
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
        start = _BLANK.match(text, m.end()).end()  # the date may stand far to the right, on the next line
        dates = find_dates(text[start : start + 40])
        if dates and dates[0].precision == DAY:
            return dates[0].start.isoformat()
    return None
