"""Meetings a text says were held, or will be, and when.

A meeting is proposed when one sentence holds a meeting name, a date or period, and a verb
that places the meeting in time ("held", "convened", "organized", "took place", "will take
place", "scheduled", "planned", "hosted", "conducted", "devote"):

- "The Second United Nations Coordination Meeting ... took place ... in New York from 15 to 16
  October 2003"; "the ninth annual meeting of the Inter-Agency Working Group ..., held in
  Brussels in October 2003"; "ESCAP held an ad hoc Expert Group Meeting on Migration and
  Development in August 2003"; "In May 2008 the Ibero-American General Secretariat (SEGIB)
  convened the Ibero-American Forum on Migration and Development in Cuenca, Ecuador";
- decisions: "Decides that the high-level dialogue ... will be held on 14 and 15 September 2006";
  "Decides to devote a high-level dialogue to international migration and development during
  its sixty-first session, in 2006" (named "high-level dialogue on international migration and
  development");
- a session of a body: "At its thirty-seventh session in 2004, the Commission decided ..." (a
  session of the Commission it names; not the General Assembly's, whose sessions the project
  computes);
- a sentence with a date and "the meeting" or "it" but no name refers to the last meeting the
  paragraph named ("The organization of the second meeting of the Global Forum is well under
  way. ... will host it in Manila on 29 and 30 October 2008").

The date is the one after the name (before the next name), or one before it when the sentence
starts with it ("In May 2008 the ...") or it stands between the verb and the only name
("convened, on 7 and 8 October 2003, the third meeting"); the nearer when there are both. Not a
date: a deadline ("by 15 May 1997"), a cut-off ("as at 30 July 1997"), a resolution's or a
document's date ("resolution 58/208 of 23 December 2003", "TD/B/COM.1/64 of 27 November 2003").
Names are in meeting_names, venues and organizers in meeting_details. Title-cased names are
trusted more than lower-case ones, days more than years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bodies import GENERAL_ASSEMBLY, BodyMention
from .dates import DAY, HALF_YEAR, MONTH, QUARTER, YEAR, DateSpan
from .meeting_details import find_organizer, find_session_owner, find_venue
from .meeting_names import MeetingName, complete_ordinals, meeting_names
from .spans import Positioned, positioned


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


_ANCHOR = re.compile(
    r"\b(?:held|hold(?:s|ing)?|conven(?:ed|e|es|ing)|(?:co-)?organi[sz](?:ed|es|e|ing)|t(?:ook|ake|akes|aking|aken)"
    r"\s+place|me(?:t|et|ets)|host(?:ed|s|ing)?|conduct(?:ed|s)?|scheduled|planned|devot(?:e|es|ed))\b"
)  # lower case: a sentence does not start with these verbs
_ANAPHOR = re.compile(
    r"\b(?:(?:the|this|that)\s+(?:[Mm]eeting|[Cc]onference|[Ff]orum|[Ww]orkshop|[Ss]eminar|[Ss]ymposium|[Dd]ialogue|"
    r"[Ss]ummit)|it)\b"
)
_NOMINAL = re.compile(r"\bthe\s+$")  # "proposed the holding of a symposium": a proposal, not a meeting
_DOCUMENT_DATE = re.compile(r"[A-Z0-9]/[\w./\-]+\)?,?\s+(?:of|dated)\s+$")  # "TD/B/COM.1/64 of 27 November 2003"
_NOT_WHEN = re.compile(r"\b(?:by|as\s+at|as\s+of|until|since|before|not\s+later\s+than)\s+$", re.IGNORECASE)
ANCHOR_WORD = 20  # longer than any verb of _ANCHOR ("organizing", "taking place")
FRONTED = 45  # a date this close to the sentence start is the sentence's time ("In May 2008 the ...")
MAX_DISTANCE = 300
SESSION_DATE_DISTANCE = 40
VENUE_REACH = 150
ANCHOR_REACH = 100
_PRECISION_ADJUSTMENT = {DAY: 0.05, MONTH: 0.0, QUARTER: -0.05, HALF_YEAR: -0.05, YEAR: -0.1}


@dataclass
class MeetingDraft:
    name: str
    date: DateSpan
    start: int
    end: int
    confidence: float
    venue: str | None = None
    organizer: str | None = None
    head: str = ""
    extra: dict = field(default_factory=dict)

    def data(self) -> dict:
        return {
            "name": self.name,
            "start_date": self.date.start.isoformat(),
            "end_date": self.date.end.isoformat(),
            "precision": self.date.precision,
            "venue": self.venue,
            "organizer": self.organizer,
        }


def read_meetings(
    text: str,
    sentences: list[tuple[int, int]],
    dates: list[DateSpan],
    excluded: list[tuple[int, int]],
    bodies: list[BodyMention],
) -> list[MeetingDraft]:
    """Meetings with a date read from one paragraph (see the module docstring)."""
    drafts: list[MeetingDraft] = []
    last_named: MeetingName | None = None
    ordinal_tails: dict[str, str] = {}
    excluded_spans = Positioned.of(_Span(s, e) for s, e in excluded)
    usable_dates = Positioned(
        d
        for d in dates
        if excluded_spans.holding(d.start_pos) is None
        and not _NOT_WHEN.search(text, max(0, d.start_pos - 20), d.start_pos)
        and not _DOCUMENT_DATE.search(text, max(0, d.start_pos - 60), d.start_pos)
    )
    if not usable_dates:
        return drafts  # no date, no meeting to propose (names are remembered within a paragraph only)
    all_anchors = Positioned(
        a for a in _ANCHOR.finditer(text) if not _NOMINAL.search(text, max(0, a.start() - 5), a.start())
    )
    for sentence in sentences:
        s_start, s_end = sentence
        names = meeting_names(text, s_start, s_end)
        sentence_dates = Positioned(usable_dates.within(s_start, s_end))
        anchors = Positioned(all_anchors.within(s_start, s_end))
        concrete = [n for n in names if not n.anaphoric]
        complete_ordinals(concrete, ordinal_tails)
        if not sentence_dates:
            if concrete:
                last_named = concrete[-1]
            continue
        if not concrete and anchors and last_named is not None and _ANAPHOR.search(text, s_start, s_end):
            drafts.append(_anaphoric(text, sentence, last_named, sentence_dates[0], anchors))
            continue
        blocking = Positioned(n for n in concrete if n.session_of is None)
        for n in concrete:
            following_name = blocking.first_starting_at(n.end)
            next_start = following_name.start if following_name is not None else s_end
            preceding_name = blocking.last_ending_by(n.start)
            previous_end = preceding_name.end if preceding_name is not None else s_start
            after = sentence_dates.within(n.end, min(next_start, n.end + MAX_DISTANCE + 1))
            # A date before the name: fronted ("In May 2008 the ..."), or between the verb and the only
            # name ("convened, on 7 and 8 October 2003, the third meeting"); not "a letter sent in
            # February 1995 ... a conference", nor the date of the meeting named before ("held in Rome in
            # 1991 and the ..."). The last such date between the name before and this one.
            before = sentence_dates.last_ending_by(n.start, since=previous_end)
            if before is not None and not (
                before.start_pos - s_start <= FRONTED
                or (previous_end == s_start and bool(anchors) and anchors[0].end() <= before.start_pos)
            ):
                before = sentence_dates.last_ending_by(n.start, since=previous_end, starting_by=s_start + FRONTED)
            if n.session_of is not None:
                # "its thirty-seventh session in 2004"; "held its first session in Geneva in March 2004"
                date = after[0] if after and after[0].start_pos - n.end <= SESSION_DATE_DISTANCE else None
                if date is None or (date.start_pos - n.end > 12 and not anchors):
                    continue
            elif after and before is not None:
                # The nearer of the two, a date after the name by a little: "In July 2003, UNCTAD held
                # ... an Expert Meeting ... (see document ... of 27 November 2003)" was in July.
                gap_after, gap_before = after[0].start_pos - n.end, n.start - before.end_pos
                date = after[0] if gap_after <= gap_before + 40 else before
            else:
                date = after[0] if after else before
            if date is None:
                continue
            span_start, span_end = min(n.start, date.start_pos), max(n.end, date.end_pos)
            anchor = anchors.first_starting_at(span_start - ANCHOR_REACH)
            if anchor is not None and anchor.start() > min(span_end + 120, next_start):
                anchor = None
            if anchor is None and n.session_of is None:
                continue
            name = n.text
            confidence = 0.85 if n.titled else 0.65
            if n.session_of is not None:
                owner = find_session_owner(text, sentence, n, bodies)
                if owner is None or owner == GENERAL_ASSEMBLY:
                    continue
                name = f"{n.session_of} session of {'' if owner.startswith('the ') else 'the '}{owner}"
                confidence = 0.65
            elif not n.titled and len(name.split()) == 1:
                confidence = 0.45
            lead = next(
                (
                    a
                    for a in reversed(anchors.ending_by(n.start, since=max(previous_end, n.start - 80 - ANCHOR_WORD)))
                    if n.start - a.end() <= 80
                    and not any(d is not date for d in sentence_dates.within(a.end(), n.start))
                ),
                None,
            )
            venue = find_venue(text, n.end, min(next_start, max(date.end_pos, n.end) + VENUE_REACH))
            if venue is None and lead is not None:
                venue = find_venue(text, lead.end(), n.start)
            drafts.append(
                MeetingDraft(
                    name=name,
                    date=date,
                    start=span_start,
                    end=span_end,
                    confidence=round(min(0.95, confidence + _PRECISION_ADJUSTMENT[date.precision]), 2),
                    venue=venue,
                    organizer=find_organizer(text, (s_start, next_start), n, lead),
                    head=n.head,
                )
            )
        if concrete:
            last_named = concrete[-1]
    return drafts


def _anaphoric(
    text: str, sentence: tuple[int, int], named: MeetingName, date: DateSpan, anchors: list[re.Match[str]]
) -> MeetingDraft:
    """ "... will host it in Manila on 29 and 30 October 2008": the meeting the paragraph named last."""
    anchor = positioned(anchors).last_ending_by(date.start_pos) or anchors[0]
    return MeetingDraft(
        name=named.text,
        date=date,
        start=min(anchor.start(), date.start_pos),
        end=max(anchor.end(), date.end_pos),
        confidence=round(0.55 + _PRECISION_ADJUSTMENT[date.precision], 2),
        venue=find_venue(text, anchor.start(), min(sentence[1], date.end_pos + 60)),
        organizer=find_organizer(text, sentence, MeetingName("", anchor.end(), anchor.end(), False, ""), anchor),
        head=named.head,
    )
