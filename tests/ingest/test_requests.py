import pytest

from ingest.reader import read_document
from ingest.reader.requests import MAX_DESCRIPTION

GA_RESOLUTION = """United Nations A/RES/61/208

Resolution adopted by the General Assembly

61/208. International migration and development

The General Assembly,

"""
GA_REPORT = (
    "United Nations A/59/325\n\nDistr.: General 2 September 2004\n\nFifty-ninth session\n\n"
    "Report of the Secretary-General\n\n"
)


def obligations(text: str) -> list[dict]:
    return [p.data for p in read_document(text).of_kind("obligation")]


def test_a_request_for_a_report_at_a_session():
    (data,) = obligations(
        GA_RESOLUTION + "1. Requests the Secretary-General to submit to the General Assembly at its sixty-fifth "
        "session a report on the implementation of the present resolution;\n"
    )
    assert data == {
        "addressee": "Secretary-General",
        "action": "submit a report",
        "subject": "the implementation of the present resolution",
        "target_body": "General Assembly",
        "target_session": 65,
        "due_precision": "session",
        "due_date": None,
        "mandate": "61/208",
        "description": "submit a report on the implementation of the present resolution",
    }


@pytest.mark.parametrize(
    "damaged",
    [
        "2. Also requests the Secretary-General to report to it at its sixty-third session on the implementation of "
        "the present resolution.\n",
        "2. Also requests the Secretary- General to report to it at its sixty- third session on the implementation of "
        "the present resolution.\n",
        "2. Also requests the Secretary-\nGeneral to report to it at its sixty-\nthird session on the implementation "
        "of the present resolution.\n",
        "2. Also requests the Secretary-General to report to it at its 63rd session on the implementation of the "
        "present resolution.\n",
    ],
)
def test_report_to_it_means_the_body_of_the_resolution(damaged):
    (data,) = obligations(GA_RESOLUTION + damaged)
    assert (data["addressee"], data["action"], data["target_body"], data["target_session"], data["subject"]) == (
        "Secretary-General", "report", "General Assembly", 63, "the implementation of the present resolution"
    )  # fmt: skip


def paragraphs(text: str) -> dict[str, dict]:
    return {p.data["number"]: p.data for p in read_document(text).of_kind("paragraph")}


def test_an_item_on_the_provisional_agenda_asks_no_one_for_a_report():
    text = GA_RESOLUTION + (
        "3. Decides to include in the provisional agenda of its sixty-third session, under the item entitled "
        '"Globalization and interdependence", the sub-item entitled "International migration and development".\n\n'
        "4. Decides to include in the provisional agenda of its eighty-second session an item entitled "
        '"Population ageing and sustainable development".\n'
    )
    # The Assembly orders its own agenda: a decision, no obligation of anyone to report.
    assert obligations(text) == []
    assert [(p["verb"], p["kind"]) for p in paragraphs(text).values()] == [("decides", "other"), ("decides", "other")]


def test_a_report_requested_under_an_item_of_a_session_is_an_obligation():
    text = GA_RESOLUTION + (
        "5. Requests the Secretary-General to submit to the General Assembly at its eighty-second session, under "
        'the item entitled "Population ageing and sustainable development", a report on the implementation of the '
        "present resolution.\n"
    )
    (data,) = obligations(text)
    assert (data["addressee"], data["action"], data["target_body"], data["target_session"]) == (
        "Secretary-General", "submit a report", "General Assembly", 82
    )  # fmt: skip
    assert data["description"] == (
        'submit under the item entitled "Population ageing and sustainable development", a report on the '
        "implementation of the present resolution"
    )
    assert paragraphs(text)["5"]["kind"] == "report"


def test_a_report_request_is_described_in_its_own_words():
    (data,) = obligations(
        GA_RESOLUTION + "2. Requests the Secretary-General to submit to the General Assembly at its eighty-first "
        "session a report on the implementation of the present resolution, including on the costs of sending "
        "remittances and on the protection of migrant domestic workers;\n"
    )
    # The subject stops at "including"; the description keeps every word of what is asked, less where it is due.
    assert data["subject"] == "the implementation of the present resolution"
    assert data["description"] == (
        "submit a report on the implementation of the present resolution, including on the costs of sending "
        "remittances and on the protection of migrant domestic workers"
    )


def test_a_report_due_at_the_end_of_the_request_and_one_to_it_are_described_without_the_session():
    submit, report = obligations(
        GA_RESOLUTION + "2. Requests the Secretary-General to submit a report on the financial inclusion of migrant "
        "workers to the General Assembly at its eighty-first session;\n\n"
        "3. Also requests the Secretary-General to report to it at its eighty-second session on the follow-up to "
        "the present resolution.\n"
    )
    assert submit["description"] == "submit a report on the financial inclusion of migrant workers"
    assert report["description"] == "report on the follow-up to the present resolution"


def test_a_long_request_is_described_up_to_a_word_with_an_ellipsis():
    topics = ", ".join(f"on the cost of remittances in corridor {n}" for n in range(1, 40))
    (data,) = obligations(
        GA_RESOLUTION + "2. Requests the Secretary-General to submit to the General Assembly at its eighty-first "
        f"session a report on the implementation of the present resolution, including {topics};\n"
    )
    description = data["description"]
    assert description.startswith("submit a report on the implementation of the present resolution, including on")
    assert description.endswith(" ...") and len(description) <= MAX_DESCRIPTION + len(" ...")
    kept, full = (
        description.removesuffix(" ..."),
        f"submit a report on the implementation of the present resolution, including {topics}",
    )
    assert full.startswith(kept) and not full[len(kept)].isalnum()  # cut between words


def test_an_invitation_with_a_calendar_deadline():
    (data,) = obligations(
        GA_RESOLUTION + "4. Invites Member States and observers to provide inputs by 31 March 2007;\n"
    )
    assert (data["addressee"], data["action"], data["due_precision"], data["due_date"], data["target_session"]) == (
        "Member States and observers", "provide inputs", "day", "2007-03-31", None
    )  # fmt: skip


def test_an_invitation_without_deadline_is_not_an_obligation():
    assert obligations(GA_RESOLUTION + "5. Invites Member States to consider ratifying the Convention;\n") == []


def test_reported_speech_with_an_aside_between_addressee_and_action():
    (data,) = obligations(
        GA_REPORT
        + "1. The General Assembly, by resolution 49/127 of 19 December 1994, requested the Secretary-General "
        "to prepare, in consultation with all States and relevant international and regional organizations, a report "
        "on international migration and development, including aspects related to a conference.\n"
    )
    assert (data["addressee"], data["action"], data["subject"], data["mandate"]) == (
        "Secretary-General", "prepare a report", "international migration and development", "49/127"
    )  # fmt: skip


def test_a_request_to_continue_is_a_recurring_action_not_an_undated_obligation():
    result = read_document(
        GA_REPORT
        + "5. The General Assembly, in its resolution 58/208, requested the Secretary-General, in cooperation "
        "with relevant bodies, to continue convening meetings in order to coordinate their activities.\n"
    )
    assert result.of_kind("obligation") == []
    (proposal,) = result.of_kind("action")
    assert (proposal.data["title"], proposal.data["mandate"], proposal.data["recurrence"]) == (
        "Continue convening meetings in order to coordinate their activities", "58/208", "annual"
    )  # fmt: skip
    assert (proposal.data["due_precision"], proposal.data["lead_organization"]) == (None, None)
    assert proposal.confidence < 0.8


def test_a_passive_request():
    (data,) = obligations(
        "The Statistics Division was requested by the Statistical Commission at its thirty-fourth session in 2003 to "
        "produce a handbook on the collection of international migration statistics."
    )
    assert (data["addressee"], data["action"]) == ("Statistics Division", "produce a handbook")


def test_the_mandate_is_the_resolution_cited_in_accordance_with():
    (data,) = obligations(
        "In accordance with resolution 58/208, the Secretary-General was requested to submit a report to the "
        "General Assembly at its fifty-ninth session."
    )
    assert (data["mandate"], data["target_session"]) == ("58/208", 59)


@pytest.mark.parametrize(
    "sentence",
    [
        "The present report is submitted in response to General Assembly resolution 58/208.",
        "The present report is submitted pursuant to General Assembly resolution 58/208.",
        "Pursuant to General Assembly resolution 58/208, the present report provides an update.",
        "This report has been prepared in accordance with resolution 58/208.",
    ],
)
def test_a_report_answering_a_resolution_fulfils_its_obligation(sentence):
    (data,) = obligations(GA_REPORT + sentence + "\n")
    assert data["fulfilled_by_this_document"] is True
    assert (data["mandate"], data["action"], data["target_body"], data["target_session"], data["due_precision"]) == (
        "58/208", "submit a report", "General Assembly", 59, "session"
    )  # fmt: skip


def test_the_request_read_and_the_answer_are_one_fulfilled_obligation():
    text = GA_REPORT + (
        "Summary\n\nIn its resolution 58/208 of 23 December 2003, the General Assembly requested the "
        "Secretary-General "
        "to submit a report on the implementation of that resolution to the Assembly at its fifty-ninth session. "
        "Pursuant to that request, the present report provides an update.\n\n"
        "2. In that resolution, the Assembly requested the Secretary-General to, inter alia, submit a report to the "
        "Assembly at its fifty-ninth session. This report has been prepared in response to those requests.\n"
    )
    (proposal,) = read_document(text).of_kind("obligation")
    assert proposal.paragraph == "p1"
    assert proposal.data["fulfilled_by_this_document"] is True
    assert (proposal.data["mandate"], proposal.data["target_session"], proposal.data["subject"]) == (
        "58/208", 59, "the implementation of that resolution"
    )  # fmt: skip


def test_a_resolution_does_not_fulfil_what_it_cites():
    assert obligations(GA_RESOLUTION + "Taking note of the report pursuant to resolution 58/208,\n") == []


def test_the_due_day_of_a_session_is_left_to_the_caller():
    (data,) = obligations(
        GA_RESOLUTION + "1. Requests the Secretary-General to report to it at its sixty-third session;\n"
    )
    assert data["due_date"] is None and data["due_precision"] == "session"
