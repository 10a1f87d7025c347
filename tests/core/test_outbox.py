import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.choices import OutboxStatus
from core.mail import SUBJECT_LENGTH, subject_line
from core.models import OutboxMessage
from core.notifications import outbox_enqueue
from core.outbox import outbox_claim, outbox_send_due
from tests.factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def test_a_due_message_is_sent_once_and_marked_sent():
    message = OutboxMessageFactory(available_at=NOW, body_html="<p>Please revise.</p>")
    first = outbox_send_due(now=NOW)
    second = outbox_send_due(now=NOW + dt.timedelta(minutes=1))
    assert (first.sent, second.claimed) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [message.to_email]
    assert mail.outbox[0].alternatives[0].content == "<p>Please revise.</p>"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None


def test_a_message_not_yet_due_waits():
    OutboxMessageFactory(available_at=NOW + dt.timedelta(minutes=5))
    assert outbox_send_due(now=NOW).claimed == 0
    assert outbox_send_due(now=NOW + dt.timedelta(minutes=5)).sent == 1


def test_a_failed_send_is_retried_later_with_backoff_and_given_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.coordination.failing_backend.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = OutboxMessageFactory(available_at=NOW)
    result = outbox_send_due(now=NOW)
    message.refresh_from_db()
    assert (result.failed, message.status, message.attempts) == (1, OutboxStatus.PENDING, 1)
    assert "SMTPRecipientsRefused" in message.last_error
    assert message.available_at == NOW + dt.timedelta(minutes=1)
    assert outbox_send_due(now=NOW + dt.timedelta(seconds=30)).claimed == 0
    result = outbox_send_due(now=NOW + dt.timedelta(minutes=1))
    message.refresh_from_db()
    assert (result.gave_up, message.status, message.attempts) == (1, OutboxStatus.FAILED, 2)


def test_a_lease_held_by_a_live_sender_is_respected_and_an_expired_one_is_taken_over(settings):
    message = OutboxMessageFactory(available_at=NOW)
    _, claimed = outbox_claim(now=NOW, limit=10)  # a sender that then dies before sending
    assert claimed == [message.pk]
    assert outbox_send_due(now=NOW + dt.timedelta(seconds=10)).claimed == 0
    later = NOW + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox_send_due(now=later).sent == 1
    assert len(mail.outbox) == 1


def test_writing_the_same_notification_twice_keeps_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = outbox_enqueue(
            kind="update_returned",
            to_email="a@example.org",
            subject="S",
            body_text="B",
            dedupe_key="update-7-returned-1",
        )
        second = outbox_enqueue(
            kind="update_returned",
            to_email="a@example.org",
            subject="S",
            body_text="B",
            dedupe_key="update-7-returned-1",
        )
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(callbacks) == 1


def test_enqueueing_nudges_the_sender_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(
            kind="call_opened", to_email="focal@example.org", subject="A call for inputs", body_text="Please answer."
        )
    # The eager test broker ran the sender task on commit.
    assert [m.subject for m in mail.outbox] == ["A call for inputs"]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_broker_outage_at_commit_loses_nothing(django_capture_on_commit_callbacks, monkeypatch):
    from core import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.send_outbox, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(kind="call_opened", to_email="focal@example.org", subject="S", body_text="B")
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert outbox_send_due(now=timezone.now() + dt.timedelta(seconds=1)).sent == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_claim_disjoint_messages():
    import threading

    from django.db import connection, transaction

    messages = [OutboxMessageFactory(available_at=NOW) for _ in range(6)]
    locked, release = threading.Event(), threading.Event()

    def other_sender_mid_claim():
        with transaction.atomic():
            list(OutboxMessage.objects.select_for_update().filter(pk__in=[m.pk for m in messages[:3]]))
            locked.set()
            release.wait(timeout=10)
        connection.close()

    thread = threading.Thread(target=other_sender_mid_claim)
    thread.start()
    assert locked.wait(timeout=10)
    try:
        _, claimed = outbox_claim(now=NOW, limit=10)
    finally:
        release.set()
        thread.join()
    assert sorted(claimed) == sorted(m.pk for m in messages[3:])


def test_a_subject_typed_with_line_breaks_is_sent_on_one_line_not_stuck():
    # A title pasted with a line break (an update's, a call's) once made every mail about it fail
    # with BadHeaderError, retried until given up.
    message = OutboxMessageFactory(available_at=NOW, subject="Returned for revision: Activities\r\n2025\tand\x0b2026")
    assert outbox_send_due(now=NOW).sent == 1
    assert mail.outbox[0].subject == "Returned for revision: Activities 2025 and 2026"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def test_a_subject_is_cut_to_a_readable_length():
    line = subject_line("Call for inputs: " + "migration " * 100)
    assert len(line) == SUBJECT_LENGTH and line.endswith("…") and "\n" not in line
