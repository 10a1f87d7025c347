from io import StringIO

from django.core.management import call_command


def test_the_seeds_alone_would_send_no_reminder(seeded, db):
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "Would be sent now: 0 reminders." in out.getvalue()
    assert "Would wait" not in out.getvalue()
