# ruff: noqa: E501 - the resolution keeps one paragraph to a line, as the documents come.
"""Operative paragraphs read from a resolution of our own (modelled on the General Assembly's drafting):
each numbered paragraph after the preamble with its verb, addressee and kind; a request to continue
read as a recurring action; a call upon several organizations read as one action per organization."""

import pytest

from ingest.reader import OrganizationIndex, read_document
from ingest.reader.operative import find_addressed_requests, leading_verb

RESOLUTION = """United Nations A/RES/71/318

General Assembly Distr.: General
2 February 2017

Seventy-first session
Agenda item 21 (c)

Resolution adopted by the General Assembly

71/318. Remittances and the protection of migrant workers

The General Assembly,

Recalling its resolutions 69/229 of 19 December 2014 and 70/219 of 22 December 2015,

Noting with concern the high cost of transferring remittances to some regions,

1. Takes note of the report of the Secretary-General on remittances;

2. Requests the Secretary-General, in close cooperation with the regional commissions and other relevant entities of the United Nations system, to continue convening inter-agency coordination meetings on migrant workers and remittances;

3. Calls upon ECA, ESCAP, ILO and the Global Remittance Alliance to exchange data on the cost of remittances, and invites the International Centre for Remittance Studies (ICRS) and the International Organization for Migration (IOM) to contribute to that exchange by 30 June 2018;

4. Also requests the Secretary-General to submit to the General Assembly at its seventy-third session a report on the implementation of the present resolution;

5. Decides to convene a one-day high-level meeting on remittances in New York on 12 October 2018;

6. Further invites Member States to continue to share their statistics on remittances with the Statistics Division every two years;

7. Strongly encourages Member States to consider ratifying the relevant conventions;

95th plenary meeting
21 December 2016
"""

INDEX = OrganizationIndex(
    [
        ("11", "ECA", "Economic Commission for Africa", ()),
        ("12", "ESCAP", "Economic and Social Commission for Asia and the Pacific", ()),
        ("13", "ILO", "International Labour Organization", ()),
        ("14", "IOM", "International Organization for Migration", ()),
    ]
)


@pytest.fixture(scope="module")
def read():
    return read_document(RESOLUTION, INDEX)


def paragraphs(result) -> dict[str, dict]:
    return {p.data["number"]: p.data for p in result.of_kind("paragraph")}


def test_each_operative_paragraph_is_proposed_with_its_verb_addressee_and_kind(read):
    found = {number: (d["verb"], d["addressee"], d["kind"]) for number, d in paragraphs(read).items()}
    assert found == {
        "1": ("takes note", "", "other"),
        "2": ("requests", "the Secretary-General", "action"),
        "3": ("calls upon", "ECA, ESCAP, ILO and the Global Remittance Alliance", "action"),
        "4": ("requests", "the Secretary-General", "report"),
        "5": ("decides", "", "meeting"),
        "6": ("invites", "Member States", "action"),
        "7": ("encourages", "Member States", "action"),
    }


def test_a_paragraph_keeps_its_number_text_order_and_resolution(read):
    data = paragraphs(read)["4"]
    assert data["mandate"] == "71/318"
    assert data["text"].startswith("Also requests the Secretary-General to submit to the General Assembly")
    positions = [d["position"] for d in paragraphs(read).values()]
    assert positions == sorted(positions)
    (proposal,) = [p for p in read.of_kind("paragraph") if p.data["number"] == "4"]
    assert (proposal.paragraph, proposal.matched_text) == ("4", data["text"])


def test_preambular_paragraphs_are_not_operative(read):
    texts = [d["text"] for d in paragraphs(read).values()]
    assert not [text for text in texts if text.startswith(("Recalling", "Noting"))]
    assert len(texts) == 7


def test_a_request_to_continue_convening_is_a_recurring_action_not_an_undated_obligation(read):
    assert not [p for p in read.of_kind("obligation") if p.paragraph == "2"]
    (action,) = [p.data for p in read.of_kind("action") if p.paragraph == "2"]
    assert (
        action["title"] == "Continue convening inter-agency coordination meetings on migrant workers and remittances"
    )
    assert (action["recurrence"], action["mandate"], action["addressee"], action["lead_organization"]) == (
        "annual", "71/318", "the Secretary-General", None
    )  # fmt: skip
    assert action["due_precision"] is None


def test_every_two_years_recurs_biennially(read):
    (action,) = [p.data for p in read.of_kind("action") if p.paragraph == "6"]
    assert (action["recurrence"], action["addressee"]) == ("biennial", "Member States")
    assert (
        action["title"]
        == "Continue to share their statistics on remittances with the Statistics Division every two years"
    )


def test_calls_upon_several_organizations_proposes_one_action_for_each_one_matched(read):
    actions = [p.data for p in read.of_kind("action") if p.paragraph == "3"]
    called = [(a["key"], a["lead_organization"]) for a in actions if a["verb"] == "calls upon"]
    # "the Global Remittance Alliance" is in no registry and the text does not show it to be an organization.
    assert called == [
        ("11", "Economic Commission for Africa"),
        ("12", "Economic and Social Commission for Asia and the Pacific"),
        ("13", "International Labour Organization"),
    ]
    assert {a["title"] for a in actions if a["verb"] == "calls upon"} == {"Exchange data on the cost of remittances"}
    invited = [(a["key"], a["lead_organization"], a["acronym"]) for a in actions if a["verb"] == "invites"]
    # A new organization, shown to be one by its acronym, is proposed too (to be accepted first).
    assert invited == [
        (None, "International Centre for Remittance Studies", "ICRS"),
        ("14", "International Organization for Migration", "IOM"),
    ]
    assert {(a["due_precision"], a["due_date"], a["recurrence"]) for a in actions if a["verb"] == "invites"} == {
        ("day", "2018-06-30", "none")
    }


def test_a_request_to_organizations_is_not_an_obligation_too(read):
    assert not [p for p in read.of_kind("obligation") if p.paragraph == "3"]
    (report,) = [p.data for p in read.of_kind("obligation") if p.paragraph == "4"]
    assert (report["action"], report["target_session"]) == ("submit a report", 73)


def test_a_report_proposes_no_operative_paragraphs():
    report = (
        "United Nations A/72/100\n\nDistr.: General 2 June 2017\n\nSeventy-second session\n\n"
        "Report of the Secretary-General\n\n"
        "1. In its resolution 71/318, the General Assembly invited ILO and IOM to contribute to the exchange.\n"
    )
    result = read_document(report, INDEX)
    assert result.of_kind("paragraph") == []
    assert [(a.data["key"], a.data["mandate"]) for a in result.of_kind("action")] == [
        ("13", "71/318"),
        ("14", "71/318"),
    ]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Further invites Member States to provide data;", "invites"),
        ("Also strongly urges all Governments to ratify;", "urges"),
        ("Calls on the regional commissions to cooperate;", "calls upon"),
        ("Takes note with appreciation of the report;", "takes note"),
        ("In this regard, requests the Secretary-General to report;", "requests"),
    ],
)
def test_the_leading_verb_without_its_adverbs(text, verb):
    assert leading_verb(text)[0] == verb


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("Requests the Secretary-General, in consultation with Member States, to prepare a study;", "the Secretary-General"),
        ("Urges Member States, as appropriate, to ratify the Convention;", "Member States"),
        ("Calls upon States parties to the Convention to implement it;", "States parties to the Convention"),
        ("Invites relevant international organizations, civil society and the private sector to contribute;",
         "relevant international organizations, civil society and the private sector"),
    ],
)  # fmt: skip
def test_the_addressee_stops_before_an_aside(text, addressee):
    (request,) = find_addressed_requests(text)
    assert request.addressee == addressee
