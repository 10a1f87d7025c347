import datetime as dt

import pytest
from django.db.models import Count

from agencies.models import UserProfile
from coordination.choices import LedgerStatus
from coordination.models import ReminderEntry
from coordination.reminders.points import active_policy
from coordination.reminders.scan import reminders_scan
from coordination.services import deadline_extend, item_mark_done
from tests.factories import InputRequestFactory, ReportingObligationFactory

from .reminder_helpers import NOW, TODAY, action_due, officer, organization_with_focal_points

pytestmark = pytest.mark.django_db


def ledger(**filters):
    return sorted(
        ReminderEntry.objects.filter(**filters).values_list("item_id", "point", "recipient__username", "status")
    )


def test_points_due_today_are_recorded_once_per_recipient():
    organization, people = organization_with_focal_points("ILO")
    in_7, today, late_8 = action_due(organization, 7), action_due(organization, 0), action_due(organization, -8)
    run = reminders_scan(now=NOW)
    pending = ledger(status=LedgerStatus.PENDING)
    expected = sorted(
        (item.pk, point, person.username, LedgerStatus.PENDING)
        for item, point in ((in_7, "before_7"), (today, "due"), (late_8, "overdue_7"))
        for person in people
    )
    assert pending == expected
    assert run.pending == 6
    # The first scan also records the earlier points of the overdue action as skipped, not sent.
    assert {p for _, p, _, _ in ledger(item_id=late_8.pk, status=LedgerStatus.SKIPPED)} == {
        "before_14",
        "before_7",
        "before_1",
        "due",
    }


def test_a_second_scan_records_nothing_new():
    organization, _ = organization_with_focal_points("ILO")
    action_due(organization, 7)
    reminders_scan(now=NOW)
    before = ReminderEntry.objects.count()
    second = reminders_scan(now=NOW + dt.timedelta(minutes=10))
    assert ReminderEntry.objects.count() == before
    assert second.pending == 0


def test_after_an_outage_only_the_latest_point_is_sent():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, 0)
    reminders_scan(now=NOW - dt.timedelta(days=20))  # a scan before the points of this deadline
    # The scanner is down from 14 days before until the day after the deadline.
    reminders_scan(now=NOW + dt.timedelta(days=1))
    statuses = dict(ReminderEntry.objects.filter(item_id=action.pk).values_list("point", "status"))
    assert statuses == {
        "before_14": LedgerStatus.SKIPPED,
        "before_7": LedgerStatus.SKIPPED,
        "before_1": LedgerStatus.SKIPPED,
        "due": LedgerStatus.PENDING,
    }


def test_a_six_hour_outage_across_midnight_sends_only_the_latest_point():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, 1)
    reminders_scan(now=dt.datetime(2026, 11, 21, 23, 0, tzinfo=dt.UTC))
    # No scan from 18:00 on the 22nd (New York) to 00:00 on the 24th would be more than six hours;
    # here the last scan ran at 18:00 New York time the day before "before_1" and the next runs six
    # hours later, after midnight: before_1 (the 23rd) is due, before_7 was handled long ago.
    reminders_scan(now=dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC))
    reminders_scan(now=dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC))
    assert ledger(item_id=action.pk, status=LedgerStatus.PENDING)[0][1] in {"before_1"}
    assert ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).count() == 1


def test_a_pending_point_gives_way_to_a_later_one_of_the_same_deadline():
    organization, people = organization_with_focal_points("ILO", primaries=1)
    UserProfile.objects.create(user=people[0], time_zone="Pacific/Kiritimati")  # UTC+14: far outside hours
    action = action_due(organization, 1)
    reminders_scan(now=dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC))
    reminders_scan(now=dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.UTC))
    statuses = dict(ReminderEntry.objects.filter(item_id=action.pk).values_list("point", "status"))
    assert statuses["before_1"] == LedgerStatus.SKIPPED
    assert statuses["due"] == LedgerStatus.PENDING


def test_nothing_is_sent_for_items_overdue_beyond_the_staleness_horizon():
    organization, _ = organization_with_focal_points("ILO")
    stale = action_due(organization, -(365 * 3))
    just_lapsed = action_due(organization, -95)
    run = reminders_scan(now=NOW)
    assert not ReminderEntry.objects.filter(item_id=stale.pk).exists()
    assert not ReminderEntry.objects.filter(item_id=just_lapsed.pk, status=LedgerStatus.PENDING).exists()
    assert run.pending == 0


def test_points_of_a_lapsed_item_found_after_a_long_outage_are_recorded_missed():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, -100)
    reminders_scan(now=NOW - dt.timedelta(days=200))
    run = reminders_scan(now=NOW)
    assert set(ReminderEntry.objects.filter(item_id=action.pk).values_list("status", flat=True)) == {
        LedgerStatus.MISSED
    }
    assert run.missed == 8


def test_muted_recipients_get_only_critical_points():
    organization, people = organization_with_focal_points("ILO")
    UserProfile.objects.create(user=people[0], mute_noncritical=True)
    action_due(organization, 7)
    action_due(organization, 1)
    reminders_scan(now=NOW)
    mine = dict(
        ReminderEntry.objects.filter(recipient=people[0]).exclude(status="skipped").values_list("point", "status")
    )
    assert mine == {"before_7": LedgerStatus.MUTED, "before_1": LedgerStatus.PENDING}
    assert ReminderEntry.objects.get(
        recipient=people[1], point="before_7", status__in=["pending", "muted"]
    ).status == (LedgerStatus.PENDING)


def test_alternates_are_reminded_when_no_primary_is_active():
    organization, people = organization_with_focal_points("ILO", primaries=1, alternates=1)
    people[0].focal_points.update(is_active=False)
    action_due(organization, 7)
    reminders_scan(now=NOW)
    assert ledger(status=LedgerStatus.PENDING)[0][2] == people[1].username


def test_an_item_with_nobody_to_remind_is_recorded_and_visible():
    organization, _ = organization_with_focal_points("ILO", primaries=0)
    action_due(organization, 7)
    run = reminders_scan(now=NOW)
    entry = ReminderEntry.objects.get(point="before_7")
    assert (entry.status, entry.recipient) == (LedgerStatus.NO_RECIPIENT, None)
    assert "no active primary or alternate focal point" in entry.reason
    assert run.no_recipient == 1


def test_escalation_goes_to_the_responsible_officer_and_the_head_only_where_the_policy_says():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    head = organization_with_focal_points("X", primaries=0)[0]  # noqa: F841 -- another organization's head must not appear
    from agencies.choices import FocalPointRole
    from tests.factories import FocalPointFactory

    chief = FocalPointFactory(organization=organization, role=FocalPointRole.HEAD, user__email="head@example.org").user
    responsible = officer()
    action = action_due(organization, -28, responsible_officer=responsible)
    reminders_scan(now=NOW - dt.timedelta(days=2))
    reminders_scan(now=NOW)
    assert ledger(item_id=action.pk, point="escalation_28") == [
        (action.pk, "escalation_28", responsible.username, "pending")
    ]
    # The policy in force, stored if only the design's default applies (a flushed database holds none).
    policy = active_policy()
    policy.escalate_to_head = True
    policy.save()
    other = action_due(organization, -28, responsible_officer=responsible, title="Another")
    reminders_scan(now=NOW + dt.timedelta(minutes=5))
    assert {r for _, _, r, _ in ledger(item_id=other.pk, point="escalation_28")} == {
        responsible.username,
        chief.username,
    }


def test_obligations_remind_their_responsible_officer():
    responsible = officer()
    obligation = ReportingObligationFactory(due_date=TODAY + dt.timedelta(days=7), responsible_officer=responsible)
    reminders_scan(now=NOW)
    assert ledger(item_kind="obligation", status="pending") == [
        (obligation.pk, "before_7", responsible.username, "pending")
    ]


def test_only_open_input_requests_are_reminded():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    other, _ = organization_with_focal_points("IOM", primaries=1)
    open_request = InputRequestFactory(organization=organization, due_date=TODAY + dt.timedelta(days=7))
    InputRequestFactory(
        organization=other, call=open_request.call, due_date=TODAY + dt.timedelta(days=7), status="answered"
    )
    reminders_scan(now=NOW)
    assert {row[0] for row in ledger(item_kind="input_request")} == {open_request.pk}


def test_extending_a_deadline_rearms_its_points_and_nothing_is_sent_for_the_old_date():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    deadline_extend(
        item=action, new_due_date=TODAY + dt.timedelta(days=21), reason="Agreed at the bureau meeting", now=NOW
    )
    assert ReminderEntry.objects.get(item_id=action.pk, point="before_7").status == LedgerStatus.CANCELLED
    reminders_scan(now=NOW + dt.timedelta(days=7))
    assert ledger(item_id=action.pk, status=LedgerStatus.PENDING) == [
        (action.pk, "before_14", "ilo-primary-0", "pending")
    ]
    assert set(
        ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).values_list("due_date", flat=True)
    ) == {TODAY + dt.timedelta(days=21)}


def test_closing_an_item_stops_its_reminders():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    item_mark_done(item=action, completed_on=TODAY)
    assert ReminderEntry.objects.get(item_id=action.pk, point="before_7").status == LedgerStatus.CANCELLED
    reminders_scan(now=NOW + dt.timedelta(days=7))
    assert not ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).exists()


def test_a_point_due_today_for_an_item_created_after_todays_scan_is_still_found():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    reminders_scan(now=NOW)
    action = action_due(organization, 7)  # created after the morning scan, its before_7 is today
    reminders_scan(now=NOW + dt.timedelta(hours=1))
    assert ledger(item_id=action.pk, status=LedgerStatus.PENDING)[0][1] == "before_7"


def test_the_scan_runs_a_fixed_number_of_queries_whatever_the_number_of_items(django_assert_max_num_queries):
    organization, _ = organization_with_focal_points("ILO")
    for days in (7, 0, -8):
        action_due(organization, days)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        reminders_scan(now=NOW)
    ReminderEntry.objects.all().delete()
    for index in range(40):
        other, _ = organization_with_focal_points(f"O{index}")
        for days in (7, 0, -8):
            action_due(other, days)
    with CaptureQueriesContext(connection) as many:
        reminders_scan(now=NOW + dt.timedelta(minutes=1))
    assert ReminderEntry.objects.filter(status=LedgerStatus.PENDING).aggregate(n=Count("pk"))["n"] >= 40 * 6

    def reads_and_updates(context):
        # Ledger rows are inserted in batches (SQLite takes fewer rows per INSERT than PostgreSQL);
        # everything else must not grow with the number of items.
        return [q for q in context.captured_queries if 'INTO "coordination_reminderentry"' not in q["sql"]]

    assert len(reads_and_updates(many)) == len(reads_and_updates(few))
