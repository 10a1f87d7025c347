"""Serializer fields the API's resources share."""

from rest_framework import serializers


class OptionalChoiceField(serializers.ChoiceField):
    """A choice that may be absent (a model field with ``blank=True``): written as ``null``, not as
    ``""``, which is none of the choices and which a client generated from the schema's enum
    refuses. ``due_precision`` of an undated action is ``null``, as its ``due_date`` is."""

    def __init__(self, **kwargs) -> None:
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)

    def to_internal_value(self, data):
        return "" if data is None else super().to_internal_value(data)
