"""The reader's proposals, stored and reviewed: the one module of ``ingest`` that
touches the database (the reader itself stays pure).

``document_ingest`` reads a text and files its proposals in the review queue; the same text read
again, or another copy of a document already read, adds nothing. ``proposal_accept`` creates or
updates the real record (a mandate, an obligation, a meeting, an organization, a cited document)
with provenance pointing at the document and paragraph; ``proposal_reject`` records why not.

What a document gives for a one-line field (a title, a name, a symbol, the dates as stated) may wrap
over several lines of the text: it is made one line (``one_line``), not refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from agencies.choices import OrganizationCategory, SessionRule
from agencies.models import Organization
from coordination.choices import ItemStatus, MandateKind, ParagraphKind, Recurrence
from coordination.deadlines import secretariat_today
from coordination.models import (
    FollowUpAction,
    Mandate,
    OperativeParagraph,
    Provenance,
    ReportingObligation,
    Session,
)
from core.errors import DomainError, WrongState
from core.validators import one_line
from meetings.choices import DatePrecision, DocumentKind, MeetingKind, MeetingStatus
from meetings.models import Document, Meeting

from .choices import ProposalKind, ProposalStatus
from .formats import file_digest, file_text
from .matching import action_match, meeting_match
from .models import IngestedDocument, Proposal
from .reader.organizations import OrganizationIndex
from .reader.reader import read_document
from .reader.records import action_class

DOCUMENT_KINDS = {"resolution": DocumentKind.RESOLUTION, "decision": DocumentKind.DECISION}
MEETING_KINDS = [
    ("dialogue", MeetingKind.DIALOGUE),
    ("forum", MeetingKind.FORUM),
    ("conference", MeetingKind.CONFERENCE),
    ("coordination meeting", MeetingKind.COORDINATION_MEETING),
    ("expert", MeetingKind.EXPERT_MEETING),
    ("workshop", MeetingKind.WORKSHOP),
    ("seminar", MeetingKind.SEMINAR),
    ("symposium", MeetingKind.SEMINAR),
    ("hearing", MeetingKind.HEARING),
]


def organization_index() -> OrganizationIndex:
    """The registry as the reader matches it: acronym and name of every organization, keyed by pk."""
    rows = Organization.objects.values_list("pk", "acronym", "name")
    return OrganizationIndex((str(pk), acronym, name, ()) for pk, acronym, name in rows)


@dataclass(frozen=True)
class IngestOutcome:
    ingested: IngestedDocument
    created: bool  # False: this very text was read before
    proposed: int  # proposals filed now
    already_known: int  # facts of this document already proposed from another copy of it
    pages: int | None = None  # of the PDF read now
    removed: int = 0  # running head and foot lines taken out of it


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _identity(proposal) -> str:
    return json.dumps(list(proposal.identity()), ensure_ascii=False)[:500]


def document_ingest_file(
    *,
    content: bytes,
    filename: str,
    encoding: str = "utf-8",
    by=None,
    now: dt.datetime | None = None,
    index: OrganizationIndex | None = None,
) -> IngestOutcome:
    """Read a file (a text, a PDF, a Word file: ``ingest.formats``) and file what it proposes for
    review. The same file given again is known by its digest before it is parsed; the same text from
    another file is known by the text's digest. Not atomic itself: the parsing (seconds, in a process
    of its own) holds no transaction; ``document_ingest`` then files the proposals in one."""
    digest = file_digest(content)
    known = IngestedDocument.objects.filter(file_digest=digest).first()
    if known is None:
        read = file_text(content=content, filename=filename, encoding=encoding)
        text = read.text
        try:
            outcome = document_ingest(text=text, filename=filename, by=by, now=now, index=index, digest_of_file=digest)
        except IntegrityError:
            # The same file (or text) filed by another upload between our look-up and our insert.
            text_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            known = IngestedDocument.objects.filter(Q(file_digest=digest) | Q(text_digest=text_digest)).first()
            if known is None:
                raise
        else:
            return replace(outcome, pages=read.pages, removed=read.removed)
    return IngestOutcome(known, created=False, proposed=0, already_known=known.proposals.count())


@transaction.atomic
def document_ingest(
    *,
    text: str,
    filename: str,
    by=None,
    now: dt.datetime | None = None,
    index: OrganizationIndex | None = None,
    digest_of_file: str = "",
) -> IngestOutcome:
    """Read ``text`` and file what it proposes for review (``digest_of_file``: the file it came from)."""
    if "\x00" in text:
        raise DomainError("This is not a plain text file (it holds NUL bytes).")
    if not text.strip():
        raise DomainError("The file is empty.")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    known = IngestedDocument.objects.filter(text_digest=digest).first()
    if known is not None:
        return IngestOutcome(known, created=False, proposed=0, already_known=known.proposals.count())
    result = read_document(text, index if index is not None else organization_index())
    header = result.header
    filename = one_line(filename)
    document = _document_for(header, filename)
    ingested = IngestedDocument.objects.create(
        document=document,
        filename=filename[:255],
        text=text,
        text_digest=digest,
        file_digest=digest_of_file,
        symbol=one_line(header.symbol or "")[:120],
        date=_date(header.date),
        session=header.session,
        body=one_line(header.body or "")[:200],
        paragraphs=len(result.paragraphs),
        ingested_by=by,
        ingested_at=now or timezone.now(),
    )
    # Another copy of the same document (a corrected text, another OCR) proposes only what is new.
    seen = set(Proposal.objects.filter(ingested__document=document).values_list("identity", flat=True))
    new = []
    for proposal in result.proposals:
        identity = _identity(proposal)
        if identity in seen:
            continue
        seen.add(identity)
        new.append(
            Proposal(
                ingested=ingested,
                kind=proposal.kind,
                identity=identity,
                paragraph=one_line(proposal.paragraph)[:60],
                matched_text=proposal.matched_text,
                confidence=round(proposal.confidence, 2),
                data=_with_due_note(proposal),
            )
        )
    Proposal.objects.bulk_create(new)
    return IngestOutcome(ingested, created=True, proposed=len(new), already_known=len(result.proposals) - len(new))


def _with_due_note(proposal) -> dict:
    """An obligation due at a session whose opening day is not known says so (``due_note``)."""
    note = _due_note(proposal.data) if proposal.kind == ProposalKind.OBLIGATION else None
    return {**proposal.data, "due_note": note} if note else proposal.data


def _document_for(header, filename: str) -> Document:
    kind = DOCUMENT_KINDS.get(header.kind or "", DocumentKind.SG_REPORT if header.kind == "report" else None)
    title = one_line(header.title or "") or filename  # the title the text gives, else the file's name
    defaults = {"title": title[:500], "kind": kind or DocumentKind.OTHER, "date": _date(header.date)}
    symbol = one_line(header.symbol or "")[:120]
    if symbol:
        document = Document.objects.filter(symbol__iexact=symbol).first()
        if document is not None and not document.title and header.title:  # recorded by its symbol alone
            document.title = defaults["title"]
            document.save(update_fields=["title", "updated_at"])
        return document or Document.objects.create(symbol=symbol, **defaults)
    return Document.objects.create(**defaults)


# --- Review ------------------------------------------------------------------------------------------


def _organization(name_or_acronym: str | None, *, what: str) -> Organization:
    if not name_or_acronym:
        raise DomainError(f"The text does not say which {what}.")
    found = Organization.objects.filter(Q(name__iexact=name_or_acronym) | Q(acronym__iexact=name_or_acronym)).first()
    if found is None:
        raise DomainError(f"“{name_or_acronym}” is not in the registry: add it (or accept its proposal) first.")
    return found


def _accept_mandate(proposal: Proposal) -> Mandate:
    data = proposal.data
    body = _organization(data.get("body"), what="body adopted it")
    stated = {
        "adoption_date": _date(data.get("adoption_date")),
        "title": one_line(data.get("title") or "")[:400],
        "session": _session(body, int(data["session"])) if data.get("session") else None,
        # The document read is the resolution's text when it is this resolution (not one it cites).
        "document": proposal.ingested.document if data.get("role") == "this_document" else None,
    }
    mandate, created = Mandate.objects.get_or_create(
        body=body,
        number=one_line(str(data["number"]))[:40],
        defaults={"kind": data.get("kind") or MandateKind.RESOLUTION, **stated},
    )
    # What the mandate recorded already lacks, the text fills in; what it states stays.
    missing = [field for field, value in stated.items() if value and not getattr(mandate, field)]
    if not created and missing:
        for field in missing:
            setattr(mandate, field, stated[field])
        mandate.save(update_fields=[*missing, "updated_at"])
    return mandate


def _session(body: Organization, number: int) -> Session:
    """The body's session ``number``, recorded now if it was not: for the General Assembly with its
    opening day computed, for another body with none until the secretariat fills it in (what is due at
    it waits for it, flagged in the admin)."""
    session = Session.objects.filter(body=body, number=number).first()
    return session or Session.objects.create(body=body, number=number)


def _session_in_year(body: Organization, year: int) -> Session:
    """The session "at its 1998 session" names: the General Assembly's by its rule, another body's if
    one session of that year is recorded."""
    if body.session_rule == SessionRule.GA_SEPTEMBER:
        return _session(body, year - 1945)
    sessions = list(Session.objects.filter(body=body, year=year).order_by("number")[:2])
    if len(sessions) != 1:
        which = "no session" if not sessions else "more than one session"
        raise DomainError(
            f"The text names the {year} session of {body.short_name} by its year only, and {which} of "
            f"{body.short_name} is recorded for {year}: record the session (its number, and its opening day when "
            "known) in Sessions, then accept again."
        )
    return sessions[0]


def _due_note(data: dict) -> str | None:
    """Why a proposed obligation due at a session will have no due day when accepted, or None."""
    year, number = data.get("target_session_year"), data.get("target_session")
    name = data.get("target_body")
    if not (year or number) or not name:
        return None
    body = Organization.objects.filter(Q(name__iexact=name) | Q(acronym__iexact=name)).first()
    if body is None or body.session_rule == SessionRule.GA_SEPTEMBER:
        return None
    which = {"number": number} if number else {"year": year}
    sessions = list(Session.objects.filter(body=body, **which)[:2])
    if len(sessions) == 1 and sessions[0].opening_date:
        return None
    session = f"session {number}" if number else f"the {year} session"
    return (
        f"Opening day unknown: {session} of {body.short_name} has no opening day recorded, so this report has no "
        "due day (not 31 December): accepted, it is due at that session, flagged, until the session's opening "
        "day is filled in (Sessions)."
    )


def _description(data: dict) -> str:
    """What a proposal read before the reader gave a ``description`` asks: "submit a report on" its subject."""
    action, subject = data.get("action") or "", data.get("subject") or ""
    joined = " on " if subject and action_class(action) == "report" and not action.endswith(" on") else " "
    return joined.join(part for part in (action, subject) if part)


def _accept_obligation(proposal: Proposal) -> ReportingObligation:
    data = proposal.data
    if not data.get("mandate"):
        raise DomainError("The text does not say which resolution asks for this: record it by hand.")
    mandate = Mandate.objects.filter(number=data["mandate"]).order_by("pk").first()
    if mandate is None:
        raise DomainError(f"Resolution {data['mandate']} is not recorded: accept its proposal first.")
    addressee = _organization(data.get("target_body") or mandate.body.name, what="body the report goes to")
    due: dict = {"due_precision": "", "due_date": None, "due_session": None}
    if data.get("target_session"):
        due = {"due_precision": DatePrecision.SESSION, "due_session": _session(addressee, data["target_session"])}
    elif data.get("target_session_year"):
        session = _session_in_year(addressee, int(data["target_session_year"]))
        due = {"due_precision": DatePrecision.SESSION, "due_session": session}
    elif data.get("due_date"):
        precision = data.get("due_precision") or DatePrecision.DAY
        due = {"due_precision": precision, "due_date": _date(data["due_date"])}
    description = data.get("description") or _description(data) or proposal.matched_text
    obligation = ReportingObligation.objects.filter(mandate=mandate, addressee=addressee, **due).first()
    if obligation is None:
        obligation = ReportingObligation(mandate=mandate, addressee=addressee, description=description[:2000], **due)
        obligation.due_as_stated = one_line(data.get("due_as_stated") or proposal.matched_text)[:200]
    if data.get("fulfilled_by_this_document") and obligation.status != ItemStatus.DONE:
        obligation.status = ItemStatus.DONE
        obligation.fulfilled_by = proposal.ingested.document
        obligation.completed_on = proposal.ingested.date or secretariat_today()
    obligation.save()
    return obligation


def _accept_meeting(proposal: Proposal, review: _Review) -> Meeting:
    """The meeting recorded already (``ingest.matching``: a title alike, held in the period stated),
    unless the reviewer asks for a new one; else a new meeting."""
    data = proposal.data
    name = one_line(data.get("name") or "")[:400]
    if not name:
        raise DomainError("The text does not name the meeting: record it by hand.")
    start, end = _date(data.get("start_date")), _date(data.get("end_date"))
    if not review.as_new:
        match = meeting_match(data)
        if match is not None:
            return match.record
    organizer = None
    if data.get("organizer"):
        organizer = Organization.objects.filter(
            Q(name__iexact=data["organizer"]) | Q(acronym__iexact=data["organizer"])
        ).first()
    lowered = name.lower()
    kind = next((kind for word, kind in MEETING_KINDS if word in lowered), MeetingKind.OTHER)
    last_day = end or start
    return Meeting.objects.create(
        title=name,
        kind=kind,
        start_date=start,
        end_date=end,
        date_precision=data.get("precision") or DatePrecision.DAY,
        dates_as_stated=one_line(proposal.matched_text)[:200],
        venue=one_line(data.get("venue") or "")[:300],
        organizer=organizer,
        status=MeetingStatus.HELD if last_day and last_day < secretariat_today() else MeetingStatus.PLANNED,
    )


def _accept_organization(proposal: Proposal) -> Organization:
    data = proposal.data
    if data.get("key"):
        return Organization.objects.get(pk=int(data["key"]))
    name, acronym = one_line(data.get("name") or "")[:300], one_line(data.get("acronym") or "")[:40]
    existing = Organization.objects.filter(
        Q(name__iexact=name, parent__isnull=True) | (Q(acronym__iexact=acronym) if acronym else Q(pk__in=[]))
    ).first()
    if existing is not None:
        return existing
    return Organization.objects.create(name=name, acronym=acronym, category=OrganizationCategory.OTHER)


def _accept_symbol(proposal: Proposal) -> Document:
    symbol = one_line(proposal.data["symbol"])[:120]
    document = Document.objects.filter(symbol__iexact=symbol).first()
    return document or Document.objects.create(symbol=symbol)


# --- Operative paragraphs and the actions they ask for -------------------------------------------------


@dataclass(frozen=True)
class _Review:
    """Who accepts, and when: what is accepted along with a proposal is accepted by them too. What the
    reviewer chose on the proposal's page (a lead organization, a new record rather than the one recorded
    already) holds for that proposal only (``along``)."""

    by: object
    now: dt.datetime
    lead: Organization | None = None
    as_new: bool = False

    @property
    def along(self) -> _Review:
        return _Review(by=self.by, now=self.now)


def _siblings(proposal: Proposal, kind: str):
    """Proposals of ``kind`` read from the same document (any copy of it), locked."""
    return (
        Proposal.objects.select_for_update()
        .filter(ingested__document_id=proposal.ingested.document_id, kind=kind)
        .order_by("pk")
    )


def _mandate_read(proposal: Proposal, review: _Review) -> Mandate:
    """The mandate a paragraph or an action belongs to: the resolution the document is, recorded now from
    its own proposal if it was not yet; else a resolution already recorded (one the document cites)."""
    number = proposal.data.get("mandate")
    if not number:
        raise DomainError("The text does not say which resolution asks for this: record it by hand.")
    own = next(
        (p for p in _siblings(proposal, ProposalKind.MANDATE) if p.data.get("number") == number
         and p.data.get("role") == "this_document" and p.status != ProposalStatus.REJECTED),
        None,
    )  # fmt: skip
    if own is not None and own.status == ProposalStatus.PENDING:
        return _accept_locked(own, review.along)
    if own is not None and own.record_id:
        recorded = Mandate.objects.filter(pk=own.record_id).first()
        if recorded is not None:
            return recorded
    mandate = Mandate.objects.filter(number=number).order_by("pk").first()
    if mandate is None:
        raise DomainError(f"Resolution {number} is not recorded: accept its proposal first.")
    return mandate


def _accept_paragraph(proposal: Proposal, review: _Review) -> OperativeParagraph:
    data = proposal.data
    mandate = _mandate_read(proposal, review)
    number = one_line(str(data.get("number") or proposal.paragraph))[:20]
    paragraph = OperativeParagraph.objects.filter(mandate=mandate, number=number).first()
    paragraph = paragraph or OperativeParagraph(mandate=mandate, number=number)
    paragraph.position = max(int(data.get("position") or 0), 0)
    paragraph.text = data.get("text") or proposal.matched_text
    paragraph.verb = one_line(data.get("verb") or "")[:60]
    paragraph.addressee = one_line(data.get("addressee") or "")[:300]
    kind = data.get("kind")
    paragraph.kind = kind if kind in ParagraphKind.values else ParagraphKind.OTHER
    paragraph.save()
    # What was accepted from the paragraph before the paragraph itself points to it now.
    accepted = [
        p for p in Proposal.objects.filter(
            ingested__document_id=proposal.ingested.document_id,
            paragraph=proposal.paragraph,
            status=ProposalStatus.ACCEPTED,
            kind__in=[ProposalKind.OBLIGATION, ProposalKind.ACTION, ProposalKind.MEETING],
        ).order_by("pk")
        if p.record_id
    ]  # fmt: skip
    for sibling in accepted:
        record = sibling.record
        if record is not None:
            _link(record, paragraph)
    return paragraph


def _lead(data: dict) -> Organization | None:
    """The organization an action's request names, as the registry holds it (by the key the reader
    matched, else by name or acronym); None where the request names nobody of the registry."""
    key, name = str(data.get("key") or ""), data.get("lead_organization")
    if key.isdigit():
        found = Organization.objects.filter(pk=int(key)).first()
        if found is not None:
            return found
    if not name and not data.get("acronym"):
        return None
    return _organization(name or data.get("acronym"), what="organization leads it")


def _accept_action(proposal: Proposal, review: _Review) -> FollowUpAction:
    """The action of the resolution recorded already (``ingest.matching``: a title alike, the same lead or
    none named), unless the reviewer asks for a new one; else a new action, which needs a lead organization
    of the registry: the one the text names, or the one the reviewer chooses."""
    data = proposal.data
    mandate = _mandate_read(proposal, review)
    lead = review.lead or _lead(data)
    title = one_line(data.get("title") or proposal.matched_text)[:400]
    if not review.as_new:
        match = action_match(data, mandate, lead.pk if lead else None)
        if match is not None:
            return match.record
    if lead is None:
        asked = one_line(data.get("addressee") or "") or "nobody"
        raise DomainError(
            {
                "lead_organization": f"The text asks “{asked}”, no organization of the registry: open the proposal, "
                "choose the lead organization and accept it there (or reject it)."
            }
        )
    recurrence = data.get("recurrence")
    action = FollowUpAction(
        title=title,
        description=proposal.matched_text[:2000],
        origin_mandate=mandate,
        lead_organization=lead,
        recurrence=recurrence if recurrence in Recurrence.values else Recurrence.NONE,
    )
    if data.get("target_session"):
        body = _organization(data.get("target_body") or mandate.body.name, what="body's session it is due at")
        action.due_precision, action.due_session = DatePrecision.SESSION, _session(body, data["target_session"])
    elif data.get("due_date"):
        action.due_precision, action.due_date = data.get("due_precision") or DatePrecision.DAY, _date(data["due_date"])
    if action.due_precision:
        action.due_as_stated = one_line(data.get("due_as_stated") or proposal.matched_text)[:200]
    action.save()
    return action


def _link(record, paragraph: OperativeParagraph) -> None:
    """Point what a paragraph became at it: an obligation, an action, or the meeting it convenes."""
    if isinstance(record, ReportingObligation) and record.paragraph_id is None:
        record.paragraph = paragraph
        record.save(update_fields=["paragraph", "updated_at"])
    elif isinstance(record, FollowUpAction) and record.origin_paragraph_id is None:
        record.origin_paragraph = paragraph
        record.save(update_fields=["origin_paragraph", "updated_at"])
    elif isinstance(record, Meeting) and paragraph.kind == ParagraphKind.MEETING and paragraph.meeting_id is None:
        paragraph.meeting = record
        paragraph.save(update_fields=["meeting"])


def _paragraph_read(proposal: Proposal, review: _Review) -> OperativeParagraph | None:
    """The operative paragraph a proposal was read from, recorded (with its mandate) if it was not yet;
    None when the document proposed no such paragraph, the reviewer rejected it, or it cannot be
    recorded yet (its resolution's body is not in the registry ...): the record is kept, unlinked."""
    sibling = next((p for p in _siblings(proposal, ProposalKind.PARAGRAPH) if p.paragraph == proposal.paragraph), None)
    if sibling is None or sibling.status == ProposalStatus.REJECTED:
        return None
    if sibling.status == ProposalStatus.ACCEPTED:
        return OperativeParagraph.objects.filter(pk=sibling.record_id).first() if sibling.record_id else None
    try:
        with transaction.atomic():
            return _accept_locked(sibling, review.along)
    except ValidationError:
        return None


def _follow_up(proposal: Proposal, record, review: _Review) -> None:
    """What accepting a proposal also does: the resolution read names its document; an obligation or an
    action gets a responsible officer (the reviewer, when it has none) and, with a meeting, points to
    the operative paragraph it was read from."""
    if proposal.kind == ProposalKind.MANDATE:
        if proposal.data.get("role") == "this_document" and record.document_id is None:
            record.document = proposal.ingested.document
            record.save(update_fields=["document", "updated_at"])
        return
    if proposal.kind not in (ProposalKind.OBLIGATION, ProposalKind.ACTION, ProposalKind.MEETING):
        return
    if not isinstance(record, Meeting) and record.responsible_officer_id is None and review.by is not None:
        record.responsible_officer = review.by
        record.save(update_fields=["responsible_officer", "updated_at"])
    paragraph = _paragraph_read(proposal, review)
    if paragraph is not None:
        _link(record, paragraph)


ACCEPT = {
    ProposalKind.MANDATE: _accept_mandate,
    ProposalKind.OBLIGATION: _accept_obligation,
    ProposalKind.ORGANIZATION: _accept_organization,
    ProposalKind.SYMBOL: _accept_symbol,
}
# Those that accept what they depend on along with them (a paragraph its resolution), as the reviewer.
# Those the reviewer can direct (the action's lead organization; a new record rather than one recorded already).
ACCEPT_REVIEWED = {
    ProposalKind.PARAGRAPH: _accept_paragraph,
    ProposalKind.ACTION: _accept_action,
    ProposalKind.MEETING: _accept_meeting,
}


def _locked_pending(proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("ingested__document").get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise WrongState(f"This proposal is already {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def proposal_accept(
    *,
    proposal: Proposal,
    by,
    now: dt.datetime | None = None,
    lead: Organization | None = None,
    as_new: bool = False,
):
    """Create or update the record the proposal describes, with provenance; return the record.

    An operative paragraph is recorded under its resolution (recorded along with it when the document is
    that resolution); an obligation, an action or a meeting read from an operative paragraph records the
    paragraph too and points to it; an obligation or an action without a responsible officer gets the
    reviewer (``by``), so that its reminders reach someone.

    A meeting or an action recorded already (``ingest.matching``) is the record, linked to the paragraph
    and given the provenance, unless ``as_new``: then a new one is made. ``lead``: the organization that
    leads an action, chosen by the reviewer (an action is not made without one)."""
    locked = _locked_pending(proposal)
    if lead is not None and locked.kind != ProposalKind.ACTION:
        raise DomainError({"lead_organization": "Only a follow-up action has a lead organization."})
    return _accept_locked(locked, _Review(by=by, now=now or timezone.now(), lead=lead, as_new=as_new))


@dataclass(frozen=True)
class BatchAccepted:
    """What accepting a selection did: ``accepted`` as selected; ``along``, accepted with another proposal
    of the selection (a paragraph with the action read from it, a resolution with its paragraph) before
    their turn came; ``refused``, each with the reason."""

    accepted: list[Proposal]
    along: list[Proposal]
    refused: list[tuple[Proposal, str]]


def proposals_accept(*, proposals, by, now: dt.datetime | None = None) -> BatchAccepted:
    """Accept each proposal in its own transaction, as ``proposal_accept`` does one."""
    now = now or timezone.now()
    accepted, along, refused = [], [], []
    for proposal in proposals:
        try:
            proposal_accept(proposal=proposal, by=by, now=now)
        except WrongState as error:
            current = Proposal.objects.filter(pk=proposal.pk).values_list("status", "decided_at").first()
            if current == (ProposalStatus.ACCEPTED, now):
                along.append(proposal)
            else:
                refused.append((proposal, " ".join(error.messages)))
        except ValidationError as error:
            refused.append((proposal, " ".join(error.messages)))
        else:
            accepted.append(proposal)
    return BatchAccepted(accepted=accepted, along=along, refused=refused)


def _accept_locked(proposal: Proposal, review: _Review):
    """Accept a pending proposal the caller holds locked (``_locked_pending``)."""
    if proposal.kind in ACCEPT_REVIEWED:
        record = ACCEPT_REVIEWED[proposal.kind](proposal, review)
    else:
        record = ACCEPT[proposal.kind](proposal)
    Provenance.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        document=proposal.ingested.document,
        paragraph=one_line(proposal.paragraph) or "?",
        field=f"ingest:{proposal.kind}",
        value_as_stated=proposal.matched_text[:5000],
    )
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by, proposal.decided_at = review.by, review.now
    proposal.record = record
    proposal.save()
    _follow_up(proposal, record, review)
    return record


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by, reason: str, now: dt.datetime | None = None) -> Proposal:
    if not reason.strip():
        raise DomainError({"reason": "Say why the proposal is wrong: the next reader learns from it."})
    proposal = _locked_pending(proposal)
    proposal.status = ProposalStatus.REJECTED
    proposal.reject_reason = reason.strip()
    proposal.decided_by, proposal.decided_at = by, now or timezone.now()
    proposal.save()
    return proposal
