"""Items with a deadline (follow-up actions, reporting obligations, input requests): closing them,
moving their deadline, and the secretariat's edits of their fields."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, WrongState
from core.services.records import record_delete
from core.validators import check_text, check_text_fields
from core.versions import check_version, locked_at_version
from meetings.choices import DatePrecision

from ..choices import CallStatus, InputRequestStatus, ItemStatus
from ..models import DeadlineExtension, FollowUpAction, InputRequest, ReportingObligation
from ..reminders.cancel import reminders_cancel_pending
from ..selectors import item_kind_of
from .access import locked, require_secretariat, with_history_user
from .recurrence import action_recur

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User

# An item with a deadline.
Item = FollowUpAction | ReportingObligation | InputRequest

DUE_DATE_FIELDS = frozenset({"due_date", "due_precision", "due_session"})

# Fields a workflow step owns: the admin shows them read-only and changes them through a step.
WORKFLOW_FIELDS = frozenset(
    {"status", "completed_on", "closed_at", "fulfilled_by", "declined_reason", "waived_reason"}
)


def _is_closed(item) -> bool:
    return item.status in item.CLOSED_STATUSES


def item_closed(item: Item, *, by: User | None, fields: list[str], why: str, history: str = "") -> Item:
    """Store an item a step has just closed (``fields``: what the step set) and stop its reminders.
    The caller holds the item's row lock."""
    with_history_user(item, by, history)
    item.save(update_fields=[*fields, "updated_at"])
    reminders_cancel_pending(item_kind=item_kind_of(item).kind, item_ids=[item.pk], reason=why)
    return item


@transaction.atomic
def deadline_extend(
    *,
    item: Item,
    new_due_date: dt.date,
    reason: str,
    by: User | None = None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> DeadlineExtension:
    """Move an item's deadline to ``new_due_date`` (a day), recording why. The new date re-arms the
    reminder points (the ledger is keyed by due date); pending points of the old date are cancelled."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat moves deadlines.")
    if not reason or not reason.strip():
        raise DomainError("Say why the deadline moves: it is kept with the item.", field="reason")
    check_text(reason, field="reason")
    item = locked(item)
    check_version(item, expected_version)
    spec = item_kind_of(item)
    if _is_closed(item):
        raise WrongState("This item is closed; reopen it before moving its deadline.")
    extension = DeadlineExtension.objects.create(
        item_kind=spec.kind,
        item_id=item.pk,
        old_due_date=item.due_date,
        new_due_date=new_due_date,
        reason=reason.strip(),
        extended_by=by,
        extended_at=now,
    )
    item.due_precision = DatePrecision.DAY
    item.due_date = new_due_date
    item.due_session = None
    item.due_as_stated = f"extended to {new_due_date:%d %B %Y}"
    with_history_user(item, by, f"Deadline extended: {reason.strip()}")
    item.save(update_fields=["due_precision", "due_date", "due_session", "due_as_stated", "updated_at"])
    reminders_cancel_pending(
        item_kind=spec.kind,
        item_ids=[item.pk],
        reason=f"cancelled: deadline extended to {new_due_date:%d %b %Y}",
    )
    return extension


def _answered_at(completed_on: dt.date, now: dt.datetime) -> dt.datetime:
    """An answer that came in on ``completed_on``: the end of that day for the secretariat, or the
    moment it is recorded if that is earlier (an answer recorded today counts today)."""
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    end_of_day = dt.datetime.combine(completed_on, dt.time(23, 59, 59), zone).astimezone(dt.UTC)
    return min(now, end_of_day)


def input_request_mark_answered(
    *, input_request: InputRequest, answered_on: dt.date, by: User | None, now: dt.datetime
) -> InputRequest:
    """Close an open input request as answered (the caller holds its row lock); its reminders stop."""
    input_request.status = InputRequestStatus.ANSWERED
    input_request.closed_at = _answered_at(answered_on, now)
    return item_closed(input_request, by=by, fields=["status", "closed_at"], why="cancelled: the item was closed")


@transaction.atomic
def item_mark_done(
    *,
    item: Item,
    completed_on: dt.date,
    by: User | None = None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> Item:
    """Close an action or obligation (done), or an input request (answered); its reminders stop."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat marks items done.")
    item = locked(item)
    check_version(item, expected_version)
    if _is_closed(item):
        raise WrongState(f"Already closed ({item.get_status_display().lower()}): left as it is.")
    if isinstance(item, InputRequest):
        return input_request_mark_answered(input_request=item, answered_on=completed_on, by=by, now=now)
    item.status = ItemStatus.DONE
    item.completed_on = completed_on
    item_closed(item, by=by, fields=["status", "completed_on"], why="cancelled: the item was closed")
    if isinstance(item, FollowUpAction):
        action_recur(action=item, by=by)  # a standing action starts again for the next period
    return item


@transaction.atomic
def item_cancel(
    *,
    item: Item,
    reason: str,
    by: User | None = None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> Item:
    """Cancel an open action or obligation (it will not be done); its reminders stop."""
    require_secretariat(by, "Only the secretariat cancels items.")
    if not reason or not reason.strip():
        raise DomainError("Say why it is cancelled: it is kept in the item's history.", field="reason")
    check_text(reason, field="reason")
    item = locked(item)
    check_version(item, expected_version)
    if isinstance(item, InputRequest):
        raise DomainError("An input request is not cancelled: the organization declines it, or it is answered.")
    if _is_closed(item):
        raise WrongState(f"Already closed ({item.get_status_display().lower()}): left as it is.")
    item.status = ItemStatus.CANCELLED
    why = reason.strip()
    return item_closed(item, by=by, fields=["status"], why=f"cancelled: {why}", history=f"Cancelled: {why}")


@transaction.atomic
def item_save(
    *,
    item: Item,
    by: User | None,
    changed: list[str] | None = None,
    as_recorded: bool = False,
    expected_version: Iterable[str] | str | None = None,
) -> Item:
    """Store an item the secretariat created or edited in a form (``changed``: the fields edited;
    ``None`` for a new item). The fields a workflow owns change only through their step, except
    ``as_recorded``: a spreadsheet of what already happened (an action done in 2005) is taken as given,
    and an item it closes stops being reminded. ``expected_version``: the version the editor read
    (the API's If-Match), compared under the row lock."""
    require_secretariat(by, "Only the secretariat edits actions, obligations and input requests.")
    check_text_fields(item, None if item._state.adding else changed or ())
    with_history_user(item, by)
    if item._state.adding:
        if not as_recorded and getattr(item, "status", None) not in (None, "", ItemStatus.OPEN):
            raise DomainError("A new item starts open: close it through its step.", field="status")
        item.save()
        return item
    stored = type(item)._default_manager.select_for_update().get(pk=item.pk)
    check_version(stored, expected_version)
    # The columns the form named whose value really changed (a form names what it showed changed).
    names = {
        field.name
        for field in map(partial(_column, item), changed or ())
        if field is not None and getattr(stored, field.attname) != getattr(item, field.attname)
    }
    owned = sorted(WORKFLOW_FIELDS & names)
    if owned and not as_recorded:
        raise DomainError(f"{', '.join(owned)} change through the item's steps (mark done, cancel ...), not here.")
    if names & DUE_DATE_FIELDS:
        names |= DUE_DATE_FIELDS  # the stored day is computed from all three
    item.save(update_fields=sorted(names | {"updated_at"}))
    if owned and _is_closed(item):
        reminders_cancel_pending(
            item_kind=item_kind_of(item).kind, item_ids=[item.pk], reason="cancelled: the item was closed"
        )
    return item


def _column(item: Item, name: str):
    """The concrete, single-valued model field called ``name``, or None (a many-to-many, a form-only field)."""
    try:
        field = item._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and not field.many_to_many else None


@transaction.atomic
def item_delete(*, item: Item, by: User | None, expected_version: Iterable[str] | str | None = None) -> None:
    """Remove an item entered by mistake, with its pending reminders. An input request goes only
    while its call is a draft (once asked, it is declined, answered or waived, never deleted).
    ``expected_version``: the version the editor read (the API's If-Match, optional on a delete),
    compared under the row lock."""
    require_secretariat(by, "Only the secretariat deletes actions, obligations and input requests.")
    item = locked_at_version(item, expected_version)
    spec = item_kind_of(item)
    if isinstance(item, InputRequest) and item.call.status != CallStatus.DRAFT:
        raise WrongState(f"{item.organization} was asked already: its request stays with the call.")
    reminders_cancel_pending(item_kind=spec.kind, item_ids=[item.pk], reason="cancelled: the item was deleted")
    record_delete(item, by=by)
