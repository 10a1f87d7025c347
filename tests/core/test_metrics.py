"""/metrics (#22 point 4): Prometheus' text format behind a bearer token, with the request counts and
latencies by view and what the database knows (reminders, outbox, scan and heartbeat ages, lockouts).
Summed across gunicorn's workers: tests/e2e/test_metrics_gunicorn.py."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from coordination.models import ReminderDelivery, ReminderRun
from core.choices import OutboxStatus
from core.models import OutboxMessage, WorkerHeartbeat
from tests.config.test_settings_start import PRODUCTION_ENV, run_manage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-metrics-token-of-at-least-thirty-two-characters"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client, token=TOKEN):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


def samples(response) -> dict[tuple[str, tuple], float]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == CONTENT_TYPE_LATEST  # text/plain; version=...
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_without_a_configured_token_there_is_no_metrics_endpoint(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert scrape(client, "anything").status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Token {TOKEN}", f"Basic {TOKEN}", "Bearer"])
def test_without_the_token_the_answer_is_401_and_says_bearer(client, token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"coordination_" not in response.content


def test_requests_are_counted_and_timed_by_view(client, token):
    before = samples(scrape(client))
    key = ("coordination_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "healthz")))
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page-here")
    after = samples(scrape(client))
    assert after[key] - before.get(key, 0) == 3
    unmatched = ("coordination_http_requests_total", (("method", "GET"), ("status", "404"), ("view", "unmatched")))
    assert after[unmatched] - before.get(unmatched, 0) == 1
    count = ("coordination_http_request_duration_seconds_count", (("view", "healthz"),))
    assert after[count] - before.get(count, 0) == 3
    assert ("coordination_http_request_duration_seconds_bucket", (("le", "0.1"), ("view", "healthz"))) in after


def test_what_the_database_knows_is_read_at_the_scrape(client, token, settings, django_assert_max_num_queries):
    now = timezone.now()
    ReminderRun.objects.create(
        started_at=now - dt.timedelta(minutes=4, seconds=5),
        finished_at=now - dt.timedelta(minutes=4),
        now=now,
        pending=5,
        skipped=3,
        missed=1,
        muted=2,
        no_recipient=1,
    )
    ReminderRun.objects.create(started_at=now, finished_at=now, now=now, pending=2)
    recipient = UserFactory(username="reminded", email="reminded@example.org")
    for status in ("sent", "sent", "failed", "queued"):
        ReminderDelivery.objects.create(recipient=recipient, to_email=recipient.email, status=status, created_at=now)
    OutboxMessage.objects.create(
        kind="test", to_email="a@example.org", subject="s", body_text="b", available_at=now - dt.timedelta(minutes=12)
    )
    OutboxMessage.objects.create(kind="test", to_email="b@example.org", subject="s", body_text="b", available_at=now)
    OutboxMessage.objects.create(
        kind="test", to_email="c@example.org", subject="s", body_text="b", available_at=now, status=OutboxStatus.FAILED
    )
    WorkerHeartbeat.objects.create(hostname="worker@a", seen_at=now - dt.timedelta(seconds=70))
    WorkerHeartbeat.objects.create(hostname="worker@gone", seen_at=now - dt.timedelta(hours=2))
    attempt = {"user_agent": "curl", "path_info": "/admin/login/", "get_data": "", "post_data": ""}
    AccessAttempt.objects.create(
        username="officer", ip_address="192.0.2.1", failures_since_start=settings.AXES_FAILURE_LIMIT, **attempt
    )
    AccessAttempt.objects.create(username="officer", ip_address="192.0.2.2", failures_since_start=1, **attempt)

    with django_assert_max_num_queries(8):  # a fixed number of aggregates, whatever the tables hold
        found = samples(scrape(client))

    assert found[("coordination_database_up", ())] == 1
    assert found[("coordination_reminder_scans_total", ())] == 2
    points = {outcome: found[("coordination_reminder_points_total", (("outcome", outcome),))] for outcome in
              ("to_send", "skipped", "missed", "muted", "no_recipient")}  # fmt: skip
    assert points == {"to_send": 7, "skipped": 3, "missed": 1, "muted": 2, "no_recipient": 1}
    assert found[("coordination_reminder_mails_total", (("status", "sent"),))] == 2
    assert found[("coordination_reminder_mails_total", (("status", "failed"),))] == 1
    assert 0 <= found[("coordination_reminder_scan_age_seconds", ())] < 60
    assert found[("coordination_outbox_pending", ())] == 2
    assert found[("coordination_outbox_failed", ())] == 1
    assert 12 * 60 <= found[("coordination_outbox_oldest_pending_age_seconds", ())] < 13 * 60
    assert 70 <= found[("coordination_worker_heartbeat_age_seconds", ())] < 130
    assert found[("coordination_workers_fresh", ())] == 1
    assert found[("coordination_login_lockouts", ())] == 1


def test_before_any_scan_or_heartbeat_their_ages_are_absent_not_zero(client, token):
    found = samples(scrape(client))
    assert ("coordination_reminder_scan_age_seconds", ()) not in found
    assert ("coordination_worker_heartbeat_age_seconds", ()) not in found
    assert found[("coordination_reminder_scans_total", ())] == 0


def test_production_refuses_a_short_token_and_starts_without_one():
    short = run_manage("check", env={**PRODUCTION_ENV, "METRICS_TOKEN": "too-short"})
    assert short.returncode != 0
    assert "METRICS_TOKEN is too short" in short.stderr
    assert run_manage("check", env={**PRODUCTION_ENV, "METRICS_TOKEN": ""}).returncode == 0
