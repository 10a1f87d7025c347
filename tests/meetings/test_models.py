import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.periods import period_end, season_end
from meetings.choices import DatePrecision
from tests.factories import DocumentFactory, MeetingFactory, MeetingSeriesFactory, ParticipantFactory


def assert_rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    ("precision", "anchor", "expected"),
    [
        (DatePrecision.DAY, dt.date(2003, 10, 15), dt.date(2003, 10, 15)),
        (DatePrecision.MONTH, dt.date(2002, 7, 1), dt.date(2002, 7, 31)),
        (DatePrecision.MONTH, dt.date(2004, 2, 3), dt.date(2004, 2, 29)),
        (DatePrecision.QUARTER, dt.date(2005, 4, 1), dt.date(2005, 6, 30)),
        (DatePrecision.QUARTER, dt.date(2005, 11, 1), dt.date(2005, 12, 31)),
        (DatePrecision.HALF_YEAR, dt.date(2005, 1, 1), dt.date(2005, 6, 30)),
        (DatePrecision.HALF_YEAR, dt.date(2005, 7, 1), dt.date(2005, 12, 31)),
        (DatePrecision.YEAR, dt.date(2010, 3, 1), dt.date(2010, 12, 31)),
    ],
)
def test_a_date_stated_to_a_precision_falls_due_on_the_last_day_of_its_period(precision, anchor, expected):
    assert period_end(precision, anchor) == expected


def test_mid_year_is_the_thirtieth_of_june_and_spring_the_second_quarter():
    assert period_end(DatePrecision.HALF_YEAR, dt.date(2005, 6, 1)) == dt.date(2005, 6, 30)
    assert season_end(2004, "spring") == dt.date(2004, 6, 30)
    assert season_end(2004, "Autumn") == dt.date(2004, 12, 31)


def test_session_is_not_a_calendar_precision():
    with pytest.raises(ValueError, match="not a calendar precision"):
        period_end(DatePrecision.SESSION, dt.date(2004, 1, 1))


@pytest.mark.django_db
def test_a_meeting_ends_on_or_after_its_start():
    assert_rejected(lambda: MeetingFactory(start_date=dt.date(2003, 10, 16), end_date=dt.date(2003, 10, 15)))
    MeetingFactory(start_date=dt.date(2003, 10, 15), end_date=dt.date(2003, 10, 15))


@pytest.mark.django_db
def test_a_meeting_stated_to_the_month_is_stored_on_the_months_last_day():
    meeting = MeetingFactory(
        start_date=dt.date(2002, 7, 1), end_date=None, date_precision=DatePrecision.MONTH, dates_as_stated="July 2002"
    )
    meeting.refresh_from_db()
    assert meeting.start_date == dt.date(2002, 7, 31)


@pytest.mark.django_db
def test_meeting_dates_cannot_have_session_precision():
    assert_rejected(lambda: MeetingFactory(date_precision=DatePrecision.SESSION))


@pytest.mark.django_db
def test_a_series_numbers_its_meetings_once():
    series = MeetingSeriesFactory()
    MeetingFactory(series=series, number=2)
    assert_rejected(lambda: MeetingFactory(series=series, number=2))


@pytest.mark.django_db
def test_a_document_has_a_symbol_or_a_title_and_symbols_are_unique():
    assert_rejected(lambda: DocumentFactory(symbol="", title=""))
    DocumentFactory(symbol="A/59/325")
    assert_rejected(lambda: DocumentFactory(symbol="a/59/325"))
    DocumentFactory(symbol="", title="Trends in Total Migrant Stock: the 2003 Revision")
    DocumentFactory(symbol="", title="World Economic and Social Survey 2004")


@pytest.mark.django_db
def test_a_participant_is_a_person_or_an_organization():
    assert_rejected(lambda: ParticipantFactory(person="", organization=None))
    ParticipantFactory(person="Joseph Chamie", organization=None)
    ParticipantFactory(person="")
