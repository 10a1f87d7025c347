import datetime as dt

import pytest

from ingest.reader.dates import find_dates, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "span"),
    [
        (
            "held in New York from 15 to 16 October 2003.",
            D(2003, 10, 15),
            D(2003, 10, 16),
            "day",
            "15 to 16 October 2003",
        ),
        ("at Geneva on 14 and 15 September 2006", D(2006, 9, 14), D(2006, 9, 15), "day", "14 and 15 September 2006"),
        ("from 30 June to 2 July 2004", D(2004, 6, 30), D(2004, 7, 2), "day", "30 June to 2 July 2004"),
        ("on 28 November-1 December 2005", D(2005, 11, 28), D(2005, 12, 1), "day", "28 November-1 December 2005"),
        ("from 10 to 12 July 2007", D(2007, 7, 10), D(2007, 7, 12), "day", "10 to 12 July 2007"),
        ("On 13-14 March 1996, the Government", D(1996, 3, 13), D(1996, 3, 14), "day", "13-14 March 1996"),
        ("Cairo, 5\u201313 September 1994", D(1994, 9, 5), D(1994, 9, 13), "day", "5\u201313 September 1994"),
        ("on 27 October 2004", D(2004, 10, 27), D(2004, 10, 27), "day", "27 October 2004"),
        ("on October 15, 2003,", D(2003, 10, 15), D(2003, 10, 15), "day", "October 15, 2003"),
        ("October 15-16, 2003", D(2003, 10, 15), D(2003, 10, 16), "day", "October 15-16, 2003"),
        ("on 2 Sept. 2004", D(2004, 9, 2), D(2004, 9, 2), "day", "2 Sept. 2004"),
        ("convened in Brussels in July 2007", D(2007, 7, 31), D(2007, 7, 31), "month", "July 2007"),
        ("sent early in June 1997", D(1997, 6, 30), D(1997, 6, 30), "month", "early in June 1997"),
        ("to be held in mid-2005", D(2005, 6, 30), D(2005, 6, 30), "half_year", "mid-2005"),
        ("in early 2006", D(2006, 6, 30), D(2006, 6, 30), "half_year", "early 2006"),
        ("late 2005", D(2005, 12, 31), D(2005, 12, 31), "half_year", "late 2005"),
        ("the second half of 1997", D(1997, 12, 31), D(1997, 12, 31), "half_year", "second half of 1997"),
        ("in the second quarter of 1998", D(1998, 6, 30), D(1998, 6, 30), "quarter", "second quarter of 1998"),
        ("in the spring of 2004 in Rome", D(2004, 6, 30), D(2004, 6, 30), "quarter", "spring of 2004"),
        ("autumn 2005", D(2005, 12, 31), D(2005, 12, 31), "quarter", "autumn 2005"),
        ("summer 2005", D(2005, 9, 30), D(2005, 9, 30), "quarter", "summer 2005"),
        ("in 2008.", D(2008, 12, 31), D(2008, 12, 31), "year", "2008"),
        ("during 2005", D(2005, 12, 31), D(2005, 12, 31), "year", "2005"),
        ("by the end of 2006", D(2006, 12, 31), D(2006, 12, 31), "year", "the end of 2006"),
    ],
)
def test_reads_dates_ranges_and_periods_with_their_precision(text, start, end, precision, span):
    (date,) = find_dates(text)
    assert (date.start, date.end, date.precision, date.text) == (start, end, precision, span)
    assert text[date.start_pos : date.end_pos] == span


@pytest.mark.parametrize(
    "text",
    [
        "for the period 1960-2000",
        "In 2008-2010, the Commission's work",
        "between 20 and 30 Member States",
        "resolution 58/208 and document A/59/325",
        "the 2010 meeting",  # a bare year: no preposition, no date
    ],
)
def test_finds_no_date_where_there_is_none(text):
    assert find_dates(text) == []


def test_reads_every_date_of_a_sentence_in_order():
    text = "Letters sent on 6 February 1995 asked for responses by 3 March 1995; by mid-1995 few had come."
    assert [d.text for d in find_dates(text)] == ["6 February 1995", "3 March 1995", "mid-1995"]


def test_a_range_is_one_date_not_two():
    assert [d.text for d in find_dates("on 14 and 15 September 2006")] == ["14 and 15 September 2006"]


def test_parse_date_gives_the_first_date_or_none():
    assert parse_date("deadline (30 April 2008)").start == D(2008, 4, 30)
    assert parse_date("no date here") is None


def test_an_impossible_day_falls_back_to_its_month():
    (date,) = find_dates("on 31 June 2004")
    assert (date.precision, date.end) == ("month", D(2004, 6, 30))
