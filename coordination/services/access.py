"""Who may take a step, and the row lock every state change starts with.

``by`` is the person taking the step; ``None`` is the system itself (a command, a task, the seeds),
which the doors never pass for a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models

from agencies.selectors import is_secretariat, organization_ids_for
from core.errors import NotPermitted

if TYPE_CHECKING:
    from django.contrib.auth.models import User

M = TypeVar("M", bound=models.Model)


def require_secretariat(by: User | None, message: str) -> None:
    if by is not None and not is_secretariat(by):
        raise NotPermitted(message)


def require_acts_for(by: User | None, organization_id: int | None, message: str) -> None:
    """The secretariat, or a focal point of the organization."""
    if by is None or is_secretariat(by):
        return
    if organization_id not in organization_ids_for(by):
        raise NotPermitted(message)


def locked(obj: M) -> M:
    """``obj`` read again under a row lock, held until the transaction ends: the comparison of the
    version a caller saw, the state checks and the write then see one state, and a concurrent step
    on the same row waits for this one to commit and reads what it wrote."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def with_history_user(obj: M, by: User | None, reason: str = "") -> M:
    """Name ``by`` (and why) in the change history of the next save of ``obj``."""
    if by is not None:
        obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]
    return obj
