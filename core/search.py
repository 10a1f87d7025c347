"""Full-text search of the registry, generic part (docs/decisions/0018-registry-search.md).

On PostgreSQL a record's ``search_vector`` column is kept up to date by triggers (installed by the
migrations with ``RunSQLOnPostgreSQL``) and indexed with GIN (``SearchIndex``); a search is
``websearch_to_tsquery('english', q)`` (so "a phrase", -word and OR work as in a web search engine),
ranked with ``ts_rank``, and the excerpts are ``ts_headline`` for the rows of the page shown only.
On SQLite (the quick start) the column stays empty and the same search is a plain fallback: each
word or "phrase" found in one of the fields (icontains), -word found in none, in the default order,
with excerpts cut around the first word found. Both give the same shapes to the admin and the API.

Excerpts are HTML: the record's text escaped, each match in ``<mark>...</mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection, migrations, models
from django.db.models import F, Q, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# ts_headline's selection marks: characters no record holds (private use), replaced by <mark> once the
# text around them is escaped.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 30,
    "min_words": 12,
    "max_fragments": 2,
    "fragment_delimiter": " \u2026 ",
}
EXCERPT_CHARACTERS = 220


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- Schema: the index and the triggers -----------------------------------------------------------


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL (a search vector's, or a text's trigram index with
    ``opclasses=["gin_trgm_ops"]``); elsewhere a plain index on the same column, which SQLite can
    build (GIN and operator classes are PostgreSQL's) and nothing uses."""

    def _plain(self) -> models.Index:
        return models.Index(fields=self.fields, name=self.name)

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self._plain().create_sql(model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self._plain().remove_sql(model, schema_editor, **kwargs)
        return super().remove_sql(model, schema_editor, **kwargs)


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL on PostgreSQL, nothing elsewhere (the triggers that keep search vectors up to date)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return "Raw SQL operation on PostgreSQL"


# --- Reading the query -----------------------------------------------------------------------------


def cleaned_query(raw: str) -> str:
    """The search text as given, trimmed; refused when too long (the admin and the API say so)."""
    text = raw.replace("\x00", " ").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    return text


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


@dataclass
class Alternative:
    """One side of an OR: words and phrases all found, excluded ones not found."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def alternatives(text: str) -> list[Alternative]:
    """The fallback's reading of a web-search query: ``remittances "report on" -ageing OR diaspora``."""
    result = [Alternative()]
    for match in TOKEN.finditer(text):
        negated, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            if result[-1].required or result[-1].excluded:
                result.append(Alternative())
            continue
        if word is not None:
            negated, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        term = " ".join(phrase.split())
        if term:
            (result[-1].excluded if negated else result[-1].required).append(term)
    return [a for a in result if a.required]


def _found_in(model: type[models.Model], term: str, fields: Sequence[str]) -> Q:
    """The records of ``model`` with ``term`` in one of ``fields``, as a condition on the primary key (a
    subquery: across a relation, "not found" then means in none of the related rows)."""
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": term})
    return Q(pk__in=model._default_manager.filter(found).values("pk"))


def fallback_condition(model: type[models.Model], text: str, fields: Sequence[str]) -> Q | None:
    """The fallback's condition (None: nothing can match)."""
    condition = None
    for alternative in alternatives(text):
        this = Q()
        for term in alternative.required:
            this &= _found_in(model, term, fields)
        for term in alternative.excluded:
            this &= ~_found_in(model, term, fields)
        condition = this if condition is None else condition | this
    return condition


# --- Ranked results ----------------------------------------------------------------------------------


def ranked(
    queryset: models.QuerySet, text: str, *, fallback_fields: Sequence[str], vector: str = "search_vector"
) -> models.QuerySet:
    """The records matching ``text``, best first, ``search_rank`` annotated (0 on the fallback, whose
    order is the queryset's). The fallback matches each term through a subquery on the primary key, so
    fields across a relation (``paragraphs__text``) give each record once."""
    if is_postgresql():
        query = search_query(text)
        return (
            queryset.filter(**{vector: query})
            .annotate(search_rank=SearchRank(F(vector), query))
            .order_by("-search_rank", "pk")
        )
    condition = fallback_condition(queryset.model, text, fallback_fields)
    if condition is None:
        return queryset.none().annotate(search_rank=Value(0.0))
    return queryset.filter(condition).annotate(search_rank=Value(0.0))


def rank_expression(text: str, vector: str = "search_vector"):
    """``ts_rank`` of a record's vector against ``text`` (0 on the fallback), to annotate and order by."""
    if is_postgresql():
        return SearchRank(F(vector), search_query(text))
    return Value(0.0, output_field=models.FloatField())


# --- Excerpts ----------------------------------------------------------------------------------------


def marked(headline: str) -> SafeString:
    """A headline (``START``/``STOP`` around the matches) as HTML: escaped, matches in <mark>."""
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 -- escaped


def _words(text: str) -> list[str]:
    terms = []
    for alternative in alternatives(text):
        terms += alternative.required
    return sorted(set(terms), key=len, reverse=True)


def fallback_headline(source: str, text: str) -> str:
    """The fallback's excerpt of ``source``: about ``EXCERPT_CHARACTERS`` around the first term found,
    every term found marked (as ts_headline marks them)."""
    terms = _words(text)
    if not terms:
        return source[:EXCERPT_CHARACTERS]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(source)
    start = 0 if first is None else max(0, first.start() - EXCERPT_CHARACTERS // 3)
    if start:
        start = source.find(" ", start) + 1 or start
    end = min(len(source), start + EXCERPT_CHARACTERS)
    if end < len(source):
        end = source.rfind(" ", start, end) if " " in source[start:end] else end
    window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", source[start:end])
    return ("\u2026 " if start else "") + window + (" \u2026" if end < len(source) else "")


def first_matching(texts: Iterable[str], text: str) -> str | None:
    """The first of ``texts`` holding one of the query's terms (the fallback's choice of paragraph)."""
    terms = [t.lower() for t in _words(text)]
    for candidate in texts:
        lowered = candidate.lower()
        if any(term in lowered for term in terms):
            return candidate
    return None


def headlines(queryset: models.QuerySet, source, text: str) -> dict[int, str]:
    """ts_headline of ``source`` (an expression over ``queryset``'s rows) for each row, in one query:
    call it with the page's rows only (``pk__in``), never the whole result."""
    headline = SearchHeadline(source, search_query(text), config=CONFIG, **HEADLINE_OPTIONS)
    return dict(queryset.annotate(search_headline=headline).values_list("pk", "search_headline"))
