"""A title typed over two lines is refused at every door (#18): the admin's forms, the API, the focal
points' page and the services a command calls; each says what to fix under the field and stores
nothing. A title holding a line break once made every mail about it fail (BadHeaderError)."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Organization
from agencies.services import organization_save
from coordination import services
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, CallForInputs, CallPrompt, FollowUpAction, ReminderEntry
from coordination.reminders.scan import reminders_scan
from core.errors import DomainError
from meetings.models import Document
from tests.coordination.admin.posting import form_data
from tests.coordination.reminder_helpers import NOW, action_due, organization_with_focal_points
from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

TWO_LINES = "Line one\nLine two"
LINE_BREAK = "Use one line: remove the line break."


def _form_errors(response) -> dict:
    return response.context["adminform"].form.errors


# --- The admin --------------------------------------------------------------------------------------


def test_the_admin_add_form_of_an_action_refuses_a_title_on_two_lines(client, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_followupaction_add")
    data = {"origin_meeting": MeetingFactory().pk, "status": "open", "recurrence": "none", "title": TWO_LINES}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert _form_errors(refused) == {"title": [LINE_BREAK]}
    assert not FollowUpAction.objects.exists()

    saved = client.post(url, {**data, "title": "Line one Line two"})
    assert saved.status_code == 302
    assert FollowUpAction.objects.get().title == "Line one Line two"


def test_the_admin_change_form_of_a_call_refuses_a_title_with_a_control_character(client, secretariat_user):
    call = CallForInputsFactory(title="Inputs for the 2027 report")
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_callforinputs_change", args=[call.pk])
    for title, message in ((TWO_LINES, LINE_BREAK), ("Inputs\x0bfor 2027", "Remove the control character (U+000B).")):
        refused = client.post(url, form_data(client, url, title=title))
        assert refused.status_code == 200
        assert _form_errors(refused)["title"] == [message]
    call.refresh_from_db()
    assert call.title == "Inputs for the 2027 report"


def test_the_admin_keeps_line_breaks_in_a_description(client, secretariat_user):
    action = FollowUpActionFactory(origin_meeting=MeetingFactory())
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_followupaction_change", args=[action.pk])
    response = client.post(url, form_data(client, url, description="First step.\r\nSecond step."))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "First step.\r\nSecond step."


# --- The API ----------------------------------------------------------------------------------------


def test_the_api_refuses_an_update_titled_on_two_lines_on_create_and_on_change(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    created = client.post(reverse("updates-list"), {"title": TWO_LINES, "body": "B"}, format="json")
    assert created.status_code == 400
    assert created.json()["title"] == [LINE_BREAK]
    assert not ActivityUpdate.objects.exists()

    update = client.post(reverse("updates-list"), {"title": "One line", "body": "B"}, format="json").json()
    url = reverse("updates-detail", args=[update["id"]])
    tag = client.get(url)["ETag"]
    changed = client.patch(url, {"title": "Line one\u2028Line two"}, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 400
    assert changed.json()["title"] == [LINE_BREAK]
    assert ActivityUpdate.objects.get().title == "One line"


def test_the_api_keeps_line_breaks_in_a_body(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    created = client.post(reverse("updates-list"), {"title": "T", "body": "First.\nSecond."}, format="json")
    assert created.status_code == 201
    assert ActivityUpdate.objects.get().body == "First.\nSecond."


def test_the_api_refuses_a_call_titled_on_two_lines(api_client_for, secretariat_user):
    ilo = OrganizationFactory(acronym="ILO")
    deadline = (secretariat_today() + dt.timedelta(days=30)).isoformat()
    body = {"title": TWO_LINES, "deadline": deadline, "organizations": [ilo.pk]}
    response = api_client_for(secretariat_user).post(reverse("calls-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["title"] == [LINE_BREAK]
    assert not CallForInputs.objects.exists()


def test_the_api_refuses_a_report_symbol_on_two_lines(api_client_for, secretariat_user):
    obligation = ReportingObligationFactory()
    client = api_client_for(secretariat_user)
    url = reverse("obligations-record-report", args=[obligation.pk])
    tag = client.get(reverse("obligations-detail", args=[obligation.pk]))["ETag"]
    body = {"symbol": "A/63/\n265", "date": secretariat_today().isoformat()}
    response = client.post(url, body, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400
    assert response.json()["symbol"] == [LINE_BREAK]
    assert not Document.objects.filter(symbol__startswith="A/63/").exists()


# --- The focal points' page -------------------------------------------------------------------------


def test_the_answer_page_refuses_a_title_on_two_lines_and_saves_nothing(client, focal_point_a, organization_a):
    request = InputRequestFactory(organization=organization_a)
    client.force_login(focal_point_a)
    response = client.post(
        reverse("my-answer", args=[request.pk]), {"title": TWO_LINES, "body": "Two meetings.", "save": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [LINE_BREAK]
    assert LINE_BREAK in response.content.decode()
    assert not ActivityUpdate.objects.exists()


# --- The services, as a command calls them ----------------------------------------------------------


def test_the_update_service_refuses_a_title_on_two_lines_and_stores_nothing(organization_a):
    with pytest.raises(DomainError) as refused:
        services.update_create(by=None, organization=organization_a, title=TWO_LINES, body="B")
    assert refused.value.message_dict == {"title": [LINE_BREAK]}
    assert not ActivityUpdate.objects.exists()


def test_the_update_service_refuses_a_nul_in_a_body_or_an_answer(organization_a):
    with pytest.raises(DomainError) as refused:
        services.update_create(by=None, organization=organization_a, title="T", body="Before\x00after")
    assert refused.value.message_dict == {"body": ["Remove the control character (U+0000)."]}
    update = ActivityUpdateFactory(organization=organization_a, title="Old title")
    with pytest.raises(DomainError) as refused:
        services.update_edit(update=update, by=None, changes={"title": "New\ttitle"})
    assert refused.value.message_dict == {"title": ["Remove the control character (U+0009)."]}
    update.refresh_from_db()
    assert update.title == "Old title"


def test_an_edit_that_leaves_an_old_title_alone_is_not_refused_for_it(organization_a):
    update = ActivityUpdateFactory(organization=organization_a, title="Written\nbefore the rule")
    services.update_edit(update=update, by=None, changes={"body": "A new body."})
    update.refresh_from_db()
    assert (update.title, update.body) == ("Written\nbefore the rule", "A new body.")


def test_the_call_service_refuses_a_title_or_a_question_it_cannot_store(secretariat_user):
    ilo = OrganizationFactory(acronym="ILO")
    deadline = secretariat_today() + dt.timedelta(days=30)
    with pytest.raises(DomainError) as refused:
        services.call_create(by=secretariat_user, title=TWO_LINES, deadline=deadline, organizations=[ilo])
    assert refused.value.message_dict == {"title": [LINE_BREAK]}
    call = CallForInputsFactory(status="draft")
    with pytest.raises(DomainError) as refused:
        services.call_prompts_set(call=call, texts=["What did you do?", "And\x00then?"], by=secretariat_user)
    assert refused.value.message_dict == {"prompts": ["Remove the control character (U+0000)."]}
    assert not CallForInputs.objects.exclude(pk=call.pk).exists()
    assert not CallPrompt.objects.exists()


def test_the_item_and_registry_services_refuse_what_a_form_would(secretariat_user):
    action = FollowUpAction(title=TWO_LINES, origin_meeting=MeetingFactory())
    with pytest.raises(DomainError) as refused:
        services.item_save(item=action, by=secretariat_user)
    assert refused.value.message_dict == {"title": [LINE_BREAK]}
    assert not FollowUpAction.objects.exists()

    with pytest.raises(DomainError) as refused:
        organization_save(organization=Organization(name="International Labour\nOrganization", category="other"))
    assert refused.value.message_dict == {"name": [LINE_BREAK]}
    assert not Organization.objects.filter(name__startswith="International Labour").exists()


def test_a_cancellation_reason_is_kept_as_written_and_the_cancelled_reminders_record_it_on_one_line(
    secretariat_user,
):
    organization, _ = organization_with_focal_points("ILO")
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    with pytest.raises(DomainError) as refused:
        services.item_cancel(item=action, reason="No\x00longer needed", by=secretariat_user)
    assert refused.value.message_dict == {"reason": ["Remove the control character (U+0000)."]}

    services.item_cancel(item=action, reason="No longer needed:\nthe meeting was cancelled.", by=secretariat_user)
    reasons = set(ReminderEntry.objects.filter(item_id=action.pk, status="cancelled").values_list("reason", flat=True))
    assert reasons == {"cancelled: No longer needed: the meeting was cancelled."}
    assert action.history.first().history_change_reason.startswith("Cancelled: No longer needed:\n")
