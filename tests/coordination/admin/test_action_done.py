"""The admin's door to "done, to be confirmed": Confirm done and Decline done on an action's page and as
bulk actions on the list; the list and its status filter show the state; the review panel names the
action a progress report is on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from coordination import services
from coordination.choices import ActionEventKind, ActionStatus
from coordination.dashboard.panels import review_panel
from coordination.deadlines import secretariat_today
from coordination.models import FollowUpAction
from core.models import OutboxMessage
from tests.factories import FollowUpActionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:coordination_followupaction_changelist"


@pytest.fixture
def waiting(organization_a, focal_point_a) -> FollowUpAction:
    action = FollowUpActionFactory(lead_organization=organization_a, title="Publish the workshop report")
    return services.action_request_done(action=action, by=focal_point_a, comment="Published on 3 March.")


def test_the_actions_page_offers_both_steps_and_shows_the_comment(client, secretariat_user, waiting):
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_followupaction_change", args=[waiting.pk])).content.decode()
    assert reverse("admin:coordination_followupaction_confirm_done", args=[waiting.pk]) in page
    assert reverse("admin:coordination_followupaction_decline_done", args=[waiting.pk]) in page
    assert "Published on 3 March." in page
    assert "Done, to be confirmed" in page


def test_an_open_action_offers_neither(client, secretariat_user, organization_a):
    action = FollowUpActionFactory(lead_organization=organization_a)
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_followupaction_change", args=[action.pk])).content.decode()
    assert reverse("admin:coordination_followupaction_confirm_done", args=[action.pk]) not in page


def test_confirm_done_through_its_page(client, secretariat_user, waiting):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_followupaction_confirm_done", args=[waiting.pk])
    assert client.get(url).status_code == 200
    done = client.post(url, {"completed_on": "2026-03-03"})
    assert done.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.completed_on) == (ActionStatus.DONE, dt.date(2026, 3, 3))
    assert OutboxMessage.objects.filter(kind="action_done_confirmed").exists()


def test_a_day_to_come_is_refused_under_the_field(client, secretariat_user, waiting):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_followupaction_confirm_done", args=[waiting.pk])
    tomorrow = secretariat_today() + dt.timedelta(days=1)
    refused = client.post(url, {"completed_on": tomorrow.isoformat()})
    assert refused.status_code == 200
    assert refused.context["form"].errors["completed_on"] == ["The day it was done cannot be in the future."]
    waiting.refresh_from_db()
    assert waiting.status == ActionStatus.DONE_PENDING


def test_decline_done_needs_a_comment_and_reopens(client, secretariat_user, waiting):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_followupaction_decline_done", args=[waiting.pk])
    assert client.post(url, {"comment": ""}).status_code == 200
    assert client.post(url, {"comment": "The report is not online yet."}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ActionStatus.OPEN
    assert waiting.events.filter(event=ActionEventKind.DONE_DECLINED, comment="The report is not online yet.").exists()


def test_bulk_confirm_done_confirms_those_waiting_and_lists_the_others(
    client, secretariat_user, waiting, organization_a
):
    still_open = FollowUpActionFactory(lead_organization=organization_a)
    client.force_login(secretariat_user)
    data = {
        "action": "confirm_done",
        helpers.ACTION_CHECKBOX_NAME: [waiting.pk, still_open.pk],
        "index": "0",
        "completed_on": secretariat_today().isoformat(),
        "apply": "1",
    }
    answer = client.post(reverse(CHANGELIST), data, follow=True)
    assert answer.status_code == 200
    said = " ".join(str(m) for m in answer.context["messages"])
    assert "Only an action done, to be confirmed, can be confirmed" in said
    waiting.refresh_from_db()
    still_open.refresh_from_db()
    assert (waiting.status, still_open.status) == (ActionStatus.DONE, ActionStatus.OPEN)


def test_the_list_shows_and_filters_the_state(client, secretariat_user, waiting, organization_a):
    FollowUpActionFactory(lead_organization=organization_a, title="Another action")
    client.force_login(secretariat_user)
    listed = client.get(reverse(CHANGELIST), {"status__exact": ActionStatus.DONE_PENDING})
    page = listed.content.decode()
    assert "Publish the workshop report" in page
    assert "Another action" not in page
    assert "Done, to be confirmed" in page


def test_a_progress_report_waits_in_the_review_panel_with_its_action(focal_point_a, waiting):
    services.action_progress_report(
        action=waiting, by=focal_point_a, title="Progress", body="Report drafted.", submit=True
    )
    panel = review_panel(today=secretariat_today())
    assert [(row.title, row.call) for row in panel.answers] == [
        ("Progress", "Progress on the action “Publish the workshop report”")
    ]
