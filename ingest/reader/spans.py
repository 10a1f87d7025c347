"""What lies where in a paragraph, looked up by bisection.

The reader's scanning loops ask, for each candidate (a request, a meeting name, a citation), which
sentence holds it and which bodies, dates, citations or verbs lie before it, after it or inside a
span. Scanning the whole list for each candidate makes one long paragraph quadratic: a paragraph of
n candidates costs n squared. ``Positioned`` is a list, sorted by position, that answers those
questions by bisection instead (n log n for the paragraph); the scanning modules return their finds
as one (``find_bodies``, ``find_dates``, ``find_references``), and ``within`` and the other helpers
take a plain list too (they index it first).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def _start_of(item: Any) -> int:
    """A reader's find starts at ``start_pos`` (a date), ``start()`` (a regex match) or ``start``."""
    if hasattr(item, "start_pos"):
        return item.start_pos
    start = item.start
    return start() if callable(start) else start


def _end_of(item: Any) -> int:
    if hasattr(item, "end_pos"):
        return item.end_pos
    end = item.end
    return end() if callable(end) else end


class Positioned(list[T]):
    """A list of finds sorted by start, with their starts and ends indexed for bisection.

    The index is built on the first question and rebuilt if the list's length changed since."""

    _starts: list[int]
    _ends: list[int]
    _indexed: int = -1

    @classmethod
    def of(cls, items: Iterable[T]) -> Positioned[T]:
        found = cls(items)
        found.sort(key=_start_of)
        return found

    def _index(self) -> None:
        if self._indexed != len(self):
            self._starts = [_start_of(item) for item in self]
            self._ends = [_end_of(item) for item in self]
            self._indexed = len(self)

    def within(self, start: int, end: int) -> list[T]:
        """The finds that start in ``[start, end)``, in order."""
        self._index()
        return self[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def last_within(self, start: int, end: int) -> T | None:
        """The last find that starts in ``[start, end)``."""
        self._index()
        i = bisect_left(self._starts, end)
        return self[i - 1] if i and self._starts[i - 1] >= start else None

    def following(self, start: int, end: int, limit: int) -> list[T]:
        """At most ``limit`` finds that start in ``[start, end)``, in order."""
        self._index()
        i = bisect_left(self._starts, start)
        return self[i : min(i + limit, bisect_left(self._starts, end))]

    def first_within(self, start: int, end: int) -> T | None:
        """The first find that starts in ``[start, end)``."""
        self._index()
        i = bisect_left(self._starts, start)
        return self[i] if i < len(self) and self._starts[i] < end else None

    def ending_by(self, position: int, since: int = 0) -> list[T]:
        """The finds that start at or after ``since`` and end at or before ``position`` (finds that do
        not overlap each other end in the order they start)."""
        self._index()
        return self[bisect_left(self._starts, since) : bisect_right(self._ends, position)]

    def last_ending_by(self, position: int, since: int | None = None, starting_by: int | None = None) -> T | None:
        """The last find that ends at or before ``position`` (and starts at or after ``since``, and at
        or before ``starting_by``)."""
        self._index()
        i = bisect_right(self._ends, position)
        if starting_by is not None:
            i = min(i, bisect_right(self._starts, starting_by))
        if not i or (since is not None and self._starts[i - 1] < since):
            return None
        return self[i - 1]

    def first_starting_at(self, position: int) -> T | None:
        """The first find that starts at or after ``position``."""
        self._index()
        i = bisect_left(self._starts, position)
        return self[i] if i < len(self) else None

    def last_starting_before(self, position: int) -> T | None:
        """The last find that starts before ``position``."""
        self._index()
        i = bisect_left(self._starts, position)
        return self[i - 1] if i else None

    def holding(self, position: int) -> T | None:
        """The find whose span holds ``position`` (finds that do not overlap), or None."""
        self._index()
        i = bisect_right(self._starts, position)
        if i and position < self._ends[i - 1]:
            return self[i - 1]
        return None


_CONVERTED: dict[int, tuple[Sequence[Any], int, Positioned[Any]]] = {}
CONVERTED_KEPT = 16


def positioned(items: Sequence[T]) -> Positioned[T]:
    """``items`` as a ``Positioned`` list: itself when it is one (its index is kept), else a sorted copy,
    kept for the next call with the same list (a loop that asks about a plain list for each candidate
    sorts it once, not once per candidate)."""
    if isinstance(items, Positioned):
        return items
    kept = _CONVERTED.get(id(items))
    if kept is not None and kept[0] is items and kept[1] == len(items):
        return kept[2]
    converted = Positioned.of(items)
    if len(_CONVERTED) >= CONVERTED_KEPT:
        _CONVERTED.pop(next(iter(_CONVERTED)))
    _CONVERTED[id(items)] = (items, len(items), converted)
    return converted


def within(items: Sequence[T], start: int, end: int) -> list[T]:
    """The finds of ``items`` that start in ``[start, end)``, by bisection."""
    return positioned(items).within(start, end)


class Sentences:
    """A paragraph's sentence spans, and which one holds a position."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = list(spans)
        self._starts = [start for start, _ in self.spans]

    def holding(self, position: int, default: tuple[int, int]) -> tuple[int, int]:
        i = bisect_right(self._starts, position) - 1
        if i >= 0 and position < self.spans[i][1]:
            return self.spans[i]
        return default
