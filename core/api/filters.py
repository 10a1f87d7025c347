"""The API's filter backend (its own module: DRF imports it while loading its generic views)."""

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates no form when a request has no query
    parameters at all: no filter applies then (none of ours has a default), so the queryset is
    the same, and building the form was a tenth of a page's time (bench/api.py)."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            return queryset
        return super().filter_queryset(request, queryset, view)
