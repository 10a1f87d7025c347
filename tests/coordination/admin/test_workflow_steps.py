"""The admin takes workflow steps through the services: no status is edited by hand, refusals are
shown on the form with nothing lost, history is read but never reverted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coordination import services
from coordination.choices import LedgerStatus
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, FollowUpAction, InputRequest, ReminderEntry
from core.errors import DomainError
from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    ReportingObligationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _change_page(client, obj) -> str:
    opts = obj._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda: ActivityUpdateFactory(status="submitted"),
        lambda: InputRequestFactory(),
        lambda: CallForInputsFactory(status="draft"),
        lambda: FollowUpActionFactory(),
        lambda: ReportingObligationFactory(),
    ],
    ids=["update", "input request", "call", "action", "obligation"],
)
def test_no_change_page_offers_a_status_to_pick(client, secretariat_user, make):
    client.force_login(secretariat_user)
    page = _change_page(client, make())
    assert 'name="status"' not in page  # shown as text; changed by its step


def test_an_accepted_answer_cannot_be_edited_and_the_form_says_why_keeping_what_was_typed(client, secretariat_user):
    update = ActivityUpdateFactory(status="accepted", title="As accepted")
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_activityupdate_change", args=[update.pk])
    response = client.post(url, {"title": "A new title typed in", "body": update.body, **_no_inline_rows()})
    assert response.status_code == 200  # the form again, not a 500 and not a redirect
    page = response.content.decode()
    assert "This update is accepted: it can no longer be changed." in page
    assert 'value="A new title typed in"' in page  # nothing typed is lost
    assert ActivityUpdate.objects.get(pk=update.pk).title == "As accepted"


def _no_inline_rows() -> dict[str, str]:
    rows = {}
    for prefix in ("answers", "events", "attachments"):
        rows.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return rows


def test_history_is_read_but_a_revert_is_refused(client, secretariat_user):
    update = ActivityUpdateFactory(status="draft", title="First")
    ActivityUpdate.objects.filter(pk=update.pk).update(title="First")  # no history row: the factory made one
    update.title = "Second"
    update.save()
    version = update.history.order_by("history_date").first()
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_activityupdate_simple_history", args=[update.pk, version.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "First", "body": update.body}).status_code == 403
    assert ActivityUpdate.objects.get(pk=update.pk).title == "Second"


def test_cancelling_actions_records_why_and_stops_their_reminders(client, secretariat_user):
    action = FollowUpActionFactory(due_precision="day", due_date=secretariat_today() + dt.timedelta(days=3))
    pending = ReminderEntry.objects.create(
        item_kind="action",
        item_id=action.pk,
        point="before_7",
        offset_days=-7,
        critical=False,
        due_date=action.due_date,
        point_date=secretariat_today(),
        recipient_ref=secretariat_user.pk,
        recipient=secretariat_user,
        status=LedgerStatus.PENDING,
        reason="test",
        created_at=action.created_at,
        send_after=action.created_at,
    )
    client.force_login(secretariat_user)
    changelist = reverse("admin:coordination_followupaction_changelist")
    selection = {"action": "cancel", "_selected_action": [action.pk]}
    assert client.post(changelist, selection).status_code == 200  # the page asking why
    response = client.post(changelist, {**selection, "apply": "Cancel", "reason": "Overtaken by resolution 61/208"})
    assert response.status_code == 302
    assert FollowUpAction.objects.get(pk=action.pk).status == "cancelled"
    assert ReminderEntry.objects.get(pk=pending.pk).status == LedgerStatus.CANCELLED


def test_an_answer_by_letter_counts_on_the_day_it_came_in(client, secretariat_user, organization_a):
    request = InputRequestFactory(organization=organization_a, call=CallForInputsFactory(status="open"))
    received_on = secretariat_today() - dt.timedelta(days=6)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:coordination_activityupdate_add"),
        {
            "organization": organization_a.pk,
            "input_request": request.pk,
            "received_via": "letter",
            "received_on": received_on.isoformat(),
            "title": "Letter from the Permanent Mission",
            "body": "Activities in 2025.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    update = ActivityUpdate.objects.get(input_request=request)
    request.refresh_from_db()
    assert (update.status, update.received_via, request.status) == ("submitted", "letter", "answered")
    assert request.closed_at.date() <= received_on + dt.timedelta(days=1)


def test_a_letter_cannot_be_dated_in_the_future(client, secretariat_user, organization_a):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:coordination_activityupdate_add"),
        {
            "organization": organization_a.pk,
            "received_via": "letter",
            "received_on": (secretariat_today() + dt.timedelta(days=2)).isoformat(),
            "title": "T",
            "body": "B",
        },
    )
    assert response.status_code == 200
    assert "That day has not come yet." in response.content.decode()
    assert not ActivityUpdate.objects.exists()


def test_an_answer_that_reached_the_secretariat_is_not_deleted(client, secretariat_user):
    submitted = ActivityUpdateFactory(status="submitted")
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_activityupdate_delete", args=[submitted.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ActivityUpdate.objects.filter(pk=submitted.pk).exists()


def test_a_request_of_an_opened_call_is_kept_when_someone_tries_to_delete_it(client, secretariat_user):
    request = InputRequestFactory(call=CallForInputsFactory(status="open"))
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:coordination_inputrequest_delete", args=[request.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert "was asked already" in response.content.decode()
    assert InputRequest.objects.filter(pk=request.pk).exists()


def test_a_focal_point_is_reactivated_by_its_step_not_by_a_checkbox(client, secretariat_user, organization_a):
    focal_point = FocalPointFactory(organization=organization_a, user=UserFactory(), is_active=False)
    client.force_login(secretariat_user)
    assert 'name="is_active"' not in _change_page(client, focal_point)
    response = client.post(
        reverse("admin:agencies_focalpoint_changelist"), {"action": "reactivate", "_selected_action": [focal_point.pk]}
    )
    assert response.status_code == 302
    focal_point.refresh_from_db()
    assert focal_point.is_active


def test_a_waivers_reason_is_written_by_the_waive_step_only(client, secretariat_user):
    request = InputRequestFactory()
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_inputrequest_change", args=[request.pk]))
    assert "waived_reason" not in page.context["adminform"].form.fields  # shown, not edited
    request.waived_reason = "typed by hand"
    with pytest.raises(DomainError, match="waived_reason change through the item's steps"):
        services.item_save(item=request, by=secretariat_user, changed=["waived_reason"])
