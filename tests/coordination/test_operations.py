"""/status, the workers' heartbeat, request ids, JSON log lines and the security headers."""

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import uuid
from logging.config import DictConfigurator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_guid import set_guid

from coordination.models import ReminderRun
from coordination.operations import SCAN_TASK, operations_status
from core.models import WorkerHeartbeat
from core.tasks import send_outbox

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous_user", 401), ("no_organization_user", 403), ("focal_point_a", 403), ("secretariat_user", 200)],
)
def test_status_is_for_the_secretariat_only(api_client_for, request, actor, expected):
    response = api_client_for(request.getfixturevalue(actor)).get(reverse("status"))
    assert response.status_code == expected
    if expected == 200:
        assert set(response.json()) == {"ok", "problems", "now", "workers", "reminders", "outbox"}


def _scan_scheduled_at(moment: dt.datetime) -> None:
    """The migration's schedule for the scan, made at ``moment`` (a transactional test may have flushed it)."""
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    task, _ = PeriodicTask.objects.get_or_create(
        name="Scan and send reminders", defaults={"task": SCAN_TASK, "interval": every_ten_minutes}
    )
    PeriodicTask.objects.filter(pk=task.pk).update(date_changed=moment, enabled=True)  # update(): no auto_now


def test_with_no_heartbeat_and_no_scan_status_names_both_problems():
    now = timezone.now()
    _scan_scheduled_at(now - dt.timedelta(hours=1))
    ReminderRun.objects.create(started_at=now - dt.timedelta(minutes=45), finished_at=now, now=now)
    status = operations_status(now=now, ping=False)
    assert status["ok"] is False
    assert [p.split(":")[0] for p in status["problems"]] == [
        "No worker has run the outbox sender lately",
        "The reminder scan has not run in the last 30 minutes",
    ]


def test_no_alarm_about_the_scan_before_the_first_is_due():
    """A fresh start (`make run`, a new installation): no scan yet, and none was due yet."""
    now = timezone.now()
    _scan_scheduled_at(now - dt.timedelta(minutes=8))
    send_outbox.apply()  # a worker is up
    status = operations_status(now=now, ping=False)
    assert (status["ok"], status["problems"]) == (True, [])
    assert status["reminders"]["first_due_by"] == now - dt.timedelta(minutes=8) + dt.timedelta(minutes=30)

    later = operations_status(now=now + dt.timedelta(minutes=23), ping=False)
    assert [p.split(":")[0] for p in later["problems"]][-1] == (
        "The first reminder scan has not run 30 minutes after it was scheduled"
    )


def test_without_a_schedule_for_the_scan_status_says_so():
    PeriodicTask.objects.filter(task=SCAN_TASK).update(enabled=False)
    status = operations_status(ping=False)
    assert "No reminder scan is scheduled" in status["problems"][-1]


def test_a_worker_running_the_outbox_sender_is_its_heartbeat_and_status_turns_ok():
    send_outbox.apply()  # as a worker runs it, in this process
    (beat,) = WorkerHeartbeat.objects.all()
    assert timezone.now() - beat.seen_at < dt.timedelta(seconds=30)
    now = timezone.now()
    ReminderRun.objects.create(started_at=now - dt.timedelta(minutes=5), finished_at=now, now=now)
    status = operations_status(ping=False)
    assert (status["ok"], status["problems"], status["workers"]["alive"]) == (True, [], True)

    later = operations_status(now=now + dt.timedelta(minutes=4), ping=False)
    assert later["workers"]["alive"] is False and later["workers"]["seconds_since"] >= 240


def test_a_live_ping_reports_an_unreachable_broker_within_seconds_instead_of_failing():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TEST_BROKER_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        # Keep that broker even though it does not answer: outside CI the test settings would fall
        # back to the filesystem broker, and there would be no refusal to report.
        "CI": "true",
    }
    code = "import django, json; django.setup(); from coordination.operations import ping_workers; "
    code += "started = __import__('time').monotonic(); result = ping_workers(); "
    code += "print(json.dumps({**result, 'seconds': __import__('time').monotonic() - started}))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["answered"] == []
    assert "Connection refused" in result["error"]
    assert result["seconds"] < 5


def test_the_dashboard_says_when_no_worker_has_reported(client, secretariat_user):
    client.force_login(secretariat_user)
    assert "none has reported yet" in client.get(reverse("admin:index")).content.decode()
    WorkerHeartbeat.objects.create(hostname="celery@web-1", seen_at=timezone.now() - dt.timedelta(minutes=10))
    assert "no heartbeat for 10" in client.get(reverse("admin:index")).content.decode()
    WorkerHeartbeat.objects.create(hostname="celery@web-2", seen_at=timezone.now())
    assert "taking tasks" in client.get(reverse("admin:index")).content.decode()


def test_every_response_carries_a_request_id_and_a_valid_one_from_the_proxy_is_kept(client):
    made_up = client.get(reverse("healthz"))["X-Request-ID"]
    assert uuid.UUID(made_up)
    given = uuid.uuid4().hex
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>" and uuid.UUID(forged)


def test_a_json_log_line_carries_the_request_id():
    formatter = DictConfigurator({}).configure_formatter(dict(settings.LOGGING["formatters"]["json"]))
    handler = logging.StreamHandler()
    lines = []
    handler.emit = lambda record: lines.append(handler.format(record))
    handler.setFormatter(formatter)
    handler.addFilter(DictConfigurator({}).configure_filter(dict(settings.LOGGING["filters"]["request_id"])))
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    try:
        set_guid("4f1c0a5ad3b94e0c8a9a0f6ad1e0c2b7")
        logger.warning("Reminder %s sent", 42)
    finally:
        logger.removeHandler(handler)
        set_guid(None)
    line = json.loads(lines[0])
    assert line["request_id"] == "4f1c0a5ad3b94e0c8a9a0f6ad1e0c2b7"
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "tests.json", "Reminder 42 sent")
    assert dt.datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%S%z")


def test_pages_are_served_with_a_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
