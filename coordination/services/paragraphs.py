"""A mandate's operative paragraphs as the secretariat corrects them in the admin (the reader proposes
them, ``ingest.services`` stores what a reviewer accepts). A paragraph holds no rule beyond its model's
constraints and validators, which the admin's form has checked before calling this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from core.validators import check_text_fields

from ..models import OperativeParagraph
from .access import require_secretariat

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def paragraph_save(*, paragraph: OperativeParagraph, by: User | None) -> OperativeParagraph:
    """Store an operative paragraph the secretariat added or corrected."""
    require_secretariat(by, "Only the secretariat records mandates and their paragraphs.")
    check_text_fields(paragraph)
    paragraph.save()
    return paragraph


@transaction.atomic
def paragraph_delete(*, paragraph: OperativeParagraph, by: User | None) -> None:
    """Remove a paragraph entered by mistake; the obligations and actions it became stay, unlinked."""
    require_secretariat(by, "Only the secretariat records mandates and their paragraphs.")
    paragraph.delete()
