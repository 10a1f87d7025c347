"""A rule-based reader of UN document texts: resolutions, reports of the Secretary-General,
meeting reports. It proposes records (mandates, reporting obligations, meetings, organizations,
document symbols) as plain data for a person to review; it touches no database and no model.

    from ingest.reader import OrganizationIndex, read_document
    index = OrganizationIndex((o.key, o.acronym, o.name, o.other_names) for o in registry)
    result = read_document(text, index)
    result.header.symbol, [p.key for p in result.paragraphs], result.proposals

Modules, one concern each: ``text`` (repairs, sentences), ``paragraphs`` (splitting),
``header``, ``ordinals``, ``dates``, ``bodies`` (which body "its" or "the Commission" is),
``references`` (resolutions, decisions, symbols), ``requests`` (obligations), ``meetings``
(with ``meeting_names`` and ``meeting_details``: venue, organizer), ``organizations``,
``reader`` (ties them together, de-duplicates), ``records`` (what is returned).
"""

from .organizations import OrganizationIndex, OrganizationMatch
from .paragraphs import split_paragraphs
from .reader import read_document
from .records import DocumentHeader, Paragraph, Proposal, ReadResult

__all__ = [
    "DocumentHeader",
    "OrganizationIndex",
    "OrganizationMatch",
    "Paragraph",
    "Proposal",
    "ReadResult",
    "read_document",
    "split_paragraphs",
]
