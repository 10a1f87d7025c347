"""The admin's lists, searched as the registry is (core/search.py; docs/admin.md, "Searching the registry").

``RankedSearchAdminMixin``: the list's search box takes a web search ("a phrase", -word, or), its results
come best first with a column of excerpts (the matches marked) for the rows of the page shown; what
Django's ``search_fields`` found before is still found (a symbol, an acronym), after the ranked matches.
``PageRowsAdminMixin``: a hook (``prepare_page_rows``) called once with the page's rows, for what is
computed for those rows only (excerpts, similar existing requests) in a fixed number of queries.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Q

from .search import cleaned_query, rank_expression


class PageRowsChangeList(ChangeList):
    """A changelist that hands its page's rows to the admin once they are chosen, and orders search
    results by their rank unless a column is chosen to sort by.

    Django orders the list before it searches it (``ChangeList.get_queryset``): the rank, annotated by
    the search, is not there yet when ``get_ordering`` is asked, so the ranked order is set after."""

    ranked = False

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if "search_rank" in queryset.query.annotations and ORDER_VAR not in self.params:
            self.ranked = True
            queryset = queryset.order_by("-search_rank", "-pk")
        return queryset

    def get_ordering_field_columns(self):
        # Best first: no column's arrow claims the order.
        return {} if self.ranked else super().get_ordering_field_columns()

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        self.model_admin.prepare_page_rows(request, self.result_list)


class PageRowsAdminMixin:
    def get_changelist(self, request, **kwargs):
        return PageRowsChangeList

    def prepare_page_rows(self, request, rows: list) -> None:
        """Called with the rows of the page shown, before they are displayed."""


class RankedSearchAdminMixin(PageRowsAdminMixin):
    """Set ``search_selector`` and ``excerpt_selector`` as for the API (core/api/search.py)."""

    search_selector = None
    excerpt_selector = None

    def _search_text(self, request) -> str:
        try:
            return cleaned_query(request.GET.get(SEARCH_VAR, ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return ""

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):  # a choice typed in another record's form: as Django does
            return super().get_search_results(request, queryset, search_term)
        text = self._search_text(request)
        if not text:
            return queryset, False
        by_fields, _ = super().get_search_results(request, queryset, search_term)
        ranked = type(self).search_selector(queryset, q=text)
        found = queryset.filter(Q(pk__in=ranked.values("pk")) | Q(pk__in=by_fields.values("pk")))
        return found.annotate(search_rank=rank_expression(text)), False

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if request.GET.get(SEARCH_VAR, "").strip():
            columns.append("search_excerpt_column")
        return columns

    def prepare_page_rows(self, request, rows: list) -> None:
        super().prepare_page_rows(request, rows)
        try:
            text = cleaned_query(request.GET.get(SEARCH_VAR, ""))
        except ValidationError:
            text = ""  # said once, by get_search_results
        excerpts = type(self).excerpt_selector(rows, q=text) if text else {}
        for row in rows:
            row.search_excerpt = excerpts.get(row.pk, "")

    @admin.display(description="matches")
    def search_excerpt_column(self, record) -> str:
        return getattr(record, "search_excerpt", "")
