import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.services import user_profile_update
from coordination.models import ReminderEntry, ReminderRun
from coordination.reminders.report import point_in_words

from .reminder_helpers import NOW, action_due, organization_with_focal_points

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_what_would_be_sent_and_records_nothing():
    organization, people = organization_with_focal_points("ILO")
    action_due(organization, 7, title="Circulate the outline")
    out = run("--dry-run", "--now", NOW.isoformat())
    assert out.startswith(
        "Dry run at Mon 23 Nov 2026 10:00 America/New_York (15:00 UTC), the secretariat's time: 1 item looked at "
    )
    assert "4 points found: 2 to send now, 0 later (outside the recipient's delivery hours), 2 skipped" in out
    assert "Would be sent now: 2 reminders:" in out
    for person in people:
        assert f"  to {person.email}: 7 days before the deadline, Circulate the outline, due 30 Nov 2026; now" in out
    assert "before_7" not in out and "“Circulate" not in out
    assert out.endswith("Nothing was recorded or sent.\n")
    assert not ReminderEntry.objects.exists()
    assert not ReminderRun.objects.exists()
    assert mail.outbox == []


def test_the_counts_add_up_and_a_later_delivery_is_said_in_the_recipients_zone():
    organization, (here, far) = organization_with_focal_points("ILO")
    user_profile_update(
        user=far, language="en", time_zone="Asia/Tokyo", reminder_preference="immediate", mute_noncritical=False
    )
    action_due(organization, -7, title="Share the summary")  # overdue_7 today; due, before_1 ... skipped
    out = run("--dry-run", "--now", NOW.isoformat())
    counts = re.search(
        r"(\d+) points found: (\d+) to send now, (\d+) later .*?, (\d+) skipped .*?, (\d+) missed .*?, "
        r"(\d+) muted by the recipient, (\d+) without a recipient\.",
        out,
    )
    total, *parts = (int(n) for n in counts.groups())
    assert total == sum(parts) and parts[:2] == [1, 1] and parts[2] > 0
    assert f"  to {here.email}: first overdue reminder (7 days late), Share the summary, due 16 Nov 2026; now" in out
    # 15:00 UTC is midnight in Tokyo: the mail waits for 08:00 there, said on Tokyo's clock first.
    assert (
        f"  to {far.email}: first overdue reminder (7 days late), Share the summary, due 16 Nov 2026; "
        "at Tue 24 Nov 2026 08:00 Asia/Tokyo (23:00 UTC), the recipient's delivery hours"
    ) in out
    assert "Would be sent now: 1 reminder:" in out
    assert "Would wait for the recipient's delivery hours: 1 reminder:" in out


def test_one_scan_and_dispatch_sends_and_reports():
    organization, people = organization_with_focal_points("ILO")
    action_due(organization, 0)
    out = run("--now", "2026-11-23T10:00")  # New York time without an offset
    assert "8 points found: 2 to send now, 0 later (outside the recipient's delivery hours), 6 skipped" in out
    assert "Dispatch: 2 mails prepared: 2 sent, 0 failed, 0 cancelled" in out
    for person in people:
        assert f"  Sent to {person.email}: on the deadline day, Action due +0, due 23 Nov 2026\n" in out
    assert out.endswith("Nothing else is waiting.\n")
    assert len(mail.outbox) == 2
    assert ReminderRun.objects.get().now == NOW


def test_point_codes_in_words():
    overdue = [7, 14, 21]
    assert point_in_words("before_14", overdue_days=overdue) == "14 days before the deadline"
    assert point_in_words("before_1", overdue_days=overdue) == "the day before the deadline"
    assert point_in_words("due", overdue_days=overdue) == "on the deadline day"
    assert point_in_words("overdue_14", overdue_days=overdue) == "second overdue reminder (14 days late)"
    assert (
        point_in_words("escalation_28", overdue_days=overdue) == "escalation to the responsible officer (28 days late)"
    )


def test_a_malformed_now_is_refused_with_an_example():
    with pytest.raises(CommandError, match="not an ISO 8601 date and time"):
        run("--now", "next tuesday")


def test_now_without_dry_run_is_refused_under_production_settings(settings):
    settings.REMINDERS_ALLOW_NOW = False
    with pytest.raises(CommandError, match="use it with --dry-run only"):
        run("--now", NOW.isoformat())
    assert "Would be sent now: 0 reminders." in run("--dry-run", "--now", (NOW + dt.timedelta(days=1)).isoformat())
