"""Lists read from ``.values()`` rows and formatted by the list serializer's own fields.

A ModelSerializer builds a model instance for every row and then walks each field's attribute
lookup; for a page of 50 activity updates that was most of the request's time (bench/api.py).
For a flat list serializer (plain fields, primary keys of related objects, nested serializers
of plain fields; no method fields, nothing ``many``) the same JSON comes from the row's values,
formatted as the very same field objects format them, with one query and no model instances: where
a field would return the column's value unchanged it is taken as it is, dates and datetimes are
formatted as DRF does, and every other field formats its values itself.
``tests/api/test_lists.py`` holds both ways to the same output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache, partial

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField
from rest_framework.response import Response
from rest_framework.settings import api_settings

Format = Callable[[object], object] | None  # None: the value as it is

_INTEGER_COLUMNS = (models.AutoField, models.BigAutoField, models.IntegerField)  # Big/Small/Positive* inherit
_TEXT_COLUMNS = (models.CharField, models.TextField)


def _lookup(field: serializers.Field, prefix: str = "") -> str:
    if field.source == "*":
        raise ImproperlyConfigured(f"{field.field_name}: a field over the whole object cannot be read from values()")
    return prefix + field.source.replace(".", "__")


def _column(serializer: serializers.Serializer, field: serializers.Field):
    """The model field a serializer field reads, when it reads one column of the serializer's model."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


def _iso_datetime(value: dt.datetime, zone) -> str:
    """DateTimeField.to_representation for an aware value, ISO 8601 output, and no field time zone."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class _InCurrentTimeZone:
    """A datetime formatted like DRF's DateTimeField, in the time zone current when the list is made."""


_CURRENT_ZONE = _InCurrentTimeZone()


def _format(serializer: serializers.Serializer, field: serializers.Field):
    """How a column's value becomes the field's output, decided once per field.

    Where DRF's ``to_representation`` would return the database value unchanged (text, integers,
    booleans, choices that are their own keys) the value is taken as it is; dates and datetimes are
    formatted as DRF does; anything else goes through the field itself."""
    if isinstance(field, PrimaryKeyRelatedField):
        return None
    if isinstance(field, (serializers.BaseSerializer, ManyRelatedField, serializers.SerializerMethodField)):
        raise ImproperlyConfigured(f"{field.field_name}: only plain fields can be read from values()")
    column = _column(serializer, field)
    kind = type(field)
    if kind is serializers.CharField and isinstance(column, _TEXT_COLUMNS):
        return None
    if kind is serializers.IntegerField and isinstance(column, _INTEGER_COLUMNS):
        return None
    if kind is serializers.BooleanField and isinstance(column, models.BooleanField):
        return None
    if (
        kind is serializers.ChoiceField
        and isinstance(column, _TEXT_COLUMNS)
        and all(key == value for key, value in field.choice_strings_to_values.items())
    ):
        return None
    default_format = not hasattr(field, "format")  # DRF sets it only when one is given
    if (
        kind is serializers.DateField
        and type(column) is models.DateField
        and default_format
        and api_settings.DATE_FORMAT.lower() == ISO_8601
    ):
        return dt.date.isoformat
    if (
        kind is serializers.DateTimeField
        and isinstance(column, models.DateTimeField)
        and default_format
        and api_settings.DATETIME_FORMAT.lower() == ISO_8601
        and not hasattr(field, "timezone")
        and settings.USE_TZ
    ):
        return _CURRENT_ZONE
    return field.to_representation


class ValuesPlan:
    """Which columns to read for a serializer, and how to turn a row of them into its output."""

    def __init__(self, serializer_class: type[serializers.Serializer]) -> None:
        self.steps: list[tuple] = []
        lookups: list[str] = []
        serializer = serializer_class()
        for name, field in serializer.fields.items():
            if isinstance(field, serializers.BaseSerializer) and not isinstance(field, serializers.ListSerializer):
                key = _lookup(field)
                nested = [
                    (sub_name, _lookup(sub, f"{key}__"), _format(field, sub)) for sub_name, sub in field.fields.items()
                ]
                self.steps.append((name, key, nested))
                lookups += [key, *(lookup for _, lookup, _ in nested)]
            else:
                lookup = _lookup(field)
                self.steps.append((name, lookup, _format(serializer, field)))
                lookups.append(lookup)
        self.lookups = tuple(dict.fromkeys(lookups))

    def _resolved(self) -> list[tuple]:
        """The steps with datetimes bound to the current time zone (it may differ per request)."""
        zone = timezone.get_current_timezone()

        def bind(format_):
            return partial(_iso_datetime, zone=zone) if format_ is _CURRENT_ZONE else format_

        return [
            (name, lookup, [(s, c, bind(f)) for s, c, f in how] if isinstance(how, list) else bind(how))
            for name, lookup, how in self.steps
        ]

    def represent_all(self, rows: Iterable[dict]) -> list[dict]:
        steps = self._resolved()
        return [self._represent(row, steps) for row in rows]

    def represent(self, row: dict) -> dict:
        return self._represent(row, self._resolved())

    @staticmethod
    def _represent(row: dict, steps: list[tuple]) -> dict:
        out = {}
        for name, lookup, how in steps:
            value = row[lookup]
            if value is None:  # a null column, or a nested object behind an empty foreign key
                out[name] = None
            elif how is None:
                out[name] = value
            elif isinstance(how, list):
                out[name] = {
                    sub: row[col] if fmt is None or row[col] is None else fmt(row[col]) for sub, col, fmt in how
                }
            else:
                out[name] = how(value)
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
        rows = plan.represent_all(queryset if page is None else page)
        return self.get_paginated_response(rows) if page is not None else Response(rows)
