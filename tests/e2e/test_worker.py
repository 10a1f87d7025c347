"""A task travels through the real Redis to a real worker process, which writes to the test
database and mails through a real SMTP server."""

import pytest

from coordination.choices import OutboxStatus
from coordination.models import OutboxMessage
from coordination.tasks import send_outbox
from tests.factories import OutboxMessageFactory
from tests.live import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_the_outbox_sender_runs_on_the_worker_and_mails_through_smtp(through_broker, smtp_server):
    smtp_server.clear()
    message = OutboxMessageFactory(to_email="focal.point@ilo.example.org", subject="An update was returned")

    send_outbox.delay()

    def sent():
        message.refresh_from_db()
        return message.status == OutboxStatus.SENT

    wait_until(sent, timeout=30, message=f"the worker to send the message (log: {through_broker.log_path})")
    received = smtp_server.messages
    assert [(m["To"], m["Subject"]) for m in received] == [("focal.point@ilo.example.org", "An update was returned")]
    assert "Task coordination.send_outbox" in through_broker.log()


def test_committing_an_outbox_message_is_enough_for_the_worker_to_send_it(through_broker, smtp_server):
    from coordination.services import outbox_enqueue

    smtp_server.clear()
    message = outbox_enqueue(
        kind="call_opened",
        to_email="unfpa@example.org",
        subject="A call for inputs is open",
        body_text="Please answer.",
    )  # autocommit: the on-commit nudge goes out at once
    wait_until(
        lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENT).exists(),
        timeout=30,
        message="the nudged worker to send the message",
    )
    assert [m["Subject"] for m in smtp_server.messages] == ["A call for inputs is open"]
