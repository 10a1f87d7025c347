"""A call's questions: asked when the call opens, answered one text each, required before an answer
is submitted, shown in the compilation; through the API, the focal points' page and the admin."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from coordination import services
from coordination.compilation import compilation_docx, compilation_for, compilation_markdown
from coordination.deadlines import secretariat_today
from coordination.models import CallPrompt, InputRequest, PromptAnswer
from core.errors import DomainError
from core.models import OutboxMessage
from tests.factories import ActivityUpdateFactory, CallForInputsFactory, InputRequestFactory

pytestmark = pytest.mark.django_db

QUESTIONS = ["What did your organization do on remittances?", "Which data on migrant workers did you publish?"]


def update_url(update_id, name=None):
    return reverse(f"updates-{name}", args=[update_id]) if name else reverse("updates-detail", args=[update_id])


def if_match(client, update_id) -> dict:
    return {"HTTP_IF_MATCH": client.get(update_url(update_id))["ETag"]}


@pytest.fixture
def call_with_questions(api_client_for, secretariat_user, organization_a, organization_b, focal_point_a):
    response = api_client_for(secretariat_user).post(
        reverse("calls-list"),
        {
            "title": "Inputs on migration and development",
            "deadline": (secretariat_today() + dt.timedelta(days=20)).isoformat(),
            "organizations": [organization_a.pk, organization_b.pk],
            "prompts": [f"  {QUESTIONS[0]} ", QUESTIONS[1]],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_opening_a_call_keeps_its_questions_in_order_and_every_addressee_sees_them(
    call_with_questions, api_client_for, focal_point_a
):
    mail = OutboxMessage.objects.get(kind="call_opened", to_email=focal_point_a.email)
    assert f"1. {QUESTIONS[0]}\n2. {QUESTIONS[1]}\n" in mail.body_text
    assert "Answer on the web: http://testserver/my/\n" in mail.body_text
    prompts = call_with_questions["prompts"]
    assert [(p["position"], p["text"]) for p in prompts] == [(1, QUESTIONS[0]), (2, QUESTIONS[1])]
    seen = api_client_for(focal_point_a).get(reverse("calls-detail", args=[call_with_questions["id"]])).json()
    assert seen["prompts"] == prompts


@pytest.mark.parametrize(
    "prompts",
    [["   "], ["x" * 2001], "one question", [["nested"]], ["ok"] * 51],
    ids=["blank", "too-long", "not-a-list", "not-text", "too-many"],
)
def test_bad_questions_are_refused_with_a_message_and_no_call_is_opened(
    api_client_for, secretariat_user, organization_a, prompts
):
    response = api_client_for(secretariat_user).post(
        reverse("calls-list"),
        {
            "title": "Inputs",
            "deadline": (secretariat_today() + dt.timedelta(days=20)).isoformat(),
            "organizations": [organization_a.pk],
            "prompts": prompts,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "prompts" in response.json()
    assert not InputRequest.objects.exists() and not CallPrompt.objects.exists()


def test_an_answer_gives_a_text_per_question_and_cannot_be_submitted_until_each_has_one(
    call_with_questions, api_client_for, focal_point_a, organization_a
):
    focal = api_client_for(focal_point_a)
    first, second = (p["id"] for p in call_with_questions["prompts"])
    request = InputRequest.objects.get(call_id=call_with_questions["id"], organization=organization_a)
    created = focal.post(
        reverse("updates-list"),
        {
            "title": "ORGA's activities",
            "body": "In general: two expert meetings.",
            "input_request": request.pk,
            "answers": [{"prompt": first, "text": "A survey of remittance costs."}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    update = created.json()
    assert update["answers"] == [{"prompt": first, "question": QUESTIONS[0], "text": "A survey of remittance costs."}]

    refused = focal.post(update_url(update["id"], "submit"), {}, format="json", **if_match(focal, update["id"]))
    assert refused.status_code == 422
    assert QUESTIONS[1] in str(refused.json()["answers"])
    request.refresh_from_db()
    assert request.status == "open"  # still asked, still reminded

    patched = focal.patch(
        update_url(update["id"]),
        {"answers": [{"prompt": second, "text": "Labour migration statistics for 2025."}]},
        format="json",
        **if_match(focal, update["id"]),
    )
    assert patched.status_code == 200, patched.json()
    assert [a["text"] for a in patched.json()["answers"]] == [
        "A survey of remittance costs.",  # kept: only the questions named are replaced
        "Labour migration statistics for 2025.",
    ]
    submitted = focal.post(update_url(update["id"], "submit"), {}, format="json", **if_match(focal, update["id"]))
    assert submitted.status_code == 200, submitted.json()
    request.refresh_from_db()
    assert request.status == "answered"


@pytest.mark.parametrize(
    ("answers", "status", "message"),
    [
        (lambda own, other: [{"prompt": other, "text": "x"}], 422, "is not one of"),
        (lambda own, other: [{"prompt": own, "text": "a"}, {"prompt": own, "text": "b"}], 422, "one answer"),
        (lambda own, other: [{"prompt": own, "text": "x", "question": "mine"}], 400, "Unknown"),
        (lambda own, other: [{"prompt": own, "text": "x\x00"}], 400, "Null characters"),
        (lambda own, other: {"prompt": own, "text": "x"}, 400, "list"),
    ],
    ids=["another-calls-question", "twice", "unknown-field", "nul-byte", "not-a-list"],
)
def test_answers_to_questions_the_call_does_not_have_or_malformed_are_refused(
    call_with_questions, api_client_for, focal_point_a, organization_a, answers, status, message
):
    other_call = CallForInputsFactory(status="draft")
    other = services.call_prompts_set(call=other_call, texts=["Elsewhere?"])[0].pk
    own = call_with_questions["prompts"][0]["id"]
    request = InputRequest.objects.get(call_id=call_with_questions["id"], organization=organization_a)
    response = api_client_for(focal_point_a).post(
        reverse("updates-list"),
        {"title": "t", "body": "b", "input_request": request.pk, "answers": answers(own, other)},
        format="json",
    )
    assert response.status_code == status
    assert message in str(response.json())
    assert not PromptAnswer.objects.exists()


def test_an_update_with_no_input_request_has_no_questions_to_answer(
    call_with_questions, api_client_for, focal_point_a
):
    own = call_with_questions["prompts"][0]["id"]
    response = api_client_for(focal_point_a).post(
        reverse("updates-list"), {"title": "t", "body": "b", "answers": [{"prompt": own, "text": "x"}]}, format="json"
    )
    assert response.status_code == 422
    assert "link the update to an input request" in str(response.json())


def test_the_questions_of_an_open_call_stay_as_sent():
    call = CallForInputsFactory(status="open")
    with pytest.raises(DomainError):
        services.call_prompts_set(call=call, texts=["A new question"])


def test_the_compilation_gives_each_question_and_the_organizations_text_under_its_answer(organization_a):
    call = CallForInputsFactory(status="draft", title="Report on migration")
    first, second = services.call_prompts_set(call=call, texts=QUESTIONS)
    request = InputRequestFactory(call=call, organization=organization_a, status="answered")
    update = ActivityUpdateFactory(
        organization=organization_a, input_request=request, status="accepted", title="ORGA", body="Overview."
    )
    PromptAnswer.objects.create(update=update, prompt=second, text="Statistics.")
    PromptAnswer.objects.create(update=update, prompt=first, text="Remittances.\n\nAnd a survey.")

    compilation = compilation_for(call)
    markdown = compilation_markdown(compilation)
    assert markdown.index(QUESTIONS[0]) < markdown.index("Remittances.") < markdown.index(QUESTIONS[1])
    assert markdown.index(QUESTIONS[1]) < markdown.index("Statistics.")
    texts = [p.text for p in Document(io.BytesIO(compilation_docx(compilation))).paragraphs]
    start = texts.index("Overview.")
    assert texts[start : start + 6] == [
        "Overview.", QUESTIONS[0], "Remittances.", "And a survey.", QUESTIONS[1], "Statistics.",
    ]  # fmt: skip


def test_the_focal_points_page_asks_each_question_and_requires_it_only_on_submit(
    client, focal_point_a, organization_a
):
    call = CallForInputsFactory(status="draft")
    first, second = services.call_prompts_set(call=call, texts=QUESTIONS)
    request = InputRequestFactory(call=call, organization=organization_a)
    client.force_login(focal_point_a)
    url = reverse("my-answer", args=[request.pk])
    page = client.get(url).content.decode()
    assert f"1. {QUESTIONS[0]}" in page and f"2. {QUESTIONS[1]}" in page

    body = {"title": "ORGA", "body": "Overview.", f"prompt_{first.pk}": "Remittances.", f"prompt_{second.pk}": " "}
    refused = client.post(url, {**body, "submit": ""})
    assert refused.status_code == 200
    assert "Answer this question before you submit" in refused.content.decode()
    assert not PromptAnswer.objects.exists()  # nothing half-written

    client.post(url, {**body, "save": ""})
    assert dict(PromptAnswer.objects.values_list("prompt_id", "text")) == {first.pk: "Remittances."}
    assert "Remittances." in client.get(url).content.decode()  # the draft shows what was written

    done = client.post(url, {**body, f"prompt_{second.pk}": "Statistics.", "submit": ""}, follow=True)
    assert "is submitted to the secretariat" in done.content.decode()
    assert dict(PromptAnswer.objects.values_list("prompt_id", "text")) == {
        first.pk: "Remittances.",
        second.pk: "Statistics.",
    }
    request.refresh_from_db()
    assert request.status == "answered"


def test_the_admin_edits_a_drafts_questions_and_shows_an_open_calls_read_only(client, secretariat_user):
    client.force_login(secretariat_user)
    draft = CallForInputsFactory(status="draft")
    services.call_prompts_set(call=draft, texts=QUESTIONS)
    opened = CallForInputsFactory(status="open")
    services.call_prompts_set(call=CallForInputsFactory(status="draft"), texts=["unrelated"])
    CallPrompt.objects.create(call=opened, position=1, text="Sent already")

    draft_page = client.get(reverse("admin:coordination_callforinputs_change", args=[draft.pk])).content.decode()
    assert 'name="prompts-0-text"' in draft_page and QUESTIONS[1] in draft_page
    open_page = client.get(reverse("admin:coordination_callforinputs_change", args=[opened.pk])).content.decode()
    assert "Sent already" in open_page and 'name="prompts-0-text"' not in open_page


def test_the_admin_update_page_offers_only_the_questions_of_the_updates_call(client, secretariat_user, organization_a):
    call = CallForInputsFactory(status="draft")
    mine = services.call_prompts_set(call=call, texts=QUESTIONS)
    services.call_prompts_set(call=CallForInputsFactory(status="draft"), texts=["Another call's question"])
    update = ActivityUpdateFactory(
        organization=organization_a, input_request=InputRequestFactory(call=call, organization=organization_a)
    )
    PromptAnswer.objects.create(update=update, prompt=mine[0], text="Remittances.")
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_activityupdate_change", args=[update.pk])).content.decode()
    assert "Remittances." in page and QUESTIONS[1] in page
    assert "Another call&#x27;s question" not in page and "Another call's question" not in page
