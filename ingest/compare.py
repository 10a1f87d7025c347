"""How a run of the reader over a document compares with the records already held from it (the
seed data, with its provenance): for information, in docs/ingest.md. Matches by kind: a
resolution by body and number, a meeting by start date and name, an obligation by mandate and
target session, an organization by the registry entry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from agencies.models import Organization
from coordination.models import Mandate, Provenance, ReportingObligation
from meetings.models import Document, Meeting

from .reader.records import ReadResult

_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "of", "on", "and", "for", "in", "a", "an", "to"}


@dataclass(frozen=True)
class KindComparison:
    kind: str
    held: int  # records held from the document
    proposed: int  # proposals of the kind
    found: int  # held records a proposal matches


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall((text or "").lower()) if word not in _STOP}


def _same_meeting(title: str, name: str) -> bool:
    held, read = _words(title), _words(name)
    return bool(held and read) and len(held & read) / min(len(held), len(read)) >= 0.5


def compare(result: ReadResult, document: Document) -> list[KindComparison]:
    held_ids: dict[str, set[int]] = {}
    for content_type_id, object_id in Provenance.objects.filter(document=document).values_list(
        "content_type_id", "object_id"
    ):
        held_ids.setdefault(ContentType.objects.get_for_id(content_type_id).model, set()).add(object_id)
    kinds = ("mandate", "obligation", "meeting", "organization")
    proposals = {kind: [p.data for p in result.proposals if p.kind == kind] for kind in kinds}
    rows = []

    mandates = Mandate.objects.filter(pk__in=held_ids.get("mandate", ())).select_related("body")
    read = {(d.get("body"), d.get("number")) for d in proposals["mandate"]}
    found = sum(1 for m in mandates if (m.body.name, m.number) in read)
    rows.append(KindComparison("resolution or decision", len(mandates), len(proposals["mandate"]), found))

    obligations = ReportingObligation.objects.filter(pk__in=held_ids.get("reportingobligation", ())).select_related(
        "mandate", "due_session"
    )
    read = {(d.get("mandate"), d.get("target_session")) for d in proposals["obligation"]}
    found = sum(1 for o in obligations if (o.mandate.number, o.due_session.number if o.due_session else None) in read)
    rows.append(KindComparison("reporting obligation", len(obligations), len(proposals["obligation"]), found))

    meetings = Meeting.objects.filter(pk__in=held_ids.get("meeting", ()), start_date__isnull=False)
    found = sum(
        1
        for m in meetings
        if any(
            d.get("start_date") == m.start_date.isoformat() and _same_meeting(m.title, d.get("name"))
            for d in proposals["meeting"]
        )
    )
    rows.append(KindComparison("meeting (dated)", len(meetings), len(proposals["meeting"]), found))

    organizations = Organization.objects.filter(pk__in=held_ids.get("organization", ()))
    read = {d.get("key") for d in proposals["organization"]}
    found = sum(1 for o in organizations if str(o.pk) in read)
    rows.append(KindComparison("organization", len(organizations), len(proposals["organization"]), found))
    return rows
