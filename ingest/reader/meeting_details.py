"""Where a meeting is held and who holds it.

The venue is the place after "in"/"at" ("in Malmö, Sweden"; "at United Nations Headquarters in
New York" is "New York"), not a word such as "Member States" or "Mode". The organizer is the
agent of "organized by"/"hosted by", else the subject of the verb before the name ("ESCAP held an
Expert Group Meeting", "the Statistics Division, in collaboration with UNCTAD, organized a
Workshop"), a division or committee named by its short name ("the Division held") being the one
the paragraph names in full. A session's body is the one its sentence names ("At its
thirty-seventh session in 2004, the Commission ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .bodies import BodyMention
from .meeting_names import CAP, CONNECTOR, LEADING_NOISE, MONTH_WORDS, MeetingName, head_of
from .spans import Positioned, positioned

_PLACE_WORD = r"[A-Z][\w\u2019'\-]+"
_VENUE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?:United\s+Nations\s+)?(?:[Hh]eadquarters\s*(?:of\s+the\s+United\s+Nations\s+)?in\s+)?"
    rf"(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}"
    rf"(?:,\s+(?![A-Z]{{2,}}\b){_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}})?)"
)
_NOT_PLACES = frozenset(
    ["Mode", "Member", "Members", "States", "State", "Government", "Governments", "Secretariat", "Commission",
    "Committee", "Council", "Assembly", "Countries", "Country", "Region", "Regions", "Territories",
    "Headquarters", "United", "Nations", "Office", "Division", "Department", "Conference", "Meeting", "Forum",
    "Programme", "Plan", "Declaration", "Convention", "Protocol", "Agenda", "Report", "Part", "Annex", "Chapter",
    "Article", "Section", "Paragraph", "Resolution", "Decision"]
)  # fmt: skip
_BY_AGENT = re.compile(
    r"\b(?:organi[sz]ed|convened|hosted|sponsored|chaired|led)\s+(?:jointly\s+)?by\s+(?:the\s+)?"
    rf"(?P<agent>(?:{CAP}(?:\s+(?:{CONNECTOR}\s+){{0,3}}{CAP})*)(?:\s*\([A-Z][A-Za-z]+\))?)"
)
_AUXILIARY_WORDS = frozenset(
    ["has", "have", "had", "was", "were", "is", "are", "will", "would", "also", "jointly", "been", "be", "then",
    "recently", "already"]
)  # fmt: skip
SUBJECT_REACH = 160
AGENT_REACH = 400  # "organized by" after the name: not the rest of a long sentence for each name
_SUBJECT = re.compile(rf"(?P<subject>(?:{CAP}(?:\s+(?:{CONNECTOR}\s+){{0,3}}{CAP})*)(?:\s*\([A-Z][A-Za-z]+\))?)\s*$")
_PRONOUNS = frozenset({"It", "They", "He", "She", "We", "This", "That", "Which", "Who"})
_FULL_NAME = {
    word: re.compile(rf"\b{word}\s+(?:for|of|on)\s+(?:the\s+)?{CAP}(?:\s+(?:{CONNECTOR}\s+){{0,3}}{CAP})*")
    for word in ("Committee", "Commission", "Council", "Conference", "Division", "Office", "Group", "Forum")
}


def find_venue(text: str, start: int, end: int) -> str | None:
    for m in _VENUE.finditer(text, start, end):
        place = m.group("place")
        words = place.replace(",", " ").split()
        if words[0] in _NOT_PLACES or words[0].lower() in MONTH_WORDS or words[0].isupper():
            continue
        place = re.split(r",\s+(?=[A-Z][a-z]+\s+(?:of|on|for)\b)", place)[0]
        return place
    return None


def find_organizer(
    text: str, sentence: tuple[int, int], name: MeetingName, anchor: re.Match[str] | None
) -> str | None:
    agent = _BY_AGENT.search(text, name.end, min(sentence[1], name.end + AGENT_REACH))
    if agent:
        return agent.group("agent")
    if anchor is None:
        return None
    words = text[max(sentence[0], anchor.start() - SUBJECT_REACH) : anchor.start()].split()
    while words and words[-1].lower() in _AUXILIARY_WORDS:
        words.pop()  # "... has also been organizing"
    before = " ".join(words)
    if before.endswith(","):
        # "the Statistics Division, in collaboration with UNCTAD, organized": skip the aside.
        inner = before[:-1].rfind(",")
        if inner > 0:
            before = before[:inner]
    subject = _SUBJECT.search(before)
    if not subject:
        return None
    words = subject.group("subject").split()
    while words and words[0] in LEADING_NOISE:
        words = words[1:]
    if not words or (len(words) == 1 and (words[0][0].islower() or words[0] in _PRONOUNS)) or head_of(" ".join(words)):
        return None  # nobody, or a meeting: "a Regional Conference was held"
    if len(words) == 1 and words[0] in _FULL_NAME:
        # "the Division held ...": the division the paragraph named in full.
        full = _first_full_name(words[0], text)
        if full:
            return full
    return " ".join(words)


def find_session_owner(
    text: str, sentence: tuple[int, int], name: MeetingName, bodies: list[BodyMention]
) -> str | None:
    bodies = positioned(bodies)
    chosen = bodies.last_ending_by(name.start, since=sentence[0]) or bodies.first_within(name.end, sentence[1])
    if chosen is not None and chosen.explicit:
        return chosen.body
    if chosen is not None:
        # "The Committee held its first session": the committee the paragraph names in full.
        word = text[chosen.start : chosen.end].split()[-1]
        return _first_full_name(word, text) or chosen.body
    subject = positioned(_owners(text)).first_starting_at(sentence[0])
    return f"the {subject.group('owner')}" if subject is not None and subject.end() <= name.start else None


_OWNER = re.compile(r"\b[Tt]he\s+(?P<owner>Committee|Commission|Council|Conference)\b")


@lru_cache(maxsize=8)
def _owners(text: str) -> Positioned[re.Match[str]]:
    """ "The Committee", "the Commission" ... in a paragraph: found once, not once per session named."""
    return Positioned(_OWNER.finditer(text))


@lru_cache(maxsize=64)
def _first_full_name(word: str, text: str) -> str | None:
    """ "Committee on the Elimination of ...": the paragraph's first full name for a short one, found
    once per paragraph (the text is hashed once, then compared by identity)."""
    pattern = _FULL_NAME.get(word)
    full = pattern.search(text) if pattern is not None else None
    return full.group(0) if full else None
