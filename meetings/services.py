"""Writes of the meetings app: meetings, their agenda items and participants, and documents (a
meeting's papers among them), as the secretariat records them in the admin, from a spreadsheet
(``meetings.resources``) or through the API (``meetings.api``).

These records hold no workflow: their rules are their models' constraints and validators, which a
save checks here (``full_clean``) whichever door it came through, so a refusal reads the same in the
admin, a spreadsheet's row and the API. An edit through the API names the version it changed
(``expected_version``, the ETag): the row is locked, compared, changed and saved in one transaction,
so of two writers with one version exactly one wins. Deletes are the admin's: the secretariat
deletes a meeting (with its agenda and participants; its papers stay, without a meeting), an agenda
item, a participant or a document, unless another record still refers to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from agencies.selectors import is_secretariat
from core.errors import DomainError, NotPermitted, WrongState
from core.services.records import record_delete
from core.validators import check_text_fields
from core.versions import check_version, locked_at_version

from .models import AgendaItem, Document, Meeting, Participant

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from agencies.models import Organization

SECRETARIAT_ONLY = "Only the secretariat records meetings and who took part."
DOCUMENTS_SECRETARIAT_ONLY = "Only the secretariat records documents."

R = TypeVar("R", bound=models.Model)


def may_record_meetings(user: User | None) -> bool:
    """Whether ``user`` may add, change and delete meetings, their agenda, participants and documents."""
    return user is not None and is_secretariat(user)


def _require_secretariat(by: User | None, message: str = SECRETARIAT_ONLY) -> None:
    if by is not None and not is_secretariat(by):
        raise NotPermitted(message)


def _as_refusal(error: ValidationError) -> DomainError:
    if hasattr(error, "error_dict"):
        return DomainError(error.message_dict)
    return DomainError(error.messages)


def _store(
    record: R,
    *,
    by: User | None,
    message: str,
    changes: dict | None = None,
    expected_version: Iterable[str] | str | None = None,
    check: Callable[[R], None] | None = None,
    touch: bool = False,
) -> R:
    """The one way these records are written: who, the version the caller saw, the changes on the
    locked row, the record's own ``check`` and its model's rules, the history's author, the save.
    ``changes`` that change nothing write nothing (no new version, no history row) unless ``touch``
    (something beside the row changed: a meeting's co-organizers)."""
    _require_secretariat(by, message)
    if not record._state.adding and (changes is not None or expected_version is not None):
        record = type(record)._default_manager.select_for_update().get(pk=record.pk)
        check_version(record, expected_version)
    if changes is not None and not record._state.adding:
        changes = {name: value for name, value in changes.items() if getattr(record, name) != value}
        if not changes and not touch:
            return record
    for name, value in (changes or {}).items():
        setattr(record, name, value)
    if check is not None:
        check(record)
    check_text_fields(record)
    try:
        record.full_clean()
    except ValidationError as error:
        raise _as_refusal(error) from None
    if by is not None:
        record._history_user = by  # named in the record's change history
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # A colleague stored the same symbol or number meanwhile (the check above saw neither).
        raise WrongState("Another record with these values was stored meanwhile: read it, then try again.") from None
    return record


def _delete(record: models.Model, *, by: User | None, message: str, expected_version=None) -> None:
    _require_secretariat(by, message)
    record_delete(locked_at_version(record, expected_version), by=by)


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting,
    by: User | None,
    changes: dict | None = None,
    co_organizers: Iterable[Organization] | None = None,
    expected_version: Iterable[str] | str | None = None,
) -> Meeting:
    """Store a meeting the secretariat added or changed: as built by a form or a spreadsheet's row
    (``changes`` None), or ``changes`` (field name to value) applied to the stored meeting after
    comparing ``expected_version``. ``co_organizers``, when given, replaces the meeting's (a new
    version of the meeting when they differ)."""
    other_hosts = None
    if co_organizers is not None:
        co_organizers = list(co_organizers)
        other_hosts = meeting._state.adding or {o.pk for o in co_organizers} != set(
            meeting.co_organizers.values_list("pk", flat=True)
        )
    meeting = _store(
        meeting,
        by=by,
        message=SECRETARIAT_ONLY,
        changes=changes,
        expected_version=expected_version,
        touch=bool(other_hosts),
    )
    if other_hosts:
        meeting.co_organizers.set(co_organizers)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User | None, expected_version: Iterable[str] | str | None = None) -> None:
    """Delete a meeting recorded by mistake, with its agenda and participants; its papers are kept,
    no longer tied to it. Refused while an action or an answer names it as its meeting."""
    _delete(meeting, by=by, message=SECRETARIAT_ONLY, expected_version=expected_version)


def _presents_an_item_of_its_meeting(participant: Participant) -> None:
    if participant.agenda_item_id and participant.agenda_item.meeting_id != participant.meeting_id:
        raise DomainError("This agenda item is of another meeting.", field="agenda_item")


@transaction.atomic
def agenda_item_save(
    *,
    item: AgendaItem,
    by: User | None,
    changes: dict | None = None,
    expected_version: Iterable[str] | str | None = None,
) -> AgendaItem:
    """Store an item of a meeting's agenda (a new one, or ``changes`` to a stored one)."""
    return _store(
        item,
        by=by,
        message=SECRETARIAT_ONLY,
        changes=changes,
        expected_version=expected_version,
    )


@transaction.atomic
def agenda_item_delete(
    *, item: AgendaItem, by: User | None, expected_version: Iterable[str] | str | None = None
) -> None:
    """Delete an agenda item; who presented it stays a participant, presenting no item."""
    _delete(item, by=by, message=SECRETARIAT_ONLY, expected_version=expected_version)


@transaction.atomic
def participant_save(
    *,
    participant: Participant,
    by: User | None,
    changes: dict | None = None,
    expected_version: Iterable[str] | str | None = None,
) -> Participant:
    """Store a participant of a meeting the secretariat added or changed; the agenda item they
    presented, if any, is of the same meeting."""
    return _store(
        participant,
        by=by,
        message=SECRETARIAT_ONLY,
        changes=changes,
        expected_version=expected_version,
        check=_presents_an_item_of_its_meeting,
    )


@transaction.atomic
def participant_delete(
    *, participant: Participant, by: User | None, expected_version: Iterable[str] | str | None = None
) -> None:
    """Take a participant off a meeting's list."""
    _delete(participant, by=by, message=SECRETARIAT_ONLY, expected_version=expected_version)


@transaction.atomic
def document_save(
    *,
    document: Document,
    by: User | None,
    changes: dict | None = None,
    expected_version: Iterable[str] | str | None = None,
) -> Document:
    """Store a document (a meeting's paper when it names the meeting) the secretariat added or changed."""
    return _store(
        document, by=by, message=DOCUMENTS_SECRETARIAT_ONLY, changes=changes, expected_version=expected_version
    )


@transaction.atomic
def document_delete(
    *, document: Document, by: User | None, expected_version: Iterable[str] | str | None = None
) -> None:
    """Delete a document recorded by mistake; refused while an obligation, an action, an answer or a
    provenance statement refers to it."""
    _delete(document, by=by, message=DOCUMENTS_SECRETARIAT_ONLY, expected_version=expected_version)
