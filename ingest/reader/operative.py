"""Operative paragraphs of a resolution or decision, and the requests addressed to someone.

A resolution's operative paragraphs are its numbered ones after the preamble ("Recalling ...",
"Noting ..." are preambular, unnumbered, and not read here); each starts with a verb in the present
("Decides", "Requests", "Calls upon", "Takes note"), after an adverb or two ("Also requests",
"Further invites", "Strongly urges"). Read per paragraph:

- ``verb``: the leading verb in lower case, without its adverbs ("requests", "calls upon");
- ``addressee``: for a verb that asks someone to act ("requests", "invites", "calls upon", "urges",
  "encourages", "appeals to", "authorizes"), whom, as stated: "the Secretary-General", "Member
  States", "ECA, ESCAP, ILO and IOM". An aside between commas after the addressee ("the
  Secretary-General, in cooperation with relevant bodies, ..., to continue") is not part of it;
- ``kind`` (decided by the reader with what else the paragraph proposes, ``paragraph_kind``): report
  (it asks for a report), meeting (it convenes or decides a meeting), action (it asks someone to do
  something), other (it takes note, welcomes, reaffirms ...).

``find_addressed_requests`` finds, anywhere in a text (operative or reported speech: "the Assembly
invited ILO and IOM to ..."), each request with its verb, its addressee's span and its action: whether
it is a standing one ("to continue convening ...", "to continue to provide ...") and how often it
recurs (annual unless the text says every two years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ASKING_VERBS = frozenset(
    {"requests", "invites", "calls upon", "urges", "encourages", "appeals to", "authorizes", "asks", "requires"}
)
NOTING_VERBS = frozenset(
    {"takes note", "notes", "welcomes", "reaffirms", "recalls", "recognizes", "acknowledges", "expresses", "commends",
     "stresses", "emphasizes", "underlines", "reiterates", "affirms", "appreciates", "deplores", "condemns",
     "looks forward", "bears in mind", "pays tribute", "draws attention", "considers", "believes", "notes with"}
)  # fmt: skip

_ADVERB = (
    r"(?:also|further|furthermore|again|once\s+again|hereby|moreover|likewise|similarly|equally|finally|"
    r"therefore|accordingly|in\s+this\s+regard|in\s+that\s+regard|in\s+this\s+context|[a-z]+ly)"
)
_LEADING_VERB = re.compile(
    rf"^\s*(?:{_ADVERB}\s*,?\s+)*"
    r"(?P<verb>calls\s+(?:up)?on|takes\s+note|takes\s+into\s+account|appeals\s+to|looks\s+forward|"
    r"draws\s+(?:the\s+)?attention|pays\s+tribute|bears\s+in\s+mind|[a-z]+s)\b",
    re.IGNORECASE,
)
# Plural nouns a numbered line may start with: not verbs.
_NOT_VERBS = frozenset({"governments", "states", "members", "parties", "its", "this", "has", "was", "is", "as"})

_ASKING = re.compile(
    r"\b(?P<verb>(?:[Rr]equest(?:s|ed)|[Ii]nvit(?:es|ed)|[Cc]all(?:s|ed)\s+(?:up)?on|[Uu]rg(?:es|ed)|"
    r"[Ee]ncourag(?:es|ed)|[Aa]ppeal(?:s|ed)\s+to|[Aa]uthoriz(?:es|ed)|[Aa]sk(?:s|ed)))\s+(?=\S)"
)
_TO_ACTION = re.compile(
    r",?\s+to\s*,?\s*(?:inter\s+alia\s*,\s*)?"
    r"(?P<action>(?!(?:the|a|an|its|their|this|that|these|those|all|any|each|other|such|both|his|her|our|"
    r"relevant|which|whom|what|date)\b)[a-z]+)\b"
)
# A part of the addressee between commas that starts so is an aside, not another addressee.
_ASIDE_START = re.compile(
    r"^\s*(?:in|with|through|by|inter|as|where|when|within|among|including|particularly|especially|notably|"
    r"while|taking|bearing|on|under|for|at|from|consistent|subject|if|upon|via|without|according|pursuant|"
    r"acting|drawing|building|using|to|who|which|that|whenever|wherever|each\s+within|and\s+in|and\s+with)\b"
)
_LEADING_ADVERB = re.compile(r"^(?:also|further|again)\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(r";|\.(?:\s|$)")
_ANNUAL = re.compile(r"\b(?:annually|every\s+year|each\s+year|yearly|on\s+an\s+annual\s+basis)\b", re.IGNORECASE)
_BIENNIAL = re.compile(
    r"\b(?:biennially|every\s+(?:two|second)\s+years?|on\s+a\s+biennial\s+basis|biennial)\b", re.IGNORECASE
)
_ACTION_ASIDE = re.compile(
    r",\s+(?:as|in\s+accordance|in\s+line|including|taking|bearing|with\s+a\s+view|in\s+order|inter\s+alia|"
    r"where|which|while|within|in\s+particular|particularly|notably|consistent|pursuant|through|in\s+cooperation|"
    r"in\s+collaboration|in\s+consultation)\b"
)
_TRAILING = re.compile(r"[\s,;:.]*(?:\b(?:and|or)\b[\s,;:.]*)?$")
MAX_ADDRESSEE = 300
MAX_CLAUSE = 800
ADDRESSEE_WINDOW = MAX_ADDRESSEE + MAX_CLAUSE
# A paragraph that convenes a meeting: "Decides to convene a high-level dialogue ...".
CONVENES = re.compile(
    r"\b(?:convene|hold|organize|devote)\b[^;]{0,80}?\b(?:meeting|dialogue|conference|forum|summit|workshop|"
    r"seminar|symposium|round\s+table)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AddressedRequest:
    """ "Calls upon ECA, ESCAP, ILO and IOM to strengthen ...": verb "calls upon", addressee "ECA, ESCAP,
    ILO and IOM" at [addressee_start, addressee_end), the action from ``action_start`` to ``clause_end``."""

    verb: str
    verb_start: int
    addressee: str
    addressee_start: int
    addressee_end: int
    action_start: int
    clause_end: int
    continuing: bool  # "to continue convening ...": a standing request
    recurrence: str  # "annual", "biennial" or "none"

    def action(self, text: str) -> str:
        """What it asks, as stated, without a trailing aside: "contribute to the dialogue" of "contribute
        to the dialogue, as decided in resolution 59/241"."""
        stated = " ".join(text[self.action_start : self.clause_end].split())
        aside = _ACTION_ASIDE.search(stated)
        return _TRAILING.sub("", stated[: aside.start()] if aside else stated)


def normal_verb(verb: str) -> str:
    """ "Calls on" and "calls upon" are one verb; "requested" is "requests" (reported speech)."""
    verb = " ".join(verb.lower().split())
    verb = re.sub(r"^calls?\s+on$|^called\s+(?:up)?on$|^call\s+upon$", "calls upon", verb)
    past = {"requested": "requests", "invited": "invites", "urged": "urges", "encouraged": "encourages",
            "authorized": "authorizes", "asked": "asks", "appealed to": "appeals to"}  # fmt: skip
    return past.get(verb, verb)


def leading_verb(text: str) -> tuple[str, int, int] | None:
    """The verb an operative paragraph starts with: (verb, start, end), or None."""
    m = _LEADING_VERB.match(text)
    if m is None or m.group("verb").lower() in _NOT_VERBS:
        return None
    return normal_verb(m.group("verb")), m.start("verb"), m.end("verb")


def _addressee_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The addressee in ``text[start:end]`` (the words between the verb and "to <action>"): the first
    part, then each further part between commas that names someone rather than opening an aside."""
    parts, cursor = [], start
    while True:
        comma = text.find(",", cursor, end)
        parts.append((cursor, end if comma == -1 else comma))
        if comma == -1:
            break
        cursor = comma + 1
    first, last = None, None
    for a, b in parts:
        part = text[a:b]
        if not part.strip() or _ASIDE_START.match(part):
            break
        if first is None:
            if not part.lstrip()[:1].isalpha():
                return None
            first = a + len(part) - len(part.lstrip())
        last = a + len(part.rstrip())
    return None if first is None else (first, last)


def find_addressed_requests(text: str, start: int = 0, end: int | None = None) -> list[AddressedRequest]:
    """Each request in ``text[start:end]`` that names whom it asks to do what (see the module docstring)."""
    end = len(text) if end is None else end
    found: list[AddressedRequest] = []
    for m in _ASKING.finditer(text, start, end):
        if found and m.start() < found[-1].action_start:
            continue  # "requests" inside the previous request's addressee
        stop = _CLAUSE_END.search(text, m.end(), min(end, m.end() + MAX_CLAUSE))
        clause_end = stop.start() if stop else min(end, m.end() + MAX_CLAUSE)
        to = _TO_ACTION.search(text, m.end(), clause_end)
        if to is None or to.start() - m.end() > MAX_ADDRESSEE:
            continue
        span = _addressee_span(text, m.end(), to.start())
        if span is None:
            continue
        addressee = _LEADING_ADVERB.sub("", " ".join(text[span[0] : span[1]].split()))
        if not addressee or addressee.lower() in ("it", "that", "them", "him", "her"):
            continue
        following = _ASKING.search(text, to.end(), clause_end)
        if following is not None and _TO_ACTION.search(text, following.end(), clause_end):
            clause_end = following.start()  # "... and invites IOM to ...": the next request
        action = to.group("action")
        clause = text[to.start("action") : clause_end]
        continuing = action == "continue"
        recurrence = "none"
        if _BIENNIAL.search(clause):
            recurrence = "biennial"
        elif continuing or _ANNUAL.search(clause):
            recurrence = "annual"
        found.append(
            AddressedRequest(
                verb=normal_verb(m.group("verb")),
                verb_start=m.start("verb"),
                addressee=addressee[:MAX_ADDRESSEE],
                addressee_start=span[0],
                addressee_end=span[1],
                action_start=to.start("action"),
                clause_end=clause_end,
                continuing=continuing,
                recurrence=recurrence,
            )
        )
    return found


def paragraph_kind(verb: str, *, asks_report: bool, meeting: bool, actions: bool, addressed: bool) -> str:
    """What an operative paragraph asks for: report, meeting, action or other (module docstring)."""
    if asks_report:
        return "report"
    if verb in NOTING_VERBS:
        return "other"
    if actions:
        return "action"
    if meeting:
        return "meeting"
    if addressed or verb in ASKING_VERBS:
        return "action"
    return "other"
