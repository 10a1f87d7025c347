"""The admin's daily actions on deadline items, and due dates that say what to fix."""

import datetime as dt

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from coordination.deadlines import secretariat_today
from coordination.models import DeadlineExtension, FollowUpAction, ReminderEntry
from tests.coordination.reminder_helpers import action_due, organization_with_focal_points
from tests.factories import FollowUpActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:coordination_followupaction_changelist"


def act(client, action: str, items, **form) -> object:
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [item.pk for item in items], "index": "0", **form}
    return client.post(reverse(CHANGELIST), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_mark_done_asks_for_the_day_then_closes_each_item_with_history(officer_client, secretariat_user):
    organization, _ = organization_with_focal_points("ILO")
    first, second = action_due(organization, 5), action_due(organization, 40)

    page = act(officer_client, "mark_done", [first, second])
    assert page.status_code == 200
    assert page.context["title"] == "Mark done"
    assert str(first) in page.content.decode()

    done = act(officer_client, "mark_done", [first, second], apply="1", completed_on=secretariat_today().isoformat())
    assert "Marked done 2 of 2." in messages_of(done)
    for action in (first, second):
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("done", secretariat_today())
        assert action.history.first().history_user == secretariat_user


def test_a_completion_day_in_the_future_is_refused_and_nothing_changes(officer_client):
    organization, _ = organization_with_focal_points("ILO")
    action = action_due(organization, 5)
    tomorrow = secretariat_today() + dt.timedelta(days=1)
    page = act(officer_client, "mark_done", [action], apply="1", completed_on=tomorrow.isoformat())
    assert "That day has not come yet." in page.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_extending_records_the_reason_and_a_closed_item_is_reported_not_changed(officer_client, secretariat_user):
    organization, _ = organization_with_focal_points("IOM")
    open_action = action_due(organization, 3)
    closed = action_due(organization, 3, status="done", completed_on=secretariat_today())
    new_day = secretariat_today() + dt.timedelta(days=30)

    missing_reason = act(officer_client, "extend_deadline", [open_action], apply="1", new_due_date=new_day)
    assert "This field is required." in missing_reason.content.decode()
    assert not DeadlineExtension.objects.exists()

    response = act(
        officer_client,
        "extend_deadline",
        [open_action, closed],
        apply="1",
        new_due_date=new_day.isoformat(),
        reason="Asked by the agency: the board meets later.",
    )
    shown = messages_of(response)
    assert "Extended 1 of 2." in shown
    assert any(line.startswith(f"Not changed: {closed}:") and "closed" in line for line in shown)
    open_action.refresh_from_db()
    assert open_action.due_date == new_day
    extension = DeadlineExtension.objects.get()
    assert (extension.item_id, extension.reason, extension.extended_by) == (
        open_action.pk,
        "Asked by the agency: the board meets later.",
        secretariat_user,
    )


def test_select_across_applies_to_the_whole_filtered_list(officer_client):
    organization, _ = organization_with_focal_points("ILO")
    actions = [action_due(organization, days) for days in (1, 2, 3)]
    data = {
        "action": "mark_done",
        helpers.ACTION_CHECKBOX_NAME: [actions[0].pk],
        "select_across": "1",
        "index": "0",
        "apply": "1",
        "completed_on": secretariat_today().isoformat(),
    }
    response = officer_client.post(reverse(CHANGELIST), data, follow=True)
    assert "Marked done 3 of 3." in messages_of(response)
    assert not FollowUpAction.objects.filter(status="open").exists()


def test_send_a_reminder_now_queues_one_per_recipient_or_says_why_not(officer_client):
    organization, people = organization_with_focal_points("UNHCR", primaries=2)
    action = action_due(organization, 10)
    response = act(officer_client, "send_reminder_now", [action])
    assert any("2 reminder(s) queued" in line for line in messages_of(response))
    assert set(ReminderEntry.objects.values_list("recipient", flat=True)) == {p.pk for p in people}

    undated = FollowUpActionFactory(lead_organization=organization, due_precision="", due_date=None)
    response = act(officer_client, "send_reminder_now", [undated])
    assert any("No reminder queued" in line for line in messages_of(response))


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"due_precision": "month", "due_date": ""}, "Give a day in the period"),
        ({"due_precision": "session", "due_date": ""}, "Choose the session"),
        ({"due_precision": "day", "due_date": "2027-02-31"}, "Enter a valid date."),
        ({"due_precision": "nonsense", "due_date": "31 Feb 2027"}, "Select a valid choice."),
    ],
)
def test_an_action_due_date_that_cannot_be_computed_says_what_to_fix(officer_client, fields, error):
    meeting = MeetingFactory()
    data = {
        "title": "Prepare the note",
        "origin_meeting": meeting.pk,
        "status": "open",
        "recurrence": "none",
        **fields,
    }
    response = officer_client.post(reverse("admin:coordination_followupaction_add"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not FollowUpAction.objects.exists()


def test_a_day_typed_without_precision_is_the_deadline(officer_client):
    meeting = MeetingFactory()
    day = secretariat_today() + dt.timedelta(days=20)
    data = {
        "title": "Prepare the note",
        "origin_meeting": meeting.pk,
        "status": "open",
        "recurrence": "none",
        "due_date": day.isoformat(),
    }
    response = officer_client.post(reverse("admin:coordination_followupaction_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    action = FollowUpAction.objects.get()
    assert (action.due_date, action.due_precision) == (day, "day")


def test_a_meeting_with_an_action_due_at_a_session_saves_unchanged(officer_client):
    from tests.factories import SessionFactory

    meeting = MeetingFactory()
    action = FollowUpActionFactory(
        origin_meeting=meeting, due_precision="session", due_session=SessionFactory(number=63), due_date=None
    )
    page = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(title=meeting.title, date_precision=meeting.date_precision, kind=meeting.kind, status=meeting.status)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form.instance.pk if name == "id" else inline_form.initial.get(name)
                if value is not None:
                    data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
    response = officer_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, [
        (f.prefix, f.errors) for fs in response.context["inline_admin_formsets"] for f in fs.formset.forms if f.errors
    ] or response.context["adminform"].form.errors
    action.refresh_from_db()
    assert (action.due_precision, action.due_session.number) == ("session", 63)


def test_mark_done_leaves_closed_items_alone_and_records_the_answer_day(officer_client):
    from coordination.models import InputRequest
    from tests.factories import InputRequestFactory

    declined = InputRequestFactory(status="declined", declined_reason="Nothing to report")
    waiting = InputRequestFactory()
    answered_on = secretariat_today() - dt.timedelta(days=20)
    data = {
        "action": "mark_done",
        helpers.ACTION_CHECKBOX_NAME: [declined.pk, waiting.pk],
        "index": "0",
        "apply": "1",
        "completed_on": answered_on.isoformat(),
    }
    response = officer_client.post(reverse("admin:coordination_inputrequest_changelist"), data, follow=True)
    shown = messages_of(response)
    assert "Marked done 1 of 2." in shown
    assert any(line.startswith("Not changed:") and "Already closed" in line for line in shown), shown
    assert InputRequest.objects.get(pk=declined.pk).status == "declined"
    waiting.refresh_from_db()
    assert waiting.status == "answered"
    assert timezone_local_date(waiting.closed_at) == answered_on


def timezone_local_date(moment):
    import zoneinfo

    from django.conf import settings

    return moment.astimezone(zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)).date()


def test_a_lapsed_item_is_never_reminded_even_on_demand(officer_client):
    organization, _ = organization_with_focal_points("ILO")
    lapsed = action_due(organization, -400)
    response = act(officer_client, "send_reminder_now", [lapsed])
    assert any("No reminder queued" in line for line in messages_of(response))
    assert not ReminderEntry.objects.exists()


def test_the_dashboard_survives_a_mistyped_year(officer_client):
    MeetingFactory(start_date=dt.date(9999, 12, 1), end_date=None, title="Typo meeting")
    MeetingFactory(start_date=dt.date(1, 1, 1), end_date=None, title="Other typo")
    assert officer_client.get(reverse("admin:index")).status_code == 200


def test_confirming_an_import_whose_upload_is_gone_asks_to_upload_again(officer_client):
    response = officer_client.post(
        reverse("admin:coordination_followupaction_process_import"),
        {"import_file_name": "0123456789abcdef", "original_file_name": "actions.csv", "format": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert any("import the file again" in line for line in messages_of(response))
