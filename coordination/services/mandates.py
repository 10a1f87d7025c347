"""Mandates as the secretariat records them from a spreadsheet (``coordination.resources``). A
mandate holds no rule beyond its model's constraints and validators, which the import has checked
(``full_clean``) before calling this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from core.validators import check_text_fields

from ..models import Mandate
from .access import require_secretariat, with_history_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def mandate_save(*, mandate: Mandate, by: User | None) -> Mandate:
    """Store a mandate the secretariat added or changed."""
    require_secretariat(by, "Only the secretariat records mandates.")
    check_text_fields(mandate)
    with_history_user(mandate, by)
    mandate.save()
    return mandate
