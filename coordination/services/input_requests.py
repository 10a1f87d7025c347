"""Input requests: one organization's part of a call."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from agencies.models import Organization
from core.errors import DomainError, WrongState
from core.validators import check_text
from core.versions import check_version

from ..choices import InputRequestStatus, ReceivedVia
from ..models import ActivityUpdate, InputRequest
from ..selectors import update_being_written
from .access import locked, require_acts_for, require_secretariat
from .attachments import attachment_add
from .items import item_closed
from .updates import update_create, update_edit, update_submit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


@transaction.atomic
def input_request_decline(
    *,
    input_request: InputRequest,
    by: User | None,
    reason: str,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> InputRequest:
    """A nil return: the organization has nothing to report; its reminders stop."""
    now = now or timezone.now()
    if not reason or not reason.strip():
        raise DomainError(gettext("Say why: the report lists organizations that declined."), field="reason")
    check_text(reason, field="reason")
    input_request = locked(input_request)
    require_acts_for(
        by, input_request.organization_id, gettext("Only the organization's focal points decline its request.")
    )
    check_version(input_request, expected_version)
    if input_request.status != InputRequestStatus.OPEN:
        raise WrongState(
            gettext("Only an open input request can be declined; this one is %(status)s.")
            % {"status": gettext(input_request.get_status_display()).lower()}
        )
    input_request.status = InputRequestStatus.DECLINED
    input_request.declined_reason = reason.strip()
    input_request.closed_at = now
    return item_closed(
        input_request,
        by=by,
        fields=["status", "declined_reason", "closed_at"],
        why="cancelled: the organization declined (nil return)",
    )


def _waive(input_request: InputRequest, *, reason: str, by: User | None, now: dt.datetime) -> InputRequest:
    """Stop asking an open request (the caller holds its row lock); its reminders stop."""
    if input_request.status != InputRequestStatus.OPEN:
        raise WrongState(
            f"{input_request.organization.short_name}'s request is {input_request.get_status_display().lower()}: "
            "only an open request is waived."
        )
    input_request.status = InputRequestStatus.WAIVED
    input_request.waived_reason = reason
    input_request.closed_at = now
    return item_closed(
        input_request,
        by=by,
        fields=["status", "waived_reason", "closed_at"],
        why=f"cancelled: waived ({reason})",
        history=f"Waived: {reason}",
    )


def _reason(reason: str, message: str) -> str:
    if not reason or not reason.strip():
        raise DomainError(message, field="reason")
    check_text(reason, field="reason")
    return reason.strip()


@transaction.atomic
def input_request_waive(
    *,
    input_request: InputRequest,
    by: User | None,
    reason: str,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> InputRequest:
    """The secretariat stops asking an organization (it answered in another way, it was asked by
    mistake ...): the request is waived with the reason, and its reminders stop."""
    require_secretariat(by, "Only the secretariat waives input requests.")
    reason = _reason(reason, "Say why the request is waived: it is kept with the request.")
    input_request = locked(input_request)
    check_version(input_request, expected_version)
    return _waive(input_request, reason=reason, by=by, now=now or timezone.now())


def input_requests_waive_open(*, call_id: int, reason: str, by: User | None, now: dt.datetime) -> int:
    """Waive every open request of a call (the caller holds the call's row lock): how many."""
    requests = InputRequest.objects.select_for_update().filter(call_id=call_id, status=InputRequestStatus.OPEN)
    waived = 0
    for request in requests.select_related("organization").order_by("pk"):
        _waive(request, reason=reason, by=by, now=now)
        waived += 1
    return waived


@transaction.atomic
def input_request_answer(
    *,
    input_request: InputRequest,
    by: User | None,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    answers: dict[int, str] | None = None,
    attachment=None,
    submit: bool = False,
    received_via: str = ReceivedVia.WEB,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """Answer an input request in one step, as the focal points' page does: write the draft (a new
    one, or the one being written), attach a file, and submit it if asked."""
    fields = {"title": title, "body": body, "period_start": period_start, "period_end": period_end}
    draft = update_being_written(input_request)
    if draft is None:
        update = update_create(
            by=by,
            organization=Organization.objects.get(pk=input_request.organization_id),
            input_request=input_request,
            answers=answers,
            received_via=received_via,
            now=now,
            **fields,
        )
    else:
        update = update_edit(update=draft, by=by, changes={**fields, "answers": answers or {}}, now=now)
    if attachment is not None:
        attachment_add(update=update, uploaded=attachment, by=by)
    if submit:
        update = update_submit(update=update, by=by, now=now)
    return update
