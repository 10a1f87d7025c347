"""The reporting cycle in the admin: review as a step, letters counted on their received day, the
call's lifecycle (preview and open, waive, close) and the report recorded in one step."""

import datetime as dt

import pytest
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencies.choices import OrganizationCategory, ReminderPreference
from coordination import services
from coordination.choices import InputRequestStatus, LedgerStatus, UpdateStatus
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, Attachment, CallForInputs, InputRequest, ReminderEntry
from core.models import OutboxMessage
from tests.coordination.reminder_helpers import organization_with_focal_points
from tests.factories import (
    CallForInputsFactory,
    InputRequestFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    UserProfileFactory,
)

pytestmark = pytest.mark.django_db

TODAY = secretariat_today()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def submitted_answer(request: InputRequest, *, title: str = "Our activities", by=None) -> ActivityUpdate:
    update = services.update_create(by=by, organization=request.organization, input_request=request, title=title,
                                    body="We published estimates.")  # fmt: skip
    return services.update_submit(update=update, by=by)


def step_url(model: str, name: str, pk: int) -> str:
    return reverse(f"admin:coordination_{model}_{name}", args=[pk])


# --- Review -----------------------------------------------------------------------------------------------


def test_a_submitted_answer_offers_accept_and_return_on_its_page_and_accept_takes_the_step(officer_client):
    answer = submitted_answer(InputRequestFactory())
    page = officer_client.get(reverse("admin:coordination_activityupdate_change", args=[answer.pk])).content.decode()
    assert step_url("activityupdate", "accept", answer.pk) in page
    assert step_url("activityupdate", "return", answer.pk) in page
    assert step_url("activityupdate", "submit", answer.pk) not in page  # only for a draft or a returned answer

    confirm = officer_client.get(step_url("activityupdate", "accept", answer.pk))
    assert confirm.status_code == 200 and "goes into the compilation" in confirm.content.decode()
    answer.refresh_from_db()
    assert answer.status == UpdateStatus.SUBMITTED  # a GET changes nothing
    done = officer_client.post(step_url("activityupdate", "accept", answer.pk), {"confirm": "1"}, follow=True)
    assert f"Accepted: {answer}." in messages_of(done)
    answer.refresh_from_db()
    assert answer.status == UpdateStatus.ACCEPTED
    assert list(answer.events.values_list("event", flat=True)) == ["created", "submitted", "accepted"]


def test_return_asks_for_a_comment_keeps_the_page_on_refusal_and_mails_the_focal_points(officer_client):
    organization, people = organization_with_focal_points("UNHCR")
    answer = submitted_answer(InputRequestFactory(organization=organization))
    url = step_url("activityupdate", "return", answer.pk)
    refused = officer_client.post(url, {"comment": "   "})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    returned = officer_client.post(url, {"comment": "Please add 2008 figures.", "next": reverse("admin:index")})
    assert returned.status_code == 302 and returned["Location"] == reverse("admin:index")
    answer.refresh_from_db()
    assert (answer.status, answer.return_comment) == (UpdateStatus.RETURNED, "Please add 2008 figures.")
    assert answer.input_request.status == InputRequestStatus.OPEN
    mailed = set(OutboxMessage.objects.filter(kind="update_returned").values_list("to_email", flat=True))
    assert mailed == {person.email for person in people}


def test_a_step_refused_by_its_service_says_why_on_its_page(officer_client):
    answer = submitted_answer(InputRequestFactory())
    services.update_accept(update=answer, by=None)
    page = officer_client.post(step_url("activityupdate", "accept", answer.pk), {"confirm": "1"})
    assert page.status_code == 200
    assert "Only a submitted update can be accepted; this one is accepted." in page.content.decode()


def test_next_must_be_local(officer_client):
    answer = submitted_answer(InputRequestFactory())
    done = officer_client.post(
        step_url("activityupdate", "accept", answer.pk), {"confirm": "1", "next": "https://evil.example.org/"}
    )
    assert done["Location"] == reverse("admin:coordination_activityupdate_change", args=[answer.pk])


def test_the_review_panel_lists_answers_waiting_oldest_first_and_accepts_from_the_dashboard(officer_client):
    call = CallForInputsFactory(title="Migration and development 2008")
    older = submitted_answer(InputRequestFactory(call=call, organization__acronym="IOM"), title="IOM answer")
    ActivityUpdate.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - dt.timedelta(days=6))
    newer = submitted_answer(InputRequestFactory(call=call, organization__acronym="ILO"), title="ILO answer")
    page = officer_client.get(reverse("admin:index")).content.decode()
    panel = page[page.index('id="dashboard-review"') :]
    assert panel.index("IOM answer") < panel.index("ILO answer")
    assert f'data-update="{older.pk}"' in panel and ">6</td>" in panel  # days waiting

    accepted = officer_client.post(
        step_url("activityupdate", "accept", newer.pk), {"confirm": "1", "next": reverse("admin:index")}, follow=True
    )
    assert accepted.redirect_chain[-1][0] == reverse("admin:index")
    panel = accepted.content.decode()[accepted.content.decode().index('id="dashboard-review"') :]
    assert "ILO answer" not in panel.split("</section>")[0]


def test_the_review_panel_shows_a_letter_on_the_day_it_came_waiting_since_it_was_recorded(
    officer_client, secretariat_user
):
    request = InputRequestFactory()
    received = TODAY - dt.timedelta(days=9)
    letter = services.update_record_received(by=secretariat_user, organization=request.organization,
                                             input_request=request, received_via="letter", received_on=received,
                                             title="Note verbale", body="The Government reports ...")  # fmt: skip
    page = officer_client.get(reverse("admin:index")).content.decode()
    row = page[page.index(f'data-update="{letter.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"{received.day} {received:%b %Y}, Letter" in row
    assert '<td class="num">0</td>' in row


def test_bulk_review_actions_act_on_each_selected_answer(officer_client):
    answers = [submitted_answer(InputRequestFactory()) for _ in range(3)]
    services.update_accept(update=answers[2], by=None)
    url = reverse("admin:coordination_activityupdate_changelist")
    data = {"action": "accept", helpers.ACTION_CHECKBOX_NAME: [a.pk for a in answers], "index": "0"}
    shown = messages_of(officer_client.post(url, data, follow=True))
    assert "Accepted 2 of 3." in shown
    assert any(line.startswith(f"Not changed: {answers[2]}:") for line in shown)


# --- Withdraw, never delete --------------------------------------------------------------------------------


def test_an_answer_is_withdrawn_with_its_files_kept_and_never_deleted(officer_client, secretariat_user):
    request = InputRequestFactory()
    answer = services.update_create(by=None, organization=request.organization, input_request=request,
                                    title="Twice", body="Sent twice")  # fmt: skip
    services.attachment_add(update=answer, uploaded=SimpleUploadedFile("a.txt", b"annex"), by=None)
    services.update_submit(update=answer, by=None)
    assert officer_client.get(reverse("admin:coordination_activityupdate_delete", args=[answer.pk])).status_code == 403

    officer_client.post(step_url("activityupdate", "withdraw", answer.pk), {"reason": "Sent twice"})
    answer.refresh_from_db()
    request.refresh_from_db()
    assert answer.status == UpdateStatus.WITHDRAWN
    assert Attachment.objects.filter(update=answer).count() == 1
    event = answer.events.get(event="withdrawn")
    assert (event.by, event.comment) == (secretariat_user, "Sent twice")
    assert request.status == InputRequestStatus.OPEN  # it alone answered the request


# --- Letters counted on their received day ------------------------------------------------------------------


def test_a_letter_is_recorded_with_its_files_and_counts_on_its_received_day(officer_client, secretariat_user):
    call = CallForInputsFactory(deadline=TODAY + dt.timedelta(days=5))
    request = InputRequestFactory(call=call, organization__category=OrganizationCategory.GOVERNMENT)
    received = TODAY - dt.timedelta(days=12)
    data = {
        "organization": request.organization.pk, "input_request": request.pk, "received_via": "letter",
        "received_on": received.isoformat(), "title": "Note verbale", "body": "The Government reports ...",
        "attachments": [SimpleUploadedFile("letter.pdf", b"%PDF-1.4 scan"), SimpleUploadedFile("annex.txt", b"x")],
    }  # fmt: skip
    saved = officer_client.post(reverse("admin:coordination_activityupdate_add"), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    letter = ActivityUpdate.objects.get(title="Note verbale")
    assert sorted(letter.attachments.values_list("original_name", flat=True)) == ["annex.txt", "letter.pdf"]
    request.refresh_from_db()
    assert request.status == InputRequestStatus.ANSWERED

    url = reverse("admin:coordination_callforinputs_answered_by", args=[call.pk])
    on_the_day = officer_client.get(url, {"cutoff": received.isoformat()}).content.decode()
    assert "Governments: 1 of 1 answered by" in on_the_day
    the_day_before = officer_client.get(url, {"cutoff": (received - dt.timedelta(days=1)).isoformat()})
    assert "Governments: 1 of 1" not in the_day_before.content.decode()
    assert "No answer had come in by then." in the_day_before.content.decode()
    board = officer_client.get(reverse("admin:coordination_callforinputs_change", args=[call.pk])).content.decode()
    assert f"<td>{received.day} {received:%b %Y}</td>" in board  # the letter's day, not the day it was typed in
    assert f"1 by {received.day} {received:%b %Y}" in board


def test_an_impossible_cutoff_is_a_field_error_not_a_500(officer_client):
    call = CallForInputsFactory()
    page = officer_client.get(reverse("admin:coordination_callforinputs_answered_by", args=[call.pk]),
                              {"cutoff": "2027-02-31"})  # fmt: skip
    assert page.status_code == 200 and "Enter a valid date." in page.content.decode()


# --- The call's lifecycle -------------------------------------------------------------------------------------


def test_opening_previews_the_addressees_without_sub_units_and_flags_those_nobody_would_hear(
    officer_client, secretariat_user
):
    call = CallForInputsFactory(status="draft", deadline=TODAY + dt.timedelta(days=40), responsible_officer=None)
    listed = InputRequestFactory(call=call).organization
    ilo, _ = organization_with_focal_points("ILO")
    ilo.category = OrganizationCategory.SPECIALIZED_AGENCY
    ilo.save()
    office = OrganizationFactory(name="International Labour Office", parent=ilo,
                                 category=OrganizationCategory.SPECIALIZED_AGENCY)  # fmt: skip
    silent = OrganizationFactory(acronym="WMO", category=OrganizationCategory.SPECIALIZED_AGENCY)
    url = step_url("callforinputs", "open", call.pk)

    first = officer_client.get(url).content.decode()
    assert "1 organization would be asked" in first
    preview = officer_client.post(url, {"categories": [OrganizationCategory.SPECIALIZED_AGENCY]})
    shown = preview.content.decode()
    assert "then press “Open the call” again" in shown
    table = shown[shown.index('id="call-addressees"') : shown.index("</table>", shown.index('id="call-addressees"'))]
    assert "3 organizations would be asked" in shown
    assert "(ILO)" in table and "(WMO)" in table and "International Labour Office" not in table
    assert "2 of them have no active focal point" in shown  # WMO and the organization listed
    assert CallForInputs.objects.get(pk=call.pk).status == "draft"  # only previewed

    opened = officer_client.post(
        url, {"categories": [OrganizationCategory.SPECIALIZED_AGENCY], "previewed": preview.context["previewed"]}
    )
    assert opened.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.responsible_officer) == ("open", secretariat_user)
    asked = set(call.input_requests.values_list("organization", flat=True))
    assert asked == {listed.pk, ilo.pk, silent.pk} and office.pk not in asked


def test_the_step_pages_are_laid_out_as_the_admin_forms(officer_client):
    call = CallForInputsFactory(status="draft", deadline=TODAY + dt.timedelta(days=40))
    for url in (step_url("callforinputs", "open", call.pk),
                reverse("admin:coordination_callforinputs_answered_by", args=[call.pk])):  # fmt: skip
        page = officer_client.get(url).content.decode()
        assert "admin/css/forms.css" in page and "coordination/steps.css" in page


def test_a_changed_selection_after_the_preview_is_previewed_again(officer_client):
    call = CallForInputsFactory(status="draft", deadline=TODAY + dt.timedelta(days=40))
    InputRequestFactory(call=call)
    url = step_url("callforinputs", "open", call.pk)
    preview = officer_client.post(url, {"categories": []})
    changed = officer_client.post(
        url, {"categories": [OrganizationCategory.GOVERNMENT], "previewed": preview.context["previewed"]}
    )
    assert changed.status_code == 200
    assert CallForInputs.objects.get(pk=call.pk).status == "draft"


def test_organizations_named_on_the_draft_without_a_day_are_due_on_the_deadline_once_opened(officer_client):
    call = CallForInputsFactory(status="draft", deadline=TODAY + dt.timedelta(days=40))
    named = InputRequestFactory(call=call, due_precision="", due_date=None)  # a row of the draft, no day typed
    dated = InputRequestFactory(call=call, due_date=TODAY + dt.timedelta(days=50))
    url = step_url("callforinputs", "open", call.pk)
    preview = officer_client.post(url, {})
    assert officer_client.post(url, {"previewed": preview.context["previewed"]}).status_code == 302
    named.refresh_from_db()
    dated.refresh_from_db()
    assert (named.due_date, named.due_precision) == (call.deadline, "day")
    assert dated.due_date == TODAY + dt.timedelta(days=50)  # a day of its own is kept


def test_a_call_for_a_report_already_issued_is_not_opened(officer_client):
    obligation = ReportingObligationFactory()
    services.obligation_record_report(obligation=obligation, by=None, symbol="A/63/265", date=TODAY)
    call = CallForInputsFactory(status="draft", obligation=obligation, deadline=TODAY + dt.timedelta(days=40))
    InputRequestFactory(call=call)
    url = step_url("callforinputs", "open", call.pk)
    preview = officer_client.post(url, {})
    page = officer_client.post(url, {"previewed": preview.context["previewed"]})
    assert "The report this call serves is done (A/63/265" in page.content.decode()
    assert CallForInputs.objects.get(pk=call.pk).status == "draft"


def pending_point(request: InputRequest) -> ReminderEntry:
    return ReminderEntry.objects.create(
        item_kind="input_request", item_id=request.pk, organization=request.organization, point="before_7",
        offset_days=-7, critical=False, due_date=request.due_date, point_date=TODAY, recipient=None,
        recipient_ref=1, status=LedgerStatus.PENDING, reason="due", send_after=timezone.now(),
        created_at=timezone.now(),
    )  # fmt: skip


def test_waive_and_nil_return_close_a_request_with_the_reason_and_stop_its_reminders(officer_client):
    waived, declined = InputRequestFactory(), InputRequestFactory()
    points = [pending_point(waived), pending_point(declined)]
    officer_client.post(step_url("inputrequest", "waive", waived.pk), {"reason": "Answered at the meeting"})
    officer_client.post(step_url("inputrequest", "nil_return", declined.pk), {"reason": "Nothing new this year"})
    waived.refresh_from_db()
    declined.refresh_from_db()
    assert (waived.status, waived.waived_reason) == ("waived", "Answered at the meeting")
    assert (declined.status, declined.declined_reason) == ("declined", "Nothing new this year")
    assert {ReminderEntry.objects.get(pk=p.pk).status for p in points} == {LedgerStatus.CANCELLED}


def test_closing_a_call_waives_the_silent_keeps_the_answers_and_stops_every_reminder(officer_client):
    call = CallForInputsFactory(deadline=TODAY + dt.timedelta(days=3))
    silent = [InputRequestFactory(call=call) for _ in range(3)]
    answered = InputRequestFactory(call=call)
    submitted_answer(answered)
    points = [pending_point(request) for request in silent]
    page = officer_client.get(reverse("admin:coordination_callforinputs_change", args=[call.pk])).content.decode()
    assert step_url("callforinputs", "close", call.pk) in page
    closed = officer_client.post(step_url("callforinputs", "close", call.pk), {"reason": "call closed"}, follow=True)
    assert f"Closed “{call}”: 3 request(s) still open were waived." in messages_of(closed)
    call.refresh_from_db()
    assert call.status == "closed" and call.closed_at is not None
    assert sorted(call.input_requests.values_list("status", flat=True)) == ["answered", "waived", "waived", "waived"]
    assert {ReminderEntry.objects.get(pk=p.pk).status for p in points} == {LedgerStatus.CANCELLED}


def test_recording_the_report_closes_the_obligation_and_its_calls_and_makes_the_next_one(officer_client):
    obligation = ReportingObligationFactory(recurrence="annual", due_date=dt.date(2027, 6, 30))
    call = CallForInputsFactory(obligation=obligation, deadline=TODAY + dt.timedelta(days=3))
    silent = InputRequestFactory(call=call)
    url = step_url("reportingobligation", "record_report", obligation.pk)
    refused = officer_client.post(url, {"symbol": "", "title": "", "date": ""})
    assert "Give the report&#x27;s symbol" in refused.content.decode() or "Give the report" in refused.content.decode()
    done = officer_client.post(url, {"symbol": "A/62/300", "title": "", "date": TODAY.isoformat()}, follow=True)
    shown = " ".join(messages_of(done))
    assert "Recorded A/62/300" in shown and "1 call(s) for inputs closed." in shown
    assert "The next report is due 30 June 2028." in shown
    obligation.refresh_from_db()
    call.refresh_from_db()
    silent.refresh_from_db()
    assert (obligation.status, obligation.fulfilled_by.symbol, obligation.completed_on) == ("done", "A/62/300", TODAY)
    assert (call.status, silent.status) == ("closed", "waived")
    assert (
        step_url("reportingobligation", "record_report", obligation.pk)
        not in officer_client.get(
            reverse("admin:coordination_reportingobligation_change", args=[obligation.pk])
        ).content.decode()
    )


# --- The responsible officer hears of answers -------------------------------------------------------------------


def test_the_officer_gets_one_mail_per_answer_or_one_daily_digest(secretariat_user):
    call = CallForInputsFactory(responsible_officer=secretariat_user)
    submitted_answer(InputRequestFactory(call=call, organization__acronym="IOM"))
    mails = OutboxMessage.objects.filter(kind="answer_arrived")
    assert [m.to_email for m in mails] == [secretariat_user.email]
    assert "IOM answered the call" in mails[0].body_text

    UserProfileFactory(user=secretariat_user, reminder_preference=ReminderPreference.DAILY_DIGEST)
    secretariat_user.refresh_from_db()
    submitted_answer(InputRequestFactory(call=call, organization__acronym="ILO"), title="ILO text")
    submitted_answer(InputRequestFactory(call=call, organization__acronym="WHO"), title="WHO text")
    digest = OutboxMessage.objects.get(kind="answers_to_review")
    assert "ILO: “ILO text”" in digest.body_text and "WHO: “WHO text”" in digest.body_text
    assert digest.available_at > timezone.now()
    assert mails.count() == 1


def test_the_officer_is_not_told_of_the_letter_they_recorded(secretariat_user):
    call = CallForInputsFactory(responsible_officer=secretariat_user)
    request = InputRequestFactory(call=call)
    services.update_record_received(by=secretariat_user, organization=request.organization, input_request=request,
                                    received_via="email", received_on=TODAY, title="Mail", body="Text")  # fmt: skip
    assert not OutboxMessage.objects.filter(kind__in=["answer_arrived", "answers_to_review"]).exists()
