"""Splitting a document into paragraphs.

The rules, for the texts a secretariat receives (Word or PDF conversions, OCR):

- Blocks are separated by blank lines. Inside a block, a new paragraph starts at a line that
  continues the paragraph numbering, at an indented line after a line that ends a sentence (hard-
  wrapped OCR text), at a preambular participle ("Recalling", "Noting" ...) after a line ending in
  a comma or semicolon, and at a footnote (a line starting with a superscript number).
- Numbered paragraphs: a block or line starting "12. " (after an optional "- " bullet the
  converter adds) whose number continues the sequence (the next number, or one after it when a
  number was lost); a number that does not ("2004. " at a line start, "1. Department of ..." as a
  sub-heading) is not a paragraph. Lettered sub-items ("(a) ...") stay in their paragraph.
- Headings (not paragraphs; they name the ``section`` of the paragraphs below): short blocks
  without final punctuation that start with "I.", "A.", "1." ..., are in capitals, or are one of
  "Summary", "Contents", "Notes" .... The table of contents is dropped.
- A block continues the paragraph before it (a page break) when it starts in lower case or with
  "(a)", or when the paragraph before is long and stops mid-sentence; but a block that would
  continue it and is followed by one starting in lower case is an insert (a box, a footnote): it
  stands alone and the lower-case block continues the paragraph.
- Keys: the number; "heading" for the header lines at the top (symbol, date, session, title);
  "note 4" / "note *" for notes; "p1", "p2" ... for the rest in order. A paragraph that lost its
  number in conversion (a "- " bullet between paragraphs 4 and 6) gets the missing number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Paragraph
from .text import clean_paragraph_text, is_page_furniture, normalize, remove_footnote_markers, repair_ocr

_BULLET = re.compile(r"^\s*[-\u2013•»]\s+")
_NUMBERED = re.compile(r"^\s*(?:[-\u2013•»]\s+)?(?P<n>\d{1,3})\.\s+(?=\S)")
_SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_FOOTNOTE = re.compile(r"^\s*(?:[-\u2013•»]\s+)?(?:(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)|\^\{(?P<star>\*{1,3})\})\s*(?=\S)")
_NOTE_NUMBER = re.compile(r"^\s*(?:[-\u2013•»]\s+)?(?P<n>\d{1,3})\s+(?=[A-Z\"\u201c(])")
_PREAMBLE = re.compile(
    r"^\s*(?:(?:Also|Further|Further\s+also)\s+)?"
    r"(?:Recalling|Reaffirming|Recognizing|Recognising|Noting|Taking\s+note|"
    r"Welcoming|Bearing\s+in\s+mind|Acknowledging|Emphasizing|Emphasising|Stressing|Underlining|Underscoring|"
    r"Concerned|Deeply\s+concerned|Convinced|Aware|Mindful|Expressing|Encouraged|Having|Reiterating|Considering|"
    r"Affirming|Guided|Alarmed|Realizing|Determined|Believing|Taking\s+into\s+account|Appreciating)\b"
)
_HEADING_MARK = re.compile(r"^\s*(?:[IVXLl1|]{1,6}|[A-H]|\d{1,2}(?:\.\d{1,2})?)\.\s+\S")
_HEADING_PHRASES = frozenset(
    {
        "summary", "contents", "notes", "introduction", "conclusions", "conclusion", "preface", "foreword",
        "executive summary", "annex", "annexes", "agenda", "references", "bibliography", "recommendations",
        "abstract", "organization of work", "list of participants", "list of papers", "acknowledgements",
    }
)  # fmt: skip
_TERMINAL = '.;:!?"\u201d\u2019)'
_SENTENCE_END = '.!?:;"\u201d\u2019)'
_LOWER_START = re.compile(r"^\s*(?:[-\u2013•»]\s+)?(?:[a-z]|\([a-z]{1,4}\)\s|\([ivx]+\)\s)")
_HEADER_KEEPS_PUNCTUATION = re.compile(
    r"(?:Distr\.:?|Original:|^The\s+(?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|"
    r"Human\s+Rights\s+Council|Commission\s+on\s+[A-Z][\w\s]+),)$"
)
_MASTHEAD_LINE = re.compile(
    r"^\s*(?:United\s+Nations\b|Distr\.|Original:|(?:Provisional\s+)?[Aa]genda\s+item\b|Item\s+\d|"
    r"(?:Resolution|Decision)\s+adopted\s+by\b|\[on\s+the\s+report\b|\d{1,4}/\d{1,4}(?:\s?[A-Z])?\.\s|"
    r"(?:The\s+)?(?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|Human\s+Rights\s+Council)"
    r"\b\W*(?:Distr\.|$)|Report\s+of\s+the\s+Secretary-General\W*$|\w+(?:-\w+)?\s+session\s*$|"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$|[A-Z]{1,6}/\S+\s*$)"
)
_PLENARY = re.compile(r"^\s*\d{1,3}(?:st|nd|rd|th)\s+plenary\s+meeting\b", re.IGNORECASE)
LONG_PARAGRAPH = 150
SHORT_BLOCK = 200
TITLE_WORDS = 12


@dataclass
class _Unit:
    lines: list[str]
    block_start: bool
    number: int | None = None
    note: str | None = None
    kind: str = "plain"  # plain | numbered | note | heading | header
    bullet: bool = False

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Draft:
    kind: str  # numbered | note | plain | header
    parts: list[str]
    section: str | None
    number: int | None = None
    note: str | None = None
    bullet: bool = False
    key: str = ""

    def text(self) -> str:
        return clean_paragraph_text("\n".join(self.parts))


_DANGLING = frozenset(
    ["the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "by", "from", "at", "as", "that",
    "which", "its", "their", "this"]
)  # fmt: skip


def _is_heading_like(text: str) -> bool:
    """Short, without final punctuation, not stopping on "the" or "of" (a sentence cut by a page break)."""
    text = " ".join(remove_footnote_markers(text).replace("*", "").split())
    if not 0 < len(text) <= SHORT_BLOCK or text[-1] in _TERMINAL.replace(")", ""):
        return False
    return text.rsplit(" ", 1)[-1].lower() not in _DANGLING


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _is_title(text: str) -> bool:
    """Heading-like and short enough to be a title (a numbered line cut by a page break is longer)."""
    return _is_heading_like(text) and (_in_capitals(text) or len(text.split()) <= TITLE_WORDS)


def _is_section_heading(text: str) -> bool:
    flat = " ".join(text.replace("*", "").split())
    if not _is_heading_like(flat):
        return False
    if flat.lower().rstrip(":") in _HEADING_PHRASES or _in_capitals(flat):
        return True
    mark = _HEADING_MARK.match(flat)
    if not mark:
        return False
    # "II. Recent work of ..." may be long; "1. Department of ..." competes with paragraph numbers.
    return not flat[:1].isdigit() or _is_title(flat)


def _is_header_unit(text: str) -> bool:
    """A short line of the masthead: symbol, "Distr.: General", date, session, agenda item, title."""
    flat = " ".join(text.split())
    if not flat or len(flat) > 160:
        return False
    return flat[-1] not in ".;:,!?" or bool(_HEADER_KEEPS_PUNCTUATION.search(flat))


def _lines(text: str) -> list[str]:
    text = normalize(text)
    kept = [line for line in text.split("\n") if not is_page_furniture(line)]
    return repair_ocr("\n".join(kept)).split("\n")


def _continues_numbering(n: int, last_number: int, previous_line: str) -> bool:
    """A line "12. ..." inside a block starts paragraph 12 when it follows 11 (or 10, a number lost)
    and the line before ends a sentence, or ends the preamble with a comma ("Recalling ...,")."""
    if not last_number < n <= last_number + 2:
        return False
    end = previous_line[-1:]
    return end in _SENTENCE_END or (end == "," and n == last_number + 1)


def _units(lines: list[str]) -> list[_Unit]:
    """Blocks split at blank lines, and inside a block at numbered lines, footnotes, bullets, indents."""
    units: list[_Unit] = []
    last_number = 0
    before_current = 0
    current: _Unit | None = None
    in_masthead = True  # masthead lines typed without blank lines between them are units of their own

    def open_unit(line: str, block_start: bool) -> None:
        nonlocal current, last_number, before_current
        current = _Unit([line], block_start=block_start)
        before_current = last_number
        footnote = _FOOTNOTE.match(line)
        numbered = _NUMBERED.match(line)
        current.bullet = bool(_BULLET.match(line))
        if footnote:
            current.kind = "note"
            current.note = footnote.group("star") or footnote.group("sup").translate(_SUPERSCRIPT_DIGITS)
        elif numbered:
            n = int(numbered.group("n"))
            window = 3 if block_start else 2
            if (last_number == 0 and block_start) or last_number < n <= last_number + window:
                current.kind, current.number = "numbered", n
                last_number = n

    def close() -> None:
        nonlocal current, last_number
        if current is None:
            return
        if current.kind == "numbered" and _is_title(current.raw):
            # "1. Department of Economic and Social Affairs": a sub-heading, not paragraph 1.
            current.kind, current.number = "plain", None
            last_number = before_current
        units.append(current)
        current = None

    for line in lines:
        if not line.strip():
            close()
            continue
        masthead_line = in_masthead and bool(_MASTHEAD_LINE.match(line))
        in_masthead = masthead_line or (in_masthead and current is None and not line.strip())
        if current is None:
            open_unit(line, block_start=True)
            continue
        if masthead_line or _PLENARY.match(line):
            close()
            open_unit(line, block_start=True)
            continue
        previous = remove_footnote_markers(current.lines[-1]).rstrip()  # "...2004,\u00b9" ends with a comma
        numbered = _NUMBERED.match(line)
        if _BULLET.match(line) or _FOOTNOTE.match(line):
            # A list item of the converter ("- 7. ...", "- 13 Ibid."): as good as a blank line.
            close()
            open_unit(line, block_start=True)
        elif (
            (numbered and _continues_numbering(int(numbered.group("n")), last_number, previous))
            or (line[:1] in " \t" and previous[-1:] in '.!?:"\u201d' and not line.strip()[:1].islower())
            or (_PREAMBLE.match(line) and previous[-1:] in ",;")
        ):
            close()
            open_unit(line, block_start=False)
        else:
            current.lines.append(line)
    close()
    return units


def _strip_marker(unit: _Unit) -> str:
    first = unit.lines[0]
    if unit.kind == "numbered":
        first = _NUMBERED.sub("", first, count=1)
    elif unit.kind == "note":
        first = _FOOTNOTE.sub("", first, count=1)
    else:
        first = _BULLET.sub("", first, count=1)
    return "\n".join([first, *unit.lines[1:]])


def _ends_mid_sentence(draft: _Draft) -> bool:
    """A numbered paragraph, or a long one, that stops without punctuation runs on after a page break
    (a short unnumbered one is more likely a caption: "Figure ... received by 30 June 2008")."""
    text = clean_paragraph_text(draft.parts[-1][-400:])
    long_enough = draft.kind == "numbered" or len(text) >= LONG_PARAGRAPH
    return long_enough and text[-1:].isalnum()


def _has_masthead(draft: _Draft) -> bool:
    return any(_MASTHEAD_LINE.match(line) for part in draft.parts for line in part.split("\n"))


def _drafts(units: list[_Unit]) -> list[_Draft]:
    drafts: list[_Draft] = []
    section: str | None = None
    header_open = True
    last_body: _Draft | None = None
    i = 0
    while i < len(units):
        if not header_open and drafts and drafts[0].kind == "header" and not _has_masthead(drafts[0]):
            # Short lines without a symbol, a date line, a session ... are a title, not a masthead.
            drafts[0].kind = "plain"
        unit = units[i]
        raw = unit.raw
        if unit.kind == "plain" and _is_section_heading(raw) and (unit.block_start or len(unit.lines) == 1):
            section = clean_paragraph_text(raw)
            header_open = False
            last_body = None
            i += 1
            continue
        if header_open and unit.kind == "plain" and not _PREAMBLE.match(raw) and _is_header_unit(raw):
            if drafts and drafts[-1].kind == "header":
                drafts[-1].parts.append(raw)
            else:
                drafts.append(_Draft("header", [raw], None, key="heading"))
            i += 1
            continue
        header_open = False
        if section and section.lower().startswith("contents"):
            i += 1
            continue
        body = _strip_marker(unit)
        if unit.kind == "numbered":
            last_body = _Draft("numbered", [body], section, number=unit.number)
            drafts.append(last_body)
        elif unit.kind == "note":
            drafts.append(_Draft("note", [body], section, note=unit.note))
        else:
            in_notes = bool(section) and section.lower().startswith("note")
            note_number = _NOTE_NUMBER.match(raw) if in_notes else None
            if note_number:
                drafts.append(
                    _Draft("note", [_NOTE_NUMBER.sub("", raw, count=1)], section, note=note_number.group("n"))
                )
            else:
                joins = _joins(last_body, unit, units[i + 1] if i + 1 < len(units) else None)
                if joins == "continue":
                    last_body.parts.append(body)
                else:
                    draft = _Draft("note" if in_notes else "plain", [body], section, bullet=unit.bullet)
                    drafts.append(draft)
                    if joins == "new" and not in_notes:
                        last_body = draft
        i += 1
    return drafts


def _joins(previous: _Draft | None, unit: _Unit, following: _Unit | None) -> str:
    """ "continue" the previous paragraph (a page break), stand as an "insert" inside it, or "new"."""
    if previous is None or not unit.block_start:
        return "new"
    if _LOWER_START.match(unit.lines[0]):
        return "continue"
    if _PREAMBLE.match(unit.lines[0]) or not _ends_mid_sentence(previous):
        return "new"
    # A block followed by a lower-case one is an insert (a box, a footnote) between two halves.
    if following is not None and following.kind == "plain" and _LOWER_START.match(following.lines[0]):
        return "insert"
    return "continue"


def _number_of(draft: _Draft) -> int | None:
    if draft.kind == "numbered":
        return draft.number
    if draft.kind == "note" and draft.note and draft.note.isdigit():
        return int(draft.note)
    return None


def _fill_lost_numbers(drafts: list[_Draft], kind: str) -> None:
    """A bullet between paragraphs 4 and 6 (or notes 13 and 15) that has no number is 5 (or 14)."""
    numbered_kind = "numbered" if kind == "plain" else "note"
    numbers = [_number_of(d) if d.kind == numbered_kind else None for d in drafts]
    last: int | None = None
    for position, draft in enumerate(drafts):
        if numbers[position] is not None:
            last = numbers[position]
            continue
        if draft.kind != kind or last is None or (kind == "plain" and not draft.bullet):
            continue
        following = next((n for n in numbers[position + 1 :] if n is not None), None)
        if following == last + 2:
            if kind == "plain":
                draft.kind, draft.number = "numbered", last + 1
            else:
                draft.note = str(last + 1)
            last += 1
            numbers[position] = last


def _assign_keys(drafts: list[_Draft]) -> None:
    if drafts and drafts[0].kind == "header" and not _has_masthead(drafts[0]):
        drafts[0].kind = "plain"
    _fill_lost_numbers(drafts, "plain")
    _fill_lost_numbers(drafts, "note")
    counter = 0
    seen: dict[str, int] = {}
    for draft in drafts:
        if draft.kind == "numbered":
            key = str(draft.number)
        elif draft.kind == "note" and draft.note:
            key = f"note {draft.note}"
        elif draft.kind == "header":
            key = "heading"
        else:
            counter += 1
            key = f"p{counter}"
        seen[key] = seen.get(key, 0) + 1
        draft.key = key if seen[key] == 1 else f"{key}-{seen[key]}"


def is_preambular(text: str) -> bool:
    """A preambular paragraph of a resolution: "Recalling ...", "Noting also ...", "Deeply concerned ..."."""
    return bool(_PREAMBLE.match(text))


def split_paragraphs(text: str) -> list[Paragraph]:
    """The document's paragraphs, cleaned, in order (see the module docstring for the rules)."""
    drafts = _drafts(_units(_lines(text)))
    _assign_keys(drafts)
    paragraphs = []
    for draft in drafts:
        cleaned = draft.text()
        if cleaned:
            paragraphs.append(Paragraph(draft.key, cleaned, len(paragraphs), draft.section))
    return paragraphs
