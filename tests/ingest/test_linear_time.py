"""The reader's work grows linearly with one long paragraph (#23 point 5).

Its work is counted, not timed: the lines of Python executed while it reads (every loop's every turn,
every candidate examined), traced with ``sys.settrace``. A scan over all bodies,
dates or citations for each candidate, the quadratic pattern this guards against, doubles that count
twice over when the paragraph doubles. The time a regular expression spends inside the regex engine
is not counted: bench/ingest.py times the reader on the same worst case and on crafted paragraphs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from bench.ingest import worst_case
from ingest.reader import read_document

LIMIT = 2.2  # the count for twice the text; linear is 2, quadratic 4


@dataclass(frozen=True)
class _Find:
    start: int
    end: int


def reader_work(text: str, index=None) -> int:
    """Lines of Python executed while reading ``text``."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    previous = sys.gettrace()  # a coverage tool's tracer, put back after
    sys.settrace(count_lines)
    try:
        read_document(text, index)
    finally:
        sys.settrace(previous)
    return count


def work_ratio(small: str, large: str, index) -> float:
    read_document(small[:2_000], index)  # what is done once (compiling patterns) is not counted
    first = reader_work(small, index)
    return reader_work(large, index) / first


def _sentences(size: int) -> str:
    """The worst case cut into sentences of a few clauses each (the loops per sentence)."""
    text = worst_case(size)
    parts = text.split("; ")
    return "; ".join(part if i % 4 else part + ". The Assembly" for i, part in enumerate(parts))


@pytest.mark.parametrize("paragraph", [worst_case, _sentences], ids=["one sentence", "many sentences"])
def test_twice_the_paragraph_is_twice_the_work(paragraph, small_index):
    small, large = paragraph(32_000), paragraph(64_000)
    assert 1.9 < len(large) / len(small) < 2.1
    ratio = work_ratio(small, large, small_index)
    assert ratio <= LIMIT, f"twice the text took {ratio:.2f} times the work"


def test_the_count_sees_a_quadratic_loop(small_index, monkeypatch):
    """The measure would catch the old way: a scan of every body for each citation."""
    from ingest.reader import references

    linear = references.Positioned.last_ending_by

    def scanning(self, position, since=None, starting_by=None):
        for _ in self:  # every body, each time
            pass
        return linear(self, position, since, starting_by)

    monkeypatch.setattr(references.Positioned, "last_ending_by", scanning)
    assert work_ratio(worst_case(32_000), worst_case(64_000), small_index) > LIMIT


def test_a_plain_list_asked_again_is_not_sorted_again():
    """A loop that asks about a plain list for each candidate (``within(items, ...)``) sorts it once."""
    from ingest.reader.spans import positioned

    finds = [_Find(30, 35), _Find(10, 15), _Find(20, 25)]
    first = positioned(finds)
    assert [f.start for f in first] == [10, 20, 30]
    assert positioned(finds) is first
    finds.append(_Find(40, 45))  # a list that grew is indexed again
    assert [f.start for f in positioned(finds)] == [10, 20, 30, 40]
