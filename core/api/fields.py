"""Serializer fields the API's resources share."""

import calendar
import datetime as dt
import re

from rest_framework import serializers

from .writes import REFUSED_BY_RULE


class OptionalChoiceField(serializers.ChoiceField):
    """A choice that may be absent (a model field with ``blank=True``): written as ``null``, not as
    ``""``, which is none of the choices and which a client generated from the schema's enum
    refuses. ``due_precision`` of an undated action is ``null``, as its ``due_date`` is."""

    def __init__(self, **kwargs) -> None:
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)

    def validate_empty_values(self, data):
        # REST framework answers a null itself, before ``to_internal_value``: stored as "" (the column
        # is not nullable).
        if data is None:
            return True, ""
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        return "" if data is None else super().to_internal_value(data)


class DayField(serializers.DateField):
    """A calendar day written YYYY-MM-DD, refused in plain words: a malformed value and a day that
    does not exist (2027-02-31) each get their own message, not "wrong format" for both."""

    FIRST_YEAR, LAST_YEAR = 1900, 2999  # beyond them no call has a meaning (and 9999-12-31 has no next day)

    def to_internal_value(self, value):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            text = value.isoformat()
        elif isinstance(value, str):
            text = value.strip()
        else:
            text = ""
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
        if match is None:
            raise serializers.ValidationError("Write the day as YYYY-MM-DD, for example 2027-03-15.")
        year, month, day = (int(part) for part in match.groups())
        if not self.FIRST_YEAR <= year <= self.LAST_YEAR:
            raise serializers.ValidationError(
                f"Give a day from the year {self.FIRST_YEAR} to {self.LAST_YEAR}.", code=REFUSED_BY_RULE
            )
        if not 1 <= month <= 12:
            raise serializers.ValidationError(f"{text} is not a day of the calendar: a year has 12 months.")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            month_name = dt.date(year, month, 1).strftime("%B")
            raise serializers.ValidationError(
                f"{text} is not a day of the calendar: {month_name} {year} has {days} days."
            )
        return dt.date(year, month, day)
