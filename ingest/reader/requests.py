"""Obligations: what a resolution asks of someone, by when, and reports that answer a request.

Recognised, in operative text ("Requests ...") and in reported speech ("the Assembly requested
..."), active and passive ("ILO has been requested to provide"):

- "Requests the Secretary-General to submit to the General Assembly at its sixty-fifth session a
  report on the implementation of the present resolution"; "requests the Secretary-General to
  report to it at its sixty-third session on ..."; "requested the Secretary-General to, inter
  alia, submit a report to the Assembly at its fifty-ninth session that would ...";
  "requested the Secretary-General to prepare, in consultation with all States ..., a report on
  ..." (the aside between commas is skipped);
- "invites Member States ... to provide inputs by 31 March 2007" (a deadline: day, month ...);
- "The present report is submitted in response to / pursuant to / in accordance with General
  Assembly resolution 58/208" and "This report has been prepared in response to those requests":
  a report this document fulfils (``find_fulfilled`` gives the mandates; the reader marks the
  matching obligations, or proposes one, with ``fulfilled_by_this_document``).

"Decides to include in the provisional agenda of its sixty-third session ... the item entitled "...""
asks no one for anything: the body orders its own agenda (the paragraph is of kind "other"), no
obligation. A request due "at its sixty-third session, under the item entitled ..." is one.

The target session is the one the request names; the due day is not computed here (the caller
computes it from the session with the project's settings). A session named by its year only ("at its
1998 session", "at its session in 1998") is given as ``target_session_year`` with precision
"session" and no day, never the year's last day. The mandate is the resolution the
document is, else the one the sentence cites before the request ("In its resolution 58/208 ...,
the General Assembly requested"), else one it cites after ("in accordance with resolution
58/208"), else the one "that resolution" refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bodies import BodyMention
from .dates import DateSpan, find_dates
from .ordinals import ORDINAL, ordinal_value
from .references import Reference
from .spans import Positioned, positioned, within

_REQUEST = re.compile(
    r"\b(?P<verb>(?:[Aa]lso\s+|[Ff]urther\s+)?(?:[Rr]equests?|[Rr]equested|[Ii]nvites?|[Ii]nvited|[Cc]alls?\s+upon|"
    r"[Cc]alled\s+upon|[Uu]rges?|[Uu]rged))\s+"
    r"(?P<addressee>(?:(?:all|the|relevant|interested|other|concerned|its)\s+)*[A-Z][^,;:()]{0,120}?)"
    r"(?P<aside>\s*,[^;]{0,400}?,)?\s+to\s*,?\s*(?:inter\s+alia\s*,\s*)?(?P<action>[a-z]+)\b"
)
_PASSIVE = re.compile(
    r"(?P<addressee>[A-Z][\w\-\u2019']*(?:\s+(?:[A-Z][\w\-\u2019']*|of|the|and|for|on|in)){0,12}?)\s+"
    r"(?:(?:has|have|had)\s+(?:also\s+)?been|was|were)\s+(?:also\s+)?requested\b(?P<by>[^;.]{0,120}?)\s+to\s+"
    r"(?P<action>[a-z]+)\b"
)
_REPORT_NOUN = re.compile(r"\b(?:a|an|the|its)\s+(?:[\w\-]+\s+){0,3}?report\b")
_REPORT_VERBS = frozenset({"submit", "prepare", "present", "transmit", "issue", "produce", "provide", "include"})
_TARGET_BODY = re.compile(
    r"\bto\s+(?:it|the\s+(?:General\s+Assembly|Assembly|Economic\s+and\s+Social\s+Council|Council|Commission"
    r"(?:\s+on\s+[A-Z][\w\s]+?|\s+for\s+[A-Z][\w\s]+?)?|Human\s+Rights\s+Council|Security\s+Council))(?=[\s,;.]|$)"
)
_SESSION = re.compile(
    rf"\b(?:at|to|during|for|before|by|in)\s+(?:its|the)\s+(?:(?:(?P<ordinal>{ORDINAL})|(?P<year>(?:19|20)\d\d))\s+"
    r"(?:regular\s+|substantive\s+)?session\b"
    r"|(?:regular\s+|substantive\s+)?session\s+(?:in|of)\s+(?P<year_after>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\b(?:by|before|not\s+later\s+than|no\s+later\s+than)\s+(?=\S)")
_SUBJECT = re.compile(
    r"\b(?:report|reporting|study|information)\b[^;]{0,400}?\b(?:on|containing|regarding)\s+(?P<subject>.+)"
)
_ON = re.compile(r"\bon\s+(?P<subject>.+)")
_SUBJECT_END = re.compile(
    r"\s*(?:;|\.(?:\s|$)|,\s+(?:including|and\s+to|taking|which|that|in\s+order|to\s+be)\b"
    r"|\s+to\s+the\s+(?:General\s+Assembly|Assembly|Commission|Council)\b"
    r"|\s+(?:at|to)\s+its\s+\S+\s+session\b|\s+that\s+would\b|\s+by\s+\d)"
)
_ACTION_STOP = re.compile(
    r"\s+(?:to|at|on|in|by|for|with|that|which|and|as|from|through|under|within|regarding|during)\b|[,;.(]"
)
_ANAPHORIC_RESOLUTION = re.compile(
    r"\b(?:that|the\s+same|this|the\s+said|those|these|both)\s+(?:resolutions?|requests?|decisions?)\b", re.IGNORECASE
)
_SELF = re.compile(r"\b(?:the\s+present\s+(?:report|document|note)|this\s+(?:report|document|note))\b", re.IGNORECASE)
_SELF_AT_START = re.compile(r"^(?:[^,]{0,160},\s*)?the\s+report\b", re.IGNORECASE)
_FULFILS = re.compile(
    r"\b(?:pursuant\s+to|in\s+response\s+to|in\s+accordance\s+with|in\s+compliance\s+with|in\s+reply\s+to|"
    r"responds?\s+to|in\s+answer\s+to|as\s+requested\s+(?:by|in))\b",
    re.IGNORECASE,
)
_IN_WHICH = re.compile(r"\b(?:in\s+which|by\s+which)\b")
MAX_SUBJECT = 200
MAX_DESCRIPTION = 400
_EDGE = re.compile(r"[\s,]*")
_WORD = re.compile(r"[\w\-]*")
LOOKBACK = 400


@dataclass
class ObligationDraft:
    data: dict
    start: int
    end: int
    confidence: float


@dataclass
class RequestContext:
    """What the reader knows beyond the paragraph: the document's own number and body, the last
    resolution cited (what "that resolution" means)."""

    document_number: str | None
    document_body: str | None
    last_reference: Reference | None = None


def _clause_end(text: str, start: int, sentence_end: int) -> int:
    semicolon = text.find(";", start, sentence_end)
    return semicolon if semicolon != -1 else sentence_end


def _trim(subject: str) -> str:
    end = _SUBJECT_END.search(subject)
    if end:
        subject = subject[: end.start()]
    subject = subject.strip(' ,;:."\u201c\u201d')
    if len(subject) > MAX_SUBJECT:
        subject = subject[:MAX_SUBJECT].rsplit(" ", 1)[0] + " ..."
    return subject


def _description(text: str, start: int, end: int) -> str:
    """What is asked, in the request's words from its verb to the clause's end ("submit a report on the
    implementation of the present resolution, including on ..."), less the body and session it is due at
    where they stand between the verb and what is asked or close the clause (the obligation gives them),
    cut at a word with " ..." past ``MAX_DESCRIPTION`` characters."""
    clause = text[start:end]
    due = sorted((m.start(), m.end()) for pattern in (_TARGET_BODY, _SESSION) for m in pattern.finditer(clause))
    verb_end = _WORD.match(clause).end()
    head, tail = verb_end, len(clause.rstrip(" ,;:."))
    for span_start, span_end in due:  # right after the verb
        if span_start == _EDGE.match(clause, head).end():
            head = span_end
    head = _EDGE.match(clause, head).end()
    for span_start, span_end in reversed(due):  # closing the clause
        if span_start >= head and _EDGE.match(clause, span_end).end() >= tail:
            tail = span_start
    words = " ".join(f"{clause[:verb_end]} {clause[head:tail]}".split()).rstrip(" ,;:")
    if len(words) > MAX_DESCRIPTION:
        words = words[: MAX_DESCRIPTION + 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " ..."
    return words


def _action(text: str, verb_start: int, clause_end: int, verb: str) -> tuple[str, bool]:
    """("submit a report", True) or ("continue convening meetings", False)."""
    clause = text[verb_start:clause_end]
    if verb == "report":
        return "report", True
    if verb in _REPORT_VERBS and _REPORT_NOUN.search(clause):
        return f"{verb} a report", True
    words = [verb]
    rest = clause[len(verb) :]
    stop = _ACTION_STOP.search(rest)
    words += rest[: stop.start() if stop else len(rest)].split()[:5]
    return " ".join(words), False


def _body_near(bodies: list[BodyMention], start: int, end: int) -> str | None:
    inside = positioned(bodies).last_within(start, end)
    return inside.body if inside is not None else None


def _mandate_for(
    references: list[Reference], sentence: tuple[int, int], position: int, text: str, context: RequestContext
) -> Reference | str | None:
    if context.document_number:
        return context.document_number
    references = positioned(references)
    before = references.last_within(sentence[0], position)
    if before is not None:
        return before
    after = references.first_within(position, sentence[1])
    if after is not None:
        return after
    lookback = max(sentence[0], position - LOOKBACK)  # not the whole of a long sentence for each request
    if _ANAPHORIC_RESOLUTION.search(text, lookback, position) or _IN_WHICH.search(text, lookback, position):
        earlier = references.last_starting_before(sentence[0])
        return earlier or context.last_reference
    return None


def _due(text: str, start: int, end: int) -> tuple[int | None, DateSpan | None, re.Match[str] | None]:
    """(target session, deadline, a session named by its year: "at its 1998 session", "at its session in
    1998") in ``text[start:end]``."""
    session = _SESSION.search(text, start, end)
    if session:
        if session.group("ordinal"):
            return ordinal_value(session.group("ordinal")), None, None
        return None, None, session
    for deadline in _DEADLINE.finditer(text, start, end):
        dates = find_dates(text[deadline.end() : deadline.end() + 40])
        if dates and dates[0].start_pos == 0:
            return None, dates[0], None
    return None, None, None


def read_obligations(
    text: str,
    sentences: list[tuple[int, int]],
    references: list[Reference],
    bodies: list[BodyMention],
    context: RequestContext,
) -> list[ObligationDraft]:
    """Obligations read from one paragraph (see the module docstring)."""
    drafts: list[ObligationDraft] = []
    lowered = text.lower()
    # Cheap tests first: most paragraphs ask nothing of anyone.
    asks = any(word in lowered for word in ("request", "invite", "call", "urge"))
    passive = "requested" in lowered
    if not asks:
        return drafts
    for sentence in sentences:
        s_start, s_end = sentence
        first = len(drafts)  # this sentence's requests start here; their spans do not overlap
        if asks:
            for m in _REQUEST.finditer(text, s_start, s_end):
                drafts.extend(_request(text, sentence, m, references, bodies, context))
        if passive:
            active = Positioned(drafts[first:])
            for m in _PASSIVE.finditer(text, s_start, s_end):
                action = m.start("action")
                last = drafts[-1] if len(drafts) > first else None  # a passive request just read
                if active.holding(action) is not None or (last is not None and last.start <= action < last.end):
                    continue
                drafts.extend(_request(text, sentence, m, references, bodies, context, passive=True))
    return drafts


def _request(
    text: str,
    sentence: tuple[int, int],
    m: re.Match[str],
    references: list[Reference],
    bodies: list[BodyMention],
    context: RequestContext,
    passive: bool = False,
) -> list[ObligationDraft]:
    verb = m.group("verb").lower() if not passive else "requested"
    addressee = re.sub(r"^(?:the|its)\s+", "", " ".join(m.group("addressee").split()), flags=re.IGNORECASE)
    if not addressee or addressee.lower() in ("that", "it"):
        return []
    clause_end = _clause_end(text, m.start("action"), sentence[1])
    following = _REQUEST.search(text, m.end(), clause_end)
    if following:
        clause_end = following.start()
    action, is_report = _action(text, m.start("action"), clause_end, m.group("action"))
    session, deadline, session_year = _due(text, m.start("action"), clause_end)
    soft = bool(re.search(r"invite|urge|call|encourage", verb))
    if soft and session is None and deadline is None and session_year is None:
        return []  # "invites Member States to consider ...": no deadline, nothing to chase
    requester = _body_near(bodies, 0, m.start()) or context.document_body
    target_body = None
    target = _TARGET_BODY.search(text, m.start("action"), clause_end)
    if target:
        if target.group(0).endswith(" it") or target.group(0) == "to it":
            target_body = requester
        else:
            target_body = _body_near(bodies, target.start(), target.end() + 1) or requester
    elif is_report or session is not None:
        target_body = requester
    subject = None
    clause = text[m.start("action") : clause_end]
    found = _SUBJECT.search(clause) if is_report else None
    found = found or (_ON.search(clause) if is_report else None)
    if found:
        subject = _trim(found.group("subject"))
    mandate = _mandate_for(references, sentence, m.start(), text, context)
    mandate_number = mandate.number if isinstance(mandate, Reference) else mandate
    due_precision, due_date = None, None
    if session is not None:
        due_precision = "session"
    elif deadline is not None:
        due_precision, due_date = deadline.precision, deadline.end.isoformat()
    elif session_year is not None:
        # "at its 1998 session": the session is known by its year only. Not due on 31 December (a spring
        # session has met by then): due at that session, whose number and opening day the review finds.
        due_precision = "session"
    confidence = 0.6
    if session is not None or deadline is not None:
        confidence += 0.25
    elif session_year is not None:
        confidence += 0.1
    if mandate_number:
        confidence += 0.05
    if soft:
        confidence -= 0.1
    if addressee == "Secretary-General":
        confidence += 0.05
    data = {
        "addressee": addressee,
        "action": action,
        "subject": subject,
        "target_body": target_body,
        "target_session": session,
        "due_precision": due_precision,
        "due_date": due_date,
        "mandate": mandate_number,
        "description": _description(text, m.start("action"), clause_end),
    }
    if session_year is not None:
        data["target_session_year"] = int(session_year.group("year") or session_year.group("year_after"))
        data["due_as_stated"] = " ".join(session_year.group(0).split())
    return [ObligationDraft(data, m.start(), clause_end, round(min(confidence, 0.95), 2))]


def find_fulfilled(
    text: str, sentences: list[tuple[int, int]], references: list[Reference], context: RequestContext
) -> list[tuple[Reference | str, int, int]]:
    """Resolutions the present report says it answers: (reference, start, end of the sentence)."""
    found = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        if not _FULFILS.search(sentence):
            continue
        if not (_SELF.search(sentence) or _SELF_AT_START.match(sentence)):
            continue
        cited = [r for r in within(references, s_start, s_end) if r.kind == "resolution"]
        if not cited and _ANAPHORIC_RESOLUTION.search(sentence):
            cited = [r for r in within(references, 0, s_start) if r.kind == "resolution"]
            if not cited and context.last_reference is not None:
                cited = [context.last_reference]
        found.extend((reference, s_start, s_end) for reference in cited)
    return found
