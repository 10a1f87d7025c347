import pytest

from ingest.reader.ordinals import ordinal_value, session_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("first", 1),
        ("ninth", 9),
        ("tenth", 10),
        ("seventeenth", 17),
        ("seventh", 7),
        ("twentieth", 20),
        ("fifty-ninth", 59),
        ("sixty-third", 63),
        ("Sixty-first", 61),
        ("SIXTY-FIRST", 61),
        ("fifty ninth", 59),
        ("sixty- third", 63),  # OCR: a space after the hyphen
        ("sixty \u2010 third", 63),  # a Unicode hyphen with spaces
        ("ninety-ninth", 99),
        ("hundredth", 100),
        ("one hundredth", 100),
        ("one hundred and first", 101),
        ("63rd", 63),
        ("1st", 1),
        ("92nd", 92),
        ("92\u2122", 92),  # OCR reads a superscript "nd" as a trade mark sign
    ],
)
def test_reads_ordinal_words_and_numbers(text, value):
    assert ordinal_value(text) == value


@pytest.mark.parametrize("text", ["firsts", "sixty", "twenty-one", "session", "", "63"])
def test_rejects_what_is_not_an_ordinal(text):
    assert ordinal_value(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Fifty-ninth session", 59),
        ("at its sixty- third session on the implementation", 63),
        ("to the Commission, at its fifty-fourth session, a report", 54),
        ("its 63rd session", 63),
        ("its sixty-first regular session", 61),
        ("at its substantive session of 1995", None),
        ("its next session", None),
    ],
)
def test_finds_the_number_of_a_session(text, number):
    assert session_number(text) == number
