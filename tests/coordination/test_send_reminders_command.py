import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from coordination.models import ReminderEntry, ReminderRun

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
    assert "2 reminders would be sent now" in out
    for person in people:
        assert f"to {person.email}: before_7 of “Circulate the outline”" in out
    assert "Nothing was recorded or sent." in out
    assert not ReminderEntry.objects.exists()
    assert not ReminderRun.objects.exists()
    assert mail.outbox == []


def test_one_scan_and_dispatch_sends_and_reports():
    organization, _ = organization_with_focal_points("ILO")
    action_due(organization, 0)
    out = run("--now", "2026-11-23T10:00")  # New York time without an offset
    assert "2 to send" in out
    assert "Dispatch: 2 mails sent, 0 failed" in out
    assert len(mail.outbox) == 2
    assert ReminderRun.objects.get().now == NOW


def test_a_malformed_now_is_refused_with_an_example():
    with pytest.raises(CommandError, match="not an ISO 8601 date and time"):
        run("--now", "next tuesday")


def test_now_without_dry_run_is_refused_under_production_settings(settings):
    settings.REMINDERS_ALLOW_NOW = False
    with pytest.raises(CommandError, match="use it with --dry-run only"):
        run("--now", NOW.isoformat())
    assert "reminders would be sent" in run("--dry-run", "--now", (NOW + dt.timedelta(days=1)).isoformat())
