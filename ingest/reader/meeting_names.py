"""Meeting names in a sentence.

A name is the capitalised phrase with a meeting word ("Meeting", "Conference", "Dialogue",
"Forum", "Workshop" ...), with the lower-case ordinal, "annual", "ad hoc" or "next" before it
("third United Nations Coordination Meeting ..."), without what precedes an "of the" before the
meeting word ("Programme of Action of the International Conference ...") or a place after it
("... Forum on Migration and Development in Cuenca"); else a lower-case phrase ("a high-level
meeting on international migration and development", "the first meeting of the Global Forum");
a title in quotes after "entitled" is taken as the name; "devote a high-level dialogue to X" is
the "high-level dialogue on X". "the meeting" or "the Conference" alone refers back to a meeting
named before; "its thirty-seventh session" is a session of a body; a plural ("regional
seminars") has no single date and is no name. Where names overlap the longer wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ordinals import ORDINAL
from .spans import positioned

HEADS = (
    "Meeting", "Meetings", "Conference", "Dialogue", "Forum", "Workshop", "Seminar", "Symposium", "Summit",
    "Hearing", "Hearings", "Consultation", "Consultations", "Round Table", "Congress", "Session", "Colloquium",
    "Retreat", "Course",
)  # fmt: skip
_HEAD_WORDS = frozenset(h.lower() for h in HEADS) | {"panel", "table"}
CAP = r"(?:[A-Z][\w\u2019'\-]*|\d{1,2}\+\d{1,2})"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_RUN_WORD = rf"(?:(?!{_MONTH}){CAP}|\d{{1,3}}(?![\d/]))"
CONNECTOR = r"(?:of|on|for|and|the|in|to|a|an|against|de|la|del|des)"
_TITLE_RUN = re.compile(rf"(?!{_MONTH}){CAP}(?:\s+(?:{CONNECTOR}\s+){{0,3}}{_RUN_WORD})*")
_HEAD_WORD = rf"(?:{'|'.join(HEADS)})\b"
# "Programme of Action of the International Conference ...": the words before the "of the" that
# precedes the only meeting word.
_BEFORE_THE_HEAD = re.compile(
    rf"(?:(?!{_HEAD_WORD})[\w\-\u2019']+\s+)+?of\s+(?:the\s+)?(?=(?:(?!\bof\b)[^,;])*?\b{_HEAD_WORD})"
)
_TRAILING_PLACE = re.compile(r"\s+(?:in|at)\s+[A-Z][\w\u2019'\-]+$")
LEADING_NOISE = frozenset(
    ["The", "A", "An", "In", "At", "On", "During", "This", "That", "These", "Its", "Their", "By", "From", "Since",
    "Subsequently", "Thus", "Also", "Both", "Between", "Under", "After", "Before", "When", "While", "Through",
    "Following", "For", "With", "As", "Further", "Furthermore", "Moreover", "Lastly", "Decides", "Requests",
    "Notes", "Welcomes", "Recalling", "Noting", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"]
)  # fmt: skip
MONTH_WORDS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december"]
)  # fmt: skip
_PREFIX_MODIFIER = re.compile(rf"(?:\b(?:{ORDINAL}|annual|ad\s+hoc|next)\s+)+$", re.IGNORECASE)
_MODIFIERS = (
    rf"{ORDINAL}|annual|biennial|regional|subregional|interregional|international|intergovernmental|informal|"
    r"technical|high-level|joint|special|expert|preparatory|ministerial|global|national|inter-agency|"
    r"one-day|two-day|three-day|four-day|five-day|closed-door|ad\s+hoc|major|plenary|substantive|organizational|"
    r"summit|panel|expert\s+group|round-table|thematic|consultative|parallel|follow-up|side|open-ended|"
    r"coordination|consultation|working|civil\s+society|tripartite|hemispheric|world|second|next|first"
)
_GENERIC = re.compile(
    rf"\b(?:(?P<det>[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat)\s+)?"
    rf"(?P<mods>(?:(?:{_MODIFIERS})\s+){{0,4}})"
    r"(?P<head>meeting|conference|dialogue|forum|workshop|seminar|symposium|summit|hearing|consultation|"
    r"panel\s+discussion|round\s+table|session|congress|colloquium)s?\b",
    re.IGNORECASE,
)
_MODIFIER_HEADS = frozenset({"summit", "consultation"})  # meeting words that are modifiers too
_HEAD = re.compile(
    r"\b(?:meeting|conference|dialogue|forum|workshop|seminar|symposium|summit|hearing|consultation|"
    r"panel\s+discussion|round\s+table|session|congress|colloquium)s?\b",
    re.IGNORECASE,
)
_OF_THE_TITLE = re.compile(rf"\s+of\s+the\s+(?P<title>{CAP}(?:\s+(?:{CONNECTOR}\s+){{0,3}}{CAP})*)")
_ON_TOPIC = re.compile(
    r"\s+on\s+(?P<topic>[a-z][a-z\-]*(?:\s+(?!(?:in|at|during|from|to|which|that|was|were|will|would|is|"
    r"are|be|shall|should|must|may|might|can|could|has|have|had|held|scheduled|organized|organised|convened|"
    r"took|on|by|with|under|for|as|and\s+was|and\s+will|adopted|hosted)\b)[a-z][a-z\-]*){0,9})"
)
_ENTITLED = re.compile(r"\s*,?\s+(?:entitled|called|on)\s+[\"\u201c](?P<title>[^\"\u201d]{4,160})[\"\u201d]")
_DEVOTE = re.compile(
    r"\bdevote[sd]?\s+(?:a|an|the)\s+(?P<name>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,3})\s+to\s+"
    r"(?P<topic>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,8}?)(?=\s+(?:during|at|in|on|from)\b|\s*[,;.]|$)"
)
_ORDINAL_ONLY = re.compile(
    rf"^(?P<ordinal>{ORDINAL})\s+(?P<head>meeting|conference|session|forum|summit)$", re.IGNORECASE
)
_OF_TAIL = re.compile(r"\s+of\s+the\s+.+$")


@dataclass
class MeetingName:
    text: str
    start: int
    end: int
    titled: bool
    head: str
    anaphoric: bool = False
    session_of: str | None = None  # "its thirty-seventh session": the ordinal session of a body


def head_of(name: str) -> str:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
    heads = [w for w in words if w in _HEAD_WORDS]
    return heads[-1] if heads else ""


def _titled_names(text: str, start: int, end: int) -> list[MeetingName]:
    names = []
    for m in _TITLE_RUN.finditer(text, start, end):
        words = m.group(0).split()
        offset = 0
        while words and (words[0] in LEADING_NOISE or words[0].lower() in MONTH_WORDS):
            offset += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2 or not any(w.strip("\u2019'") in HEADS or w in ("Table",) for w in words):
            continue
        name_start, name_end = m.start() + offset, m.end()
        of_split = _BEFORE_THE_HEAD.match(text, name_start, name_end)
        if of_split:
            # "Programme of Action of the International Conference on ...": the meeting is after "of the".
            name_start = of_split.end()
        place = _TRAILING_PLACE.search(text, name_start, name_end)
        if place and place.group(0).split()[-1] not in HEADS:
            # "the Ibero-American Forum on Migration and Development in Cuenca": a venue, not the name.
            name_end = place.start()
        prefix = _PREFIX_MODIFIER.search(text, max(start, name_start - 40), name_start)
        if prefix:
            name_start = prefix.start()
        name = text[name_start:name_end]
        if not any(w.strip("\u2019'") in HEADS for w in name.split()) or len(name.split()) < 2:
            continue
        names.append(MeetingName(name, name_start, name_end, True, head_of(name)))
    return names


def _generic_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """_GENERIC matches, looked for only just before each meeting word (the regex is costly), and not
    before the meeting word before it, which no name ending at this one can hold (unless it is also a
    modifier: "summit meeting")."""
    matches = []
    since = start
    for head in _HEAD.finditer(text, start, end):
        found = None
        for m in _GENERIC.finditer(text, max(since, head.start() - 100), head.end()):
            if m.end() == head.end():
                found = m
        if found is not None:
            matches.append(found)
        if head.group(0).lower() not in _MODIFIER_HEADS:
            since = head.end()
    return matches


def _generic_names(text: str, start: int, end: int, titled: list[MeetingName]) -> list[MeetingName]:
    names = []
    titled_spans = positioned(titled)
    for m in _generic_matches(text, start, end):
        if titled_spans.holding(m.start("head")) is not None:
            continue
        head = m.group("head")
        det, mods = (m.group("det") or "").lower(), m.group("mods").strip()
        if head[0].isupper() and not mods:
            # A capitalised "the Meeting" alone refers back to a meeting named before.
            names.append(
                MeetingName(head, m.start("head"), m.end(), False, head.lower(), anaphoric=det not in ("a", "an"))
            )
            continue
        name_start = m.start("mods") if mods else m.start("head")
        name_end = m.end()
        tail = _OF_THE_TITLE.match(text, name_end) or _ON_TOPIC.match(text, name_end)
        if tail:
            name_end = tail.end()
        name = " ".join(text[name_start:name_end].split())
        entitled = _ENTITLED.match(text, name_end)
        if entitled:
            title = entitled.group("title").strip()
            name = title if not mods and not tail else f"{name}: {title}"
            name_end = entitled.end()
        session_ordinal = (
            re.match(rf"(?P<ordinal>{ORDINAL})$", mods, re.IGNORECASE) if head.lower() == "session" else None
        )
        if session_ordinal and det in ("its", "their"):
            names.append(MeetingName(name, name_start, name_end, False, "session", session_of=mods))
            continue
        if (head.lower() == "session" and not mods) or (m.group(0).endswith("s") and not m.group(0).endswith("ss")):
            continue  # a plural ("regional seminars") has no single date
        anaphoric = not mods and not tail and not entitled and det not in ("a", "an")
        names.append(MeetingName(name, name_start, name_end, False, head.lower().split()[0], anaphoric=anaphoric))
    return names


def _without_overlaps(names: list[MeetingName]) -> list[MeetingName]:
    """Where names overlap keep the longer ("first meeting of the Global Forum" over "Global Forum")."""
    if not names:
        return []
    base = min(n.start for n in names)
    taken = bytearray(max(n.end for n in names) - base)  # the characters the kept names cover
    kept: list[MeetingName] = []
    for name in sorted(names, key=lambda n: (-(n.end - n.start), not n.titled)):
        start, end = name.start - base, name.end - base
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append(name)
    return sorted(kept, key=lambda n: n.start)


def meeting_names(text: str, start: int, end: int) -> list[MeetingName]:
    """The meeting names of ``text[start:end]`` (a sentence), in order, overlaps resolved."""
    titled = _titled_names(text, start, end)
    names = [*titled, *_generic_names(text, start, end, titled)]
    devote = _DEVOTE.search(text, start, end)
    if devote:
        name = f"{devote.group('name')} on {devote.group('topic')}"
        names = [n for n in names if not (devote.start() <= n.start < devote.end())]
        names.append(MeetingName(name, devote.start("name"), devote.end(), False, head_of(name)))
    return _without_overlaps(names)


def complete_ordinals(names: list[MeetingName], tails: dict[str, str]) -> None:
    """ "The second meeting" after "the first meeting of the Global Forum" is the second meeting of
    the Global Forum: ``tails`` remembers, per meeting word, what a paragraph's names said it was of."""
    for name in names:
        ordinal = _ORDINAL_ONLY.match(name.text)
        of_tail = _OF_TAIL.search(name.text)
        if of_tail and not ordinal:
            tails.setdefault(name.head, of_tail.group(0))
        elif ordinal and name.head in tails:
            name.text = f"{name.text}{tails[name.head]}"
