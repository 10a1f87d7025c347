"""Reminders end to end: the tasks through Redis to real worker processes, mail to a real SMTP
server, with an explicit `now`; and workers killed at fixed points of the dispatch."""

import datetime as dt
import signal
from collections import Counter

import pytest
from django.conf import settings

from agencies.models import UserProfile
from coordination.choices import DeliveryStatus, LedgerStatus
from coordination.models import ReminderDelivery, ReminderEntry, ReminderRun
from coordination.reminders.dispatch import reminders_dispatch
from coordination.tasks import dispatch_reminders, run_reminders
from tests.coordination.reminder_helpers import NOW, action_due, organization_with_focal_points
from tests.e2e.live import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

AFTER_LEASE = NOW + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)


def all_sent(expected: int):
    def check():
        return ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() >= expected

    return check


def received(smtp_server) -> Counter:
    return Counter((m["To"], m["Subject"]) for m in smtp_server.messages)


def three_deadlines_two_focal_points_each():
    people = {}
    for acronym, days in (("ILO", 7), ("IOM", 0), ("UNFPA", -8)):
        organization, focal_points = organization_with_focal_points(acronym)
        action_due(organization, days, title=f"{acronym} deliverable")
        people[acronym] = focal_points
    return people


def test_each_focal_point_gets_exactly_the_expected_mail_once(through_broker, smtp_server):
    smtp_server.clear()
    people = three_deadlines_two_focal_points_each()

    run_reminders.delay(NOW.isoformat())
    wait_until(all_sent(6), timeout=60, message=f"six reminders (log: {through_broker.log_path})")
    run_reminders.delay((NOW + dt.timedelta(minutes=10)).isoformat())  # the beat fires again
    run_reminders.delay((NOW + dt.timedelta(minutes=10)).isoformat())  # ... and twice
    wait_until(
        lambda: (
            ReminderRun.objects.filter(finished_at__isnull=False).count() == 3
            and not ReminderDelivery.objects.exclude(status=DeliveryStatus.SENT).exists()
        ),
        timeout=60,
        message="the two later runs",
    )

    expected = Counter(
        {
            (people["ILO"][0].email, "Reminder: ILO deliverable (due in 7 days)"): 1,
            (people["ILO"][1].email, "Reminder: ILO deliverable (due in 7 days)"): 1,
            (people["IOM"][0].email, "Reminder: IOM deliverable (due today)"): 1,
            (people["IOM"][1].email, "Reminder: IOM deliverable (due today)"): 1,
            (people["UNFPA"][0].email, "Reminder: UNFPA deliverable (8 days overdue)"): 1,
            (people["UNFPA"][1].email, "Reminder: UNFPA deliverable (8 days overdue)"): 1,
        }
    )
    assert received(smtp_server) == expected


def test_a_spanish_focal_point_gets_the_reminder_in_spanish_through_the_worker(through_broker, smtp_server):
    """#20: a mail goes in its recipient's language, also from a worker process (no request, no browser)."""
    smtp_server.clear()
    organization, (spanish, english) = organization_with_focal_points("ILO")
    UserProfile.objects.update_or_create(user=spanish, defaults={"language": "es"})
    action_due(organization, 7, title="ILO deliverable")

    run_reminders.delay(NOW.isoformat())
    wait_until(all_sent(2), timeout=60, message=f"two reminders (log: {through_broker.log_path})")

    mails = {m["To"]: m for m in smtp_server.messages}
    # (an encoded subject, folded onto its own line by Django, reads with a leading space here)
    assert mails[spanish.email]["Subject"].strip() == "Recordatorio: ILO deliverable (el plazo vence en 7 días)"
    assert mails[english.email]["Subject"] == "Reminder: ILO deliverable (due in 7 days)"
    text = mails[spanish.email].get_body(("plain",)).get_content()
    html = mails[spanish.email].get_body(("html",)).get_content()
    assert "Estimado/a" in text and "El plazo vence en 7 días: 30 de noviembre de 2026" in text
    assert '<html lang="es">' in html and "Dejar de recibir los recordatorios anticipados" in html


@pytest.mark.parametrize("kill_at", ["after_claim", "between_recipients", "after_status_write"])
def test_a_dispatching_worker_killed_at_any_point_loses_and_repeats_nothing(
    start_worker, through_broker, smtp_server, kill_at
):
    smtp_server.clear()
    organization, people = organization_with_focal_points("ILO")
    action_due(organization, 7, title="ILO deliverable")
    doomed = start_worker(queue=f"kill-{kill_at}", REMINDER_TEST_KILL_AT=kill_at)

    run_reminders.apply_async(args=[NOW.isoformat()], queue=f"kill-{kill_at}")
    assert doomed.wait_for_death() == -signal.SIGKILL
    assert f"REMINDER_TEST_KILL_AT={kill_at}" in doomed.log()

    # A new dispatch once the dead worker's lease has expired.
    dispatch_reminders.delay(AFTER_LEASE.isoformat())
    wait_until(all_sent(2), timeout=60, message=f"both reminders sent (log: {through_broker.log_path})")
    assert reminders_dispatch(now=AFTER_LEASE + dt.timedelta(minutes=10)).sent == 0  # and again: nothing more

    assert sorted(to for to, _ in received(smtp_server).elements()) == sorted(p.email for p in people)
    assert not ReminderDelivery.objects.filter(possible_duplicate=True).exists()
    # The ledger agrees: every row handed to a delivery is recorded sent, none left claimed.
    assert set(ReminderEntry.objects.exclude(delivery=None).values_list("status", flat=True)) == {LedgerStatus.SENT}


def test_a_worker_killed_inside_the_mail_server_window_causes_at_most_one_flagged_duplicate(
    start_worker, through_broker, smtp_server
):
    smtp_server.clear()
    organization, people = organization_with_focal_points("ILO", primaries=1)
    action_due(organization, 7, title="ILO deliverable")
    doomed = start_worker(queue="kill-window", REMINDER_TEST_KILL_AT="inside_window")

    run_reminders.apply_async(args=[NOW.isoformat()], queue="kill-window")
    assert doomed.wait_for_death() == -signal.SIGKILL
    assert len(smtp_server.messages) == 1  # the server accepted it; we never recorded that

    dispatch_reminders.delay(AFTER_LEASE.isoformat())
    wait_until(all_sent(1), timeout=60, message="the interrupted reminder to be sent again")

    # The documented side of the window: a possible duplicate, never a loss, and flagged.
    assert [m["To"] for m in smtp_server.messages] == [people[0].email, people[0].email]
    delivery = ReminderDelivery.objects.get()
    assert delivery.possible_duplicate
    assert delivery.attempts == 2
    assert "possible duplicate" in through_broker.log()
