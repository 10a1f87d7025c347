import pytest

from ingest.reader import DocumentHeader, read_document

REPORT = """
United Nations A/59/325

Distr.: General 2 September 2004

Original: English

Fifty-ninth session
Item 89 (b) of the provisional agenda*

International migration and development

Report of the Secretary-General

Summary

In its resolution 58/208 the General Assembly requested a report.
"""

RESOLUTION = """United Nations A/RES/60/227

General Assembly Distr.: General
7 March 2006

Sixtieth session
Agenda item 52 (c)

Resolution adopted by the General Assembly

60/227. International migration and development

The General Assembly,

Recalling its resolution 58/208 of 23 December 2003,
"""

ECOSOC_DECISION = """E/DEC/2006/2
Economic and Social Council
Distr.: General
10 May 2006

Decision adopted by the Economic and Social Council
"""


def test_reads_the_masthead_of_a_report():
    assert read_document(REPORT).header == DocumentHeader(
        symbol="A/59/325",
        date="2004-09-02",
        session=59,
        body="General Assembly",
        kind="report",
        title="International migration and development",
    )


def test_reads_the_masthead_of_a_resolution():
    assert read_document(RESOLUTION).header == DocumentHeader(
        symbol="A/RES/60/227",
        date="2006-03-07",
        session=60,
        body="General Assembly",
        kind="resolution",
        title="International migration and development",
    )


def test_reads_a_decision_of_another_body():
    header = read_document(ECOSOC_DECISION).header
    assert (header.symbol, header.date, header.body, header.kind) == (
        "E/DEC/2006/2", "2006-05-10", "Economic and Social Council", "decision"
    )  # fmt: skip


def test_a_date_on_the_line_after_distr_and_a_report_without_symbol():
    text = (
        "\n\n\nDistr.:\n18 September 1997\n\nOriginal:\n\n"
        "Fifty-second session\nItem 99 (d) of the provisional agenda*\n"
    )
    header = read_document(text).header
    # No symbol; a numbered session with a provisional agenda is the General Assembly's.
    assert header == DocumentHeader(symbol=None, date="1997-09-18", session=52, body="General Assembly", kind=None)


@pytest.mark.parametrize(
    "text",
    ["The Second Coordination Meeting took place in New York from 15 to 16 October 2003.", "", "PREFACE\n\nText."],
)
def test_a_text_without_masthead_has_an_empty_header(text):
    assert read_document(text).header == DocumentHeader(symbol=None, date=None, session=None, body=None, kind=None)


def test_the_document_symbol_is_not_proposed_as_a_cited_symbol():
    result = read_document(REPORT + "\nA/59/325\n\n1. See also A/59/287.\n")
    assert [p.data["symbol"] for p in result.of_kind("symbol")] == ["A/59/287"]


ADOPTED_ON_A_DAY = """United Nations A/RES/81/90

General Assembly Distr.: General
4 January 2027

Eighty-first session
Agenda item 18

Resolution adopted by the General Assembly on 17 December 2026

[on the report of the Third Committee (A/81/402)]

81/90. Population ageing and sustainable development

The General Assembly,

Recalling its resolution 79/140 of 19 December 2024,

1. Requests the Secretary-General to submit to the General Assembly at its eighty-second session a report on the
implementation of the present resolution.
"""


def own_mandate(text: str) -> dict:
    (own,) = [p.data for p in read_document(text).of_kind("mandate") if p.data["role"] == "this_document"]
    return own


def test_a_resolution_adopted_on_a_day_named_in_its_header_is_proposed_with_its_title_and_session():
    header = read_document(ADOPTED_ON_A_DAY).header
    assert (header.title, header.adoption_date, header.session) == (
        "Population ageing and sustainable development", "2026-12-17", 81
    )  # fmt: skip
    assert own_mandate(ADOPTED_ON_A_DAY) == {
        "body": "General Assembly", "kind": "resolution", "number": "81/90", "adoption_date": "2026-12-17",
        "title": "Population ageing and sustainable development", "session": 81, "role": "this_document",
    }  # fmt: skip


def test_the_title_under_a_number_alone_and_a_title_wrapped_over_lines():
    alone = ADOPTED_ON_A_DAY.replace("81/90. Population", "81/90.\n\nPopulation")
    wrapped = ADOPTED_ON_A_DAY.replace("Population ageing and sustainable", "Population ageing and\nsustainable")
    for text in (alone, wrapped):
        assert read_document(text).header.title == "Population ageing and sustainable development"
        assert own_mandate(text)["number"] == "81/90"
    # The line after the title starts in capitals: it is not part of it.
    assert read_document(ADOPTED_ON_A_DAY.replace("\n\nThe General", "\nThe General")).header.title == (
        "Population ageing and sustainable development"
    )


def test_the_date_under_the_closing_plenary_meeting_however_far_to_the_right():
    closing = "\n" + " " * 56 + "58th plenary meeting\n" + " " * 56 + "16 December 2026\n"
    text = ADOPTED_ON_A_DAY.replace(" on 17 December 2026", "") + closing
    assert own_mandate(text)["adoption_date"] == "2026-12-16"


def test_a_report_and_a_text_without_a_title_line():
    assert read_document(REPORT).header.title == "International migration and development"
    marked = REPORT.replace("and development\n", "and development**\n")
    assert read_document(marked).header.title == "International migration and development"
    no_title = REPORT.replace("International migration and development\n\n", "")
    assert read_document(no_title).header.title is None  # not the agenda item's line
    assert read_document(ECOSOC_DECISION).header.title is None
