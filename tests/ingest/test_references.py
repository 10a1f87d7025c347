import pytest

from ingest.reader import read_document
from ingest.reader.references import find_symbols

GA_REPORT = "United Nations A/59/325\n\nDistr.: General 2 September 2004\n\nFifty-ninth session\n\n"


def mandates(text: str) -> list[tuple]:
    return [
        (p.data["body"], p.data["kind"], p.data["number"], p.data["adoption_date"], p.data["role"])
        for p in read_document(text).of_kind("mandate")
    ]


def test_a_list_of_resolutions_and_a_decision_is_read_in_full_each_with_its_date():
    text = GA_REPORT + (
        "1. Recalling its resolutions 49/127 of 19 December 1994, 50/123 of 20 December 1995, 52/189 of 18 December "
        "1997 and 54/212 of 22 December 1999, and its decision 57/538 of 20 December 2002, the Assembly acted.\n"
    )
    assert mandates(text) == [
        ("General Assembly", "resolution", "49/127", "1994-12-19", "cited"),
        ("General Assembly", "resolution", "50/123", "1995-12-20", "cited"),
        ("General Assembly", "resolution", "52/189", "1997-12-18", "cited"),
        ("General Assembly", "resolution", "54/212", "1999-12-22", "cited"),
        ("General Assembly", "decision", "57/538", "2002-12-20", "cited"),
    ]


def test_resolutions_without_dates_joined_by_and():
    text = GA_REPORT + "1. The General Assembly adopted resolutions 58/208 and 59/241 on the subject.\n"
    assert [m[2] for m in mandates(text)] == ["58/208", "59/241"]


def test_resolutions_with_their_titles_between_them():
    text = GA_REPORT + (
        "1. The present report responds to General Assembly resolutions 61/208, on international migration and "
        "development, and 62/270, on the Global Forum on Migration and Development.\n"
    )
    assert [m[2] for m in mandates(text)] == ["61/208", "62/270"]


def test_a_part_letter_stays_in_the_number():
    text = GA_REPORT + "1. Recalling its resolution 57/270 B of 23 June 2003, the Assembly acted.\n"
    assert mandates(text) == [("General Assembly", "resolution", "57/270 B", "2003-06-23", "cited")]


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("In its resolution 58/208 of 23 December 2003, the General Assembly requested a report.", "General Assembly"),
        ("The General Assembly, by resolution 50/123, requested a report.", "General Assembly"),
        ("Economic and Social Council resolution 2006/2 was adopted.", "Economic and Social Council"),
        ("In resolution 1997/14, the Commission on Human Rights called upon States.", "Commission on Human Rights"),
        ("The Convention (Assembly resolution 34/180, annex) entered into force.", "General Assembly"),
        (
            "The Commission on Human Rights met. The Commission adopted resolution 1997/15.",
            "Commission on Human Rights",
        ),
    ],
)
def test_the_body_is_the_one_the_sentence_names(sentence, body):
    (mandate,) = read_document(sentence).of_kind("mandate")
    assert mandate.data["body"] == body


def test_its_resolution_in_a_general_assembly_document_is_the_assemblys_and_a_bare_one_less_surely():
    its = read_document(GA_REPORT + "1. Recalling its resolution 58/208, the report goes on.\n").of_kind("mandate")
    bare = read_document(GA_REPORT + "1. As called for in resolution 58/208, the report goes on.\n").of_kind("mandate")
    named = read_document(GA_REPORT + "1. As called for in General Assembly resolution 58/208, it goes on.\n")
    assert its[0].data["body"] == bare[0].data["body"] == "General Assembly"
    assert named.of_kind("mandate")[0].confidence > bare[0].confidence


def test_a_number_without_slash_is_not_a_resolution():
    assert mandates("Report of the Conference, chap. I, resolution 1, annex.") == []


def test_the_same_resolution_cited_twice_is_proposed_once_with_its_date():
    text = GA_REPORT + (
        "1. The Assembly, in its resolution 58/208, requested meetings.\n\n"
        "2. The present report considers General Assembly resolution 58/208 of 23 December 2003.\n"
    )
    (mandate,) = read_document(text).of_kind("mandate")
    assert (mandate.paragraph, mandate.data["adoption_date"]) == ("2", "2003-12-23")


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("see document A/59/325.", ["A/59/325"]),
        ("(A/RES/58/208) and A/C.2/61/L.52, E/CN.9/2006/3", ["A/RES/58/208", "A/C.2/61/L.52", "E/CN.9/2006/3"]),
        ("A/51/341/Add.1, A/52/150/Corr.1 and A/60/1/Rev.1.", ["A/51/341/Add.1", "A/52/150/Corr.1", "A/60/1/Rev.1"]),
        ("ST/ESA/SER.A/213; ST/ESCAP/2264", ["ST/ESA/SER.A/213", "ST/ESCAP/2264"]),
        ("TD/B/COM.1/64-TD/B/COM.1/EM.22/3 of 27 November 2003", ["TD/B/COM.1/64", "TD/B/COM.1/EM.22/3"]),
        ("E/1997/25-E/CN.9/1997/11", ["E/1997/25", "E/CN.9/1997/11"]),
        ("HIV/AIDS and the Population Division/DESA", []),
        ("resolution 58/208", []),
    ],
)
def test_finds_document_symbols(text, symbols):
    assert [s.symbol for s in find_symbols(text)] == symbols


def test_a_cited_resolution_symbol_is_also_a_mandate():
    result = read_document("The text of the resolution (A/RES/58/208) is annexed.")
    assert [p.data["symbol"] for p in result.of_kind("symbol")] == ["A/RES/58/208"]
    (mandate,) = result.of_kind("mandate")
    assert (mandate.data["body"], mandate.data["number"]) == ("General Assembly", "58/208")
