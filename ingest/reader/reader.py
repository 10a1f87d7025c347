"""``read_document``: a document's text in, its header, paragraphs and proposed records out.

No database, no models: the proposals are plain data for a person to review. The same fact read
twice in one document is proposed once (``Proposal.identity``): the reading with a date, else
the surest one, completed with what the others add (a venue, an organizer, a fulfilled flag).
A meeting read once by its season and once by its days is the days; an organization is
proposed once, at its first mention.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from .actions import outside, read_actions, standing_action
from .bodies import BodyContext, find_bodies
from .dates import DAY, HALF_YEAR, MONTH, QUARTER, YEAR, find_dates
from .header import read_header
from .meetings import read_meetings
from .operative import ADDRESSEE_WINDOW, ASKING_VERBS, CONVENES, find_addressed_requests, leading_verb, paragraph_kind
from .organizations import OrganizationIndex, OrganizationMatch, find_new_organizations
from .paragraphs import is_preambular, split_paragraphs
from .records import DocumentHeader, Paragraph, Proposal, ReadResult, action_class, meeting_name_key
from .references import Reference, find_references, find_symbols, plenary_adoption_date
from .requests import ObligationDraft, RequestContext, find_fulfilled, read_obligations
from .text import sentence_spans

_PRECISION_RANK = {DAY: 5, MONTH: 4, QUARTER: 3, HALF_YEAR: 2, YEAR: 1, "session": 1}


@dataclass
class _Found:
    """A proposal before de-duplication, with where it was read."""

    proposal: Proposal
    index: int  # paragraph index
    position: int  # offset in the paragraph

    @property
    def rank(self) -> tuple:
        data = self.proposal.data
        dated = bool(
            data.get("adoption_date")
            or data.get("due_date")
            or data.get("target_session")
            or data.get("target_session_year")
            or data.get("start_date")
        )
        return (dated, _PRECISION_RANK.get(data.get("precision") or data.get("due_precision") or "", 0),
                self.proposal.confidence, -self.index)  # fmt: skip


def _proposal(kind: str, paragraph: Paragraph, start: int, end: int, confidence: float, data: dict) -> _Found:
    return _Found(
        Proposal(kind, paragraph.key, paragraph.text[start:end], round(confidence, 2), data), paragraph.index, start
    )


def _mandate(reference: Reference, paragraph: Paragraph, own_number: str | None) -> _Found:
    data = {
        "body": reference.body,
        "kind": reference.kind,
        "number": reference.number,
        "adoption_date": reference.adoption_date,
        "role": "this_document" if own_number and reference.number == own_number else "cited",
    }
    return _proposal("mandate", paragraph, reference.start, reference.end, reference.confidence, data)


def _symbol_mandate(symbol: str, paragraph: Paragraph, start: int, end: int) -> _Found | None:
    """ "A/RES/58/208" cites General Assembly resolution 58/208."""
    parts = symbol.split("/")
    if len(parts) != 4 or parts[1] not in ("RES", "DEC"):
        return None
    body = {"A": "General Assembly", "E": "Economic and Social Council", "S": "Security Council"}.get(parts[0])
    data = {
        "body": body,
        "kind": "resolution" if parts[1] == "RES" else "decision",
        "number": f"{parts[2]}/{parts[3]}",
        "adoption_date": None,
        "role": "cited",
    }
    return _proposal("mandate", paragraph, start, end, 0.8, data)


def _organizations(matches: Iterable[OrganizationMatch], paragraph: Paragraph) -> list[_Found]:
    found = []
    for match in matches:
        confidence = {"name": 0.95, "acronym": 0.9, "new": 0.55}[match.via]
        data = {
            "name": match.matched if match.via != "new" else match.name,
            "acronym": match.acronym,
            "key": match.key,
        }
        found.append(_proposal("organization", paragraph, match.start, match.end, confidence, data))
    return found


def _obligation(draft: ObligationDraft, paragraph: Paragraph) -> _Found:
    return _proposal("obligation", paragraph, draft.start, draft.end, draft.confidence, dict(draft.data))


def read_document(text: str, organizations: OrganizationIndex | None = None) -> ReadResult:
    """Read a UN document: its header, its paragraphs, and the records it proposes."""
    header, own_number = read_header(text)
    paragraphs = split_paragraphs(text)
    bodies_context = BodyContext.for_document(header.body)
    request_context = RequestContext(own_number, header.body)
    own_text = header.kind in ("resolution", "decision")
    found: list[_Found] = []
    fulfilled: list[tuple[Reference | str, Paragraph, int, int]] = []
    section = None
    for paragraph in paragraphs:
        if paragraph.section != section:
            section = paragraph.section
            find_bodies(section or "", bodies_context)
        body_text = paragraph.text
        sentences = sentence_spans(body_text)
        bodies = find_bodies(body_text, bodies_context)
        references = find_references(body_text, sentences, bodies, header.body, own_text, bodies_context.last)
        found.extend(_mandate(r, paragraph, own_number) for r in references)
        for symbol in find_symbols(body_text):
            if symbol.symbol == header.symbol:
                continue
            found.append(_proposal("symbol", paragraph, symbol.start, symbol.end, 0.95, {"symbol": symbol.symbol}))
            cited = _symbol_mandate(symbol.symbol, paragraph, symbol.start, symbol.end)
            if cited:
                found.append(cited)
        if paragraph.key == "heading":
            # The masthead: its date is the document's, its agenda item no request.
            continue
        dates = find_dates(body_text)
        drafts = read_obligations(body_text, sentences, references, bodies, request_context)
        if not own_text:
            fulfilled.extend(
                (reference, paragraph, start, end)
                for reference, start, end in find_fulfilled(body_text, sentences, references, request_context)
            )
        excluded = [(r.start, r.end) for r in references]
        meetings = [
            _proposal("meeting", paragraph, meeting.start, meeting.end, meeting.confidence, meeting.data())
            for meeting in read_meetings(body_text, sentences, dates, excluded, bodies)
        ]
        found.extend(meetings)
        matches = organizations.match(body_text) if organizations is not None else []
        matches += find_new_organizations(body_text, organizations)
        found.extend(_organizations(matches, paragraph))
        # A resolution asks for actions in its operative paragraphs; a report recalls what was asked.
        operative = own_text and own_number is not None and is_operative(paragraph)
        actions, asked = ([], [])
        if operative or not own_text:
            actions, asked = read_actions(body_text, sentences, references, bodies, matches, request_context)
        obligations = []
        for draft in outside(drafts, asked):
            standing = standing_action(draft, body_text) if operative or not own_text else None
            if standing is not None:
                actions.append(standing)
            else:
                obligations.append(_obligation(draft, paragraph))
        found.extend(obligations)
        found.extend(_proposal("action", paragraph, a.start, a.end, a.confidence, a.data) for a in actions)
        if operative:
            found.append(_operative_paragraph(paragraph, own_number, obligations, meetings, actions))
        if references:
            request_context.last_reference = references[-1]
    if own_text and own_number:
        found.append(_own_mandate(header, own_number, paragraphs, text))
    found.extend(_mark_fulfilled(found, fulfilled, header))
    proposals = _deduplicate(found)
    return ReadResult(header=header, paragraphs=paragraphs, proposals=proposals)


def is_operative(paragraph: Paragraph) -> bool:
    """An operative paragraph of a resolution: numbered, not preambular, not in an annex."""
    section = (paragraph.section or "").lower()
    return paragraph.key.isdigit() and not is_preambular(paragraph.text) and not section.startswith("annex")


def _operative_paragraph(
    paragraph: Paragraph, number: str, obligations: list[_Found], meetings: list[_Found], actions: list
) -> _Found:
    """The paragraph itself: its number and text, its leading verb, whom it asks, and what it asks for."""
    text = paragraph.text
    leading = leading_verb(text)
    verb, addressee = (leading[0] if leading else ""), ""
    if leading is not None and verb in ASKING_VERBS:
        requests = find_addressed_requests(text, leading[1], min(len(text), leading[2] + ADDRESSEE_WINDOW))
        addressee = next((r.addressee for r in requests if r.verb_start == leading[1]), "")
    kind = paragraph_kind(
        verb,
        asks_report=any(action_class(o.proposal.data.get("action")) == "report" for o in obligations),
        meeting=bool(meetings) or bool(CONVENES.search(text)),
        actions=bool(actions),
        addressed=bool(addressee),
    )
    data = {
        "number": paragraph.key,
        "position": int(paragraph.key),  # operative paragraphs are numbered: the same in a PDF, Word or text
        "text": text,
        "verb": verb,
        "addressee": addressee,
        "kind": kind,
        "mandate": number,
    }
    return _proposal("paragraph", paragraph, 0, len(text), 0.9 if verb else 0.7, data)


def _own_mandate(header: DocumentHeader, number: str, paragraphs: list[Paragraph], text: str) -> _Found:
    """The resolution or decision the document is: its title and session from its header, adopted on the
    date under its plenary meeting (else the date its "adopted by ... on" line gives)."""
    paragraph = paragraphs[0] if paragraphs else Paragraph("heading", "", 0)
    start = paragraph.text.find(number)
    end = start + len(number) if start >= 0 else len(paragraph.text)
    data = {
        "body": header.body,
        "kind": header.kind,
        "number": number,
        "adoption_date": plenary_adoption_date(text) or header.adoption_date,
        "title": header.title,
        "session": header.session,  # the session that adopted it, its masthead's
        "role": "this_document",
    }
    return _proposal("mandate", paragraph, max(start, 0), end, 0.95, data)


def _mark_fulfilled(
    found: list[_Found], fulfilled: list[tuple[Reference | str, Paragraph, int, int]], header: DocumentHeader
) -> list[_Found]:
    """Report obligations of the resolutions this report answers: fulfilled by this document.

    An obligation to report read from the text is marked (and given the session this report is
    for, when the request named none); a resolution answered with no request read gets one."""
    created: list[_Found] = []
    done: set[str] = set()
    obligations: dict[str, list[_Found]] = {}
    for item in found:
        if item.proposal.kind == "obligation":
            obligations.setdefault(item.proposal.data.get("mandate"), []).append(item)
    for reference, paragraph, start, end in fulfilled:
        number = reference.number if isinstance(reference, Reference) else reference
        if number in done:
            continue
        done.add(number)
        marked = False
        for item in obligations.get(number, ()):
            data = item.proposal.data
            if "report" not in (data.get("action") or ""):
                continue
            data["fulfilled_by_this_document"] = True
            if (
                data.get("target_session") is None
                and data.get("due_date") is None
                and data.get("target_session_year") is None
                and header.session
            ):
                data["target_session"], data["due_precision"] = header.session, "session"
            marked = True
        if marked:
            continue
        body = reference.body if isinstance(reference, Reference) else header.body
        data = {
            "addressee": "Secretary-General" if header.kind == "report" else None,
            "action": "submit a report",
            "subject": None,
            "target_body": body,
            "target_session": header.session,
            "due_precision": "session" if header.session else None,
            "due_date": None,
            "mandate": number,
            "fulfilled_by_this_document": True,
        }
        created.append(_proposal("obligation", paragraph, start, end, 0.7, data))
    return created


def _period(data: dict) -> tuple[dt.date, dt.date]:
    """The days a meeting's dates cover: a year stated as 2006-12-31 covers all of 2006."""
    start, end = dt.date.fromisoformat(data["start_date"]), dt.date.fromisoformat(data["end_date"])
    precision = data["precision"]
    if precision == YEAR:
        return dt.date(end.year, 1, 1), end
    if precision == HALF_YEAR:
        return dt.date(end.year, 1 if end.month <= 6 else 7, 1), end
    if precision == QUARTER:
        return dt.date(end.year, end.month - 2, 1), end
    if precision == MONTH:
        return end.replace(day=1), end
    return start, end


def _merge(group: list[_Found]) -> _Found:
    """The best reading of one fact, completed with what the others add."""
    group = sorted(group, key=lambda f: f.rank, reverse=True)
    best = group[0]
    data = dict(best.proposal.data)
    for other in group[1:]:
        for key, value in other.proposal.data.items():
            if data.get(key) is None and value is not None:
                data[key] = value
    if any(f.proposal.data.get("fulfilled_by_this_document") for f in group):
        data["fulfilled_by_this_document"] = True
    if best.proposal.kind == "organization":
        first = min(group, key=lambda f: (f.index, f.position))
        names = [f.proposal.data["name"] for f in sorted(group, key=lambda f: (f.index, f.position))]
        full = next((n for n in names if n != data.get("acronym") and not n.isupper()), None)
        full = full or next((n for n in names if n != data.get("acronym")), names[0])
        data["name"] = full
        proposal = Proposal(
            "organization", first.proposal.paragraph, first.proposal.matched_text,
            max(f.proposal.confidence for f in group), data,
        )  # fmt: skip
        return _Found(proposal, first.index, first.position)
    proposal = Proposal(
        best.proposal.kind, best.proposal.paragraph, best.proposal.matched_text, best.proposal.confidence, data
    )
    return _Found(proposal, best.index, best.position)


def _same_meeting(coarse: dict, fine: dict) -> bool:
    """One meeting read twice: compatible names (the shorter's words, two at least, in the longer),
    and the coarser period holds the finer one."""
    short, long = sorted((meeting_name_key(coarse["name"]), meeting_name_key(fine["name"])), key=len)
    if len(short.split()) < 2 or f" {short} " not in f" {long} ":
        return False
    outer, inner = _period(coarse), _period(fine)
    return outer[0] <= inner[0] and inner[1] <= outer[1]


MAX_PERIOD_YEARS = 12


def _pairs(key: str) -> list[str]:
    words = key.split()
    return [f"{a} {b}" for a, b in pairwise(words)]


def _merge_meetings(meetings: list[_Found]) -> list[_Found]:
    """Each meeting merged into the first kept reading of the same meeting. The candidates are looked
    up, not scanned: two readings of one meeting share the shorter name's first two words, and the
    finer reading's period ends in a year of the coarser one's."""
    kept: list[_Found] = []
    # ("first" or "any", two words of a kept name, the year its period ends or None) -> positions in ``kept``
    index: dict[tuple[str, str, int | None], list[int]] = {}
    for item in sorted(meetings, key=lambda f: f.rank, reverse=True):
        data = item.proposal.data
        pairs = _pairs(meeting_name_key(data["name"]))
        start, end = _period(data)
        target = None
        if pairs:
            years = range(start.year, end.year + 1) if end.year - start.year < MAX_PERIOD_YEARS else [None]
            keys = [*(("first", pair) for pair in pairs), ("any", pairs[0])]
            candidates = {i for year in years for which, pair in keys for i in index.get((which, pair, year), ())}
            target = next((i for i in sorted(candidates) if _same_meeting(data, kept[i].proposal.data)), None)
        if target is not None:
            kept[target] = _merge([kept[target], item])  # the kept reading's name and dates stay
            continue
        kept.append(item)
        for year in (end.year, None):
            if pairs:
                index.setdefault(("first", pairs[0], year), []).append(len(kept) - 1)
            for pair in dict.fromkeys(pairs):
                index.setdefault(("any", pair, year), []).append(len(kept) - 1)
    return kept


def _deduplicate(found: list[_Found]) -> list[Proposal]:
    groups: dict[tuple, list[_Found]] = {}
    for item in found:
        groups.setdefault(item.proposal.identity(), []).append(item)
    merged = [_merge(group) for group in groups.values()]
    meetings = _merge_meetings([m for m in merged if m.proposal.kind == "meeting"])
    merged = [m for m in merged if m.proposal.kind != "meeting"] + meetings
    merged.sort(key=lambda f: (f.index, f.position))
    return [m.proposal for m in merged]
