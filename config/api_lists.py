"""Lists read from ``.values()`` rows and formatted by the list serializer's own fields.

A ModelSerializer builds a model instance for every row and then walks each field's attribute
lookup; for a page of 50 activity updates that was most of the request's time (bench/api.py).
For a flat list serializer (plain fields, primary keys of related objects, nested serializers
of plain fields; no method fields, nothing ``many``) the same JSON comes from the row's values,
formatted by the very same field objects, with one query and no model instances.
``tests/api/test_lists.py`` holds both ways to the same output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.pagination import CursorPagination
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField
from rest_framework.response import Response

Format = Callable[[object], object] | None  # None: the value as it is (a primary key)


def _lookup(field: serializers.Field, prefix: str = "") -> str:
    if field.source == "*":
        raise ImproperlyConfigured(f"{field.field_name}: a field over the whole object cannot be read from values()")
    return prefix + field.source.replace(".", "__")


def _format(field: serializers.Field) -> Format:
    if isinstance(field, PrimaryKeyRelatedField):
        return None
    if isinstance(field, (serializers.BaseSerializer, ManyRelatedField, serializers.SerializerMethodField)):
        raise ImproperlyConfigured(f"{field.field_name}: only plain fields can be read from values()")
    return field.to_representation


class ValuesPlan:
    """Which columns to read for a serializer, and how to turn a row of them into its output."""

    def __init__(self, serializer_class: type[serializers.Serializer]) -> None:
        self.steps: list[tuple] = []
        lookups: list[str] = []
        for name, field in serializer_class().fields.items():
            if isinstance(field, serializers.BaseSerializer) and not isinstance(field, serializers.ListSerializer):
                key = _lookup(field)
                nested = [(sub_name, _lookup(sub, f"{key}__"), _format(sub)) for sub_name, sub in field.fields.items()]
                self.steps.append((name, key, nested))
                lookups += [key, *(lookup for _, lookup, _ in nested)]
            else:
                lookup = _lookup(field)
                self.steps.append((name, lookup, _format(field)))
                lookups.append(lookup)
        self.lookups = tuple(dict.fromkeys(lookups))

    @staticmethod
    def _value(value, format_: Format):
        return value if value is None or format_ is None else format_(value)

    def represent(self, row: dict) -> dict:
        out = {}
        for name, lookup, how in self.steps:
            if isinstance(how, list):  # a nested object, or None when its foreign key is empty
                out[name] = None if row[lookup] is None else {sub: self._value(row[col], fmt) for sub, col, fmt in how}
            else:
                out[name] = self._value(row[lookup], how)
        return out


@cache
def values_plan(serializer_class: type[serializers.Serializer]) -> ValuesPlan:
    return ValuesPlan(serializer_class)


class ValuesListMixin:
    """``list()`` from ``.values()``: same output, same filters and pages, no model instances."""

    def list(self, request, *args, **kwargs):
        plan = values_plan(self.get_serializer_class())
        lookups: Iterable[str] = plan.lookups
        if isinstance(self.paginator, CursorPagination):  # the cursor is read from the last row
            ordering = self.paginator.ordering
            ordering = (ordering,) if isinstance(ordering, str) else ordering
            lookups = dict.fromkeys([*lookups, *(order.lstrip("-") for order in ordering)])
        queryset = self.filter_queryset(self.get_queryset()).values(*lookups)
        page = self.paginate_queryset(queryset)
        rows = [plan.represent(row) for row in (queryset if page is None else page)]
        return self.get_paginated_response(rows) if page is not None else Response(rows)
