"""The one way a service says no.

A service refuses with ``DomainError``: a readable message, for a field where one applies. It is a
Django ``ValidationError``, so a form shows it under the field, the admin as a message, and the API
as a 400 with a message per field. Three refusals need another answer in HTTP, so they are subclasses:
``NotPermitted`` (the caller sees the object but may not take this step: 403), ``WrongState`` (the
step is well formed but the record's state does not allow it now, as accepting an answer twice: 409)
and ``StaleVersion`` (the object changed since the caller read it: 412, with the current object).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A step refused by a rule of the domain. ``DomainError("message")`` or
    ``DomainError("message", field="name")``; a dict ``{field: message}`` works as for Django."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None) -> None:
        if field is not None:
            message = {field: message if isinstance(message, list) else [message]}
        super().__init__(message, code=code)


class NotPermitted(DomainError):
    """The caller may see the object but may not take this step on it."""


class WrongState(DomainError):
    """The step is well formed, but the record's state does not allow it now (an answer accepted
    already, a call that is closed): asking again will not help until the state changes."""


class StaleVersion(DomainError):
    """The object changed since the caller read the version it names; ``current`` is the object now."""

    def __init__(self, current, message: str | None = None) -> None:
        self.current = current
        super().__init__(
            message
            or "This record changed since you read it: here is its current version; "
            "apply your change to it and send again."
        )
