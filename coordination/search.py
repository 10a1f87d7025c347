"""Searching the registry (selectors): mandates and their operative paragraphs, ranked, with excerpts
for the page shown, and the existing requests most like a new one.

"Which resolutions ask for a report on remittances?" is a search of the mandates (their number and
title weigh more than their paragraphs' text); "does this new request repeat an old one?" is
``similar_paragraphs``. See core/search.py for the generic part and docs/decisions/0018-registry-search.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, models, transaction
from django.db.models import F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf

from core.search import (
    fallback_headline,
    first_matching,
    headlines,
    is_postgresql,
    marked,
    ranked,
    search_query,
)

from .models import Mandate, OperativeParagraph

MANDATE_FIELDS = ("number", "title", "paragraphs__text")
PARAGRAPH_FIELDS = ("text", "addressee", "verb", "mandate__number", "mandate__title")
SEPARATOR = " \u2026 "
EXCERPT_PARAGRAPHS = 2

Key = TypeVar("Key")


# --- Search ------------------------------------------------------------------------------------------


def mandates_matching(queryset: models.QuerySet[Mandate], *, q: str) -> models.QuerySet[Mandate]:
    """The mandates of ``queryset`` matching ``q``, best first (``search_rank``): number and title
    weigh more than the paragraphs' text."""
    return ranked(queryset, q, fallback_fields=MANDATE_FIELDS)


def paragraphs_matching(
    queryset: models.QuerySet[OperativeParagraph], *, q: str
) -> models.QuerySet[OperativeParagraph]:
    """The operative paragraphs of ``queryset`` whose text matches ``q``, best first."""
    return ranked(queryset, q, fallback_fields=PARAGRAPH_FIELDS)


def mandate_excerpts(mandates: Sequence[Mandate], *, q: str) -> dict[int, str]:
    """For each mandate of the page, the passages of its paragraphs that match ``q``, matches in
    <mark> (HTML, escaped): the paragraphs that match the whole query, else the whole mandate.
    One query, for these mandates only."""
    ids = [m.pk for m in mandates]
    if not ids:
        return {}
    if is_postgresql():
        paragraphs = OperativeParagraph.objects.filter(mandate=OuterRef("pk")).order_by("position")
        # The first paragraphs that match (ts_headline reads all it is given: two are enough to quote from).
        quoted = paragraphs.filter(search_vector=search_query(q)).values("text")[:EXCERPT_PARAGRAPHS]
        every = (
            paragraphs.order_by()
            .values("mandate")
            .annotate(joined=StringAgg("text", SEPARATOR, order_by="position"))
            .values("joined")
        )
        text = models.TextField()
        matching = NullIf(
            Func(ArraySubquery(quoted), Value(SEPARATOR), function="array_to_string", output_field=text),
            Value(""),
        )
        source = Coalesce(
            matching,
            Concat(
                F("title"),
                Value(SEPARATOR),
                Coalesce(Subquery(every, output_field=text), Value(""), output_field=text),
                output_field=text,
            ),
            output_field=text,
        )
        found = headlines(Mandate.objects.filter(pk__in=ids), source, q)
    else:
        texts: dict[int, list[str]] = {pk: [] for pk in ids}
        for mandate_id, text in OperativeParagraph.objects.filter(mandate__in=ids).values_list("mandate", "text"):
            texts[mandate_id].append(text)
        found = {m.pk: fallback_headline(first_matching([m.title, *texts[m.pk]], q) or m.title, q) for m in mandates}
    return {pk: marked(text) for pk, text in found.items()}


def paragraph_excerpts(paragraphs: Sequence[OperativeParagraph], *, q: str) -> dict[int, str]:
    """For each paragraph of the page, the passages of its text that match ``q`` (HTML). One query."""
    if not paragraphs:
        return {}
    if is_postgresql():
        found = headlines(OperativeParagraph.objects.filter(pk__in=[p.pk for p in paragraphs]), F("text"), q)
    else:
        found = {p.pk: fallback_headline(p.text, q) for p in paragraphs}
    return {pk: marked(text) for pk, text in found.items()}


def attach_excerpts(records: Sequence[models.Model], excerpts: Mapping[int, str]) -> None:
    """Set ``search_excerpt`` on each record (what the API's ``excerpt`` and the admin's column read)."""
    for record in records:
        record.search_excerpt = excerpts.get(record.pk)


# --- Similar requests --------------------------------------------------------------------------------

# The drafting that every request shares ("Requests the Secretary-General to submit to the General
# Assembly at its sixtieth session a report on ..."): left out before two requests are compared, so that
# what they ask about decides. The PostgreSQL function coordination_request_subject (migration 0019) leaves
# out the same words, stemmed.
DRAFTING_WORDS = frozenset(
    (
        "a", "about", "account", "agenda", "all", "also", "an", "and", "annual", "appreciation", "as", "assembly",
        "at", "be", "biennial", "by", "call", "calls", "commission", "community", "consideration", "continue",
        "continues", "council", "decides", "decision", "efforts", "encourages", "entitled", "existing", "for",
        "from", "further", "general", "governments", "implementation", "importance", "in", "including",
        "international", "into", "invites", "is", "item", "its", "member", "nations", "note", "notes", "of", "on",
        "or", "organizations", "particular", "prepare", "present", "provisional", "reaffirms", "recalls",
        "recognizes", "report", "reports", "request", "requested", "requests", "resolution", "resources",
        "secretary-general", "session", "states", "stresses", "study", "submit", "support", "system", "takes",
        "taking", "that", "the", "their", "this", "through", "to", "united", "upon", "urges", "welcomes", "with",
        "within", "year", "years",
    )
)  # fmt: skip
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINAL_WORDS = frozenset(
    [*_UNITS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", *_TENS, *(t[:-1] + "ieth" for t in _TENS),
     *(f"{t}-{u}" for t in _TENS for u in _UNITS)]
)  # fmt: skip
WORD = re.compile(r"[\w-]+")


def request_subject(text: str) -> str:
    """What a request asks about, as the fallback compares it: its words less the drafting, in order."""
    words = WORD.findall(text.lower())
    return " ".join(sorted({w for w in words if w not in DRAFTING_WORDS | ORDINAL_WORDS and not w[0].isdigit()}))


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    found = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        found |= {padded[i : i + 3] for i in range(len(padded) - 2)}
    return found


def trigram_similarity(first: str, second: str) -> float:
    a, b = _trigrams(first), _trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class SimilarParagraph:
    paragraph: OperativeParagraph
    similarity: float


# Near-duplicates among the distinct subjects first (many paragraphs share one: pg_trgm's index rechecks
# each candidate, and a common subject has thousands of paragraphs), then their paragraphs; the subjects
# and their index are the migration's (0019), unknown to Django.
SIMILAR_SQL = """
WITH c AS MATERIALIZED (  -- each text's subject computed once, not again for every candidate
    SELECT key, exclude_id, coordination_request_subject(text) AS subject
    FROM unnest(%(keys)s::text[], %(texts)s::text[], %(excluded)s::bigint[]) AS u(key, text, exclude_id)
)
SELECT c.key, p.id, s.similarity
FROM c
CROSS JOIN LATERAL (
    SELECT s.subject, similarity(s.subject, c.subject) AS similarity
    FROM coordination_request_subjects s
    WHERE s.subject %% c.subject
    ORDER BY 2 DESC, s.subject
    LIMIT %(subjects)s
) s
CROSS JOIN LATERAL (
    SELECT p.id FROM coordination_operativeparagraph p
    WHERE p.request_subject = s.subject AND p.id IS DISTINCT FROM c.exclude_id
    ORDER BY p.id
    LIMIT %(limit)s
) p
"""


def similar_paragraphs_for(
    texts: Mapping[Key, str], *, exclude: Mapping[Key, int | None] | None = None, limit: int = 5
) -> dict[Key, list[SimilarParagraph]]:
    """For each text (a request proposed or entered), the existing operative paragraphs most like it,
    most similar first, at least ``settings.DUPLICATE_SIMILARITY_THRESHOLD`` alike (pg_trgm's trigram
    similarity of what they ask about, 0 to 1), at most ``limit`` each; ``exclude`` names a paragraph
    not to compare a text with (itself). A fixed number of queries for any number of texts."""
    exclude = exclude or {}
    threshold = float(settings.DUPLICATE_SIMILARITY_THRESHOLD)
    keys = [key for key, text in texts.items() if text and text.strip()]
    found: dict[Key, list[tuple[int, float]]] = {key: [] for key in texts}
    if keys and is_postgresql():
        with transaction.atomic(), connection.cursor() as cursor:
            # pg_trgm's % operator (what its index answers) takes this threshold, for this transaction only.
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
            cursor.execute(
                SIMILAR_SQL,
                {
                    "keys": [str(i) for i in range(len(keys))],
                    "texts": [texts[k] for k in keys],
                    "excluded": [exclude.get(k) for k in keys],
                    "subjects": 2 * limit,
                    "limit": limit,
                },
            )
            for index, paragraph_id, similarity in cursor.fetchall():
                found[keys[int(index)]].append((paragraph_id, float(similarity)))
        for key in keys:
            found[key] = sorted(found[key], key=lambda row: (-row[1], row[0]))[:limit]
    elif keys:
        subjects = {key: request_subject(texts[key]) for key in keys}
        for paragraph_id, text in OperativeParagraph.objects.values_list("pk", "text").iterator():
            subject = request_subject(text)
            for key in keys:
                if paragraph_id == exclude.get(key):
                    continue
                similarity = trigram_similarity(subject, subjects[key])
                if similarity >= threshold:
                    found[key].append((paragraph_id, similarity))
        for key in keys:
            found[key] = sorted(found[key], key=lambda row: (-row[1], row[0]))[:limit]
    ids = {paragraph_id for rows in found.values() for paragraph_id, _ in rows}
    paragraphs = OperativeParagraph.objects.select_related("mandate__body").in_bulk(ids) if ids else {}
    return {
        key: [SimilarParagraph(paragraphs[pid], round(similarity, 2)) for pid, similarity in rows if pid in paragraphs]
        for key, rows in found.items()
    }


def similar_paragraphs(text: str, *, exclude: int | None = None, limit: int = 5) -> list[SimilarParagraph]:
    """The existing operative paragraphs most like ``text`` (see ``similar_paragraphs_for``)."""
    return similar_paragraphs_for({0: text}, exclude={0: exclude}, limit=limit)[0]
