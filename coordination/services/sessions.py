"""Sessions of intergovernmental bodies, and the due days that hang on their opening day.

A report "at its thirty-first session" of a body without a rule for its sessions (the Commission on
Population and Development, the Commission on Human Rights) has no due day until that session's
opening day is known; the secretariat fills it in the admin, and ``session_save`` gives every item
due at the session its day (``Session.document_due_date``), or moves it when the day changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from core.validators import check_text_fields
from meetings.choices import DatePrecision

from ..models import FollowUpAction, InputRequest, ReportingObligation, Session
from ..reminders.cancel import reminders_cancel_pending
from ..selectors import item_kind_of
from .access import locked, require_secretariat, with_history_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ITEMS_DUE_AT_SESSIONS = (ReportingObligation, FollowUpAction, InputRequest)


@dataclass(frozen=True)
class SessionSaved:
    session: Session
    dated: int  # items that had no day and now have one
    moved: int  # items whose day changed
    waiting: int  # items due at the session that still have no day (its opening day unknown)


@transaction.atomic
def session_save(*, session: Session, by: User | None) -> SessionSaved:
    """Store a session the secretariat added or changed, then compute again the due day of every item
    due at it. Filling in an opening day gives the items waiting for it their day; changing it moves
    their day, and their reminders pending for the old day are cancelled (the ledger is keyed by due
    day, as when a deadline is extended). The session's row is locked, then each item's."""
    require_secretariat(by, "Only the secretariat records sessions.")
    check_text_fields(session)
    if not session._state.adding:
        locked(session)
    with_history_user(session, by)
    session.save()
    dated = moved = waiting = 0
    for model in ITEMS_DUE_AT_SESSIONS:
        items = model._default_manager.select_for_update().filter(
            due_session=session, due_precision=DatePrecision.SESSION
        )
        for item in items.order_by("pk"):
            before, after = item.due_date, item.compute_due_date()
            if after is None:
                waiting += 1
            if after == before:
                continue
            why = (
                f"Due day computed: {session} opens on {session.opening_date:%d %B %Y}"
                if after is not None
                else f"No due day: the opening day of {session} is not known"
            )
            with_history_user(item, by, why)
            item.save(update_fields=["due_date", "updated_at"])
            if before is None:
                dated += 1
                continue
            moved += 1
            reminders_cancel_pending(
                item_kind=item_kind_of(item).kind,
                item_ids=[item.pk],
                reason="cancelled: the session's opening day changed the due day",
            )
    return SessionSaved(session=session, dated=dated, moved=moved, waiting=waiting)
