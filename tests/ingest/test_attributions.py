"""Right attributions (#23 point 2): symbols and numbers written with typographic hyphens and dashes are
read; each cited number belongs to the body named for it; "its" is the body that adopted the document.

The sentences are our own, in the style of the Assembly's and the Council's resolutions."""

import pytest

from ingest.reader import read_document, split_paragraphs
from ingest.reader.references import find_symbols
from ingest.reader.text import normalize

GA = "General Assembly"
ECOSOC = "Economic and Social Council"
CPD = "Commission on Population and Development"

# A resolution of the General Assembly: its header says who adopted it.
GA_RESOLUTION = (
    "United Nations A/RES/61/901\n\nGeneral Assembly Distr.: General\n\n"
    "Resolution adopted by the General Assembly\n\n61/901. Migrants at sea\n\nThe General Assembly,\n\n"
)
# A report of the Secretary-General: no body adopted it, "its" is whoever the sentence is about.
GA_REPORT = "United Nations A/61/902\n\nDistr.: General 2 September 2006\n\nSixty-first session\n\n"


def cited(text: str) -> list[tuple[str, str, str]]:
    """(number, kind, body) of every resolution or decision the text cites, in order."""
    return [
        (p.data["number"], p.data["kind"], p.data["body"])
        for p in read_document(text).of_kind("mandate")
        if p.data["role"] == "cited"
    ]


def symbols(text: str) -> list[str]:
    return [p.data["symbol"] for p in read_document(text).of_kind("symbol")]


# --- typographic hyphens and dashes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("S\u201121/2", "S-21/2"),  # non-breaking hyphen
        ("S\u201021/2", "S-21/2"),  # hyphen
        ("S\u201221/2", "S-21/2"),  # figure dash
        ("S\u221221/2", "S-21/2"),  # minus sign
        ("S\u201321/2", "S-21/2"),  # en dash
        ("ES\u201410/14", "ES-10/14"),  # em dash
    ],
)
def test_a_special_session_number_with_a_typographic_hyphen_or_dash_is_read(written, read):
    text = GA_REPORT + f"1. The Assembly adopted resolution {written} on the future of migration policy.\n"
    assert cited(text) == [(read, "resolution", GA)]


def test_symbols_with_typographic_hyphens_are_read_whole():
    text = GA_REPORT + (
        "1. See A/RES/S\u201121/2, annex, and A/RES/60\u2011227, and the reports E/1997/25\u2013E/CN.9/1997/11.\n"
    )
    assert symbols(text) == ["A/RES/S-21/2", "A/RES/60-227", "E/1997/25", "E/CN.9/1997/11"]
    # The resolution a /RES/ symbol names is cited too, with its special session's number.
    assert ("S-21/2", "resolution", GA) in cited(text)


def test_no_break_spaces_and_soft_hyphens_do_not_hide_a_citation():
    text = GA_REPORT + (
        "1. Recalling its resolu\u00adtion\u00a058/208 and Economic\u202fand Social Council deci\u00ad\n"
        "sion\u00a02004/5, the Assembly acted.\n"
    )
    assert cited(text) == [("58/208", "resolution", GA), ("2004/5", "decision", ECOSOC)]


def test_a_dash_between_words_stays_a_dash():
    assert normalize("the Project\u2014Investigation of migration, in 2004\u2014the year") == (
        "the Project\u2014Investigation of migration, in 2004\u2014the year"
    )
    # ... and a year before such a dash is still a year.
    text = GA_REPORT + "1. The Global Forum on Migration and Development was held in Manila in 2008\u2014the second.\n"
    assert read_document(text).of_kind("meeting")[0].data["end_date"] == "2008-12-31"


def test_typographic_hyphens_in_ordinals_and_day_ranges_are_read():
    text = GA_REPORT + (
        "1. Requests the Secretary-General to report to it at its sixty\u2011third session; the Global Forum on "
        "Migration and Development was held in Manila on 29\u201330 October 2008.\n"
    )
    result = read_document(text)
    assert result.of_kind("obligation")[0].data["target_session"] == 63
    meeting = result.of_kind("meeting")[0].data
    assert (meeting["start_date"], meeting["end_date"]) == ("2008-10-29", "2008-10-30")


# --- each number belongs to the body named for it -------------------------------------------------


def test_its_resolutions_and_a_council_decision_in_one_list():
    text = GA_RESOLUTION + (
        "Recalling its resolutions 58/208 and 59/241 and Economic and Social Council decision 2004/5 of "
        "12 May 2004 on the same subject,\n"
    )
    assert cited(text) == [
        ("58/208", "resolution", GA),
        ("59/241", "resolution", GA),
        ("2004/5", "decision", ECOSOC),
    ]


def test_a_list_after_a_body_name_continues_that_body_until_another_is_named():
    text = GA_RESOLUTION + (
        "Recalling Economic and Social Council resolutions 2004/2 and 2005/3, decision 2005/217 and resolution "
        "2006/9, as well as General Assembly resolution 60/227 and decision 60/550,\n"
    )
    assert cited(text) == [
        ("2004/2", "resolution", ECOSOC),
        ("2005/3", "resolution", ECOSOC),
        ("2005/217", "decision", ECOSOC),
        ("2006/9", "resolution", ECOSOC),
        ("60/227", "resolution", GA),
        ("60/550", "decision", GA),
    ]


def test_a_list_that_began_with_its_goes_on_with_the_adopting_body():
    text = GA_RESOLUTION + (
        "Recalling its resolution 60/227 and decision 60/550 and Economic and Social Council resolution 2006/9,\n"
    )
    assert cited(text) == [
        ("60/227", "resolution", GA),
        ("60/550", "decision", GA),
        ("2006/9", "resolution", ECOSOC),
    ]


def test_a_list_does_not_run_on_into_the_next_sentence():
    text = GA_REPORT + (
        "1. The Council adopted Economic and Social Council resolution 2006/9. Resolution 60/227 of the General "
        "Assembly followed.\n"
    )
    assert cited(text) == [("2006/9", "resolution", ECOSOC), ("60/227", "resolution", GA)]


def test_its_in_a_resolution_is_the_body_that_adopted_it_not_the_last_body_named():
    text = GA_RESOLUTION + (
        "Welcoming the work of the Commission on Population and Development at its thirty-ninth session, and "
        "recalling its resolution 60/227 of 23 December 2005,\n"
    )
    assert cited(text) == [("60/227", "resolution", GA)]


def test_its_after_a_council_resolution_is_still_the_adopting_body():
    text = GA_RESOLUTION + "Taking note of Economic and Social Council resolution 2006/9 and its resolution 60/227,\n"
    assert cited(text) == [("2006/9", "resolution", ECOSOC), ("60/227", "resolution", GA)]


def test_a_council_resolution_says_its_own_resolutions_are_the_councils():
    text = (
        "United Nations E/RES/2006/903\n\nEconomic and Social Council Distr.: General\n\n"
        "Resolution adopted by the Economic and Social Council\n\n2006/903. Migration statistics\n\n"
        "The Economic and Social Council,\n\n"
        "Recalling General Assembly resolution 60/227 and its resolutions 2004/2 and 2005/3,\n"
    )
    assert cited(text) == [
        ("60/227", "resolution", GA),
        ("2004/2", "resolution", ECOSOC),
        ("2005/3", "resolution", ECOSOC),
    ]


def test_in_a_report_its_is_the_subject_of_the_sentence_not_a_body_named_for_another_citation():
    text = GA_REPORT + (
        "1. Recalling its resolution 2004/1 and Economic and Social Council decision 2004/5, the Commission on "
        "Population and Development chose international migration as its special theme.\n"
        "2. In its resolution 58/208 of 23 December 2003, the General Assembly requested a report.\n"
    )
    assert cited(text) == [
        ("2004/1", "resolution", CPD),
        ("2004/5", "decision", ECOSOC),
        ("58/208", "resolution", GA),
    ]


def test_a_bare_resolution_is_not_given_to_the_body_named_for_the_next_citation():
    text = GA_REPORT + (
        "1. Resolution 58/208 and Economic and Social Council decision 2004/5 are considered in chapter II.\n"
    )
    # 58/208: no body named for it in the sentence; the report's own series (A/) says the Assembly's.
    assert cited(text) == [("58/208", "resolution", GA), ("2004/5", "decision", ECOSOC)]


def test_the_paragraphs_keep_the_normalised_text():
    (paragraph,) = split_paragraphs("1. See resolution S\u201121/2 and A/RES/60\u2011227.\n")
    assert paragraph.text == "See resolution S-21/2 and A/RES/60-227."
    assert [s.symbol for s in find_symbols(paragraph.text)] == ["A/RES/60-227"]
