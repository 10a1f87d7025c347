"""The API's filter backend (its own module: DRF imports it while loading its generic views) and the
filter sets' base."""

import django_filters
from django import forms
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

# --- Filter sets -------------------------------------------------------------------------------------

BIGINT = 2**63 - 1


class IdField(forms.IntegerField):
    """An id as a filter reads it: a whole number from 1 to the largest the database holds (ids
    start at 1); anything else is a 400, as the schema states (``ID_SCHEMA``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT)
        super().__init__(*args, **kwargs)


ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": BIGINT}


@extend_schema_field(ID_SCHEMA)
class RelatedIdFilter(django_filters.NumberFilter):
    """A filter by the id of a related record (``?call=12``). An id that names nothing (but could:
    ``IdField``), or a record the caller may not see, selects nothing: the same empty page either
    way, so a filter never tells whether another organization's record exists (django-filter's
    default answered 400 for an unknown id, 200 for an invisible one, and its browsable form listed
    every record)."""

    field_class = IdField


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet with relations filtered by id (``RelatedIdFilter``)."""

    FILTER_DEFAULTS = {
        **django_filters.filterset.FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": RelatedIdFilter},
        models.OneToOneField: {"filter_class": RelatedIdFilter},
        models.ManyToManyField: {"filter_class": RelatedIdFilter},
    }


# --- The backend ------------------------------------------------------------------------------------


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates no form when a request has no query
    parameters at all: no filter applies then (none of ours has a default), so the queryset is
    the same, and building the form was a tenth of a page's time (bench/api.py)."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            return queryset
        return super().filter_queryset(request, queryset, view)

    # A view's ``filterset_fields`` build a filter set on this base: ids filtered as ``RelatedIdFilter``.
    filterset_base = FilterSet
