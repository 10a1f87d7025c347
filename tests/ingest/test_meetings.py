import pytest

from ingest.reader import read_document


def meetings(text: str) -> list[dict]:
    return [p.data for p in read_document(text).of_kind("meeting")]


def meeting(text: str) -> dict:
    (data,) = meetings(text)
    return data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Second United Nations Coordination Meeting on International Migration was held in New York from 15 "
            "to 16 October 2003.",
            ("Second United Nations Coordination Meeting on International Migration", "2003-10-15", "2003-10-16",
             "day", "New York"),
        ),
        (
            "The Conference, a Regional Conference on Migration, was held at Geneva on 14 and 15 September 2006.",
            ("Regional Conference on Migration", "2006-09-14", "2006-09-15", "day", "Geneva"),
        ),
        (
            "The International Symposium on Migration took place from 30 June to 2 July 2004 in Berne.",
            ("International Symposium on Migration", "2004-06-30", "2004-07-02", "day", "Berne"),
        ),
        (
            "The Fifth Coordination Meeting on International Migration was held on 27 October 2004.",
            ("Fifth Coordination Meeting on International Migration", "2004-10-27", "2004-10-27", "day", None),
        ),
        (
            "The first meeting of the Global Forum on Migration and Development was convened in Brussels in "
            "July 2007.",
            ("first meeting of the Global Forum on Migration and Development", "2007-07-31", "2007-07-31", "month",
             "Brussels"),
        ),
        (
            "The Commission will hold its Regional Hearing for Africa in mid-2005.",
            ("Regional Hearing for Africa", "2005-06-30", "2005-06-30", "half_year", None),
        ),
        (
            "IOM was planning an inter-agency meeting on trafficking statistics, tentatively scheduled for the spring "
            "of 2004 in Rome.",
            ("inter-agency meeting on trafficking statistics", "2004-06-30", "2004-06-30", "quarter", "Rome"),
        ),
        (
            "A Workshop on Improving the Compilation of International Migration Statistics was held in Geneva "
            "in 2003.",
            ("Workshop on Improving the Compilation of International Migration Statistics", "2003-12-31",
             "2003-12-31", "year", "Geneva"),
        ),
        (
            "The fourth coordination meeting on international migration was held on 26 and 27 October 2005.",
            ("fourth coordination meeting on international migration", "2005-10-26", "2005-10-27", "day", None),
        ),
        (
            "The Workshop on Data was held in Malm\u00f6, Sweden, on October 15, 2003.",
            ("Workshop on Data", "2003-10-15", "2003-10-15", "day", "Malm\u00f6, Sweden"),
        ),
    ],
)  # fmt: skip
def test_reads_a_meeting_with_its_dates_and_venue(text, expected):
    data = meeting(text)
    assert (data["name"], data["start_date"], data["end_date"], data["precision"], data["venue"]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Second Coordination Meeting was held in New Y ork from 15 to 16 October 2003.",
        "The Second Coordination Meeting was held in New York from 15 to\n16 October 2003.",
        "The Second Coordination Meeting was held in New Y ork from 15 to 16 Oct. 2003.",
    ],
)
def test_ocr_damage_does_not_hide_a_meeting(text):
    data = meeting(text)
    assert (data["name"], data["venue"], data["start_date"], data["end_date"]) == (
        "Second Coordination Meeting", "New York", "2003-10-15", "2003-10-16"
    )  # fmt: skip


def test_a_dated_decision_is_a_meeting():
    data = meeting(
        "2. Decides that the high-level dialogue on international migration and development shall be held on 14 and "
        "15 September 2006;"
    )
    assert (data["name"], data["start_date"], data["end_date"], data["precision"]) == (
        "high-level dialogue on international migration and development", "2006-09-14", "2006-09-15", "day"
    )  # fmt: skip


def test_devoting_a_dialogue_to_a_topic_in_a_year():
    data = meeting(
        "9. Decides to devote a high-level dialogue to international migration and development during its "
        "sixty-first session, in 2006;"
    )
    assert (data["name"], data["end_date"], data["precision"]) == (
        "high-level dialogue on international migration and development", "2006-12-31", "year"
    )  # fmt: skip


def test_the_organizer_is_the_subject_or_the_agent():
    subject = meeting(
        "In December 2003, ESCAP organized an Expert Group Meeting on Trafficking in Women and Children."
    )
    agent = meeting(
        "The first meeting of the Global Forum took place in Brussels in July 2007 and was hosted by the Government "
        "of Belgium."
    )
    aside = meeting(
        "The Statistics Division, in collaboration with UNCTAD, organized a Workshop on Improving the Compilation of "
        "International Migration Statistics, which was held in Geneva in September 2003."
    )
    assert (subject["organizer"], subject["precision"]) == ("ESCAP", "month")
    assert agent["organizer"] == "Government of Belgium"
    assert (aside["organizer"], aside["venue"]) == ("Statistics Division", "Geneva")


def test_a_fronted_date_and_a_venue_after_the_name():
    data = meeting(
        "In May 2008 the Ibero-American General Secretariat (SEGIB) convened the Ibero-American Forum on Migration "
        "and Development in Cuenca, Ecuador."
    )
    assert (data["name"], data["venue"], data["end_date"], data["organizer"]) == (
        "Ibero-American Forum on Migration and Development", "Cuenca, Ecuador", "2008-05-31",
        "Ibero-American General Secretariat (SEGIB)",
    )  # fmt: skip


def test_a_title_in_quotes_is_the_name():
    data = meeting(
        'The Division held a meeting entitled "Migration and mobility and how this movement affects women" in '
        "Malm\u00f6, Sweden, in December 2003."
    )
    assert (data["name"], data["venue"], data["end_date"]) == (
        "Migration and mobility and how this movement affects women", "Malm\u00f6, Sweden", "2003-12-31"
    )  # fmt: skip


def test_a_later_sentence_about_the_meeting_gives_its_dates():
    data = meeting(
        "The organization of the second meeting of the Global Forum is well under way. The Government of the "
        "Philippines, which is organizing the meeting, will host it in Manila on 29 and 30 October 2008."
    )
    assert (data["name"], data["start_date"], data["end_date"], data["venue"], data["organizer"]) == (
        "second meeting of the Global Forum", "2008-10-29", "2008-10-30", "Manila", "Government of the Philippines"
    )  # fmt: skip


def test_a_session_of_a_commission_in_a_year():
    data = meeting("At its thirty-seventh session in 2004, the Commission on Population and Development decided so.")
    assert (data["name"], data["precision"], data["end_date"]) == (
        "thirty-seventh session of the Commission on Population and Development", "year", "2004-12-31"
    )  # fmt: skip


def test_the_same_meeting_read_by_its_month_and_by_its_days_is_proposed_once_by_its_days():
    text = (
        "1. The second meeting of the Global Forum will take place in Manila in October 2008.\n\n"
        "2. The second meeting of the Global Forum will be held on 29 and 30 October 2008.\n"
    )
    (proposal,) = read_document(text).of_kind("meeting")
    assert (proposal.paragraph, proposal.data["start_date"], proposal.data["venue"]) == ("2", "2008-10-29", "Manila")


@pytest.mark.parametrize(
    "text",
    [
        "The Commission will submit its final report to the Secretary-General in mid-2005.",
        "Governments were asked to reply to the letter on the convening of a conference by 15 May 1997.",
        "In 1996 the Working Group proposed the holding of a technical symposium on international migration.",
        "As at 30 July 1997, Governments had replied regarding the convening of an international conference.",
        "Regional seminars were held in 1996.",
        "The Second Coordination Meeting discussed remittances.",
        "General Assembly resolution 58/208 of 23 December 2003 called for coordination meetings to be convened.",
    ],
)
def test_no_meeting_without_a_meeting_its_date_and_a_verb_that_places_it(text):
    assert meetings(text) == []


def test_a_title_cased_name_is_trusted_more_than_a_vague_one():
    titled = read_document("The Expert Group Meeting on Migration was held on 3 May 2004.").of_kind("meeting")[0]
    vague = read_document("A workshop was held in 2004.").of_kind("meeting")[0]
    assert titled.confidence > vague.confidence
