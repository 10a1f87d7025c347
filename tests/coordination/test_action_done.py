"""A follow-up action "done, to be confirmed": a focal point of the lead organization asks, the secretariat
confirms or declines with a comment; each step recorded in the action's history and events, with a mail
to the other side; reminders wait while the secretariat checks. And progress reports on an action."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from agencies.services import secretariat_group
from coordination import services
from coordination.choices import ActionEventKind, ActionStatus, DeadlineState, LedgerStatus, UpdateStatus
from coordination.models import ActionEvent, FollowUpAction, ReminderEntry
from coordination.reminders.scan import reminders_scan
from coordination.selectors import answers_to_review
from core.errors import DomainError, NotPermitted, StaleVersion, WrongState
from core.models import OutboxMessage
from core.versions import version_of
from tests.coordination.reminder_helpers import NOW, TODAY, action_due, organization_with_focal_points
from tests.factories import FocalPointFactory, FollowUpActionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(organization_a, focal_point_a, secretariat_user) -> FollowUpAction:
    focal_point_a.email = "focal-a@example.org"
    focal_point_a.save()
    return FollowUpActionFactory(lead_organization=organization_a, responsible_officer=secretariat_user)


def _pending(action: FollowUpAction, by) -> FollowUpAction:
    return services.action_request_done(action=action, by=by, comment="Workshop held on 3 March.")


# --- Asking -----------------------------------------------------------------------------------------


def test_a_focal_point_of_the_lead_asks_and_the_officer_is_mailed(action, focal_point_a, secretariat_user):
    asked = services.action_request_done(action=action, by=focal_point_a, comment="Workshop held on 3 March.")

    assert asked.status == ActionStatus.DONE_PENDING
    assert asked.completed_on is None
    event = ActionEvent.objects.get(action=action)
    assert (event.event, event.by, event.comment) == (
        ActionEventKind.DONE_REQUESTED,
        focal_point_a,
        "Workshop held on 3 March.",
    )
    latest = action.history.latest()
    assert latest.history_user == focal_point_a
    assert latest.history_change_reason.startswith("Done, to be confirmed")
    mail = OutboxMessage.objects.get(kind="action_done_requested")
    assert mail.to_email == secretariat_user.email
    assert "Workshop held on 3 March." in mail.body_text
    assert f"/admin/coordination/followupaction/{action.pk}/change/" in mail.body_text


def test_the_deadline_still_counts_while_it_waits(action, focal_point_a):
    action.due_date = TODAY - dt.timedelta(days=3)
    action.save()
    _pending(action, focal_point_a)

    action.refresh_from_db()
    assert action.deadline_state_on(TODAY) == DeadlineState.OVERDUE
    annotated = FollowUpAction.objects.with_deadline_state(today=TODAY).get(pk=action.pk)
    assert annotated.deadline_state == DeadlineState.OVERDUE


@pytest.mark.parametrize("who", ["secretariat", "other organization", "no organization"])
def test_only_the_lead_organizations_focal_points_ask(action, who, secretariat_user, focal_point_b):
    by = {"secretariat": secretariat_user, "other organization": focal_point_b, "no organization": UserFactory()}[who]
    with pytest.raises(NotPermitted):
        services.action_request_done(action=action, by=by)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_supporting_organization_does_not_ask(action, organization_b, focal_point_b):
    action.supporting_organizations.add(organization_b)
    with pytest.raises(NotPermitted, match="leading this action"):
        services.action_request_done(action=action, by=focal_point_b)


@pytest.mark.parametrize("status", [ActionStatus.DONE_PENDING, ActionStatus.DONE, ActionStatus.CANCELLED])
def test_only_an_open_action_is_asked(action, focal_point_a, status):
    FollowUpAction.objects.filter(pk=action.pk).update(status=status)
    with pytest.raises(WrongState):
        services.action_request_done(action=action, by=focal_point_a)


def test_asking_with_a_stale_version_is_refused(action, focal_point_a):
    seen = version_of(action)
    FollowUpAction.objects.filter(pk=action.pk).update(title="Renamed", updated_at=action.updated_at + dt.timedelta(1))
    with pytest.raises(StaleVersion):
        services.action_request_done(action=action, by=focal_point_a, expected_version=seen)


# --- Confirming and declining -----------------------------------------------------------------------


def test_the_secretariat_confirms_and_the_focal_points_are_mailed(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    done = services.action_confirm_done(action=action, by=secretariat_user, completed_on=dt.date(2026, 3, 3))

    assert (done.status, done.completed_on) == (ActionStatus.DONE, dt.date(2026, 3, 3))
    assert list(action.events.values_list("event", flat=True)) == [
        ActionEventKind.DONE_REQUESTED,
        ActionEventKind.DONE_CONFIRMED,
    ]
    assert action.history.latest().history_change_reason == "Confirmed done"
    mail = OutboxMessage.objects.get(kind="action_done_confirmed")
    assert mail.to_email == "focal-a@example.org"
    assert "3 March 2026" in mail.body_text
    assert f"/my/action/{action.pk}/" in mail.body_text


def test_confirming_without_a_day_takes_today(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    done = services.action_confirm_done(action=action, by=secretariat_user, now=NOW)
    assert done.completed_on == TODAY


def test_a_day_in_the_future_is_refused(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    with pytest.raises(DomainError) as refused:
        services.action_confirm_done(action=action, by=secretariat_user, completed_on=TODAY + dt.timedelta(1), now=NOW)
    assert refused.value.message_dict == {"completed_on": ["The day it was done cannot be in the future."]}


def test_the_secretariat_declines_with_a_comment_and_the_action_opens_again(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    declined = services.action_decline_done(action=action, by=secretariat_user, comment="The report is missing.")

    assert declined.status == ActionStatus.OPEN
    event = action.events.get(event=ActionEventKind.DONE_DECLINED)
    assert (event.by, event.comment) == (secretariat_user, "The report is missing.")
    assert action.history.latest().history_change_reason == "Not confirmed done: The report is missing."
    mail = OutboxMessage.objects.get(kind="action_done_declined")
    assert mail.to_email == "focal-a@example.org"
    assert "The report is missing." in mail.body_text


def test_a_decline_needs_a_comment(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    with pytest.raises(DomainError) as refused:
        services.action_decline_done(action=action, by=secretariat_user, comment="  ")
    assert "comment" in refused.value.message_dict


def test_asked_again_after_a_decline_mails_the_officer_again(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    services.action_decline_done(action=action, by=secretariat_user, comment="The report is missing.")
    services.action_request_done(action=action, by=focal_point_a, comment="Report attached now.")
    assert OutboxMessage.objects.filter(kind="action_done_requested").count() == 2


@pytest.mark.parametrize("step", ["confirm", "decline"])
def test_a_focal_point_neither_confirms_nor_declines(action, focal_point_a, step):
    _pending(action, focal_point_a)
    with pytest.raises(NotPermitted):
        if step == "confirm":
            services.action_confirm_done(action=action, by=focal_point_a)
        else:
            services.action_decline_done(action=action, by=focal_point_a, comment="No.")


@pytest.mark.parametrize("status", [ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED])
def test_only_an_action_waiting_is_confirmed_or_declined(action, secretariat_user, status):
    FollowUpAction.objects.filter(pk=action.pk).update(status=status)
    with pytest.raises(WrongState):
        services.action_confirm_done(action=action, by=secretariat_user)
    with pytest.raises(WrongState):
        services.action_decline_done(action=action, by=secretariat_user, comment="No.")


def test_mark_done_by_the_secretariat_also_closes_an_action_waiting(action, focal_point_a, secretariat_user):
    _pending(action, focal_point_a)
    done = services.item_mark_done(item=action, completed_on=TODAY, by=secretariat_user)
    assert done.status == ActionStatus.DONE


# --- Reminders ---------------------------------------------------------------------------------------


def test_reminders_wait_while_the_secretariat_checks_and_resume_after_a_decline(secretariat_user):
    organization, (primary,) = organization_with_focal_points("ORGR", primaries=1)
    action = action_due(organization, 0)  # due today: its "due" point falls now
    waiting = action_due(organization, 0)
    ReminderEntry.objects.all().delete()
    reminders_scan(now=NOW - dt.timedelta(days=30))  # the last scan, before the points
    services.action_request_done(action=waiting, by=primary)

    reminders_scan(now=NOW)

    reminded = set(ReminderEntry.objects.filter(status=LedgerStatus.PENDING).values_list("item_id", flat=True))
    assert reminded == {action.pk}

    services.action_decline_done(action=waiting, by=secretariat_user, comment="Not yet.")
    reminders_scan(now=NOW + dt.timedelta(minutes=10))
    assert ReminderEntry.objects.filter(item_id=waiting.pk, status=LedgerStatus.PENDING).exists()


def test_asking_cancels_the_points_waiting_to_be_sent():
    organization, (primary,) = organization_with_focal_points("ORGS", primaries=1)
    action = action_due(organization, 0)
    reminders_scan(now=NOW)
    waiting = set(ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).values_list("pk"))
    assert waiting

    services.action_request_done(action=action, by=primary)

    assert not ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).exists()
    cancelled = ReminderEntry.objects.filter(pk__in=[pk for (pk,) in waiting])
    assert set(cancelled.values_list("status", "reason")) == {
        (LedgerStatus.CANCELLED, "cancelled: done, to be confirmed by the secretariat")
    }


# --- Progress reports -------------------------------------------------------------------------------


def test_a_progress_report_is_a_draft_then_submitted_for_review(action, focal_point_a):
    draft = services.action_progress_report(action=action, by=focal_point_a, title="Progress", body="Half done.")
    assert (draft.status, draft.action, draft.organization_id) == (
        UpdateStatus.DRAFT,
        action,
        action.lead_organization_id,
    )
    again = services.action_progress_report(
        action=action, by=focal_point_a, title="Progress", body="Two thirds done.", submit=True
    )
    assert again.pk == draft.pk
    assert (again.status, again.body) == (UpdateStatus.SUBMITTED, "Two thirds done.")
    assert again in answers_to_review()  # the admin's "Answers to review" panel lists it


def test_a_supporting_organization_reports_progress_for_itself(action, organization_b, focal_point_b):
    action.supporting_organizations.add(organization_b)
    update = services.action_progress_report(action=action, by=focal_point_b, title="Our part", body="Done.")
    assert update.organization == organization_b


def test_another_organization_does_not_report_progress(action, focal_point_b):
    with pytest.raises(NotPermitted):
        services.action_progress_report(action=action, by=focal_point_b, title="Ours", body="Text.")


# --- Two secretariat members at once ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_confirmations_at_once_one_wins(organization_a):
    focal_point = FocalPointFactory(organization=organization_a).user
    officers = [UserFactory(is_staff=True) for _ in range(2)]
    for officer in officers:
        officer.groups.add(secretariat_group())
    action = FollowUpActionFactory(lead_organization=organization_a)
    services.action_request_done(action=action, by=focal_point)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm(officer) -> None:
        try:
            barrier.wait(timeout=10)
            services.action_confirm_done(action=action, by=officer)
            outcomes.append("done")
        except WrongState:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["done", "refused"]
    assert ActionEvent.objects.filter(action=action, event=ActionEventKind.DONE_CONFIRMED).count() == 1
