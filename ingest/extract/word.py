"""A Word file's text with python-docx: the body's paragraphs and tables in order, paragraph numbers
that Word itself numbers (automatic numbering: "5.", "(a)", "iv)") written out as the document shows
them, footnotes at the end (after a rule, numbered as in the text, their marks kept in the text), as
Word saves a document as plain text. Running heads and feet are parts of their own, not of the body:
they are left out. Deleted text (tracked changes) and text boxes are left out too.

Before anything is parsed, the file's parts, unpacked, must fit the limit (a .docx is a zip: a few
kilobytes can unpack to gigabytes); python-docx's XML parser resolves no entities.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .limits import Limits, Refused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
_SKIPPED = {qn("w:del"), qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a file that is not a Word document, or whose parts unpack to more than the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("This is not a Word document (.docx): the file is damaged or of another kind.") from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise Refused("This is a zip file, not a Word document (.docx): it holds no word/document.xml.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise Refused(
            f"This Word file unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the "
            f"{limits.max_unpacked_bytes / 1024 / 1024:,.0f} MB allowed: save it again without pictures "
            "(or as text) and read that."
        )


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word's letters: a ... z, then aa ... zz, then aaa ...
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format(number: int, kind: str) -> str:
    if kind == "lowerLetter":
        return _letters(number)
    if kind == "upperLetter":
        return _letters(number).upper()
    if kind == "lowerRoman":
        return _roman(number)
    if kind == "upperRoman":
        return _roman(number).upper()
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "none":
        return ""
    return str(number)


def _value(element, path: str, default: str | None = None) -> str | None:
    found = element.find(path)
    return found.get(qn("w:val"), default) if found is not None else default


class Numbering:
    """Word's automatic numbering, counted as Word counts it: the lists that share a definition
    continue each other's numbers unless one restarts them; a level restarts after a higher level."""

    def __init__(self, numbering, styles) -> None:
        self.abstract = {}
        self.instances = {}
        if numbering is not None:
            for abstract in numbering.iterchildren(qn("w:abstractNum")):
                levels = {}
                for level in abstract.iterchildren(qn("w:lvl")):
                    levels[int(level.get(qn("w:ilvl"), "0"))] = (
                        int(_value(level, qn("w:start"), "1") or 1),
                        _value(level, qn("w:numFmt"), "decimal"),
                        _value(level, qn("w:lvlText"), "%1.") or "",
                    )
                self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
            for instance in numbering.iterchildren(qn("w:num")):
                restarts = {}
                for override in instance.iterchildren(qn("w:lvlOverride")):
                    start = _value(override, qn("w:startOverride"))
                    if start is not None:
                        restarts[int(override.get(qn("w:ilvl"), "0"))] = int(start)
                abstract_id = _value(instance, qn("w:abstractNumId"))
                self.instances[instance.get(qn("w:numId"))] = (abstract_id, restarts)
        self.style_numbering = {}
        self.style_base = {}
        if styles is not None:
            for style in styles.iterchildren(qn("w:style")):
                style_id = style.get(qn("w:styleId"))
                self.style_base[style_id] = _value(style, qn("w:basedOn"))
                number = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if number is not None:
                    self.style_numbering[style_id] = (_value(number, qn("w:numId")), _value(number, qn("w:ilvl")))
        self.counters: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        properties = paragraph.find(qn("w:pPr"))
        num_id = level = None
        if properties is not None:
            number = properties.find(qn("w:numPr"))
            if number is not None:
                num_id, level = _value(number, qn("w:numId")), _value(number, qn("w:ilvl"))
            style_id = _value(properties, qn("w:pStyle"))
            seen = set()
            while num_id is None and style_id and style_id not in seen:
                seen.add(style_id)
                num_id, style_level = self.style_numbering.get(style_id, (None, None))
                level = level or style_level
                style_id = self.style_base.get(style_id)
        return num_id, int(level or 0)

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` ("5.", "(a)"), or "" when it has none."""
        num_id, level = self._numbering_of(paragraph)
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        abstract_id, restarts = self.instances[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.restarted:
            self.restarted.add(num_id)
            for restarted, start in restarts.items():
                counters[restarted] = start - 1
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [other for other in counters if other > level]:
            del counters[deeper]
        start, kind, text = levels[level]
        if kind == "bullet":
            return "\u2022"
        for shown in range(level, -1, -1):
            if shown in levels:
                value = counters.get(shown, levels[shown][0])
                text = text.replace(f"%{shown + 1}", _format(value, levels[shown][1]))
        return text.strip()


def _text(element, notes: dict[str, int]) -> str:
    """A paragraph's text: its runs' text, tabs and breaks, footnote marks as their numbers."""
    out = []
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == qn("w:t"):
            out.append(child.text or "")
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        elif tag == qn("w:footnoteReference"):
            note = child.get(qn("w:id"))
            out.append(str(notes.setdefault(note, len(notes) + 1)))
        elif tag != qn("w:pPr"):
            stack.append(iter(child))
    return "".join(out)


def _rows(table, notes: dict[str, int]):
    """A table as lines: each row's cells side by side, a cell's paragraphs one under the other (a
    masthead: "General Assembly    Distr.: General", then "    15 April 2008")."""
    for row in table.iter(qn("w:tr")):
        cells = [
            [line for p in cell.iter(qn("w:p")) for line in _text(p, notes).splitlines() or [""]]
            for cell in row.iterchildren(qn("w:tc"))
        ]
        for index in range(max((len(cell) for cell in cells), default=0)):
            yield "    ".join(cell[index] if index < len(cell) else "" for cell in cells).rstrip()


def _blocks(body, numbering: Numbering, notes: dict[str, int]):
    """The body's paragraphs and tables, in order: a paragraph is a block, a table one block of rows."""
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            label = numbering.label(child)
            text = _text(child, notes)
            yield f"{label} {text}" if label else text
        elif child.tag == qn("w:tbl"):
            yield "\n".join(_rows(child, notes))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, numbering, notes)


def _part_element(document, relationship: str):
    try:
        part = document.part.part_related_by(relationship)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def read_docx(data: bytes, limits: Limits) -> str:
    """The text of a Word file (see the module docstring)."""
    check_zip(data, limits)
    try:
        document = Document(io.BytesIO(data))
        numbering = Numbering(_part_element(document, RT.NUMBERING), _part_element(document, RT.STYLES))
        notes: dict[str, int] = {}
        lines = list(_blocks(document.element.body, numbering, notes))
        footnotes = _part_element(document, RT.FOOTNOTES)
    except (Refused, MemoryError):
        raise
    except Exception as error:  # a damaged or crafted file can fail anywhere in the parser
        raise Refused(
            f"This Word file could not be read (it looks damaged: {type(error).__name__}). If it opens in Word, "
            "save it again (or as text) and read that."
        ) from None
    if footnotes is not None and notes:
        texts = {note.get(qn("w:id")): _text(note, {}).strip() for note in footnotes.iterchildren(qn("w:footnote"))}
        notes_block = [f"{number} {texts.get(note, '')}".rstrip() for note, number in notes.items()]
        lines.append("\n".join(["__________________", *notes_block]))
    text = "\n\n".join(lines)
    if len(text) > limits.max_chars:
        raise Refused(
            f"This Word file holds more than {limits.max_chars:,} characters of text: split it into parts and "
            "read each."
        )
    return text
