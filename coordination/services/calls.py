"""Calls for inputs: written as a draft, opened to organizations (an input request each, a mail to
their focal points)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.mails import mail_person
from agencies.models import FocalPoint, Organization
from core.errors import DomainError, WrongState
from core.validators import check_text, check_text_fields
from core.versions import check_version
from meetings.choices import DatePrecision

from ..choices import CallStatus, InputRequestStatus, ItemStatus
from ..deadlines import secretariat_today
from ..models import CallForInputs, CallPrompt, InputRequest, ReportingObligation
from ..selectors import call_addressees
from .access import locked, require_secretariat, with_history_user
from .input_requests import input_requests_waive_open

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User

SECRETARIAT_ONLY = "Only the secretariat writes and opens calls for inputs."


def call_prompts_set(*, call: CallForInputs, texts: list[str], by: User | None = None) -> list[CallPrompt]:
    """A draft call's questions, in order (replacing any it had); answers are asked once it opens."""
    require_secretariat(by, SECRETARIAT_ONLY)
    if call.status != CallStatus.DRAFT:
        raise WrongState("The questions of an open call stay as the organizations received them.", field="prompts")
    texts = [text.strip() for text in texts]
    if any(not text for text in texts):
        raise DomainError("A question cannot be empty.", field="prompts")
    prompts = [CallPrompt(call=call, position=position, text=text) for position, text in enumerate(texts, start=1)]
    for prompt in prompts:
        check_text_fields(prompt, under="prompts")
    call.prompts.all().delete()
    return CallPrompt.objects.bulk_create(prompts)


@transaction.atomic
def call_save(*, call: CallForInputs, by: User | None, changed: list[str] | None = None) -> CallForInputs:
    """Store a call the secretariat wrote or edited in a form (``changed``: the fields edited; ``None``
    for a new call, which starts as a draft with the person writing it as its responsible officer)."""
    require_secretariat(by, SECRETARIAT_ONLY)
    check_text_fields(call, None if call._state.adding else changed or ())
    with_history_user(call, by)
    if call._state.adding:
        call.status = CallStatus.DRAFT
        if call.responsible_officer_id is None and by is not None:
            call.responsible_officer = by
        call.save()
        return call
    if "status" in (changed or ()):
        raise DomainError("A call opens through its step (Open), not by editing its status.", field="status")
    call.save(update_fields=[*(changed or ()), "updated_at"])
    return call


@transaction.atomic
def call_create(
    *,
    by: User | None,
    title: str,
    deadline: dt.date,
    instructions: str = "",
    obligation: ReportingObligation | None = None,
    prompts: list[str] = (),
    organizations=(),
    categories=(),
    groups=(),
    now: dt.datetime | None = None,
) -> CallForInputs:
    """Write a call and open it at once: its questions, its addressees (organizations, categories and
    groups expanded on the secretariat's today), an input request each and the mails."""
    now = now or timezone.now()
    require_secretariat(by, SECRETARIAT_ONLY)
    call = CallForInputs(
        title=title, instructions=instructions, obligation=obligation, deadline=deadline, responsible_officer=by
    )
    check_text_fields(call)
    call.save(force_insert=True)
    call_prompts_set(call=call, texts=list(prompts), by=by)
    addressees = call_addressees(
        organizations=organizations, categories=categories, groups=groups, on=secretariat_today(now)
    )
    call_open(call=call, addressees=addressees, by=by, now=now)
    return call


@transaction.atomic
def call_open(
    *, call: CallForInputs, addressees: list[Organization], by: User | None = None, now: dt.datetime | None = None
) -> list[InputRequest]:
    """Open a draft call: one input request per addressee, due on the call's deadline, and a mail
    to each organization's active focal points (one per person, through the outbox)."""
    now = now or timezone.now()
    require_secretariat(by, SECRETARIAT_ONLY)
    call = locked(call)
    if call.status != CallStatus.DRAFT:
        raise WrongState(f"This call is {call.get_status_display().lower()}: only a draft is opened.", field="status")
    if call.deadline < secretariat_today(now):
        raise DomainError("The deadline has passed: choose a later one.", field="deadline")
    if call.obligation_id and call.obligation.status != ItemStatus.OPEN:
        raise DomainError(
            f"The report this call serves is {call.obligation.get_status_display().lower()} "
            f"({call.obligation.fulfilled_by or 'no document'}): nobody is asked for inputs to it.",
            field="obligation",
        )
    # Organizations added to the draft by hand keep their request; the others get theirs now.
    already = set(call.input_requests.values_list("organization_id", flat=True))
    addressees = [*(o for o in addressees if o.pk not in already), *Organization.objects.filter(pk__in=already)]
    if not addressees:
        raise DomainError("Name at least one organization, category or group to ask.", field="addressees")
    # A request named on the draft without a day of its own is due on the deadline, like the others
    # (undated, it would never be reminded nor counted late).
    for undated in call.input_requests.select_for_update().filter(due_date__isnull=True, due_session__isnull=True):
        undated.due_precision, undated.due_date = DatePrecision.DAY, call.deadline
        with_history_user(undated, by, "Due on the call's deadline")
        undated.save(update_fields=["due_precision", "due_date", "updated_at"])
    requests = bulk_create_with_history(
        [
            InputRequest(
                call=call,
                organization=organization,
                due_precision=DatePrecision.DAY,
                due_date=call.deadline,
                status=InputRequestStatus.OPEN,
            )
            for organization in addressees
            if organization.pk not in already
        ],
        InputRequest,
        default_user=by,
    )
    call.status = CallStatus.OPEN
    call.opened_at = now
    if call.responsible_officer_id is None and by is not None:
        call.responsible_officer = by  # escalations and arriving answers go to whoever opened it
    with_history_user(call, by)
    call.save(update_fields=["status", "opened_at", "responsible_officer", "updated_at"])
    _mail_call_opened(call, addressees, now=now)
    return requests


def _mail_call_opened(call: CallForInputs, addressees: list[Organization], *, now: dt.datetime) -> None:
    """Each active focal point of the organizations asked hears of the call once, in their language."""
    asked: dict[int, list] = {}
    people = {}
    focal_points = (
        FocalPoint.objects.active().filter(organization__in=addressees).select_related("user__profile", "organization")
    )
    for focal_point in focal_points:
        if focal_point.user.email:
            people[focal_point.user_id] = focal_point.user
            asked.setdefault(focal_point.user_id, []).append(focal_point.organization)
    site = settings.SITE_URL.rstrip("/")
    context = {
        "call": call,
        "prompts": list(call.prompts.all()),
        "my_url": f"{site}{reverse('my-home')}",
        "api_url": f"{site}/api/v1/input-requests/?call={call.pk}",
    }
    for user_id, organizations in asked.items():
        mail_person(
            people[user_id],
            kind="call_opened",
            template="coordination/email/call_opened",
            context={**context, "names": ", ".join(sorted(o.short_name for o in organizations))},
            dedupe_key=f"call-opened:{call.pk}:{user_id}",
            now=now,
        )


@transaction.atomic
def call_delete(*, call: CallForInputs, by: User | None) -> None:
    """Remove a draft call (its questions and chosen organizations with it). A call that was opened
    has asked organizations: it is kept."""
    require_secretariat(by, SECRETARIAT_ONLY)
    call = locked(call)
    if call.status != CallStatus.DRAFT:
        raise WrongState(f"“{call}” was opened: the organizations were asked, so it is kept.")
    call.delete()


CALL_CLOSED = "call closed"


@transaction.atomic
def call_close(
    *,
    call: CallForInputs,
    by: User | None,
    reason: str = CALL_CLOSED,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Close an open call: the organizations that have not answered are no longer asked (their
    requests waived with ``reason``, their pending reminders cancelled); answers already in are
    kept. Returns how many requests were waived. Closing a closed call again changes nothing."""
    now = now or timezone.now()
    require_secretariat(by, SECRETARIAT_ONLY)
    check_text(reason, field="reason")
    call = locked(call)
    check_version(call, expected_version)
    if call.status == CallStatus.CLOSED:
        return 0
    if call.status == CallStatus.DRAFT:
        raise WrongState("This call is a draft: nobody was asked. Delete it instead.", field="status")
    waived = input_requests_waive_open(call_id=call.pk, reason=reason.strip() or CALL_CLOSED, by=by, now=now)
    call.status = CallStatus.CLOSED
    call.closed_at = now
    with_history_user(call, by, f"Closed: {reason}")
    call.save(update_fields=["status", "closed_at", "updated_at"])
    return waived
