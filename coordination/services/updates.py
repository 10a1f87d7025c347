"""Activity updates and answers to calls: draft -> submitted -> accepted, or returned with a comment
and resubmitted. Every step takes the update's row lock first (``locked``), then compares the
version the caller saw, then checks the state, so two steps on one update never interleave."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext

from agencies.choices import ReminderPreference
from agencies.mails import in_language_of, mail_person, render_mail
from agencies.models import FocalPoint, Organization
from agencies.selectors import is_secretariat, organization_ids_for
from core.errors import DomainError, NotPermitted, WrongState
from core.notifications import outbox_digest_add
from core.validators import check_text, check_text_fields
from core.versions import check_version

from ..choices import InputRequestStatus, ReceivedVia, UpdateEventKind, UpdateStatus
from ..deadlines import secretariat_today
from ..models import (
    ActivityUpdate,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    PromptAnswer,
    UpdateEvent,
)
from ..reminders.points import next_delivery_time
from ..selectors import may_write_updates
from .access import locked, require_acts_for, require_secretariat, with_history_user
from .items import input_request_mark_answered

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User
    from django.db.models import Model


EDITABLE_BY_AUTHOR = (UpdateStatus.DRAFT, UpdateStatus.RETURNED)
FINAL = (UpdateStatus.ACCEPTED, UpdateStatus.WITHDRAWN)
# An answer that still stands for its input request: it keeps the request answered.
STANDING = (UpdateStatus.SUBMITTED, UpdateStatus.ACCEPTED)
# Ways an answer reaches the secretariat other than its author's own door: recorded by the secretariat.
RECORDED_BY_SECRETARIAT = (ReceivedVia.EMAIL, ReceivedVia.LETTER, ReceivedVia.DOCUMENT)
NOT_A_WRITER = gettext_lazy("Only focal points of an organization and the secretariat write updates.")


def status_in_words(update: ActivityUpdate) -> str:
    """An update's state as a refusal says it, in the active language (an answer's in the feminine)."""
    label = update.get_status_display()
    return (pgettext("answer", label) if update.input_request_id else gettext(label)).lower()


def _event(update: ActivityUpdate, event: str, by: User | None, now: dt.datetime, comment: str = "") -> None:
    UpdateEvent.objects.create(update=update, event=event, by=by, at=now, comment=comment)


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise DomainError(gettext("The period ends before it starts."), field="period_end")


def _check_links(*, organization_id: int, input_request: InputRequest | None, action: Model | None) -> None:
    if input_request is not None:
        if input_request.organization_id != organization_id:
            raise DomainError(
                gettext("This input request is addressed to another organization."), field="input_request"
            )
        if input_request.status in (InputRequestStatus.DECLINED, InputRequestStatus.WAIVED):
            raise DomainError(gettext("This input request is closed (declined or waived)."), field="input_request")
    if (
        action is not None
        and action.lead_organization_id != organization_id
        and not action.supporting_organizations.filter(pk=organization_id).exists()
    ):
        raise DomainError(gettext("This action is neither led nor supported by the organization."), field="action")


def _check_received(*, by: User | None, received_via: str, received_on: dt.date | None, creating: bool) -> None:
    """An answer received by mail is recorded by the secretariat, with the day it came in."""
    if (received_via in RECORDED_BY_SECRETARIAT or received_on is not None) and not (by is None or is_secretariat(by)):
        raise DomainError("Only the secretariat records answers received by mail.", field="received_via")
    if creating and received_via in RECORDED_BY_SECRETARIAT and received_on is None:
        raise DomainError("Say when the answer was received.", field="received_on")


def update_organization_for(*, by: User | None, requested: Organization | None) -> Organization:
    """The organization a new update is for: the caller's own when it acts for exactly one; the
    secretariat names it."""
    if by is None or is_secretariat(by):
        if requested is None:
            raise DomainError("Name the organization this update is for.", field="organization")
        return requested
    if not may_write_updates(by):
        raise NotPermitted(NOT_A_WRITER)
    mine = organization_ids_for(by)
    if requested is None:
        if len(mine) > 1:
            raise DomainError(gettext("You act for several organizations: name one of them."), field="organization")
        return Organization.objects.get(pk=next(iter(mine)))
    if requested.pk not in mine:
        raise DomainError(gettext("You do not act for this organization."), field="organization")
    return requested


def _answers_write(update: ActivityUpdate, answers: dict[int, str]) -> bool:
    """Store an update's texts for its call's prompts (``{prompt id: text}``); an empty text clears
    one. Whether any text changed."""
    if not answers:
        return False
    call_id = update.input_request.call_id if update.input_request_id else None
    prompts = set(CallPrompt.objects.filter(call_id=call_id).values_list("pk", flat=True)) if call_id else set()
    foreign = sorted(set(answers) - prompts)
    if foreign:
        where = "the call this update answers" if call_id else "a call: link the update to an input request first"
        raise DomainError(f"Question {', '.join(map(str, foreign))} is not one of {where}.", field="answers")
    stored = dict(PromptAnswer.objects.filter(update=update).values_list("prompt_id", "text"))
    changed = False
    for text in answers.values():
        check_text(text, field="answers")
    for prompt_id, text in answers.items():
        if text.strip():
            if stored.get(prompt_id) != text:
                PromptAnswer.objects.update_or_create(update=update, prompt_id=prompt_id, defaults={"text": text})
                changed = True
        elif prompt_id in stored:
            PromptAnswer.objects.filter(update=update, prompt_id=prompt_id).delete()
            changed = True
    return changed


def _check_prompts_answered(update: ActivityUpdate) -> None:
    if not update.input_request_id:
        return
    unanswered = (
        CallPrompt.objects.filter(call_id=update.input_request.call_id)
        .exclude(answers__update=update)
        .order_by("position")
    )
    missing = [f"{prompt.position}. {prompt.text}" for prompt in unanswered]
    if missing:
        still_open = gettext("Answer every question of the call; still open: %(question)s")
        raise DomainError([still_open % {"question": q} for q in missing], field="answers")


@transaction.atomic
def update_create(
    *,
    by: User | None,
    title: str,
    body: str,
    organization: Organization | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    input_request: InputRequest | None = None,
    action: Model | None = None,
    received_via: str = ReceivedVia.API,
    received_on: dt.date | None = None,
    answers: dict[int, str] | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """A draft update, written by a focal point for its organization or recorded by the secretariat
    for one it names; ``answers`` holds its texts for the call's questions, by prompt id."""
    now = now or timezone.now()
    organization = update_organization_for(by=by, requested=organization)
    _check_received(by=by, received_via=received_via, received_on=received_on, creating=True)
    _check_links(organization_id=organization.pk, input_request=input_request, action=action)
    _check_period(period_start, period_end)
    update = ActivityUpdate(
        organization=organization,
        author=by,
        title=title,
        body=body,
        period_start=period_start,
        period_end=period_end,
        input_request=input_request,
        action=action,
        received_via=received_via,
        received_on=received_on,
    )
    check_text_fields(update)
    update.save(force_insert=True)
    _answers_write(update, answers or {})
    _event(update, UpdateEventKind.CREATED, by, now)
    return update


@transaction.atomic
def update_record_received(
    *,
    by: User | None,
    organization: Organization,
    input_request: InputRequest | None,
    received_via: str,
    received_on: dt.date,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """An answer that reached the secretariat by e-mail or letter, recorded and submitted in one step:
    the same state as a focal point's draft and submission (its input request answered)."""
    require_secretariat(by, "Only the secretariat records answers received by mail.")
    if received_via not in RECORDED_BY_SECRETARIAT:
        raise DomainError("Say how the answer came in: by e-mail, by letter or in a document.", field="received_via")
    update = update_create(
        by=by,
        organization=organization,
        input_request=input_request,
        title=title,
        body=body,
        period_start=period_start,
        period_end=period_end,
        received_via=received_via,
        received_on=received_on,
        now=now,
    )
    # A letter answers in its own form: the call's questions are not asked of it one by one.
    return _submit(update=update, by=by, now=now or timezone.now(), require_answers=False)


@transaction.atomic
def update_edit(
    *,
    update: ActivityUpdate,
    by: User | None,
    changes: dict,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """Change a draft or returned update (the secretariat may also correct a submitted one). Only
    the fields named in ``changes`` are written, so two edits of different fields both stay."""
    now = now or timezone.now()
    update = locked(update)
    require_acts_for(by, update.organization_id, NOT_A_WRITER)
    check_version(update, expected_version)
    if update.status in FINAL or (update.status not in EDITABLE_BY_AUTHOR and not is_secretariat(by)):
        raise WrongState(
            gettext("This update is %(status)s: it can no longer be changed.") % {"status": status_in_words(update)}
        )
    changes = dict(changes)
    if "organization" in changes and changes.pop("organization").pk != update.organization_id:
        raise DomainError("An update stays with its organization.", field="organization")
    if "received_via" in changes or "received_on" in changes:
        _check_received(
            by=by,
            received_via=changes.get("received_via", ReceivedVia.API),
            received_on=changes.get("received_on"),
            creating=False,
        )
    _check_links(
        organization_id=update.organization_id,
        input_request=changes.get("input_request", update.input_request),
        action=changes.get("action", update.action),
    )
    answers = changes.pop("answers", None) or {}
    changed = [name for name, value in changes.items() if getattr(update, name) != value]
    for name in changed:
        setattr(update, name, changes[name])
    check_text_fields(update, changed)
    _check_period(update.period_start, update.period_end)
    if not (_answers_write(update, answers) or changed):
        return update  # nothing to change: no new version, no event (a page saved as it was)
    update.save(update_fields=[*changed, "updated_at"])
    _event(update, UpdateEventKind.EDITED, by, now)
    return update


@transaction.atomic
def update_submit(
    *,
    update: ActivityUpdate,
    by: User | None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """Send a draft (or a returned update, revised) to the secretariat. An answer to an input
    request marks it answered, which stops its reminders."""
    update = locked(update)
    require_acts_for(by, update.organization_id, NOT_A_WRITER)
    check_version(update, expected_version)
    return _submit(update=update, by=by, now=now or timezone.now(), require_answers=True)


def _submit(*, update: ActivityUpdate, by: User | None, now: dt.datetime, require_answers: bool) -> ActivityUpdate:
    if update.status not in EDITABLE_BY_AUTHOR:
        raise WrongState(
            gettext("Only a draft or returned update can be submitted; this one is %(status)s.")
            % {"status": status_in_words(update)}
        )
    if require_answers:
        _check_prompts_answered(update)
    update.status = UpdateStatus.SUBMITTED
    update.submitted_at = now
    update.save(update_fields=["status", "submitted_at", "updated_at"])
    if update.input_request_id:
        # Locked after the update, as every step that touches both does: no two steps wait on each other.
        request = InputRequest.objects.select_for_update().get(pk=update.input_request_id)
        if request.status == InputRequestStatus.OPEN:
            # An answer counts on the day it came in: today through the API or the page, the day
            # recorded for an e-mail or a letter.
            answered_on = update.received_on or secretariat_today(now)
            input_request_mark_answered(input_request=request, answered_on=answered_on, by=by, now=now)
        call = CallForInputs.objects.select_related("responsible_officer__profile").get(pk=request.call_id)
        _tell_the_officer(update, call.responsible_officer, about=call.title, by=by, now=now)
    elif update.action_id:
        action = FollowUpAction.objects.select_related("responsible_officer__profile").get(pk=update.action_id)
        _tell_the_officer(update, action.responsible_officer, about=action.title, by=by, now=now)
    _event(update, UpdateEventKind.SUBMITTED, by, now)
    return update


def _tell_the_officer(
    update: ActivityUpdate, officer: User | None, *, about: str, by: User | None, now: dt.datetime
) -> None:
    """The responsible officer of the call (or the action) ``about`` hears that an answer (or a progress
    report) is waiting for review: one mail per answer, or one daily digest, by the officer's preference,
    in the officer's language. Not for an answer they recorded."""
    if officer is None or not officer.email or not officer.is_active or (by is not None and by.pk == officer.pk):
        return
    organization = Organization.objects.get(pk=update.organization_id)
    site = settings.SITE_URL.rstrip("/")
    link = f"{site}{reverse('admin:coordination_activityupdate_change', args=[update.pk])}"
    line = f"- {organization.short_name}: “{update.title}” ({about}): {link}\n"
    profile = getattr(officer, "profile", None)
    if profile is not None and profile.reminder_preference == ReminderPreference.DAILY_DIGEST:
        send_at = next_delivery_time(now, time_zone=profile.time_zone, preference=profile.reminder_preference)
        with in_language_of(officer):
            subject, opening = render_mail("coordination/email/answers_to_review", {"user": officer})
        outbox_digest_add(
            kind="answers_to_review",
            recipient=officer,
            to_email=officer.email,
            subject=subject,
            opening=opening,
            line=line,
            send_at=send_at,
            dedupe_key=f"answers-to-review:{officer.pk}:{send_at:%Y-%m-%dT%H}",
            now=now,
        )
        return
    mail_person(
        officer,
        kind="answer_arrived",
        template="coordination/email/answer_arrived",
        context={"organization": organization, "about": about, "progress": bool(update.action_id), "line": line},
        dedupe_key=f"answer-arrived:{update.pk}:{update.submitted_at:%Y%m%d%H%M%S%f}",
        now=now,
    )


@transaction.atomic
def update_accept(
    *,
    update: ActivityUpdate,
    by: User | None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """The secretariat takes a submitted update as it is (it goes into the compilation)."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat accepts or returns updates.")
    update = locked(update)
    check_version(update, expected_version)
    if update.status != UpdateStatus.SUBMITTED:
        raise WrongState(f"Only a submitted update can be accepted; this one is {update.status}.")
    update.status = UpdateStatus.ACCEPTED
    update.save(update_fields=["status", "updated_at"])
    _event(update, UpdateEventKind.ACCEPTED, by, now)
    return update


@transaction.atomic
def update_return(
    *,
    update: ActivityUpdate,
    by: User | None,
    comment: str,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """Send a submitted update back with a comment; its input request opens again and its
    organization's focal points are told (through the outbox)."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat accepts or returns updates.")
    if not comment or not comment.strip():
        raise DomainError("Say what to change: the focal points read it.", field="comment")
    check_text(comment, field="comment")
    update = locked(update)
    check_version(update, expected_version)
    if update.status != UpdateStatus.SUBMITTED:
        raise WrongState(f"Only a submitted update can be returned; this one is {update.status}.")
    update.status = UpdateStatus.RETURNED
    update.return_comment = comment.strip()
    update.save(update_fields=["status", "return_comment", "updated_at"])
    if update.input_request_id:
        request = InputRequest.objects.select_for_update().get(pk=update.input_request_id)
        if request.status == InputRequestStatus.ANSWERED:
            request.status, request.closed_at = InputRequestStatus.OPEN, None
            with_history_user(request, by, "Answer returned for revision")
            request.save(update_fields=["status", "closed_at", "updated_at"])
    _event(update, UpdateEventKind.RETURNED, by, now, comment.strip())
    rounds = update.events.filter(event=UpdateEventKind.RETURNED).count()
    focal_points = (
        FocalPoint.objects.active().filter(organization_id=update.organization_id).select_related("user__profile")
    )
    organization = Organization.objects.get(pk=update.organization_id)
    url = f"{settings.SITE_URL.rstrip('/')}{reverse('my-update', args=[update.pk])}"
    for focal_point in focal_points:
        if not focal_point.user.email:
            continue
        mail_person(
            focal_point.user,
            kind="update_returned",
            template="coordination/email/update_returned",
            context={"update": update, "organization": organization, "url": url},
            dedupe_key=f"update-{update.pk}-returned-{rounds}-to-{focal_point.user_id}",
            now=now,
        )
    return update


@transaction.atomic
def update_withdraw(
    *,
    update: ActivityUpdate,
    by: User | None,
    reason: str,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """Take an answer out of the record without losing it (recorded for the wrong organization,
    sent twice ...): it stays, with its files, marked withdrawn with who and why; it leaves the
    compilation, and an input request it alone answered opens again."""
    now = now or timezone.now()
    require_secretariat(by, "Only the secretariat withdraws answers.")
    if not reason or not reason.strip():
        raise DomainError("Say why it is withdrawn: the reason is kept with the answer.", field="reason")
    check_text(reason, field="reason")
    update = locked(update)
    check_version(update, expected_version)
    if update.status == UpdateStatus.WITHDRAWN:
        raise WrongState("This answer is withdrawn already.")
    was_standing = update.status in STANDING
    update.status = UpdateStatus.WITHDRAWN
    update.save(update_fields=["status", "updated_at"])
    if update.input_request_id and was_standing:
        request = InputRequest.objects.select_for_update().get(pk=update.input_request_id)
        others = request.updates.filter(status__in=STANDING).exclude(pk=update.pk)
        if request.status == InputRequestStatus.ANSWERED and not others.exists():
            request.status, request.closed_at = InputRequestStatus.OPEN, None
            with_history_user(request, by, "Its answer was withdrawn")
            request.save(update_fields=["status", "closed_at", "updated_at"])
    _event(update, UpdateEventKind.WITHDRAWN, by, now, reason.strip())
    return update


@transaction.atomic
def update_delete(*, update: ActivityUpdate, by: User | None) -> None:
    """Delete a draft nobody else has seen. An answer that reached the secretariat is kept: it is
    returned, not deleted."""
    update = locked(update)
    require_acts_for(by, update.organization_id, NOT_A_WRITER)
    if update.status != UpdateStatus.DRAFT:
        raise DomainError(
            f"A {update.get_status_display().lower()} update reached the secretariat and is kept; "
            "return it to its organization instead."
        )
    update.delete()
