"""What a text field may hold, checked at every door.

A single-line field (a title, a subject, a name, an acronym, a symbol) holds no line break and no
control character: it ends up in mail subjects, which Django refuses to send with a line break
(``BadHeaderError``), in file names, in spreadsheet cells and in one-line lists. A multi-line field
(a body, a description, a comment) keeps its line breaks but never a NUL, which PostgreSQL refuses
in text.

The validators sit on the model fields, so the admin's forms (``ModelForm``) and the API's model
serializers apply them; a serializer or form field declared by hand names them itself; a service
that stores values no form checked calls ``check_text_fields``. Text read from documents (the seeds,
the ingested texts) is made one line with ``one_line`` rather than refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext, gettext_lazy

from .errors import DomainError

# Line feed, carriage return, next line, line and paragraph separators: what readers show as a new line.
LINE_BREAKS = "\n\r\x85\u2028\u2029"
# The control characters (Unicode category Cc: C0, DEL and C1), with the two separators.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s{2,}")

LINE_BREAK_MESSAGE = gettext_lazy("Use one line: remove the line break.")


def _control_message(character: str) -> str:
    return gettext("Remove the control character (U+%(code)s).") % {"code": f"{ord(character):04X}"}


@deconstructible
class SingleLineValidator(RegexValidator):
    """Refuse a line break or a control character (a tab included) in a one-line text, saying which.

    A ``RegexValidator``, so the API's schema declares the rule as the field's ``pattern`` and a
    client generated from it (or a fuzzer) knows such a value is refused."""

    # One character at least: an empty value is no line at all, and a field that may be blank says so
    # in the schema beside the pattern (an empty text must not match both).
    regex = r"\A[^\x00-\x1f\x7f-\x9f\u2028\u2029]+\Z"

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = _NOT_ONE_LINE.search(value)
        if found is None:
            return
        if any(character in LINE_BREAKS for character in value):
            raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
        raise ValidationError(_control_message(found.group()), code="control_character")


single_line = SingleLineValidator()


def multi_line(value: str) -> None:
    """Refuse a NUL in a text of several lines (line breaks, tabs and the rest stay)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(_control_message("\x00"), code="null_character")


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and control characters become a space, runs of spaces one
    space, no space at either end. For text read from documents, where a title may wrap."""
    return _SPACES.sub(" ", _NOT_ONE_LINE.sub(" ", text)).strip()


def is_one_line(field: models.Field) -> bool:
    """Whether a model field carries the single-line rule."""
    return single_line in field.validators


def one_line_values(model: type[models.Model], values: dict) -> dict:
    """``values`` (field name -> value) with every text of a single-line field of ``model`` made one
    line; other values as they are."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    return {
        name: one_line(value) if isinstance(value, str) and name in fields and is_one_line(fields[name]) else value
        for name, value in values.items()
    }


def check_text_fields(
    instance: models.Model, fields: Iterable[str] | None = None, *, under: str | None = None
) -> None:
    """Run the validators of ``instance``'s text fields (``fields``: only these) on the values it
    holds: one line where one line is meant, no NUL, not longer than the column. A service calls it
    before storing what no form checked; it refuses with a ``DomainError`` naming each field (or
    filing every message ``under`` one name: the questions of a call, the answers of an update)."""
    names = set(fields) if fields is not None else None
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if names is not None and field.name not in names and field.attname not in names:
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or value in field.empty_values:
            continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            errors.setdefault(under or field.name, []).extend(error.messages)
    if errors:
        raise DomainError(errors)


def check_text(value: str, *, field: str, validator=multi_line) -> None:
    """Refuse, filed under ``field``, a text a service stores outside a model field of its own (a
    reason kept in the history, in a workflow event, on the reminders it cancels)."""
    try:
        validator(value)
    except ValidationError as error:
        raise DomainError(error.messages, field=field) from None
