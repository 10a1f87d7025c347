import datetime as dt

import pytest

from agencies.choices import OrganizationCategory
from coordination.sessions import ga_opening_day
from meetings.choices import DatePrecision
from tests.factories import FollowUpActionFactory, OrganizationFactory, SessionFactory


@pytest.mark.parametrize(
    ("session", "opening"),
    [
        (49, dt.date(1994, 9, 20)),
        (52, dt.date(1997, 9, 16)),
        (59, dt.date(2004, 9, 14)),
        (62, dt.date(2007, 9, 18)),
        (63, dt.date(2008, 9, 16)),
    ],
)
def test_general_assembly_opening_days(session, opening):
    assert ga_opening_day(session) == opening


def test_from_the_58th_session_weeks_count_from_the_first_with_a_september_working_day():
    # 1 September 2004 was a Wednesday: that week counts, so the 59th session opened on the
    # 14th, a week before the third Tuesday (21st) of the old rule.
    assert ga_opening_day(59) == dt.date(2004, 9, 14)
    # 1 September 2012 was a Saturday: that week does not count (67th session: 18 September).
    assert ga_opening_day(67) == dt.date(2012, 9, 18)
    # 1 September 2013 was a Sunday: 68th session opened on 17 September 2013.
    assert ga_opening_day(68) == dt.date(2013, 9, 17)
    # 1 September 2014 was a Monday: 69th session opened on 16 September 2014.
    assert ga_opening_day(69) == dt.date(2014, 9, 16)


@pytest.mark.django_db
def test_a_session_row_computes_its_opening_day_unless_overridden():
    session = SessionFactory(number=59)
    assert session.opening_date == dt.date(2004, 9, 14)
    assert session.year == 2004
    session.stated_opening_date = dt.date(2004, 9, 15)
    session.save()
    assert session.opening_date == dt.date(2004, 9, 15)


@pytest.mark.django_db
def test_other_bodies_sessions_state_their_opening_day():
    cpd = OrganizationFactory(acronym="CPD", category=OrganizationCategory.INTERGOVERNMENTAL_BODY)
    assert SessionFactory(body=cpd, number=37).opening_date is None
    assert SessionFactory(body=cpd, number=39, stated_opening_date=dt.date(2006, 4, 3)).opening_date == dt.date(
        2006, 4, 3
    )


@pytest.mark.django_db
def test_a_report_due_at_a_session_is_due_ten_weeks_before_it_opens(settings):
    action = FollowUpActionFactory(
        due_precision=DatePrecision.SESSION, due_session=SessionFactory(number=63), due_date=None
    )
    assert action.due_date == dt.date(2008, 9, 16) - dt.timedelta(weeks=10)
    settings.DOCUMENT_LEAD_TIME_WEEKS = 6
    action.save()
    assert action.due_date == dt.date(2008, 9, 16) - dt.timedelta(weeks=6)
