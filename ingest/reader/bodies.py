"""Intergovernmental bodies named in a text, and what "its", "the Assembly" or "the Commission" mean.

A body is named in full ("the Economic and Social Council", "ECOSOC") or by the short form a text
uses once it has named it ("the Assembly" is the General Assembly; "the Commission" is the last
commission named, in the paragraph or before; "the Council" the last council, else ECOSOC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Positioned

GENERAL_ASSEMBLY = "General Assembly"
ECOSOC = "Economic and Social Council"

# Canonical name -> regular expression for the full name (case-sensitive: bodies are capitalised).
FULL_NAMES: dict[str, str] = {
    GENERAL_ASSEMBLY: r"General\s+Assembly",
    ECOSOC: r"Economic\s+and\s+Social\s+Council|ECOSOC",
    "Security Council": r"Security\s+Council",
    "Human Rights Council": r"Human\s+Rights\s+Council",
    "Commission on Human Rights": r"Commission\s+on\s+Human\s+Rights",
    "Commission on Population and Development": r"Commission\s+on\s+Population\s+and\s+Development",
    "Commission for Social Development": r"Commission\s+for\s+Social\s+Development",
    "Commission on the Status of Women": r"Commission\s+on\s+the\s+Status\s+of\s+Women",
    "Statistical Commission": r"Statistical\s+Commission",
    "Commission on Crime Prevention and Criminal Justice": (
        r"Commission\s+on\s+Crime\s+Prevention\s+and\s+Criminal\s+Justice"
    ),
    "Second Committee": r"Second\s+Committee",
    "Third Committee": r"Third\s+Committee",
    "International Labour Conference": r"International\s+Labour\s+Conference",
}
SHORT_NAMES = {"Assembly": "assembly", "Council": "council", "Commission": "commission", "Committee": "committee"}

_FULL = re.compile("|".join(f"(?P<b{i}>{pattern})" for i, pattern in enumerate(FULL_NAMES.values())))
_CANONICAL = list(FULL_NAMES)
_BODY_WORD = re.compile(r"Assembly|Council|Commission|Committee|Conference|ECOSOC")
_SHORT = re.compile(
    r"\b(?:the|The|this|This)\s+(?P<short>Assembly|Council|Commission|Committee)\b(?!\s+(?:on|for|of)\b)"
)


def family(name: str) -> str:
    """ "Commission on Human Rights" -> "commission": what short form refers to it."""
    for word, key in SHORT_NAMES.items():
        if word in name:
            return key
    return ""


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    body: str
    explicit: bool  # named in full, not by a short form


@dataclass
class BodyContext:
    """The last body of each family named so far in the document (short forms resolve to them)."""

    last: dict[str, str]
    document_body: str | None = None

    @classmethod
    def for_document(cls, document_body: str | None) -> BodyContext:
        last = {"assembly": GENERAL_ASSEMBLY, "council": ECOSOC}
        if document_body:
            last[family(document_body)] = document_body
        return cls(last=last, document_body=document_body)

    def remember(self, body: str) -> None:
        key = family(body)
        if key:
            self.last[key] = body


def find_bodies(text: str, context: BodyContext) -> Positioned[BodyMention]:
    """Bodies named in ``text`` in order; short forms resolved, full names remembered in ``context``."""
    resolved: Positioned[BodyMention] = Positioned()
    if not _BODY_WORD.search(text):
        return resolved
    full = Positioned(
        BodyMention(m.start(), m.end(), _CANONICAL[int(m.lastgroup[1:])], True) for m in _FULL.finditer(text)
    )
    mentions = list(full)
    for m in _SHORT.finditer(text):
        short_start = m.start("short")
        if full.holding(short_start) is not None:
            continue
        mentions.append(BodyMention(short_start, m.end(), "", False))
    mentions.sort(key=lambda b: b.start)
    for mention in mentions:
        if mention.explicit:
            context.remember(mention.body)
            resolved.append(mention)
            continue
        key = SHORT_NAMES[text[mention.start : mention.end]]
        body = context.last.get(key)
        if body:
            resolved.append(BodyMention(mention.start, mention.end, body, False))
    return resolved


# Document series and their bodies, the more specific prefix first.
SYMBOL_SERIES = (
    ("A/HRC/", "Human Rights Council"),
    ("A/", GENERAL_ASSEMBLY),
    ("E/CN.9/", "Commission on Population and Development"),
    ("E/CN.4/", "Commission on Human Rights"),
    ("E/CN.3/", "Statistical Commission"),
    ("E/CN.5/", "Commission for Social Development"),
    ("E/CN.6/", "Commission on the Status of Women"),
    ("E/", ECOSOC),
    ("S/", "Security Council"),
)


def body_of_symbol(symbol: str | None) -> str | None:
    """The body whose document series a symbol belongs to: A/ -> General Assembly, E/ -> ECOSOC."""
    return next((body for prefix, body in SYMBOL_SERIES if symbol and symbol.startswith(prefix)), None)
