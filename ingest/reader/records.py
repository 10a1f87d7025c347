"""What the reader returns: plain, frozen dataclasses with JSON-serializable data, no models.

A ``Proposal`` is one fact read from one span of one paragraph. Its ``identity()`` is the key the
reader de-duplicates on, and the key a caller can match against records it already holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("mandate", "obligation", "meeting", "organization", "symbol", "paragraph", "action")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document, cleaned.

    ``key`` is the number the document gives it ("12"), or "p1", "p2" ... for unnumbered ones in
    order, "heading" for the block of header lines at the top, and "note 4" / "note *" for notes.
    ``section`` is the nearest heading above it ("Summary", "II. Views of Governments ..."): an
    addition to the agreed API, so that unnumbered paragraphs can be cited the way the seed files
    cite them ("Section C.1, para 5").
    """

    key: str
    text: str
    index: int
    section: str | None = None


@dataclass(frozen=True)
class Proposal:
    kind: str
    paragraph: str
    matched_text: str
    confidence: float
    data: dict = field(hash=False)

    def identity(self) -> tuple:
        """A stable key: the same fact read twice in one document has the same identity."""
        data = self.data
        if self.kind == "mandate":
            return ("mandate", data.get("body"), data.get("kind"), data.get("number"))
        if self.kind == "obligation":
            identity = (
                "obligation",
                data.get("mandate"),
                action_class(data.get("action")),
                data.get("target_session"),
                data.get("due_date"),
            )
            # "at its 1998 session": a session known by its year only (absent otherwise, so that the
            # identities stored before it was read stay the same)
            return (*identity, data["target_session_year"]) if data.get("target_session_year") else identity
        if self.kind == "meeting":
            return ("meeting", meeting_name_key(data.get("name")), data.get("start_date"), data.get("end_date"))
        if self.kind == "organization":
            if data.get("key"):
                return ("organization", data["key"])
            return ("organization", None, name_key(data.get("name")))
        if self.kind == "symbol":
            return ("symbol", data.get("symbol"))
        if self.kind == "paragraph":
            return ("paragraph", data.get("mandate"), data.get("number"))
        if self.kind == "action":
            lead = data.get("key") or name_key(data.get("lead_organization"))
            return ("action", data.get("mandate"), lead, name_key(data.get("title"))[:120])
        return (self.kind, self.paragraph, self.matched_text)


@dataclass(frozen=True)
class DocumentHeader:
    """What the top of the document states. ``kind`` ("resolution", "decision", "report"), ``title``
    (a resolution's without its number, a report's) and ``adoption_date`` (a resolution's or decision's,
    when its "adopted by ... on" line gives it) are additions to the agreed API; each is None when the
    header does not say."""

    symbol: str | None
    date: str | None
    session: int | None
    body: str | None
    kind: str | None = None
    title: str | None = None
    adoption_date: str | None = None


@dataclass
class ReadResult:
    header: DocumentHeader
    paragraphs: list[Paragraph]
    proposals: list[Proposal]

    def of_kind(self, kind: str) -> list[Proposal]:
        return [p for p in self.proposals if p.kind == kind]


_REPORT_ACTION = re.compile(r"\breport\b", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def action_class(action: str | None) -> str | None:
    """ "submit a report", "prepare a report", "report" are one action for de-duplication."""
    if not action:
        return None
    if _REPORT_ACTION.search(action):
        return "report"
    return action.lower()


def name_key(name: str | None) -> str:
    if not name:
        return ""
    name = _LEADING_ARTICLE.sub("", name.strip())
    return _NON_WORD.sub(" ", name.lower()).strip()


_OF_HOST = re.compile(r" of the (?:general assembly|united nations)$")


def meeting_name_key(name: str | None) -> str:
    """ "the third United Nations Coordination Meeting ..." and "Third Coordination Meeting ..." match;
    so do "high-level dialogue of the General Assembly" and "high-level dialogue"."""
    return _OF_HOST.sub("", name_key(name).replace("united nations ", ""))
