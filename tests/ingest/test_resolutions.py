# ruff: noqa: E501 - the resolution texts keep one paragraph to a line, as the documents come.
"""Real resolution texts, not among the source documents, written from the General Assembly's
resolutions 58/208 (23 December 2003) and 60/227 (23 December 2005) on international migration
and development (abridged), and an OCR-damaged, hard-wrapped copy of the second."""

from ingest.reader import read_document

RESOLUTION_58_208 = """United Nations A/RES/58/208

General Assembly Distr.: General
17 February 2004

Fifty-eighth session
Agenda item 91 (b)

Resolution adopted by the General Assembly

[on the report of the Second Committee (A/58/484/Add.2)]

58/208. International migration and development

The General Assembly,

Recalling its resolutions 49/127 of 19 December 1994, 50/123 of 20 December 1995, 52/189 of 18 December 1997, 54/212 of 22 December 1999 and 56/203 of 21 December 2001, and its decision 57/538 of 20 December 2002,

Recalling also the relevant provisions of the Programme of Action of the International Conference on Population and Development, held in Cairo from 5 to 13 September 1994,

Recalling further the World Summit for Social Development, held in Copenhagen from 6 to 12 March 1995,

Taking note of the report of the Secretary-General on international migration and development,

1. Takes note of the report of the Secretary-General;

2. Requests the Secretary-General, in cooperation with relevant bodies, agencies, funds and programmes of the United Nations system and other relevant international, regional and subregional organizations, to continue convening meetings in order to coordinate their activities regarding international migration;

3. Decides to devote a high-level dialogue to international migration and development during its sixty-first session, in 2006;

4. Requests the Secretary-General to submit to the General Assembly at its fifty-ninth session a report on the implementation of the present resolution;

5. Decides to include in the provisional agenda of its fifty-ninth session, under the item entitled "Globalization and interdependence", the sub-item entitled "International migration and development".

77th plenary meeting
23 December 2003
"""

RESOLUTION_60_227 = """United Nations A/RES/60/227

General Assembly Distr.: General
7 March 2006

Sixtieth session
Agenda item 52 (c)

Resolution adopted by the General Assembly

[on the report of the Second Committee (A/60/488/Add.3)]

60/227. International migration and development

The General Assembly,

Recalling its resolutions 49/127 of 19 December 1994, 50/123 of 20 December 1995, 52/189 of 18 December 1997, 54/212 of 22 December 1999, 56/203 of 21 December 2001, 57/270 B of 23 June 2003, 58/208 of 23 December 2003 and 59/241 of 22 December 2004,

Taking note of the report of the Secretary-General on the organization of the high-level dialogue,

1. Decides that the High-level Dialogue on International Migration and Development will be held in New York on 14 and 15 September 2006;

2. Also decides that the High-level Dialogue will consist of four plenary meetings and four interactive round tables;

3. Requests the Secretary-General to submit to the General Assembly at its sixty-first session a report on the High-level Dialogue;

4. Decides to include in the provisional agenda of its sixty-first session, under the item entitled "Globalization and interdependence", the sub-item entitled "International migration and development".

78th plenary meeting
23 December 2005
"""

RESOLUTION_60_227_OCR = """United Nations A/RES/60/227
General Assembly Distr.: General
7 March 2006
Sixtieth session
Resolution adopted by the General Assembly
60/227. International migration and development
The General Assembly,
Recalling its resolutions 49/127 of 19 December 1994, 50/123 of 20 December 1995, 52/189
of 18 December 1997, 54/212 of 22 December 1999, 56/203 of 21 December 2001, 57/270 B of 23 June
2003, 58/208 of 23 December 2003 and 59/241 of 22 December 2004,\u00b9
Taking note of the report of the Secretary- General on the organization of the high-level dia-
logue,
1. Decides that the High-level Dialogue on International Migration and Development will be held in New Y ork
on 14 and 15 September 2006;

A/RES/60/227
2
______

2. Also decides that the High-level Dialogue will consist of four plenary meetings;
3. Requests the Secretary- General to submit to the General Assembly at its sixty- first
session a report on the High-level Dialogue;
78th plenary meeting
23 December 2005
"""

CITED_IN_60_227 = [
    ("49/127", "1994-12-19"),
    ("50/123", "1995-12-20"),
    ("52/189", "1997-12-18"),
    ("54/212", "1999-12-22"),
    ("56/203", "2001-12-21"),
    ("57/270 B", "2003-06-23"),
    ("58/208", "2003-12-23"),
    ("59/241", "2004-12-22"),
]


def mandates(result) -> list[tuple]:
    return [
        (p.data["number"], p.data["adoption_date"]) for p in result.of_kind("mandate") if p.data["role"] == "cited"
    ]


def test_resolution_58_208_cites_every_resolution_and_the_decision_with_its_date():
    result = read_document(RESOLUTION_58_208)
    cited = [
        (p.data["kind"], p.data["number"], p.data["adoption_date"], p.data["body"])
        for p in result.of_kind("mandate")
        if p.data["role"] == "cited"
    ]
    assert cited == [
        ("resolution", "49/127", "1994-12-19", "General Assembly"),
        ("resolution", "50/123", "1995-12-20", "General Assembly"),
        ("resolution", "52/189", "1997-12-18", "General Assembly"),
        ("resolution", "54/212", "1999-12-22", "General Assembly"),
        ("resolution", "56/203", "2001-12-21", "General Assembly"),
        ("decision", "57/538", "2002-12-20", "General Assembly"),
    ]


def test_resolution_58_208_is_itself_a_mandate_adopted_on_the_day_of_its_plenary_meeting():
    result = read_document(RESOLUTION_58_208)
    assert result.header.symbol == "A/RES/58/208" and result.header.session == 58
    (own,) = [p for p in result.of_kind("mandate") if p.data["role"] == "this_document"]
    assert own.data == {
        "body": "General Assembly", "kind": "resolution", "number": "58/208", "adoption_date": "2003-12-23",
        "title": "International migration and development", "session": 58, "role": "this_document",
    }  # fmt: skip


def test_resolution_58_208_obligations():
    result = read_document(RESOLUTION_58_208)
    obligations = {p.paragraph: p.data for p in result.of_kind("obligation")}
    # 5, "Decides to include in the provisional agenda ...", asks no one for a report: no obligation.
    assert set(obligations) == {"4"}
    # "to continue convening meetings": a standing request, proposed as a recurring action.
    (convening,) = [p for p in result.of_kind("action") if p.paragraph == "2"]
    assert (convening.data["title"], convening.data["mandate"], convening.data["recurrence"]) == (
        "Continue convening meetings in order to coordinate their activities regarding international migration",
        "58/208",
        "annual",
    )
    assert obligations["4"] == {
        "addressee": "Secretary-General",
        "action": "submit a report",
        "subject": "the implementation of the present resolution",
        "target_body": "General Assembly",
        "target_session": 59,
        "due_precision": "session",
        "due_date": None,
        "mandate": "58/208",
        "description": "submit a report on the implementation of the present resolution",
    }


def test_resolution_58_208_meetings_the_dated_decision_included():
    meetings = {p.data["name"]: p.data for p in read_document(RESOLUTION_58_208).of_kind("meeting")}
    assert meetings["International Conference on Population and Development"] == {
        "name": "International Conference on Population and Development", "start_date": "1994-09-05",
        "end_date": "1994-09-13", "precision": "day", "venue": "Cairo", "organizer": None,
    }  # fmt: skip
    summit = meetings["World Summit for Social Development"]
    assert (summit["start_date"], summit["end_date"], summit["venue"]) == ("1995-03-06", "1995-03-12", "Copenhagen")
    dialogue = meetings["high-level dialogue on international migration and development"]
    assert (dialogue["end_date"], dialogue["precision"]) == ("2006-12-31", "year")


def test_resolution_60_227_cites_every_resolution_with_its_date_part_letter_kept():
    assert mandates(read_document(RESOLUTION_60_227)) == CITED_IN_60_227


def test_resolution_60_227_decides_the_dates_of_the_high_level_dialogue():
    (meeting,) = read_document(RESOLUTION_60_227).of_kind("meeting")
    assert (meeting.paragraph, meeting.data) == (
        "1",
        {
            "name": "High-level Dialogue on International Migration and Development", "start_date": "2006-09-14",
            "end_date": "2006-09-15", "precision": "day", "venue": "New York", "organizer": None,
        },
    )  # fmt: skip


def test_resolution_60_227_requests_a_report_at_the_sixty_first_session():
    obligations = {p.paragraph: p.data for p in read_document(RESOLUTION_60_227).of_kind("obligation")}
    assert (obligations["3"]["addressee"], obligations["3"]["target_session"], obligations["3"]["mandate"]) == (
        "Secretary-General", 61, "60/227"
    )  # fmt: skip
    assert "4" not in obligations  # the item on its own agenda


def test_the_ocr_damaged_copy_reads_the_same():
    clean, damaged = read_document(RESOLUTION_60_227), read_document(RESOLUTION_60_227_OCR)
    assert mandates(damaged) == CITED_IN_60_227
    assert [p.key for p in damaged.paragraphs] == ["heading", "p1", "p2", "1", "2", "3", "p3"]
    assert damaged.paragraphs[2].text == (
        "Taking note of the report of the Secretary-General on the organization of the high-level dialogue,"
    )
    assert [p.data for p in damaged.of_kind("meeting")] == [p.data for p in clean.of_kind("meeting")]
    (report,) = [p.data for p in damaged.of_kind("obligation")]
    assert (report["addressee"], report["target_session"], report["mandate"]) == ("Secretary-General", 61, "60/227")
