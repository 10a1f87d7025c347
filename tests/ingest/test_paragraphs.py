from ingest.reader import split_paragraphs


def keys(text: str) -> list[str]:
    return [p.key for p in split_paragraphs(text)]


def test_numbered_paragraphs_take_their_number_as_key():
    text = "1. International migration is part of development.\n\n2. The present report considers it.\n"
    paragraphs = split_paragraphs(text)
    assert [(p.key, p.text, p.index) for p in paragraphs] == [
        ("1", "International migration is part of development.", 0),
        ("2", "The present report considers it.", 1),
    ]


def test_numbering_may_start_anywhere():
    assert keys("12. Text of twelve.\n\n13. Text of thirteen.\n") == ["12", "13"]


def test_a_year_at_a_line_start_does_not_start_a_paragraph():
    text = "11. The Commission met in Geneva in October\n2004. The meeting adopted conclusions.\n12. Next paragraph.\n"
    paragraphs = split_paragraphs(text)
    assert [p.key for p in paragraphs] == ["11", "12"]
    assert paragraphs[0].text == "The Commission met in Geneva in October 2004. The meeting adopted conclusions."


def test_a_numbered_sub_heading_out_of_sequence_is_a_section_not_a_paragraph():
    text = (
        "A. United Nations Secretariat\n\n1. Department of Economic and Social Affairs\n\n"
        "3. At the United Nations Secretariat, the Department aims to promote development.\n\n"
        "2. Regional commissions\n\n4. The regional commissions approach the issue regionally.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.key, p.section) for p in paragraphs] == [
        ("3", "1. Department of Economic and Social Affairs"),
        ("4", "2. Regional commissions"),
    ]


def test_lettered_sub_items_stay_in_their_paragraph():
    text = (
        "1. Requests the Secretary-General to submit a report that would:\n\n"
        "(a) review the activities of the United Nations system;\n\n(b) suggest action-oriented options;\n\n"
        "2. Decides to remain seized of the matter.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.key for p in paragraphs] == ["1", "2"]
    assert paragraphs[0].text.endswith(
        "(a) review the activities of the United Nations system; (b) suggest action-oriented options;"
    )


def test_each_preambular_paragraph_is_its_own_paragraph_even_when_wrapped_without_blank_lines():
    text = (
        "The General Assembly,\n"
        "Recalling its resolution 58/208 of 23 December 2003,\n"
        "Noting with appreciation the report of the\nSecretary-General,\n"
        "1. Decides that the High-level Dialogue will be held on 14 and\n15 September 2006;\n"
        "2. Requests the Secretary-General to report to it at its sixty-\nthird session on the present resolution.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.key for p in paragraphs] == ["heading", "p1", "p2", "1", "2"]
    assert paragraphs[2].text == "Noting with appreciation the report of the Secretary-General,"
    assert (
        paragraphs[4].text
        == "Requests the Secretary-General to report to it at its sixty-third session on the present resolution."
    )


def test_unnumbered_blocks_are_keyed_in_order():
    text = "The meeting opened on Monday.\n\nParticipants exchanged views.\n\nThe meeting closed.\n"
    assert keys(text) == ["p1", "p2", "p3"]


def test_a_paragraph_cut_by_a_page_break_is_rejoined():
    text = (
        "4. The Population Division prepared the database, *Trends in Total Migrant Stock*, \u00b9\n\n"
        "is a compilation of country-specific estimates.\n\n5. Next.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.key for p in paragraphs] == ["4", "5"]
    assert paragraphs[0].text == (
        "The Population Division prepared the database, Trends in Total Migrant Stock, is a compilation of "
        "country-specific estimates."
    )


def test_a_box_inside_a_paragraph_stands_alone_and_the_paragraph_continues_after_it():
    text = (
        "22. Several respondents noted that the State-led and informal nature of the Forum provided "
        "the flexibility\n\n"
        "On 18 March 2008, a letter was sent to 193 Permanent Representatives with a deadline of 30 April 2008.\n\n"
        "needed to explore complex and potentially divisive issues.\n\n23. Next.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.key for p in paragraphs] == ["22", "p1", "23"]
    assert paragraphs[0].text.endswith(
        "provided the flexibility needed to explore complex and potentially divisive issues."
    )
    assert paragraphs[1].text.startswith("On 18 March 2008")


def test_a_paragraph_that_lost_its_number_in_conversion_gets_it_back():
    text = "- 4. Text of four.\n- The General Assembly requested a report.\n- 6. Text of six.\n"
    assert keys(text) == ["4", "5", "6"]


def test_the_masthead_is_one_heading_paragraph_and_notes_are_keyed_by_number():
    text = (
        "United Nations A/59/325\n\nDistr.: General 2 September 2004\n\nOriginal: English\n\n"
        "Fifty-ninth session\nItem 89 (b) of the provisional agenda*\n\nReport of the Secretary-General\n\n"
        "Summary\n\nIn its resolution 58/208 the Assembly requested a report.\n\n^{*} A/59/150.\n\n"
        "Contents\n\n\tParagraphs\tPage\nI.\tIntroduction\t1\u20132\t3\n\nI. Introduction\n\n"
        "- 1. International migration is part of development.\n\nNotes\n\n- \u00b9 POP/DB/MIG/2003/1.\n"
        "- 2 United Nations publication.\n- Ibid., table 16.\n- \u2074 See Official Records.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.key, p.section) for p in paragraphs] == [
        ("heading", None),
        ("p1", "Summary"),
        ("note *", "Summary"),
        ("1", "I. Introduction"),
        ("note 1", "Notes"),
        ("note 2", "Notes"),
        ("note 3", "Notes"),
        ("note 4", "Notes"),
    ]
    assert paragraphs[0].text == (
        "Distr.: General 2 September 2004 Original: English Fifty-ninth session Item 89 (b) of the provisional agenda "
        "Report of the Secretary-General"
    )
    assert paragraphs[4].text == "POP/DB/MIG/2003/1."


def test_hard_wrapped_ocr_paragraphs_split_at_indented_lines_and_headings_in_capitals():
    text = (
        " REPORT OF THE MEETING\n\n"
        "The third Coordination Meeting took place at United Nations headquarters in New York from 27 to\n"
        "28 October 2004. The meeting was organized by the Population Division.\n"
        " The representative of IOM informed the group about the Berne Initiative.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.key, p.section) for p in paragraphs] == [
        ("p1", "REPORT OF THE MEETING"),
        ("p2", "REPORT OF THE MEETING"),
    ]
    assert "from 27 to 28 October 2004." in paragraphs[0].text


def test_keys_are_unique():
    text = "- \u00b9 First note.\n\n- \u00b9 The same number again.\n"
    assert keys(text) == ["note 1", "note 1-2"]
