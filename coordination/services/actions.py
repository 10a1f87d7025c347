"""Follow-up actions: a focal point asks the secretariat to mark one done ("done, to be confirmed"), the
secretariat confirms or declines with a comment, and focal points report progress on them.

docs/design.md, "Follow-up actions done, to be confirmed". Every step takes the action's row lock,
then compares the version the caller saw, then checks the state, so of two steps on one action taken at
once exactly one finds it in the state it needs; the other is refused (``WrongState``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from agencies.mails import mail_person
from agencies.models import FocalPoint, Organization
from agencies.selectors import is_secretariat, organization_ids_for
from core.errors import DomainError, NotPermitted, WrongState
from core.validators import check_text
from core.versions import check_version

from ..choices import ActionEventKind, ActionStatus, ReceivedVia, ReminderItemKind
from ..deadlines import secretariat_today
from ..models import ActionEvent, ActivityUpdate, FollowUpAction
from ..reminders.cancel import reminders_cancel_pending
from ..selectors import action_progress_being_written
from .access import locked, require_secretariat, with_history_user
from .attachments import attachment_add
from .items import item_closed
from .recurrence import action_recur
from .updates import update_create, update_edit, update_submit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

ONLY_THE_LEAD = gettext_lazy("Only the focal points of the organization leading this action ask to mark it done.")
ONLY_THE_SECRETARIAT = "Only the secretariat confirms or declines that an action is done."


def _event(action: FollowUpAction, event: str, by: User | None, now: dt.datetime, comment: str = "") -> ActionEvent:
    return ActionEvent.objects.create(action=action, event=event, by=by, at=now, comment=comment)


def _site_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _tell_the_officer(action: FollowUpAction, *, by: User, comment: str, now: dt.datetime, rounds: int) -> None:
    """The action's responsible officer hears that a focal point says it is done (nobody when it has none)."""
    officer = action.responsible_officer
    if officer is None or not officer.email or not officer.is_active:
        return
    mail_person(
        officer,
        kind="action_done_requested",
        template="coordination/email/action_done_requested",
        context={
            "action": action,
            "by": by,
            "comment": comment,
            "url": _site_link(reverse("admin:coordination_followupaction_change", args=[action.pk])),
        },
        dedupe_key=f"action-{action.pk}-done-requested-{rounds}",
        now=now,
    )


def _tell_the_focal_points(action: FollowUpAction, *, kind: str, comment: str = "", now: dt.datetime) -> None:
    """The lead organization's active focal points hear the secretariat's answer (the mail ``kind``),
    each in their language."""
    if action.lead_organization_id is None:
        return
    rounds = action.events.filter(event=ActionEventKind.DONE_REQUESTED).count()
    link = _site_link(reverse("my-item", kwargs={"kind": ReminderItemKind.ACTION, "item_id": action.pk}))
    focal_points = FocalPoint.objects.active().filter(organization_id=action.lead_organization_id)
    for focal_point in focal_points.select_related("user__profile"):
        if not focal_point.user.email:
            continue
        mail_person(
            focal_point.user,
            kind=kind,
            template=f"coordination/email/{kind}",
            context={"action": action, "comment": comment, "url": link},
            dedupe_key=f"action-{action.pk}-{kind}-{rounds}-to-{focal_point.user_id}",
            now=now,
        )


@transaction.atomic
def action_request_done(
    *,
    action: FollowUpAction,
    by: User,
    comment: str = "",
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> FollowUpAction:
    """A focal point of the lead organization says the action is done: it waits, "done, to be
    confirmed", for the secretariat; its reminders stop meanwhile, and its responsible officer is told."""
    now = now or timezone.now()
    if is_secretariat(by):
        raise NotPermitted("The secretariat marks an action done itself (Mark done); asking is for focal points.")
    comment = (comment or "").strip()
    check_text(comment, field="comment")
    action = locked(action)
    if action.lead_organization_id is None or action.lead_organization_id not in organization_ids_for(by):
        raise NotPermitted(ONLY_THE_LEAD)
    check_version(action, expected_version)
    if action.status != ActionStatus.OPEN:
        raise WrongState(
            gettext("Only an open action can be asked to be marked done; this one is %(status)s.")
            % {"status": gettext(action.get_status_display()).lower()}
        )
    action.status = ActionStatus.DONE_PENDING
    with_history_user(action, by, f"Done, to be confirmed: {comment}" if comment else "Done, to be confirmed")
    action.save(update_fields=["status", "updated_at"])
    # Nothing to chase while the secretariat checks: a decline re-arms the points at the next scan.
    reminders_cancel_pending(
        item_kind=ReminderItemKind.ACTION,
        item_ids=[action.pk],
        reason="cancelled: done, to be confirmed by the secretariat",
    )
    _event(action, ActionEventKind.DONE_REQUESTED, by, now, comment)
    rounds = action.events.filter(event=ActionEventKind.DONE_REQUESTED).count()
    action = FollowUpAction.objects.select_related("lead_organization", "responsible_officer__profile").get(
        pk=action.pk
    )
    _tell_the_officer(action, by=by, comment=comment, now=now, rounds=rounds)
    return action


def _state(action: FollowUpAction) -> str:
    return action.get_status_display().lower()


def _waiting(action: FollowUpAction, verb: str) -> None:
    if action.status != ActionStatus.DONE_PENDING:
        raise WrongState(f"Only an action done, to be confirmed, can be {verb}; this one is {_state(action)}.")


@transaction.atomic
def action_confirm_done(
    *,
    action: FollowUpAction,
    by: User | None,
    completed_on: dt.date | None = None,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> FollowUpAction:
    """The secretariat confirms what a focal point said: the action is done (on ``completed_on``,
    today by default); its reminders stop for good and the lead organization's focal points are told."""
    now = now or timezone.now()
    require_secretariat(by, ONLY_THE_SECRETARIAT)
    completed_on = completed_on or secretariat_today(now)
    if completed_on > secretariat_today(now):
        raise DomainError("The day it was done cannot be in the future.", field="completed_on")
    action = locked(action)
    check_version(action, expected_version)
    _waiting(action, "confirmed")
    action.status = ActionStatus.DONE
    action.completed_on = completed_on
    item_closed(
        action,
        by=by,
        fields=["status", "completed_on"],
        why="cancelled: the item was closed",
        history="Confirmed done",
    )
    action_recur(action=action, by=by)  # a standing action starts again for the next period
    _event(action, ActionEventKind.DONE_CONFIRMED, by, now)
    _tell_the_focal_points(action, kind="action_done_confirmed", now=now)
    return action


@transaction.atomic
def action_decline_done(
    *,
    action: FollowUpAction,
    by: User | None,
    comment: str,
    expected_version: Iterable[str] | str | None = None,
    now: dt.datetime | None = None,
) -> FollowUpAction:
    """The secretariat does not take the action as done: it opens again, with a comment the lead
    organization's focal points receive by mail; its reminders resume at the next scan."""
    now = now or timezone.now()
    require_secretariat(by, ONLY_THE_SECRETARIAT)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("Say what is still missing: the focal points read it.", field="comment")
    check_text(comment, field="comment")
    action = locked(action)
    check_version(action, expected_version)
    _waiting(action, "declined")
    action.status = ActionStatus.OPEN
    with_history_user(action, by, f"Not confirmed done: {comment}")
    action.save(update_fields=["status", "updated_at"])
    _event(action, ActionEventKind.DONE_DECLINED, by, now, comment)
    _tell_the_focal_points(action, kind="action_done_declined", comment=comment, now=now)
    return action


@transaction.atomic
def action_progress_report(
    *,
    action: FollowUpAction,
    by: User,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    attachment: UploadedFile | None = None,
    submit: bool = False,
    received_via: str = ReceivedVia.WEB,
    now: dt.datetime | None = None,
) -> ActivityUpdate:
    """A focal point's progress report on an action its organization leads or supports: the draft it is
    writing is saved (a new one if none), and with ``submit`` sent to the secretariat, who reviews it
    like an answer (accept, or return with a comment)."""
    now = now or timezone.now()
    mine = organization_ids_for(by)
    ours = {action.lead_organization_id, *action.supporting_organizations.values_list("pk", flat=True)} & mine
    if not ours:
        raise NotPermitted(
            gettext("Only the focal points of the organizations leading or supporting an action report on it.")
        )
    fields = {"title": title, "body": body, "period_start": period_start, "period_end": period_end}
    update = action_progress_being_written(action, ours)
    if update is None:
        # One acting for the lead and a supporter reports for the lead.
        organization_id = action.lead_organization_id if action.lead_organization_id in ours else min(ours)
        update = update_create(
            by=by,
            organization=Organization.objects.get(pk=organization_id),
            action=action,
            received_via=received_via,
            now=now,
            **fields,
        )
    else:
        update = update_edit(update=update, by=by, changes=fields, now=now)
    if attachment is not None:
        attachment_add(update=update, uploaded=attachment, by=by)
    if submit:
        update = update_submit(update=update, by=by, now=now)
    return update
