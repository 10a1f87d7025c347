"""The API's filter backend (its own module: DRF imports it while loading its generic views) and the
filter sets' base."""

import django_filters
from django import forms
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates no form when a request has no query
    parameters at all: no filter applies then (none of ours has a default), so the queryset is
    the same, and building the form was a tenth of a page's time (bench/api.py)."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            return queryset
        return super().filter_queryset(request, queryset, view)


# --- Filter sets -------------------------------------------------------------------------------------

BIGINT = 2**63 - 1


class IdField(forms.IntegerField):
    """An id as a filter reads it: a whole number the database can hold."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", -BIGINT - 1)
        kwargs.setdefault("max_value", BIGINT)
        super().__init__(*args, **kwargs)


class RelatedIdFilter(django_filters.NumberFilter):
    """A filter by the id of a related record (``?call=12``). An id that names nothing, or a record
    the caller may not see, selects nothing: the same empty page either way, so a filter never tells
    whether another organization's record exists (django-filter's default answered 400 for an unknown
    id, 200 for an invisible one, and its browsable form listed every record)."""

    field_class = IdField


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet with relations filtered by id (``RelatedIdFilter``)."""

    FILTER_DEFAULTS = {
        **django_filters.filterset.FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": RelatedIdFilter},
        models.OneToOneField: {"filter_class": RelatedIdFilter},
        models.ManyToManyField: {"filter_class": RelatedIdFilter},
    }
