"""Writes of the coordination app. Keyword-only arguments; time passed in as ``now``."""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from meetings.choices import DatePrecision

from .choices import (
    CallStatus,
    DeadlineState,
    InputRequestStatus,
    ItemStatus,
    LedgerStatus,
    OutboxStatus,
    ReceivedVia,
    Recurrence,
    ReminderItemKind,
    UpdateEventKind,
    UpdateStatus,
)
from .deadlines import secretariat_today
from .models import (
    ActivityUpdate,
    CallPrompt,
    DeadlineExtension,
    InputRequest,
    OutboxMessage,
    PromptAnswer,
    ReminderEntry,
    ReportingObligation,
    UpdateEvent,
    WorkerHeartbeat,
)

logger = logging.getLogger(__name__)


def outbox_enqueue(
    *,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient=None,
    dedupe_key: str = "",
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """Write a notification to the outbox, inside the caller's transaction.

    The message is sent by the periodic sender; after commit we also nudge the sender so it goes
    out within seconds, but a broker outage at that moment only delays it to the next beat.
    Writing the same ``dedupe_key`` twice returns the message written first.
    """
    now = now or timezone.now()
    if dedupe_key:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                dedupe_key=dedupe_key,
                available_at=now,
            )
    except IntegrityError:
        # A concurrent writer won the dedupe key.
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(_nudge_outbox_sender)
    return message


def _nudge_outbox_sender() -> None:
    from .tasks import send_outbox

    try:
        send_outbox.delay()
    except Exception:  # the broker is down: the periodic sender will pick the message up
        logger.warning(
            "Could not enqueue the outbox sender; the next periodic run will send the message.", exc_info=True
        )


def worker_heartbeat(*, hostname: str, now: dt.datetime | None = None) -> None:
    """Record that the worker ``hostname`` is taking tasks (one row per worker, updated in place)."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": now or timezone.now(), "pid": os.getpid()}
    )


@dataclass(frozen=True)
class OutboxRunResult:
    claimed: int
    sent: int
    failed: int
    gave_up: int


def retry_delay(attempts: int) -> dt.timedelta:
    """Backoff after the ``attempts``-th failed send (outbox or reminder): 1, 2, 4 ... minutes,
    capped at the retry ceiling, which the broker's visibility timeout exceeds."""
    seconds = min(60 * 2 ** max(attempts - 1, 0), settings.CELERY_MAX_RETRY_COUNTDOWN)
    return dt.timedelta(seconds=seconds)


def outbox_claim(*, now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Lease up to ``limit`` due messages to this run.

    ``select_for_update(skip_locked=True)`` lets concurrent senders take disjoint batches; a lease
    that expired (its sender died) makes the message claimable again.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, available_at__lte=now)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .order_by("available_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            lease_token=token, leased_until=now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        )
    return token, ids


def outbox_send_due(*, now: dt.datetime | None = None, limit: int | None = None) -> OutboxRunResult:
    """Send the outbox messages that are due; record each as sent, or failed with its error.

    The window between the mail server accepting a message and our status write is taken on the
    side of a possible duplicate: if the process dies inside it, the lease expires and the
    message is sent again. A notification (a call opened, an update returned) read twice is
    harmless; one never sent is not.
    """
    now = now or timezone.now()
    token, ids = outbox_claim(now=now, limit=limit or settings.OUTBOX_BATCH_SIZE)
    sent = failed = gave_up = 0
    for message in OutboxMessage.objects.filter(pk__in=ids, lease_token=token).order_by("pk"):
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        try:
            email.send()
        except Exception as exc:
            attempts = message.attempts + 1
            exhausted = attempts >= settings.OUTBOX_MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk, lease_token=token).update(
                attempts=attempts,
                status=OutboxStatus.FAILED if exhausted else OutboxStatus.PENDING,
                available_at=now + retry_delay(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                lease_token=None,
                leased_until=None,
            )
            logger.warning(
                "Outbox message %s to %s failed (attempt %s): %s", message.pk, message.to_email, attempts, exc
            )
            failed += 1
            gave_up += int(exhausted)
            continue
        OutboxMessage.objects.filter(pk=message.pk, lease_token=token).update(
            status=OutboxStatus.SENT,
            sent_at=timezone.now(),
            attempts=message.attempts + 1,
            last_error="",
            lease_token=None,
            leased_until=None,
        )
        sent += 1
    return OutboxRunResult(claimed=len(ids), sent=sent, failed=failed, gave_up=gave_up)


# --- Deadlines and reminders (the admin's buttons call these) -------------------------------------


def _cancel_pending_reminders(kind: str, item_id: int, reason: str) -> int:
    return ReminderEntry.objects.filter(item_kind=kind, item_id=item_id, status=LedgerStatus.PENDING).update(
        status=LedgerStatus.CANCELLED, reason=reason
    )


@transaction.atomic
def deadline_extend(
    *, item, new_due_date: dt.date, reason: str, by=None, now: dt.datetime | None = None
) -> DeadlineExtension:
    """Move an item's deadline to ``new_due_date`` (a day), recording why. The new date re-arms the
    reminder points (the ledger is keyed by due date); pending points of the old date are cancelled."""
    from .reminders.items import item_kind_of

    now = now or timezone.now()
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say why the deadline moves: it is kept with the item."})
    spec = item_kind_of(item)
    if item.status in item.CLOSED_STATUSES:
        raise ValidationError("This item is closed; reopen it before moving its deadline.")
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
    item._change_reason = f"Deadline extended: {reason.strip()}"[:100]
    if by is not None:
        item._history_user = by
    item.save()
    _cancel_pending_reminders(spec.kind, item.pk, f"cancelled: deadline extended to {new_due_date:%d %b %Y}")
    return extension


@transaction.atomic
def item_mark_done(*, item, completed_on: dt.date, by=None) -> None:
    """Close an action or obligation (done), or an input request (answered); its reminders stop."""
    from .reminders.items import item_kind_of

    spec = item_kind_of(item)
    if item.status in item.CLOSED_STATUSES:
        raise ValidationError(f"Already closed ({item.get_status_display().lower()}): left as it is.")
    if isinstance(item, InputRequest):
        item.status = InputRequestStatus.ANSWERED
        # The answer came in on that day; today's is the moment it was recorded.
        zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
        item.closed_at = min(
            timezone.now(), dt.datetime.combine(completed_on, dt.time(23, 59, 59), zone).astimezone(dt.UTC)
        )
    else:
        item.status = ItemStatus.DONE
        item.completed_on = completed_on
    if by is not None:
        item._history_user = by
    item.save()
    _cancel_pending_reminders(spec.kind, item.pk, "cancelled: the item was closed")


@transaction.atomic
def reminder_send_now(*, items, by=None, now: dt.datetime | None = None) -> int:
    """Queue a reminder for each item to its recipients at once, outside the schedule.

    Returns how many ledger rows were queued. Sent by the next dispatch, which is enqueued after
    commit; items with nobody to send to are recorded as such.
    """
    from .reminders.items import item_kind_of
    from .reminders.points import PointSpec, active_policy
    from .reminders.scan import RecipientBook
    from .tasks import dispatch_reminders

    now = now or timezone.now()
    today = secretariat_today(now)
    policy = active_policy()
    point = PointSpec(f"manual_{now:%Y%m%dT%H%M%S}", 0, critical=True)
    rows = []
    items = list(items)
    for item in items:
        spec = item_kind_of(item)
        # Lapsed items (overdue beyond the staleness horizon) are never reminded (DESIGN).
        if item.deadline_state_on(today) in (DeadlineState.CLOSED, DeadlineState.UNDATED, DeadlineState.LAPSED):
            continue
        organization_id = spec.organization_id(item)
        book = RecipientBook({organization_id} if organization_id else set())
        who = f" by {by.get_username()}" if by is not None else ""
        for recipient in book.for_point(spec, item, point, policy):
            rows.append(
                ReminderEntry(
                    item_kind=spec.kind,
                    item_id=item.pk,
                    organization_id=organization_id,
                    point=point.name,
                    offset_days=(today - item.due_date).days,
                    critical=True,
                    due_date=item.due_date,
                    point_date=today,
                    recipient=recipient.user,
                    recipient_ref=recipient.ref,
                    status=LedgerStatus.PENDING if recipient.user else LedgerStatus.NO_RECIPIENT,
                    reason=f"sent by hand{who} to the {recipient.why}"[:300],
                    send_after=now,
                    created_at=now,
                )
            )
    ReminderEntry.objects.bulk_create(rows, ignore_conflicts=True)
    queued = sum(1 for row in rows if row.status == LedgerStatus.PENDING)
    if queued:
        transaction.on_commit(lambda: dispatch_reminders.delay(now.isoformat()))
    return queued


# --- Activity updates: draft -> submitted -> accepted, or returned and resubmitted ----------------

EDITABLE_BY_AUTHOR = (UpdateStatus.DRAFT, UpdateStatus.RETURNED)


def _event(update: ActivityUpdate, event: str, by, now: dt.datetime, comment: str = "") -> None:
    UpdateEvent.objects.create(update=update, event=event, by=by, at=now, comment=comment)


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"period_end": "The period ends before it starts."})


def _check_links(*, organization, input_request=None, action=None) -> None:
    if input_request is not None:
        if input_request.organization_id != organization.pk:
            raise ValidationError({"input_request": "This input request is addressed to another organization."})
        if input_request.status in (InputRequestStatus.DECLINED, InputRequestStatus.WAIVED):
            raise ValidationError({"input_request": "This input request is closed (declined or waived)."})
    if (
        action is not None
        and action.lead_organization_id != organization.pk
        and not action.supporting_organizations.filter(pk=organization.pk).exists()
    ):
        raise ValidationError({"action": "This action is neither led nor supported by the organization."})


def _answers_write(update: ActivityUpdate, answers: dict[int, str]) -> None:
    """Store an update's texts for its call's prompts (``{prompt id: text}``); an empty text clears one."""
    if not answers:
        return
    call_id = update.input_request.call_id if update.input_request_id else None
    prompts = set(CallPrompt.objects.filter(call_id=call_id).values_list("pk", flat=True)) if call_id else set()
    foreign = sorted(set(answers) - prompts)
    if foreign:
        where = "the call this update answers" if call_id else "a call: link the update to an input request first"
        raise ValidationError({"answers": f"Question {', '.join(map(str, foreign))} is not one of {where}."})
    for prompt_id, text in answers.items():
        if text.strip():
            PromptAnswer.objects.update_or_create(update=update, prompt_id=prompt_id, defaults={"text": text})
        else:
            PromptAnswer.objects.filter(update=update, prompt_id=prompt_id).delete()


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
        raise ValidationError({"answers": [f"Answer every question of the call; still open: {q}" for q in missing]})


def call_prompts_set(*, call, texts: list[str]) -> list[CallPrompt]:
    """A draft call's questions, in order (replacing any it had); answers are asked once it opens."""
    if call.status != CallStatus.DRAFT:
        raise ValidationError({"prompts": "The questions of an open call stay as the organizations received them."})
    texts = [text.strip() for text in texts]
    if any(not text for text in texts):
        raise ValidationError({"prompts": "A question cannot be empty."})
    call.prompts.all().delete()
    return CallPrompt.objects.bulk_create(
        CallPrompt(call=call, position=position, text=text) for position, text in enumerate(texts, start=1)
    )


@transaction.atomic
def update_create(
    *,
    organization,
    author,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    input_request=None,
    action=None,
    received_via: str = ReceivedVia.API,
    received_on: dt.date | None = None,
    answers: dict[int, str] | None = None,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """A draft update of ``organization``, by a focal point or recorded by the secretariat;
    ``answers`` holds its texts for the call's questions, by prompt id."""
    now = now or timezone.now()
    _check_links(organization=organization, input_request=input_request, action=action)
    _check_period(period_start, period_end)
    update = ActivityUpdate.objects.create(
        organization=organization,
        author=author,
        title=title,
        body=body,
        period_start=period_start,
        period_end=period_end,
        input_request=input_request,
        action=action,
        received_via=received_via,
        received_on=received_on,
    )
    _answers_write(update, answers or {})
    _event(update, UpdateEventKind.CREATED, author, now)
    return update


@transaction.atomic
def update_edit(*, update: ActivityUpdate, by, changes: dict, now: dt.datetime | None = None) -> ActivityUpdate:
    """Change a draft or returned update (the secretariat may also correct a submitted one)."""
    from agencies.roles import is_secretariat

    now = now or timezone.now()
    if update.status == UpdateStatus.ACCEPTED or (update.status not in EDITABLE_BY_AUTHOR and not is_secretariat(by)):
        raise ValidationError(f"A {update.get_status_display().lower()} update cannot be changed.")
    _check_links(
        organization=update.organization,
        input_request=changes.get("input_request", update.input_request),
        action=changes.get("action", update.action),
    )
    changes = dict(changes)
    answers = changes.pop("answers", None) or {}
    for name, value in changes.items():
        setattr(update, name, value)
    _check_period(update.period_start, update.period_end)
    update.save()
    _answers_write(update, answers)
    _event(update, UpdateEventKind.EDITED, by, now)
    return update


@transaction.atomic
def update_submit(*, update: ActivityUpdate, by, now: dt.datetime | None = None) -> ActivityUpdate:
    """Send a draft (or a returned update, revised) to the secretariat. An answer to an input
    request marks it answered, which stops its reminders."""
    now = now or timezone.now()
    if update.status not in EDITABLE_BY_AUTHOR:
        raise ValidationError(f"Only a draft or returned update can be submitted; this one is {update.status}.")
    _check_prompts_answered(update)
    update.status = UpdateStatus.SUBMITTED
    update.submitted_at = now
    update.save()
    if update.input_request_id:
        # Read afresh: returning an update reopens its request behind any copy the caller holds.
        request = InputRequest.objects.select_for_update().get(pk=update.input_request_id)
        if request.status == InputRequestStatus.OPEN:
            item_mark_done(item=request, completed_on=secretariat_today(now), by=by)
            update.input_request = request
    _event(update, UpdateEventKind.SUBMITTED, by, now)
    return update


@transaction.atomic
def update_accept(*, update: ActivityUpdate, by, now: dt.datetime | None = None) -> ActivityUpdate:
    now = now or timezone.now()
    if update.status != UpdateStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted update can be accepted; this one is {update.status}.")
    update.status = UpdateStatus.ACCEPTED
    update.save()
    _event(update, UpdateEventKind.ACCEPTED, by, now)
    return update


@transaction.atomic
def update_return(*, update: ActivityUpdate, by, comment: str, now: dt.datetime | None = None) -> ActivityUpdate:
    """Send a submitted update back with a comment; its organization's focal points are told."""
    from agencies.models import FocalPoint

    now = now or timezone.now()
    if not comment or not comment.strip():
        raise ValidationError({"comment": "Say what to change: the focal points read it."})
    if update.status != UpdateStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted update can be returned; this one is {update.status}.")
    update.status = UpdateStatus.RETURNED
    update.return_comment = comment.strip()
    update.save()
    if update.input_request_id:
        InputRequest.objects.filter(pk=update.input_request_id, status=InputRequestStatus.ANSWERED).update(
            status=InputRequestStatus.OPEN, closed_at=None
        )
    _event(update, UpdateEventKind.RETURNED, by, now, comment.strip())
    rounds = update.events.filter(event=UpdateEventKind.RETURNED).count()
    for focal_point in FocalPoint.objects.active().filter(organization=update.organization).select_related("user"):
        if not focal_point.user.email:
            continue
        outbox_enqueue(
            kind="update_returned",
            recipient=focal_point.user,
            to_email=focal_point.user.email,
            subject=f"Returned for revision: {update.title[:200]}",
            body_text=(
                f"The secretariat returned the update “{update.title}” of {update.organization.short_name} "
                f"for revision:\n\n{update.return_comment}\n\nPlease revise it and submit it again."
            ),
            dedupe_key=f"update-{update.pk}-returned-{rounds}-to-{focal_point.user_id}",
            now=now,
        )
    return update


@transaction.atomic
def input_request_decline(
    *, input_request: InputRequest, by, reason: str, now: dt.datetime | None = None
) -> InputRequest:
    """A nil return: the organization has nothing to report; its reminders stop."""
    now = now or timezone.now()
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say why: the report lists organizations that declined."})
    if input_request.status != InputRequestStatus.OPEN:
        raise ValidationError(f"Only an open input request can be declined; this one is {input_request.status}.")
    input_request.status = InputRequestStatus.DECLINED
    input_request.declined_reason = reason.strip()
    input_request.closed_at = now
    if by is not None:
        input_request._history_user = by
    input_request.save()
    _cancel_pending_reminders("input_request", input_request.pk, "cancelled: the organization declined (nil return)")
    return input_request


# --- Calls for inputs ----------------------------------------------------------------------------


def call_addressees(*, organizations=(), categories=(), groups=(), on: dt.date) -> list:
    """The organizations a call asks: those chosen, every organization of the chosen categories,
    and the members of the chosen groups (the Global Migration Group ...) on the day ``on``."""
    from agencies.models import Membership, Organization

    members = Membership.objects.filter(group__in=list(groups)).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    return list(
        Organization.objects.filter(
            Q(pk__in=[o.pk for o in organizations])
            | Q(category__in=list(categories))
            | Q(pk__in=members.values("member_id"))
        )
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def call_open(*, call, addressees: list, by=None, now: dt.datetime | None = None) -> list[InputRequest]:
    """Open a draft call: one input request per addressee, due on the call's deadline, and a mail
    to each organization's active focal points (one per person, through the outbox)."""
    from simple_history.utils import bulk_create_with_history

    from agencies.models import FocalPoint, Organization

    now = now or timezone.now()
    if call.status != CallStatus.DRAFT:
        raise ValidationError({"status": f"This call is {call.get_status_display().lower()}: only a draft is opened."})
    if call.deadline < secretariat_today(now):
        raise ValidationError({"deadline": "The deadline has passed: choose a later one."})
    # Organizations added to the draft by hand keep their request; the others get theirs now.
    already = set(call.input_requests.values_list("organization_id", flat=True))
    addressees = [*(o for o in addressees if o.pk not in already), *Organization.objects.filter(pk__in=already)]
    if not addressees:
        raise ValidationError({"addressees": "Name at least one organization, category or group to ask."})
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
    if by is not None:
        call._history_user = by
    call.save(update_fields=["status", "opened_at", "updated_at"])

    asked: dict[int, list] = {}
    people = {}
    focal_points = (
        FocalPoint.objects.active().filter(organization__in=addressees).select_related("user", "organization")
    )
    for focal_point in focal_points:
        if focal_point.user.email:
            people[focal_point.user_id] = focal_point.user
            asked.setdefault(focal_point.user_id, []).append(focal_point.organization)
    site = settings.SITE_URL.rstrip("/")
    questions = "".join(f"{prompt.position}. {prompt.text}\n" for prompt in call.prompts.all())
    if questions:
        questions = f"Please answer each of these questions:\n{questions}\n"
    for user_id, organizations in asked.items():
        user = people[user_id]
        names = ", ".join(sorted(o.short_name for o in organizations))
        outbox_enqueue(
            kind="call_opened",
            recipient=user,
            to_email=user.email,
            subject=f"Call for inputs: {call.title} (answer by {call.deadline:%d %B %Y})",
            body_text=(
                f"Dear {user.get_full_name() or user.get_username()},\n\n"
                f"The secretariat asks {names} for inputs: {call.title}.\n"
                f"Answer by {call.deadline:%d %B %Y}.\n\n{call.instructions}\n\n{questions}"
                f"Answer on the web: {site}{reverse('my-home')}\n"
                f"Or through the API: {site}/api/v1/input-requests/?call={call.pk}\n"
            ),
            dedupe_key=f"call-opened:{call.pk}:{user_id}",
            now=now,
        )
    return requests


# --- Reporting obligations ------------------------------------------------------------------------

RECURRENCE_YEARS = {Recurrence.ANNUAL: 1, Recurrence.BIENNIAL: 2}


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def obligation_fulfill(*, obligation, document, by=None) -> ReportingObligation | None:
    """Record the document that fulfilled an obligation and close it. A recurring obligation gets
    its next occurrence, due a year (or two) later: at the session that many numbers on for an
    obligation due at a session, or on the same day of the period otherwise. Returns it."""
    from .models import Session

    obligation.fulfilled_by = document
    obligation.status = ItemStatus.DONE
    obligation.completed_on = document.date or secretariat_today()
    if by is not None:
        obligation._history_user = by
    obligation.save()
    _cancel_pending_reminders(ReminderItemKind.OBLIGATION, obligation.pk, "cancelled: the report was issued")

    years = RECURRENCE_YEARS.get(obligation.recurrence)
    if years is None:
        return None
    following = ReportingObligation(
        mandate=obligation.mandate,
        addressee=obligation.addressee,
        description=obligation.description,
        responsible_officer=obligation.responsible_officer,
        recurrence=obligation.recurrence,
        due_precision=obligation.due_precision,
    )
    if obligation.due_precision == DatePrecision.SESSION and obligation.due_session_id:
        session = obligation.due_session
        following.due_session, _ = Session.objects.get_or_create(body=session.body, number=session.number + years)
        if following.due_session.document_due_date() is None:  # a body whose next opening day is not known yet
            following.due_precision = DatePrecision.YEAR
            following.due_session = None
            following.due_date = _years_later(obligation.due_date, years)
    elif obligation.due_date is not None:
        following.due_date = _years_later(obligation.due_date, years)
    else:
        following.due_precision = ""
    following.due_as_stated = f"next {obligation.get_recurrence_display().lower()} report"
    if by is not None:
        following._history_user = by
    following.save()
    return following


# --- Attachments --------------------------------------------------------------------------------

# What an answer may carry: the extension and the first bytes must agree.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def attachment_add(*, update: ActivityUpdate, uploaded, by):
    """Attach a file to a draft or returned update, after checking its size and its type (by its
    extension and its first bytes: a renamed executable is refused)."""
    import os

    from .models import Attachment

    if update.status not in EDITABLE_BY_AUTHOR:
        raise ValidationError({"attachment": "Files are added to a draft or a returned answer only."})
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"attachment": f"The file is larger than {limit} MB."})
    extension = os.path.splitext(uploaded.name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        raise ValidationError({"attachment": f"Files of this type are not accepted; send one of: {allowed}."})
    content_type, signatures = ATTACHMENT_TYPES[extension]
    head = uploaded.read(2048)
    uploaded.seek(0)
    if signatures and not head.startswith(signatures):
        raise ValidationError({"attachment": f"This file is not a real {extension} file."})
    if not signatures:
        try:
            head.decode("utf-8")
            text = b"\x00" not in head
        except UnicodeDecodeError as error:
            text = error.start >= len(head) - 3 and b"\x00" not in head  # only a character cut at the end
        if not text:
            raise ValidationError({"attachment": f"This is not a text file; {extension} files must be UTF-8 text."})
    return Attachment.objects.create(
        update=update,
        file=uploaded,
        original_name=os.path.basename(uploaded.name)[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
