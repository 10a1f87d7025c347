import datetime as dt

import pytest

from agencies.choices import ReminderPreference
from coordination.models import ReminderPolicy
from coordination.reminders.points import next_delivery_time, policy_points

UTC = dt.UTC


def names(precision: str, policy: ReminderPolicy | None = None) -> list[tuple[str, int, bool]]:
    return [(p.name, p.offset_days, p.critical) for p in policy_points(policy or ReminderPolicy(), precision)]


def test_the_default_policy_is_designs_table():
    assert names("day") == [
        ("before_14", -14, False),
        ("before_7", -7, False),
        ("before_1", -1, True),
        ("due", 0, True),
        ("overdue_7", 7, True),
        ("overdue_14", 14, True),
        ("overdue_21", 21, True),
        ("escalation_28", 28, True),
    ]
    assert [p.escalation for p in policy_points(ReminderPolicy(), "day")][-1] is True


@pytest.mark.parametrize("precision", ["year", "half_year"])
def test_coarse_precisions_get_fewer_early_points(precision):
    assert [n for n, _, _ in names(precision)][:3] == ["before_30", "before_1", "due"]
    assert len(names(precision)) < len(names("day"))


def test_the_policy_is_editable():
    policy = ReminderPolicy(early_days=[10], overdue_days=[3], escalation_days=None, last_call_days=None)
    assert [n for n, _, _ in names("day", policy)] == ["before_10", "due", "overdue_3"]


@pytest.mark.parametrize(
    ("now_utc", "zone", "expected_utc"),
    [
        # New York, winter (UTC-5): 12:00 UTC is 07:00 local, before hours: 08:00 local = 13:00 UTC.
        (dt.datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "America/New_York", dt.datetime(2026, 1, 15, 13, 0, tzinfo=UTC)),
        # New York, summer (UTC-4): 08:00 local is 12:00 UTC.
        (dt.datetime(2026, 7, 15, 11, 0, tzinfo=UTC), "America/New_York", dt.datetime(2026, 7, 15, 12, 0, tzinfo=UTC)),
        # The Sunday DST starts in New York (8 March 2026): 02:00 jumps to 03:00; 08:00 EDT = 12:00 UTC.
        (dt.datetime(2026, 3, 8, 5, 0, tzinfo=UTC), "America/New_York", dt.datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
        # The Sunday DST ends in New York (1 November 2026): 08:00 EST = 13:00 UTC.
        (dt.datetime(2026, 11, 1, 5, 0, tzinfo=UTC), "America/New_York", dt.datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
        # Geneva (Europe/Zurich) on its DST days: 29 March 2026 (08:00 CEST = 06:00 UTC), 25 October (07:00 UTC).
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Europe/Zurich", dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Europe/Zurich", dt.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
        # Nairobi has no DST: always UTC+3, 08:00 local = 05:00 UTC, on both of Geneva's change days.
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Africa/Nairobi", dt.datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Africa/Nairobi", dt.datetime(2026, 10, 25, 5, 0, tzinfo=UTC)),
        # Inside the hours: at once.
        (dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "Europe/Zurich", dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC)),
        # After the hours (18:00 local and later): the next morning. 17:30 UTC = 18:30 CET.
        (dt.datetime(2026, 10, 26, 17, 30, tzinfo=UTC), "Europe/Zurich", dt.datetime(2026, 10, 27, 7, 0, tzinfo=UTC)),
    ],
)
def test_mail_goes_out_inside_the_delivery_hours_of_the_recipients_time_zone(now_utc, zone, expected_utc):
    assert next_delivery_time(now_utc, time_zone=zone) == expected_utc


def test_a_daily_digest_waits_for_the_digest_hour(settings):
    settings.REMINDER_DIGEST_HOUR = 8
    ten_am_geneva = dt.datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert next_delivery_time(
        ten_am_geneva, time_zone="Europe/Zurich", preference=ReminderPreference.DAILY_DIGEST
    ) == (dt.datetime(2026, 10, 27, 7, 0, tzinfo=UTC))
