"""The reader over the five source documents (``SOURCE_DOCUMENTS_DIR``), checked against what a person
reads in them (and wrote into seeds/data/*.yaml)."""

import json

import pytest

from ingest.reader import DocumentHeader, read_document

from .conftest import seed_text

pytestmark = pytest.mark.source_documents


def by_kind(result, kind: str) -> list[dict]:
    return [p.data for p in result.of_kind(kind)]


def meeting_named(result, name: str) -> dict:
    (data,) = [m for m in by_kind(result, "meeting") if m["name"] == name]
    return data


def dates_of(data: dict) -> tuple:
    return (data["start_date"], data["end_date"], data["precision"], data["venue"])


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_document_reads_without_error_to_json_serializable_proposals(read_seed, prefix):
    result = read_seed(prefix)
    assert result.paragraphs and result.proposals
    json.dumps([(p.kind, p.paragraph, p.matched_text, p.confidence, p.data) for p in result.proposals])
    keys = [p.key for p in result.paragraphs]
    assert len(keys) == len(set(keys))
    texts = {p.key: p.text for p in result.paragraphs}
    assert all(p.matched_text in texts[p.paragraph] for p in result.proposals)
    assert len({p.identity() for p in result.proposals}) == len(result.proposals)


# --- 000: report A/59/325 -------------------------------------------------------------------------


def test_a_59_325_header_and_paragraphs(read_seed):
    result = read_seed("000")
    assert result.header == DocumentHeader(
        symbol="A/59/325",
        date="2004-09-02",
        session=59,
        body="General Assembly",
        kind="report",
        title="International migration and development",  # above "Report of the Secretary-General": not the item's
    )
    numbered = [p.key for p in result.paragraphs if p.key.isdigit()]
    assert numbered == [str(n) for n in range(1, 62)]  # 5 and 9 lost their numbers in conversion
    paragraphs = {p.key: p for p in result.paragraphs}
    assert paragraphs["5"].text.startswith("The General Assembly, in its resolution 58/208, requested")
    assert paragraphs["10"].text.endswith('under the agenda item entitled "Globalization and independence".')
    assert paragraphs["4"].text.count("Trends in Total Migrant Stock: the 2003 Revision, is a compilation") == 1
    assert paragraphs["p1"].section == "Summary"
    assert paragraphs["note 4"].text.startswith("See Official Records of the Economic and Social Council, 2004")


def test_a_59_325_answers_resolution_58_208(read_seed):
    result = read_seed("000")
    (mandate,) = [m for m in by_kind(result, "mandate") if m["number"] == "58/208"]
    assert mandate == {
        "body": "General Assembly", "kind": "resolution", "number": "58/208", "adoption_date": "2003-12-23",
        "role": "cited",
    }  # fmt: skip
    (report,) = [p for p in result.of_kind("obligation") if p.data["action"] == "submit a report"]
    assert report.paragraph == "p1"
    assert report.data == {
        "addressee": "Secretary-General",
        "action": "submit a report",
        "subject": "the implementation of that resolution",
        "target_body": "General Assembly",
        "target_session": 59,
        "due_precision": "session",
        "due_date": None,
        "mandate": "58/208",
        "description": "submit a report on the implementation of that resolution",
        "fulfilled_by_this_document": True,
    }
    convening = [a for a in by_kind(result, "action") if a["title"].startswith("Continue convening meetings")]
    assert [(a["mandate"], a["recurrence"]) for a in convening] == [("58/208", "annual")]
    assert not [o for o in by_kind(result, "obligation") if o["action"].startswith("continue")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Workshop on Improving the Compilation of International Migration Statistics",
         ("2003-09-30", "2003-09-30", "month", "Geneva")),
        ("third meeting of the International Forum for Social Development", ("2003-10-07", "2003-10-08", "day", None)),
        ("ad hoc Expert Group Meeting on Migration and Development", ("2003-08-31", "2003-08-31", "month", None)),
        ("Expert Group Meeting on Trafficking in Women and Children", ("2003-12-31", "2003-12-31", "month", None)),
        ("Expert Meeting on Market Access Issues in Mode 4", ("2003-07-31", "2003-07-31", "month", "Geneva")),
        ("ninth annual meeting of the Inter-Agency Working Group on Reproductive Health in Refugee Settings",
         ("2003-10-31", "2003-10-31", "month", "Brussels")),
        ("first session of the Committee on the Protection of the Rights of All Migrant Workers and Members of "
         "Their Families", ("2004-03-31", "2004-03-31", "month", "Geneva")),
        ("Regional Conference", ("1996-05-30", "1996-05-31", "day", "Geneva")),
        ("International Symposium on Migration", ("2001-06-30", "2001-06-30", "month", "Berne")),
        ("first meeting of the Global Commission", ("2004-02-26", "2004-02-27", "day", "Stockholm, Sweden")),
        ("high-level dialogue on international migration and development", ("2006-12-31", "2006-12-31", "year", None)),
        ("Migration and mobility and how this movement affects women",
         ("2003-12-31", "2003-12-31", "month", "Malm\u00f6, Sweden")),
    ],
)  # fmt: skip
def test_a_59_325_meetings_with_the_dates_the_text_gives(read_seed, name, expected):
    assert dates_of(meeting_named(read_seed("000"), name)) == expected


def test_a_59_325_organizations_from_a_small_index(small_index):
    result = read_document(seed_text("000"), small_index)
    known = {p.data["key"]: p for p in result.of_kind("organization") if p.data["key"]}
    assert {"ilo", "iom", "unhcr", "eclac", "oecd", "unicef", "who", "desa-pd", "care"} <= set(known)
    assert (known["iom"].paragraph, known["iom"].data["name"]) == ("2", "International Organization for Migration")
    assert (known["ilo"].paragraph, known["ilo"].data["acronym"]) == ("5", "ILO")
    assert known["unhcr"].data["name"] == "Office of the United Nations High Commissioner for Refugees"
    new = {p.data["acronym"]: p for p in result.of_kind("organization") if p.data["key"] is None}
    assert new["ICMPD"].data["name"] == "International Centre for Migration Policy Development"
    assert new["ICMPD"].confidence < known["ilo"].confidence


def test_a_59_325_symbols_cited(read_seed):
    symbols = {d["symbol"] for d in by_kind(read_seed("000"), "symbol")}
    assert {"A/59/287", "A/58/161", "A/58/394", "A/51/341", "TD/B/COM.1/64", "E/2004/25", "A/59/48"} <= symbols
    assert "A/59/325" not in symbols


# --- 001: report to the fifty-second session (1997) ------------------------------------------------


def test_1997_report_header_without_symbol(read_seed):
    assert read_seed("001").header == DocumentHeader(
        symbol=None,
        date="1997-09-18",
        session=52,
        body="General Assembly",
        kind="report",
        title="International migration and development, including the convening of a United Nations conference on "
        "international migration and development",
    )


def test_1997_report_mandates_with_their_dates(read_seed):
    mandates = {(m["body"], m["number"]): m["adoption_date"] for m in by_kind(read_seed("001"), "mandate")}
    assert mandates[("General Assembly", "49/127")] == "1994-12-19"
    assert mandates[("General Assembly", "50/123")] == "1995-12-20"
    assert mandates[("General Assembly", "51/148")] == "1996-12-13"
    assert mandates[("General Assembly", "49/128")] == "1994-12-19"
    assert ("Commission on Human Rights", "1997/14") in mandates and (
        "Commission on Human Rights",
        "1997/15",
    ) in mandates


def test_1997_report_fulfils_the_requests_of_50_123_and_51_148(read_seed):
    fulfilled = {
        o["mandate"]: o for o in by_kind(read_seed("001"), "obligation") if o.get("fulfilled_by_this_document")
    }
    assert set(fulfilled) == {"50/123", "51/148"}
    assert all((o["target_body"], o["target_session"]) == ("General Assembly", 52) for o in fulfilled.values())


def test_1997_report_open_obligations(read_seed):
    obligations = by_kind(read_seed("001"), "obligation")
    (chr_report,) = [o for o in obligations if o["mandate"] == "1997/14"]
    assert (chr_report["addressee"], chr_report["target_body"], chr_report["target_session"]) == (
        "Secretary-General", "Commission on Human Rights", 54
    )  # fmt: skip
    (views,) = [o for o in obligations if o["addressee"] == "Governments"]
    assert (views["due_date"], views["due_precision"]) == ("1997-05-15", "day")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("intergovernmental conference on international migration", ("1996-03-13", "1996-03-14", "day", None)),
        ("second regional conference", ("1997-03-13", "1997-03-14", "day", "Panama City, Panama")),
        ("technical meeting", ("1997-12-31", "1997-12-31", "half_year", "Costa Rica")),
        ("third regional conference on migration", ("1998-06-30", "1998-06-30", "quarter", "Ottawa")),
        ("international conference", ("1998-06-30", "1998-06-30", "half_year", None)),
        ("International Conference on Migration", ("1991-12-31", "1991-12-31", "year", "Rome")),
        ("Conference on Migration and International Cooperation", ("1993-12-31", "1993-12-31", "year", "Madrid")),
        (
            "thirtieth session of the Commission on Population and Development",
            ("1997-12-31", "1997-12-31", "year", None),
        ),
    ],
)
def test_1997_report_meetings(read_seed, name, expected):
    assert dates_of(meeting_named(read_seed("001"), name)) == expected


# --- 002: report A/63/269 -------------------------------------------------------------------------


def test_a_63_269_header_and_the_reports_it_answers(read_seed):
    result = read_seed("002")
    assert result.header == DocumentHeader(
        symbol="A/63/269",
        date="2008-08-11",
        session=63,
        body="General Assembly",
        kind="report",
        title="International migration and development",
    )
    fulfilled = {o["mandate"]: o for o in by_kind(result, "obligation") if o.get("fulfilled_by_this_document")}
    assert set(fulfilled) == {"61/208", "62/270"}
    assert {(o["target_session"], o["due_precision"]) for o in fulfilled.values()} == {(63, "session")}


def test_a_63_269_paragraphs_around_the_box(read_seed):
    paragraphs = {p.key: p for p in read_seed("002").paragraphs}
    assert paragraphs["22"].text.endswith(
        "provided the flexibility needed to explore complex and potentially divisive issues. Some respondents were of "
        "the view that the link between the Forum and the United Nations needed to be strengthened. Others considered "
        "that the Forum process needed more time to develop on its own before its relationship to the United Nations "
        "was modified."
    )
    (box,) = [p for p in paragraphs.values() if p.text.startswith("On 18 March 2008, a letter")]
    assert box.key.startswith("p") and "(30 April 2008)" in box.text
    assert paragraphs["26"].text.startswith("Within the United Nations Secretariat")  # its number was lost


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("High-level Dialogue on International Migration and Development",
         ("2006-09-14", "2006-09-15", "day", "New York")),
        ("first meeting of the Global Forum", ("2007-07-10", "2007-07-11", "day", "Brussels")),
        ("second meeting of the Global Forum", ("2008-10-29", "2008-10-30", "day", "Manila")),
        ("third meeting of the Forum", ("2009-12-31", "2009-12-31", "year", None)),
        ("Dialogue on Protection Challenges", ("2007-12-31", "2007-12-31", "month", "Geneva")),
        ("Ministerial Euro-African Conference on Migration and Development",
         ("2006-07-31", "2006-07-31", "month", "Morocco")),
        ("Ibero-American Forum on Migration and Development",
         ("2008-05-31", "2008-05-31", "month", "Cuenca, Ecuador")),
    ],
)  # fmt: skip
def test_a_63_269_meetings(read_seed, name, expected):
    assert dates_of(meeting_named(read_seed("002"), name)) == expected


def test_a_63_269_organizers(read_seed):
    result = read_seed("002")
    assert meeting_named(result, "first meeting of the Global Forum")["organizer"] == "Government of Belgium"
    assert meeting_named(result, "second meeting of the Global Forum")["organizer"] == "Government of the Philippines"


# --- 003: report of the Second Coordination Meeting (2003) ----------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Second United Nations Coordination Meeting on International Migration",
         ("2003-10-15", "2003-10-16", "day", "New York")),
        ("first Coordination Meeting", ("2002-07-31", "2002-07-31", "month", None)),
        ("Third International Forum for Social Development", ("2003-10-07", "2003-10-08", "day", "New York")),
        ("inter-agency meeting on trafficking statistics", ("2004-06-30", "2004-06-30", "quarter", "Rome")),
        ("Eighth International Metropolis Conference", ("2003-12-31", "2003-12-31", "year", "Vienna")),
        ("next Metropolis Conference", ("2004-09-30", "2004-09-30", "month", "Geneva")),
    ],
)  # fmt: skip
def test_second_coordination_meeting_report_meetings(read_seed, name, expected):
    assert dates_of(meeting_named(read_seed("003"), name)) == expected


def test_second_coordination_meeting_report_cites_56_203(read_seed):
    result = read_seed("003")
    assert result.header == DocumentHeader(symbol=None, date=None, session=None, body=None, kind=None)
    assert [(m["number"], m["adoption_date"]) for m in by_kind(result, "mandate")] == [("56/203", "2001-12-21")]
    assert read_seed("003").paragraphs[0].section == "I. REPORT OF THE MEETING"


# --- 004: proceedings of the Third Coordination Meeting (2004, OCR) ------------------------------


def test_third_coordination_meeting_proceedings_repairs_ocr_and_reads_the_meeting(read_seed):
    result = read_seed("004")
    assert not any("New Y ork" in p.text for p in result.paragraphs)
    third = meeting_named(result, "Third Coordination Meeting on International Migration")
    assert dates_of(third) == ("2004-10-27", "2004-10-28", "day", "New York")
    assert third["organizer"].startswith("Population Division of the Department of Economic and Social Affairs")
    assert dates_of(meeting_named(result, "Second Berne Conference")) == (
        "2004-12-16", "2004-12-17", "day", "Berne, Switzerland"
    )  # fmt: skip


def test_third_coordination_meeting_proceedings_date_58_208_as_they_state_it(read_seed):
    # The proceedings date resolution 58/208 "13 February 2004"; A/59/325 says 23 December 2003.
    (mandate,) = by_kind(read_seed("004"), "mandate")
    assert (mandate["number"], mandate["adoption_date"]) == ("58/208", "2004-02-13")
    assert by_kind(read_seed("004"), "obligation") == []
    (convening,) = [a for a in by_kind(read_seed("004"), "action") if a["title"].startswith("Continue convening")]
    assert (convening["mandate"], convening["recurrence"]) == ("58/208", "annual")
    assert {d["symbol"] for d in by_kind(read_seed("004"), "symbol")} == {"A/59/325", "A/59/287"}
