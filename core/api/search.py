"""``?q=``: the registry's ranked full-text search in the API (core/search.py; docs/api.md, "Searching the
registry"). A list that offers it declares two selectors: ``search_selector(queryset, q=...)`` (the
records matching, best first) and ``excerpt_selector(records, q=...)`` (the excerpts of the page's rows,
computed after pagination: never for the whole result)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page
from django.db import connection
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from core.search import MAX_QUERY_LENGTH, cleaned_query, is_postgresql

QUERY_PARAMETER = "q"


def search_text(request) -> str:
    """The ``?q=`` of a request, cleaned ('' for none); a 400 naming ``q`` when too long."""
    try:
        return cleaned_query(request.query_params.get(QUERY_PARAMETER, ""))
    except DjangoValidationError as error:
        raise ValidationError({QUERY_PARAMETER: error.messages}) from None


class RankedSearchFilter(BaseFilterBackend):
    """Keeps the records matching ``?q=``, best first (unless ``?ordering=`` asks for another order)."""

    def filter_queryset(self, request, queryset, view):
        text = search_text(request)
        if not text:
            return queryset
        found = type(view).search_selector(queryset, q=text)
        if request.query_params.get(api_settings.ORDERING_PARAM, "").strip():
            return found.order_by(*queryset.query.order_by)
        return found

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": QUERY_PARAMETER,
                "required": False,
                "in": "query",
                "description": (
                    'Full-text search, ranked: words, "a phrase", -word to leave out, or. The results come '
                    "best first (unless ordering= is given), each with an excerpt."
                ),
                "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            }
        ]


class RankedSearchMixin:
    """A list with ``?q=``: the filter backend after the others (so that its rank orders the results),
    and the excerpts of the page's rows set on them (``search_excerpt``) once the page is cut."""

    filter_backends = [*api_settings.DEFAULT_FILTER_BACKENDS, RankedSearchFilter]
    search_selector = None
    excerpt_selector = None

    def paginate_queryset(self, queryset):
        text = search_text(self.request)
        if (
            text
            and is_postgresql()
            and queryset.query.order_by == ("-search_rank", "pk")
            and isinstance(self.paginator, PageNumberPagination)
        ):
            page = self._search_page(queryset)
        else:
            page = super().paginate_queryset(queryset)
        if page is not None and text:
            excerpts = type(self).excerpt_selector(page, q=text)
            for record in page:
                record.search_excerpt = excerpts.get(record.pk)
        return page

    def _search_page(self, queryset) -> list:
        """A page of ranked results and their number from one scan (PostgreSQL): the keys and ranks of every
        match, counted with ``COUNT(*) OVER ()`` and sorted, then the page's rows read by key. The paginator
        counts first and sorts the whole rows after, matching every row twice (a common word: 22,000 of
        40,000 mandates). The same answer as the paginator's, the same 404 for a page that is not there."""
        paginator = self.paginator
        paginator.request = self.request
        size = paginator.get_page_size(self.request)
        raw = self.request.query_params.get(paginator.page_query_param, "").strip() or "1"
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        if number < 1:
            raise NotFound(paginator.invalid_page_message.format(page_number=raw, message="not a page number"))
        inner, params = queryset.order_by().values_list("pk", "search_rank").query.sql_with_params()
        with connection.cursor() as cursor:
            # OFFSET 0 keeps the rank computed in the scan, below the count: the vectors never reach the sort.
            cursor.execute(
                f"SELECT key, rank, count(*) OVER () FROM ({inner} OFFSET 0) AS matches(key, rank) "  # noqa: S608
                "ORDER BY rank DESC, key LIMIT %s OFFSET %s",
                [*params, size, (number - 1) * size],
            )
            found = cursor.fetchall()
        if not found and number > 1:
            raise NotFound(paginator.invalid_page_message.format(page_number=raw, message="no results there"))
        by_key = queryset.order_by().in_bulk([key for key, _, _ in found])
        rows = [by_key[key] for key, _, _ in found]
        counted = paginator.django_paginator_class(queryset, size)
        counted.count = found[0][2] if found else 0  # known from the page's query
        paginator.page = Page(rows, number, counted)
        paginator.display_page_controls = paginator.template is not None and counted.num_pages > 1
        return rows


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class ExcerptField(serializers.ReadOnlyField):
    """The passages of the record that match ``?q=`` (HTML: the text escaped, each match in
    ``<mark>``); null without ``?q=``."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault(
            "help_text",
            "With ?q=: the passages that match, as HTML (text escaped, matches in <mark>); null otherwise.",
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        excerpt = getattr(value, "search_excerpt", None)
        return None if excerpt is None else str(excerpt)
