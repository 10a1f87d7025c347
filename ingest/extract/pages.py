"""Running heads and feet: the lines a PDF repeats at the top or the foot of most pages (the
document's symbol, its job number, the date) and page numbers ("2/5", "- 3 -", "Page 4", "4"),
taken out of each page's text before the pages are joined; paragraph numbers stay.

A page's head and foot are the lines the PDF sets in the top and bottom bands of the page (where
the layout is known, ``Page.top`` and ``Page.foot``), else its first and last ``ZONE`` lines that
hold anything. Of those:

- a page number alone on its line ("2/5", "2 of 5", "- 3 -", "Page 4", "4") goes;
- a line whose shape (digits counted as one, spaces and case ignored: "07-48210 3/4" and
  "07-48210 4/4" are one shape) is in the head or foot of at least half of the pages, and of two
  at least, goes; the first page keeps its head, which is the masthead (the symbol and date stated
  there are the document's own, read by the header reader);
- nothing else: a paragraph's number ("5.") ends in a full stop, so it is never a page number.

The pages are joined by form feeds, which the reader takes as page breaks (a paragraph cut by the
page end is rejoined there). Plain Python, for the parsing process (``ingest.extract.child``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

ZONE = 3
_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$|^\s*[-\u2013]\s*\d{1,4}\s*[-\u2013]\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Page:
    """One page's lines, in reading order, and which of them stand in its head and foot bands."""

    lines: tuple[str, ...]
    top: frozenset[int]
    foot: frozenset[int]

    @classmethod
    def from_text(cls, text: str) -> Page:
        """A page whose layout is not known: its first and last ``ZONE`` lines are its head and foot."""
        lines = tuple(text.splitlines())
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return cls(lines, frozenset(filled[:ZONE]), frozenset(filled[-ZONE:]))


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def is_page_number(line: str) -> bool:
    return _PAGE_NUMBER.match(line) is not None


def strip_running_lines(pages: list[Page] | list[str]) -> tuple[str, int]:
    """The pages' text without running heads, feet and page numbers, joined by form feeds, and how
    many lines were taken out."""
    pages = [page if isinstance(page, Page) else Page.from_text(page) for page in pages]
    seen: dict[str, int] = {}
    for page in pages:
        for shape in {_shape(page.lines[i]) for i in page.top | page.foot if page.lines[i].strip()}:
            seen[shape] = seen.get(shape, 0) + 1
    repeated_on = max(2, math.ceil(len(pages) / 2))
    removed = 0
    kept = []
    for number, page in enumerate(pages):
        bands = page.top | page.foot
        candidates = page.foot if number == 0 else bands
        drop = {i for i in candidates if page.lines[i].strip() and seen[_shape(page.lines[i])] >= repeated_on}
        drop |= {i for i in bands if is_page_number(page.lines[i])}
        removed += len(drop)
        kept.append("\n".join(line for i, line in enumerate(page.lines) if i not in drop))
    return "\f".join(kept), removed
