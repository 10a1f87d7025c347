"""Deleting a record entered by mistake, as every door does it (the admin, the API): refused in words
while other records still refer to it (``on_delete=PROTECT``), not with the database's error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import ProtectedError

from ..errors import WrongState

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def record_delete(record: models.Model, *, by: User | None = None) -> None:
    """Delete ``record`` (the caller has locked its row and compared its version:
    ``core.versions.locked_at_version``), naming ``by`` in its history; refused with ``WrongState``,
    naming what still refers to it, while anything does."""
    if by is not None:
        record._history_user = by
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        used_by = sorted({str(each._meta.verbose_name) for each in error.protected_objects})
        raise WrongState(f"“{record}” is still referred to by: {', '.join(used_by)}; change those first.") from None
