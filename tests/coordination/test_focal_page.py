"""The focal points' web page: my organization's requests, answering, declining; nobody else's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import services
from coordination.choices import ReceivedVia
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, CallPrompt, InputRequest
from tests.factories import CallForInputsFactory, FollowUpActionFactory, InputRequestFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def asked(organization_a, organization_b):
    call = CallForInputsFactory(title="Inputs for the 2027 report", instructions="Activities since July.")
    return (
        InputRequestFactory(call=call, organization=organization_a),
        InputRequestFactory(call=call, organization=organization_b),
    )


def test_a_focal_point_logs_in_to_its_page_and_sees_only_its_organizations_requests(client, focal_point_a, asked):
    mine, theirs = asked
    response = client.post(reverse("login"), {"username": "focal-a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("my-home")
    page = response.content.decode()
    assert reverse("my-answer", args=[mine.pk]) in page
    assert reverse("my-answer", args=[theirs.pk]) not in page


def test_answering_saves_a_draft_then_submits_it_and_the_request_is_answered(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "Two expert meetings.", "period_start": "", "period_end": ""}
    client.post(url, {**body, "save": ""})
    draft = ActivityUpdate.objects.get(input_request=mine)
    assert (draft.status, draft.author) == ("draft", focal_point_a)
    assert InputRequest.objects.get(pk=mine.pk).status == "open"

    done = client.post(url, {**body, "body": "Two expert meetings and a survey.", "submit": ""}, follow=True)
    assert "is submitted to the secretariat" in done.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.body) == ("submitted", "Two expert meetings and a survey.")
    assert ActivityUpdate.objects.count() == 1
    assert InputRequest.objects.get(pk=mine.pk).status == "answered"


def test_a_returned_answer_is_revised_and_submitted_again(client, focal_point_a, secretariat_user, asked):
    mine, _ = asked
    update = services.update_create(organization=mine.organization, by=focal_point_a, input_request=mine,
                                    title="First", body="Too short.")  # fmt: skip
    services.update_submit(update=update, by=focal_point_a)
    services.update_return(update=update, by=secretariat_user, comment="Please add dates.")
    client.force_login(focal_point_a)
    page = client.get(reverse("my-home")).content.decode()
    assert "Please add dates." in page and "Revise and submit again" in page
    client.post(reverse("my-answer", args=[mine.pk]), {"title": "First", "body": "In March and May.", "submit": ""})
    update.refresh_from_db()
    assert (update.status, update.body) == ("submitted", "In March and May.")


def test_declining_needs_a_reason_and_closes_the_request(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-decline", args=[mine.pk])
    assert client.post(url, {"decline-reason": ""}).status_code == 400
    assert InputRequest.objects.get(pk=mine.pk).status == "open"
    client.post(url, {"decline-reason": "No activities on migration this year."})
    declined = InputRequest.objects.get(pk=mine.pk)
    assert (declined.status, declined.declined_reason) == ("declined", "No activities on migration this year.")


def test_another_organizations_request_is_not_found_and_stays_untouched(client, focal_point_b, asked):
    mine, _ = asked  # organization A's
    client.force_login(focal_point_b)
    assert client.get(reverse("my-answer", args=[mine.pk])).status_code == 404
    assert (
        client.post(reverse("my-answer", args=[mine.pk]), {"title": "x", "body": "y", "submit": ""}).status_code == 404
    )
    assert client.post(reverse("my-decline", args=[mine.pk]), {"decline-reason": "no"}).status_code == 404
    assert InputRequest.objects.get(pk=mine.pk).status == "open"
    assert not ActivityUpdate.objects.exists()


def test_the_secretariat_is_sent_on_to_the_admin_and_anonymous_to_the_login(client, secretariat_user):
    assert client.get(reverse("my-home"))["Location"].startswith(reverse("login"))
    client.force_login(secretariat_user)
    assert client.get(reverse("my-home"))["Location"] == reverse("admin:index")


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_answer_carries_a_checked_attachment_that_only_its_organization_and_the_secretariat_get(
    client, focal_point_a, focal_point_b, secretariat_user, asked
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "See the annex."}
    fake = SimpleUploadedFile("annex.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    refused = client.post(url, {**body, "attachment": fake, "submit": ""})
    assert "This file is not a real .pdf file." in refused.content.decode()
    assert not ActivityUpdate.objects.exists()  # nothing half-saved
    assert InputRequest.objects.get(pk=mine.pk).status == "open"

    annex = SimpleUploadedFile("Annex: activities 2026.pdf", PDF, content_type="application/pdf")
    client.post(url, {**body, "attachment": annex, "submit": ""})
    update = ActivityUpdate.objects.get(input_request=mine)
    (attachment,) = update.attachments.all()
    assert (update.status, attachment.original_name, attachment.size) == (
        "submitted",
        "Annex: activities 2026.pdf",
        len(PDF),
    )
    assert "Annex: activities 2026.pdf" not in attachment.file.name  # stored under a random name
    link = reverse("my-attachment", args=[attachment.pk])
    assert link in client.get(reverse("my-home")).content.decode()
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment;" in download["Content-Disposition"]

    client.force_login(focal_point_b)
    assert client.get(link).status_code == 404
    client.force_login(secretariat_user)
    assert client.get(link).status_code == 200


def test_a_file_too_large_or_of_another_type_is_refused(client, focal_point_a, asked, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ATTACHMENT_MAX_BYTES = 100
    mine, _ = asked
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[mine.pk])
    body = {"title": "ORGA activities", "body": "See the annex.", "save": ""}
    big = client.post(url, {**body, "attachment": SimpleUploadedFile("a.pdf", PDF + b" " * 200)})
    assert "larger than" in big.content.decode()
    script = client.post(url, {**body, "attachment": SimpleUploadedFile("run.exe", b"MZ")})
    assert "not accepted" in script.content.decode()
    binary = client.post(url, {**body, "attachment": SimpleUploadedFile("notes.txt", b"abc\x00\x01")})
    assert "not a text file" in binary.content.decode()
    assert not ActivityUpdate.objects.exists()


# --- #20 point 1: the page sorted by deadline, each item's page, answers to re-read -------------------


def _day(offset: int):
    return secretariat_today() + dt.timedelta(days=offset)


@pytest.fixture
def agenda(organization_a, organization_b):
    """Organization A's open items, due at every distance from today, and what is not to do."""

    def request(title, offset, **fields):
        call = CallForInputsFactory(title=title, deadline=_day(offset) if offset is not None else _day(30))
        return InputRequestFactory(call=call, organization=organization_a, due_date=call.deadline, **fields)

    def action(title, offset, **fields):
        dated = {"due_date": _day(offset)} if offset is not None else {"due_date": None, "due_precision": ""}
        return FollowUpActionFactory(title=title, lead_organization=organization_a, **{**dated, **fields})

    return {
        "later": request("Inputs due in 20 days", 20),
        "week": action("Action due in 4 days", 4),
        "today": request("Inputs due today", 0),
        "overdue": action("Action overdue by 3 days", -3),
        "undated": action("Action with no deadline", None),
        "lapsed": action("Action of 2004", None, due_precision="year", due_date=dt.date(2004, 12, 31)),
        "answered": request("Inputs answered already", 5, status="answered"),
        "done": action("Action done already", 5, status="done"),
        "theirs": InputRequestFactory(call=CallForInputsFactory(title="B's call"), organization=organization_b),
    }  # fmt: skip


def _section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</ol>", start)]


def test_my_page_lists_the_open_items_soonest_due_first_in_words_and_sets_the_lapsed_apart(
    client, focal_point_a, agenda, django_assert_max_num_queries
):
    client.force_login(focal_point_a)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("my-home")).content.decode()
    to_do = _section(page, "to-do")
    titles = ["Action overdue by 3 days", "Inputs due today", "Action due in 4 days", "Inputs due in 20 days",
              "Action with no deadline"]  # fmt: skip
    assert [to_do.index(t) for t in titles] == sorted(to_do.index(t) for t in titles)
    for words in ("Overdue by 3 days", "Due today", "Due in 4 days", "Due in 20 days", "No deadline set"):
        assert words in to_do
    assert 'class="mark mark-overdue"' in to_do and 'class="mark mark-today"' in to_do  # colour as well as words
    assert "undated" not in to_do.replace('class="item item-undated', "")
    assert "Action of 2004" not in to_do and "already" not in to_do and "B's call" not in page
    lapsed = _section(page, "no-longer-chased")
    assert "Action of 2004" in lapsed and "Due 2004" in lapsed
    assert page.index("No longer chased") > page.index("To do")


def test_the_page_makes_the_same_number_of_queries_however_many_items(
    client, focal_point_a, organization_a, django_assert_num_queries
):
    client.force_login(focal_point_a)

    def add_one_of_each():
        request = InputRequestFactory(organization=organization_a)
        FollowUpActionFactory(lead_organization=organization_a)
        update = services.update_create(by=focal_point_a, input_request=request, title="T", body="B")
        services.update_submit(update=update, by=focal_point_a)
        services.input_request_decline(input_request=InputRequestFactory(organization=organization_a),
                                       by=focal_point_a, reason="Nothing.")  # fmt: skip

    add_one_of_each()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my-home"))
    for _ in range(5):
        add_one_of_each()
    with django_assert_num_queries(len(few)):
        client.get(reverse("my-home"))


def test_an_action_page_has_a_way_back_and_says_its_deadline(client, focal_point_a, agenda):
    client.force_login(focal_point_a)
    page = client.get(reverse("my-item", args=["action", agenda["overdue"].pk])).content.decode()
    assert f'href="{reverse("my-home")}"' in page
    assert "Overdue by 3 days" in page
    undated = client.get(reverse("my-item", args=["action", agenda["undated"].pk])).content.decode()
    assert "No deadline set" in undated and "undated" not in undated.lower().replace("item-undated", "")


def test_an_action_page_links_to_the_steps_on_the_action_once_they_exist(client, focal_point_a, agenda):
    from django.urls import NoReverseMatch

    client.force_login(focal_point_a)
    action = agenda["week"]
    page = client.get(reverse("my-item", args=["action", action.pk])).content.decode()
    for name in ("my-action-progress", "my-action-request-done"):
        try:
            url = reverse(name, args=[action.pk])
        except NoReverseMatch:
            continue  # not built yet: the page offers what exists and still renders
        assert f'href="{url}"' in page


def test_an_input_request_page_offers_to_answer_or_decline(client, focal_point_a, agenda):
    client.force_login(focal_point_a)
    request = agenda["today"]
    page = client.get(reverse("my-item", args=["input_request", request.pk])).content.decode()
    assert f'href="{reverse("my-answer", args=[request.pk])}"' in page and "Due today" in page
    assert f'href="{reverse("my-home")}"' in page


def test_another_organizations_item_page_is_not_found(client, focal_point_b, agenda):
    client.force_login(focal_point_b)
    assert client.get(reverse("my-item", args=["action", agenda["overdue"].pk])).status_code == 404
    assert client.get(reverse("my-item", args=["input_request", agenda["today"].pk])).status_code == 404


@pytest.fixture
def returned_answer(asked, focal_point_a, secretariat_user):
    mine, _ = asked
    prompt = CallPrompt.objects.create(call=mine.call, position=1, text="Which meetings did you hold?")
    answers = {prompt.pk: "In Geneva and Bangkok."}
    update = services.update_create(
        by=focal_point_a, input_request=mine, title="ORGA activities", body="Two expert meetings.", answers=answers
    )
    services.update_submit(update=update, by=focal_point_a)
    services.update_return(update=update, by=secretariat_user, comment="Please add the dates.")
    return update


def test_a_returned_answer_is_read_again_with_its_comment_questions_and_history(
    client, focal_point_a, returned_answer, django_assert_max_num_queries
):
    client.force_login(focal_point_a)
    home = client.get(reverse("my-home")).content.decode()
    url = reverse("my-update", args=[returned_answer.pk])
    assert f'href="{url}"' in home
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    for text in ("ORGA activities", "Two expert meetings.", "Which meetings did you hold?", "In Geneva and Bangkok.",
                 "Please add the dates.", "Returned by the secretariat", "Submitted", "Returned"):  # fmt: skip
        assert text in page
    assert f'href="{reverse("my-answer", args=[returned_answer.input_request_id])}"' in page
    assert f'href="{reverse("my-home")}"' in page


@pytest.mark.parametrize("step", ["submitted", "accepted"])
def test_a_submitted_or_accepted_answer_can_be_read_again(client, focal_point_a, secretariat_user, asked, step):
    mine, _ = asked
    update = services.update_create(by=focal_point_a, input_request=mine, title="ORGA activities", body="Surveys.")
    services.update_submit(update=update, by=focal_point_a)
    if step == "accepted":
        services.update_accept(update=update, by=secretariat_user)
    client.force_login(focal_point_a)
    page = client.get(reverse("my-update", args=[update.pk])).content.decode()
    assert "Surveys." in page and step.capitalize() in page
    assert reverse("my-update", args=[update.pk]) in client.get(reverse("my-home")).content.decode()


def test_a_decline_leaves_a_trace_on_the_page_and_on_the_request(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    client.post(reverse("my-decline", args=[mine.pk]), {"decline-reason": "No activities this year."})
    home = client.get(reverse("my-home")).content.decode()
    item_url = reverse("my-item", args=["input_request", mine.pk])
    assert "No activities this year." in home and f'href="{item_url}"' in home
    page = client.get(item_url).content.decode()
    assert "No activities this year." in page and "Declined" in page


def test_an_answer_is_read_again_only_by_its_organizations_focal_points(
    client, focal_point_b, secretariat_user, no_organization_user, returned_answer
):
    url = reverse("my-update", args=[returned_answer.pk])
    for user in (focal_point_b, secretariat_user, no_organization_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_an_answer_given_on_the_page_is_recorded_as_received_through_the_page(client, focal_point_a, asked):
    mine, _ = asked
    client.force_login(focal_point_a)
    client.post(reverse("my-answer", args=[mine.pk]), {"title": "ORGA", "body": "Surveys.", "submit": ""})
    assert ActivityUpdate.objects.get(input_request=mine).received_via == ReceivedVia.WEB


def test_an_answer_given_through_the_api_is_recorded_as_received_through_the_api(api_client_for, focal_point_a, asked):
    mine, _ = asked
    created = api_client_for(focal_point_a).post(
        reverse("updates-list"), {"title": "ORGA", "body": "Surveys.", "input_request": mine.pk}, format="json"
    )
    assert created.status_code == 201, created.content
    assert ActivityUpdate.objects.get(input_request=mine).received_via == ReceivedVia.API
