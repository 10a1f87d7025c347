"""Ordinal numbers as UN texts write them, and the sessions they number.

Recognises "first" ... "ninety-ninth", "hundredth" and "one hundred and fifth" in any case, with
the tens and units joined by a hyphen, a space or OCR damage ("sixty- third", a Unicode hyphen),
and numeric ordinals ("63rd", "92nd", and "92™", OCR's reading of a superscript "nd").
"""

from __future__ import annotations

import re

UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
TENS_ORDINAL = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip

_JOIN = r"[\s\-\u2010\u2011\u2013]{0,3}"  # hyphen, space, OCR's "- ", typographic hyphens; bounded: no backtracking
_UNITS = "|".join(UNITS)
_TENS = "|".join(TENS)
_SIMPLE = "|".join([*TEENS, *TENS_ORDINAL, *UNITS])
_BELOW_HUNDRED = rf"(?:(?:{_TENS}){_JOIN}(?:{_UNITS})|{_SIMPLE})"
_HUNDRED_PREFIX = rf"(?:one{_JOIN})?hundred(?:{_JOIN}and)?{_JOIN}"

ORDINAL = (
    rf"(?:\b(?:{_HUNDRED_PREFIX})?{_BELOW_HUNDRED}\b|\b(?:one{_JOIN})?hundredth\b"
    r"|\b\d{1,3}(?:st|nd|rd|th|™)(?![A-Za-z]))"
)
"""Regular-expression source for one ordinal; embed it with re.IGNORECASE."""

_ORDINAL_RE = re.compile(rf"^{ORDINAL}$", re.IGNORECASE)
_WORDS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"^(\d{1,3})")

SESSION = rf"(?P<ordinal>{ORDINAL})\s+(?:regular\s+|special\s+|substantive\s+|resumed\s+)?session\b"
_SESSION_RE = re.compile(SESSION, re.IGNORECASE)


def ordinal_value(text: str) -> int | None:
    """The number an ordinal stands for: "Sixty-first" -> 61, "sixty- third" -> 63, "63rd" -> 63."""
    text = text.strip()
    if not _ORDINAL_RE.match(text):
        return None
    digits = _DIGITS.match(text)
    if digits:
        return int(digits.group(1))
    words = _WORDS.findall(text.lower())
    total = 0
    for word in words:
        if word == "hundred" or word == "hundredth":
            total += 100
        elif word in ("one", "and"):
            continue
        elif word in TENS:
            total += TENS[word]
        elif word in TENS_ORDINAL:
            total += TENS_ORDINAL[word]
        elif word in TEENS:
            total += TEENS[word]
        elif word in UNITS:
            total += UNITS[word]
        else:
            return None
    return total or None


def session_number(text: str) -> int | None:
    """ "Fifty-ninth session" -> 59; None when the text names no numbered session."""
    match = _SESSION_RE.search(text)
    return ordinal_value(match.group("ordinal")) if match else None
