import json

from ingest.reader import DocumentHeader, Paragraph, Proposal, ReadResult, read_document, split_paragraphs

TEXT = """United Nations A/59/325

Distr.: General 2 September 2004

Fifty-ninth session

Report of the Secretary-General

1. The present report is submitted pursuant to General Assembly resolution 58/208 of 23 December 2003.

2. The Second Coordination Meeting, organized by the Population Division, was held in New York from 15 to 16
October 2003, with the International Labour Organization (ILO). See A/58/394.
"""


def test_returns_the_agreed_shapes():
    result = read_document(TEXT)
    assert isinstance(result, ReadResult)
    assert isinstance(result.header, DocumentHeader)
    assert all(isinstance(p, Paragraph) for p in result.paragraphs)
    assert all(isinstance(p, Proposal) for p in result.proposals)
    assert [p.key for p in result.paragraphs] == ["heading", "1", "2"]
    assert result.paragraphs == split_paragraphs(TEXT)


def test_proposals_are_json_serializable_in_reading_order_with_their_spans():
    result = read_document(TEXT)
    json.dumps([p.data for p in result.proposals])
    keys = {p.key: p for p in result.paragraphs}
    order = [[p.key for p in result.paragraphs].index(proposal.paragraph) for proposal in result.proposals]
    assert order == sorted(order)
    for proposal in result.proposals:
        assert proposal.matched_text in keys[proposal.paragraph].text
        assert 0 < proposal.confidence <= 1


def test_data_keys_per_kind():
    result = read_document(TEXT)
    expected = {
        "mandate": {"body", "kind", "number", "adoption_date", "role"},
        "obligation": {"addressee", "action", "subject", "target_body", "target_session", "due_precision", "due_date",
                       "mandate"},
        "meeting": {"name", "start_date", "end_date", "precision", "venue", "organizer"},
        "organization": {"name", "acronym", "key"},
        "symbol": {"symbol"},
    }  # fmt: skip
    assert {p.kind for p in result.proposals} == set(expected)
    for proposal in result.proposals:
        # Only an obligation this document fulfils says so.
        assert set(proposal.data) - {"fulfilled_by_this_document"} == expected[proposal.kind]
    (obligation,) = result.of_kind("obligation")
    assert obligation.data["fulfilled_by_this_document"] is True


def test_identity_is_stable_and_hashable():
    first, second = read_document(TEXT).proposals, read_document(TEXT).proposals
    assert [p.identity() for p in first] == [p.identity() for p in second]
    assert len({p.identity() for p in first}) == len(first)
    assert hash(first[0]) == hash(second[0])
    mandate = next(p for p in first if p.kind == "mandate")
    assert mandate.identity() == ("mandate", "General Assembly", "resolution", "58/208")


def test_the_same_fact_read_twice_keeps_the_reading_with_a_date():
    text = (
        "1. As called for in resolution 58/208, coordination meetings continue.\n\n"
        "2. General Assembly resolution 58/208 of 23 December 2003 called for them.\n"
    )
    (mandate,) = read_document(text).of_kind("mandate")
    assert (mandate.paragraph, mandate.data["adoption_date"]) == ("2", "2003-12-23")


def test_an_empty_text_reads_to_nothing():
    result = read_document("")
    assert (result.paragraphs, result.proposals) == ([], [])
