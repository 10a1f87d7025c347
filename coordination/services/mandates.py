"""Mandates as the secretariat records them: from a spreadsheet (``coordination.resources``), in the
admin's form or through the API. A mandate holds no rule beyond its model's constraints and
validators, which each door has checked (``full_clean``) before calling this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from core.services.records import record_delete
from core.validators import check_text_fields
from core.versions import check_version, locked_at_version

from ..models import Mandate
from .access import locked, require_secretariat, with_history_user

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


@transaction.atomic
def mandate_save(*, mandate: Mandate, by: User | None, expected_version: Iterable[str] | str | None = None) -> Mandate:
    """Store a mandate the secretariat added or changed. ``expected_version``: the version the
    editor read (the API's If-Match), compared under the row lock."""
    require_secretariat(by, "Only the secretariat records mandates.")
    check_text_fields(mandate)
    if not mandate._state.adding:
        check_version(locked(mandate), expected_version)
    with_history_user(mandate, by)
    mandate.save()
    return mandate


@transaction.atomic
def mandate_delete(*, mandate: Mandate, by: User | None, expected_version: Iterable[str] | str | None = None) -> None:
    """Remove a mandate entered by mistake. One its obligations, actions or calls still refer to
    stays: those are changed or removed first (the admin's rule, from the database's PROTECT).
    ``expected_version``: the version the editor read (the API's If-Match, optional on a delete),
    compared under the row lock."""
    require_secretariat(by, "Only the secretariat records mandates.")
    record_delete(locked_at_version(mandate, expected_version), by=by)
