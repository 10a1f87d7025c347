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
        symbol="A/59/325", date="2004-09-02", session=59, body="General Assembly", kind="report"
    )


def test_reads_the_masthead_of_a_resolution():
    assert read_document(RESOLUTION).header == DocumentHeader(
        symbol="A/RES/60/227", date="2006-03-07", session=60, body="General Assembly", kind="resolution"
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
