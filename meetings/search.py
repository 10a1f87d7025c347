"""Searching documents by symbol and title (selectors; core/search.py, docs/decisions/0018-registry-search.md)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from core.search import fallback_headline, headlines, is_postgresql, marked, ranked

from .models import Document

DOCUMENT_FIELDS = ("symbol", "title")


def documents_matching(queryset: models.QuerySet[Document], *, q: str) -> models.QuerySet[Document]:
    """The documents of ``queryset`` whose symbol or title matches ``q``, best first."""
    return ranked(queryset, q, fallback_fields=DOCUMENT_FIELDS)


def document_excerpts(documents: Sequence[Document], *, q: str) -> dict[int, str]:
    """For each document of the page, its symbol and title with the matches in <mark> (HTML). One query."""
    if not documents:
        return {}
    if is_postgresql():
        source = Concat(F("symbol"), Value(" "), F("title"), output_field=models.TextField())
        found = headlines(Document.objects.filter(pk__in=[d.pk for d in documents]), source, q)
    else:
        found = {d.pk: fallback_headline(f"{d.symbol} {d.title}".strip(), q) for d in documents}
    return {pk: marked(text) for pk, text in found.items()}
