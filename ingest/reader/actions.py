"""Follow-up actions a text asks for, rather than reports.

- A standing request, "Requests the Secretary-General ... to continue convening coordination
  meetings" or "invites IOM to continue to provide ...": one recurring action (annual unless the
  text says every two years), not an undated reporting obligation.
- A request addressed to organizations of the registry, "Calls upon ECA, ESCAP, ILO and IOM to
  strengthen ..." or "invites the International Organization for Migration (IOM) and the International
  Labour Organization to contribute to the dialogue": one action per organization named (matched as
  the reader matches organizations: the registry's acronyms and names, and the new organizations the
  text shows to be ones), led by that organization, with the deadline or session the request states.

The requests these actions come from are not proposed as obligations too (``asked_spans``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from .bodies import BodyMention
from .operative import AddressedRequest, find_addressed_requests
from .organizations import OrganizationMatch
from .records import name_key
from .references import Reference
from .requests import _TARGET_BODY, ObligationDraft, RequestContext, _body_near, _due, _mandate_for
from .spans import Sentences, positioned

MAX_TITLE = 300


def _title(action: str) -> str:
    action = action[:1].upper() + action[1:]
    if len(action) > MAX_TITLE:
        action = action[:MAX_TITLE].rsplit(" ", 1)[0] + " ..."
    return action


def _organizations_named(request: AddressedRequest, organizations: Sequence[OrganizationMatch]):
    """The organizations the request's addressee names, once each, in order."""
    named, seen = [], set()
    for match in positioned(organizations).within(request.addressee_start, request.addressee_end):
        key = match.key or ("new", name_key(match.name))
        if key in seen:
            continue
        seen.add(key)
        named.append(match)
    return named


def _due_data(text: str, request: AddressedRequest, bodies: list[BodyMention], context: RequestContext) -> dict:
    session, deadline, session_year = _due(text, request.action_start, request.clause_end)
    requester = _body_near(bodies, 0, request.verb_start) or context.document_body
    target = _TARGET_BODY.search(text, request.action_start, request.clause_end)
    target_body = None
    if target is not None and not target.group(0).endswith(" it"):
        target_body = _body_near(bodies, target.start(), target.end() + 1) or requester
    data = {"target_body": None, "target_session": None, "due_precision": None, "due_date": None}
    if session is not None:
        data["target_body"], data["target_session"] = target_body or requester, session
        data["due_precision"] = "session"
    elif deadline is not None:
        data["due_precision"], data["due_date"] = deadline.precision, deadline.end.isoformat()
    elif session_year is not None:
        data["due_as_stated"] = " ".join(session_year.group(0).split())
    return data


def read_actions(
    text: str,
    sentences: list[tuple[int, int]],
    references: list[Reference],
    bodies: list[BodyMention],
    organizations: Sequence[OrganizationMatch],
    context: RequestContext,
) -> tuple[list[ObligationDraft], list[tuple[int, int]]]:
    """The actions a paragraph asks for (module docstring), and the spans of the requests they came from."""
    drafts: list[ObligationDraft] = []
    asked: list[tuple[int, int]] = []
    spans = Sentences(sentences)
    for request in find_addressed_requests(text):
        named = _organizations_named(request, organizations)
        if not named and not request.continuing:
            continue
        sentence = spans.holding(request.verb_start, (0, len(text)))
        mandate = _mandate_for(references, sentence, request.verb_start, text, context)
        base = {
            "title": _title(request.action(text)),
            "verb": request.verb,
            "addressee": request.addressee,
            "recurrence": request.recurrence,
            "mandate": mandate.number if isinstance(mandate, Reference) else mandate,
            **_due_data(text, request, bodies, context),
        }
        leads = [(m.name, m.acronym, m.key, m.via) for m in named] or [(None, None, None, None)]
        for name, acronym, key, via in leads:
            confidence = {"name": 0.85, "acronym": 0.8, "new": 0.6, None: 0.75}[via]
            data = {**base, "lead_organization": name, "acronym": acronym, "key": key}
            drafts.append(ObligationDraft(data, request.verb_start, request.clause_end, confidence))
        asked.append((request.verb_start, request.clause_end))
    return drafts, asked


def outside(drafts: list[ObligationDraft], asked: list[tuple[int, int]]) -> list[ObligationDraft]:
    """The obligation drafts that do not start inside a request already read as actions."""
    if not asked:
        return drafts
    starts = [start for start, _ in asked]
    kept = []
    for draft in drafts:
        i = bisect_right(starts, draft.start) - 1
        if i >= 0 and draft.start < asked[i][1]:
            continue
        kept.append(draft)
    return kept


def standing_action(draft: ObligationDraft, text: str) -> ObligationDraft | None:
    """An obligation draft that asks to continue something ("was requested to continue convening
    meetings"), read as a recurring action instead, or None."""
    action = draft.data.get("action") or ""
    if not action.startswith("continue"):
        return None
    at = text.find("continue", draft.start, draft.end)
    stated = " ".join(text[at : draft.end].split()).rstrip(" ,;:.") if at != -1 else action
    data = {
        "title": _title(stated),
        "verb": "requests",
        "addressee": draft.data.get("addressee"),
        "recurrence": "annual",
        "mandate": draft.data.get("mandate"),
        "target_body": draft.data.get("target_body") if draft.data.get("target_session") else None,
        "target_session": draft.data.get("target_session"),
        "due_precision": draft.data.get("due_precision") if draft.data.get("due_date") or draft.data.get(
            "target_session") else None,
        "due_date": draft.data.get("due_date"),
        "lead_organization": None,
        "acronym": None,
        "key": None,
    }  # fmt: skip
    return ObligationDraft(data, draft.start, draft.end, min(draft.confidence, 0.75))
