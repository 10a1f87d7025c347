import pytest

from ingest.reader import split_paragraphs
from ingest.reader.text import (
    clean_paragraph_text,
    is_page_furniture,
    remove_footnote_markers,
    repair_ocr,
    sentence_spans,
)


def one_paragraph(text: str) -> str:
    (paragraph,) = split_paragraphs(text)
    return paragraph.text


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("held at United Nations Headquarters in New Y ork from", "in New York from"),
        ("Y ork", "York"),
        ("Y et, migrants are", "Yet, migrants are"),
        ("the Secretary- General to submit", "the Secretary-General to submit"),
        ("at its sixty- third session", "at its sixty-third session"),
        ("the Gen-\neral Assembly", "the General Assembly"),
        ("international migra-\ntion and development", "international migration and development"),
        ("the high-\nlevel dialogue", "the high-level dialogue"),
        ("a follow-\nup meeting", "a follow-up meeting"),
        ("non-\nbinding framework", "non-binding framework"),
        ("the Secretary-\nGeneral", "the Secretary-General"),
        ("senior- and middle-level officials", "senior- and middle-level officials"),
        ("senior-\nand middle-level officials", "senior- and middle-level officials"),
        ("telephone (212) 963-\n3179", "telephone (212) 963-3179"),
    ],
)
def test_repairs_ocr_damage_and_words_broken_at_a_line_end(damaged, repaired):
    assert repaired in repair_ocr(damaged)


def test_a_hyphenated_form_used_elsewhere_in_the_document_is_kept():
    text = "decision-making is slow.\nThe decision-\nmaking process"
    assert "The decision-making process" in repair_ocr(text)


def test_a_joined_form_used_elsewhere_in_the_document_wins():
    text = "the interregional cooperation.\nMore inter-\nregional work"
    assert "More interregional work" in repair_ocr(text)


@pytest.mark.parametrize(
    "line",
    ["A/59/325", "  A/59/325  ", "United Nations A/59/325", "04-48297", "08-45678 **9**", "2", "**9**", "Page 3",
     "- 3 -", "_____________", "\u2014\u2014\u2014\u2014\u2014"],
)  # fmt: skip
def test_page_headers_and_footers_are_furniture(line):
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["", "2004. The Commission met", "resolution 58/208", "A/59/325.", "12. Requests"])
def test_text_lines_are_not_furniture(line):
    assert not is_page_furniture(line)


def test_page_furniture_inside_a_paragraph_is_removed_and_the_paragraph_rejoined():
    text = (
        "12. The Division prepared the report of the\n"
        "\f"
        "A/59/325\n"
        "04-48297\n"
        "3\n"
        "_____\n"
        "\n"
        "Secretary-General entitled \u201cRole of the United Nations\u201d.\n"
    )
    (paragraph,) = split_paragraphs(text)
    assert paragraph.key == "12"
    assert (
        paragraph.text
        == "The Division prepared the report of the Secretary-General entitled \u201cRole of the United Nations\u201d."
    )


@pytest.mark.parametrize(
    ("marked", "clean"),
    [
        ("on Population and Development.12 The Division", "on Population and Development. The Division"),
        ("the report (A/59/325)3 was", "the report (A/59/325) was"),
        (
            'entitled "International migration and development"3.',
            'entitled "International migration and development".',
        ),
        (
            "Trends in Total Migrant Stock: the 2003 Revision, \u00b9",
            "Trends in Total Migrant Stock: the 2003 Revision,",
        ),
        ("had risen from 7 to 21 per cent.\u00b3", "had risen from 7 to 21 per cent."),
        (
            "International Migration, Health and Human Rights\u00b9\u2077 in 2003",
            "International Migration, Health and Human Rights in 2003",
        ),
        ("the Conference on Development 1/ and", "the Conference on Development and"),
        ("Report of the Secretary-General^{**}", "Report of the Secretary-General"),
        ("Millennium Development Goals12, and", "Millennium Development Goals, and"),
    ],
)
def test_removes_footnote_markers(marked, clean):
    assert remove_footnote_markers(marked) == clean


@pytest.mark.parametrize(
    "text",
    [
        "General Assembly resolution 58/208 of 23 December 2003.",
        "in 2004. The next",
        "Statistical Papers, No. 58, Rev.1 (United Nations publication, Sales No. E.98.XVII.14).",
        "Supplement No.4 (E/2003/24), chap. II, para.2 (d)",
        "A/51/341/Add.1 and Corr.1",
        "available from http://www.ilo.org/public/english/standards/relm/ilc/ilc92/pdf/rep-VI.pdf",
        "under Mode 4 of the General Agreement",
        "the 37th meeting, 175 million in 2000",
    ],
)
def test_keeps_numbers_that_are_not_footnote_markers(text):
    assert remove_footnote_markers(text) == text


def test_cleaning_joins_lines_and_drops_emphasis():
    assert clean_paragraph_text("The *World Economic and Social\nSurvey, 2004*  covers\nmigration .") == (
        "The World Economic and Social Survey, 2004 covers migration."
    )


def test_sentences_do_not_end_at_abbreviations_or_initials():
    text = "Mr. Robert E. B. Lucas of Boston University spoke. See Sales No. E.04.XIII.3 and Rev. 1 too. It ended."
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "Mr. Robert E. B. Lucas of Boston University spoke.",
        "See Sales No. E.04.XIII.3 and Rev. 1 too.",
        "It ended.",
    ]
