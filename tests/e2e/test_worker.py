"""A task travels through the real Redis to a real worker process, which writes to the test
database and mails through a real SMTP server."""

import pytest

from core.choices import OutboxStatus
from core.models import OutboxMessage
from core.tasks import send_outbox
from tests.e2e.live import wait_until
from tests.factories import OutboxMessageFactory

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
    from core.notifications import outbox_enqueue

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


def test_the_request_id_of_an_api_call_is_in_the_log_of_the_task_it_enqueued(
    through_broker, smtp_server, api_client_for, secretariat_user, organization_a, focal_point_a
):
    from django.urls import reverse

    from tests.factories import ActivityUpdateFactory

    update = ActivityUpdateFactory(organization=organization_a, status="submitted")
    officer = api_client_for(secretariat_user)
    url = reverse("updates-return", args=[update.pk])
    etag = officer.get(reverse("updates-detail", args=[update.pk]))["ETag"]
    request_id = "5b2f7d0c6a1e4f3b9c8d7e6f5a4b3c2d"
    response = officer.post(
        url, {"comment": "Please add 2026."}, format="json", HTTP_IF_MATCH=etag, HTTP_X_REQUEST_ID=request_id
    )
    assert response.status_code == 200, response.json()
    assert response["X-Request-ID"] == request_id

    line = wait_until(
        lambda: next(
            (line for line in through_broker.log().splitlines() if request_id in line and "succeeded" in line), None
        ),
        timeout=30,
        message=f"the worker's log line of the returned update's mail (log: {through_broker.log_path})",
    )
    assert "Task coordination.send_outbox" in line


def test_status_pings_the_running_worker_through_the_broker(through_broker):
    from coordination.operations import ping_workers

    assert ping_workers() == {"answered": [through_broker.hostname], "error": None}
