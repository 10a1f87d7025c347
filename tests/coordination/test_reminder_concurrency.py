"""Two scans, and two dispatches, at the same time on separate database connections."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from coordination.choices import LedgerStatus
from coordination.models import ReminderEntry
from coordination.reminders.dispatch import reminders_dispatch
from coordination.reminders.scan import reminders_scan

from .reminder_helpers import NOW, action_due, organization_with_focal_points

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(function, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(function())
        except Exception as exc:  # reported below, with the thread's own traceback lost otherwise
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_scans_at_once_record_each_point_once_and_two_dispatches_send_it_once():
    people = []
    for acronym in ("ILO", "IOM", "UNFPA", "UNHCR"):
        organization, focal_points = organization_with_focal_points(acronym)
        people += focal_points
        for days in (7, 0, -8):
            action_due(organization, days)

    at_once(lambda: reminders_scan(now=NOW))
    pending = Counter(
        ReminderEntry.objects.filter(status=LedgerStatus.PENDING).values_list("item_id", "point", "recipient_ref")
    )
    assert len(pending) == 4 * 3 * 2
    assert set(pending.values()) == {1}

    results = at_once(lambda: reminders_dispatch(now=NOW))
    assert sum(r.sent for r in results) == len(people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
