"""Dates shown at the precision their source gave them ("2010", not "31 December 2010")."""

import datetime as dt

import pytest

from core.periods import at_precision, reporting_period, span_at_precision


@pytest.mark.parametrize(
    ("day", "precision", "shown"),
    [
        (dt.date(2026, 12, 3), "day", "3 December 2026"),
        (dt.date(2002, 7, 31), "month", "July 2002"),
        (dt.date(2004, 9, 30), "quarter", "Q3 2004"),
        (dt.date(2005, 6, 30), "half_year", "mid-2005"),
        (dt.date(2005, 12, 31), "half_year", "end of 2005"),
        (dt.date(2010, 12, 31), "year", "2010"),
        (None, "year", "undated"),
    ],
)
def test_a_day_is_said_at_its_precision(day, precision, shown):
    assert at_precision(day, precision) == shown


def test_a_session_date_is_said_as_stated_with_its_day():
    shown = at_precision(dt.date(2008, 9, 1), "session", as_stated="at its sixty-third session")
    assert shown == "at its sixty-third session (1 September 2008)"


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (dt.date(2008, 12, 3), dt.date(2008, 12, 5), "day", "3 to 5 December 2008"),
        (dt.date(2008, 11, 28), dt.date(2008, 12, 2), "day", "28 November to 2 December 2008"),
        (dt.date(2008, 12, 30), dt.date(2009, 1, 2), "day", "30 December 2008 to 2 January 2009"),
        (dt.date(2008, 12, 3), dt.date(2008, 12, 3), "day", "3 December 2008"),
        (dt.date(2008, 12, 3), None, "day", "3 December 2008"),
        (dt.date(2008, 1, 1), dt.date(2008, 12, 31), "year", "2008"),
        (dt.date(2003, 1, 1), dt.date(2004, 12, 31), "year", "2003 to 2004"),
        (dt.date(2002, 7, 31), dt.date(2002, 8, 31), "month", "July 2002 to August 2002"),
        (None, None, "day", "undated"),
    ],
)
def test_a_span_says_once_what_its_days_share(start, end, precision, shown):
    assert span_at_precision(start, end, precision) == shown


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, ""),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026"),
        (dt.date(2025, 1, 1), dt.date(2026, 12, 31), "2025 to 2026"),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "January to June 2026"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "March 2026"),
        (dt.date(2025, 7, 1), dt.date(2026, 6, 30), "July 2025 to June 2026"),
        (dt.date(2026, 3, 3), dt.date(2026, 3, 17), "3 to 17 March 2026"),
        (dt.date(2026, 2, 3), dt.date(2026, 3, 17), "3 February to 17 March 2026"),
        (dt.date(2025, 12, 3), dt.date(2026, 3, 17), "3 December 2025 to 17 March 2026"),
        (dt.date(2026, 3, 3), dt.date(2026, 3, 3), "3 March 2026"),
        (dt.date(2026, 3, 3), None, "from 3 March 2026"),
        (None, dt.date(2026, 3, 3), "until 3 March 2026"),
    ],
)
def test_a_reporting_period_is_said_at_the_precision_its_days_have(start, end, expected):
    assert reporting_period(start, end) == expected


@pytest.mark.django_db
def test_the_admin_lists_show_dates_at_their_precision(client, secretariat_user):
    from django.urls import reverse

    from tests.factories import FollowUpActionFactory, MeetingFactory

    FollowUpActionFactory(title="Year-stated action", due_date=dt.date(2010, 12, 31), due_precision="year")
    MeetingFactory(title="A meeting in 2008", start_date=dt.date(2008, 12, 31), end_date=dt.date(2008, 12, 31),
                   date_precision="year")  # fmt: skip
    client.force_login(secretariat_user)
    actions = client.get(reverse("admin:coordination_followupaction_changelist")).content.decode()
    meetings = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert '<td class="field-due">2010</td>' in actions
    assert "31 December 2010" not in actions
    assert '<td class="field-when">2008</td>' in meetings
