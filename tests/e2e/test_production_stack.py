"""The production stack as the Procfile runs it: release, then gunicorn (production settings, behind a
proxy's X-Forwarded-Proto), a Celery worker and beat, on PostgreSQL (a scratch database of its own)
and Redis (a redis-server of its own), mailing to a local SMTP sink (tests/e2e/stack.py).

One stack serves the whole module; the tests run in file order and the last one takes Redis away.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import time
from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.e2e.live import wait_until
from tests.e2e.stack import Stack, postgres_answers, scratch_database

# No `postgres`/`redis` markers: their check (conftest) asks whether the *test* database is PostgreSQL
# and runs after a module fixture, i.e. after the stack started. The stack needs neither pytest-django's
# database nor the machine's Redis; the fixture checks what it does need, skipping (failing under CI=true).
OFFICER_PASSWORD = "officer-stack-password-1"
FOCAL_PASSWORD = "focal-stack-password-1"

# A focal point of one organization, with an e-mail address, and a follow-up action it leads due today.
FOCAL_POINT_AND_DUE_ACTION = f"""
from django.contrib.auth import get_user_model
from agencies.choices import OrganizationCategory
from agencies.models import Organization
from agencies.services import focal_point_assign
from coordination.deadlines import secretariat_today
from coordination.models import FollowUpAction
from meetings.models import Meeting
from meetings.choices import DatePrecision

organization = Organization.objects.create(
    acronym="STK", name="Stack Test Organization", category=OrganizationCategory.SPECIALIZED_AGENCY
)
user = get_user_model().objects.create_user("stk.focal", "stk.focal@example.org", {FOCAL_PASSWORD!r})
focal_point_assign(user=user, organization=organization)
meeting = Meeting.objects.create(title="Stack test coordination meeting")
action = FollowUpAction.objects.create(
    title="Stack test deliverable", origin_meeting=meeting, lead_organization=organization,
    due_precision=DatePrecision.DAY, due_date=secretariat_today(),
)
print(organization.pk, action.pk)
"""


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the production stack cannot start: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def stack():
    if not shutil.which("redis-server"):
        _skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    if not postgres_answers():
        _skip_or_fail("no PostgreSQL answers (DATABASE_URL or 127.0.0.1:5432)")
    with scratch_database() as database_url:
        # Beat's reminder scan every 5 seconds instead of 10 minutes, so its work shows within the test.
        running = Stack(database_url, schedule={"coordination.run_reminders": 5})
        with running:
            with running.logs_on_failure():
                running.manage(
                    "createsuperuser",
                    "--noinput",
                    env={
                        "DJANGO_SUPERUSER_USERNAME": "officer",
                        "DJANGO_SUPERUSER_EMAIL": "officer@coordination.test",
                        "DJANGO_SUPERUSER_PASSWORD": OFFICER_PASSWORD,
                    },
                )
                organization_id, action_id = map(int, running.shell(FOCAL_POINT_AND_DUE_ACTION).split())
            running.organization_id, running.action_id = organization_id, action_id
            yield running
        running.cleanup()


def test_health_answers_over_plain_http_while_pages_redirect_to_https(stack):
    with stack.logs_on_failure():
        health = stack.get("/healthz", https=False)
        assert health.status == 200
        assert health.json() == {"status": "ok"}

        admin = stack.get("/admin/", https=False)
        assert admin.status == 301
        assert admin.header("location") == "https://coordination.test/admin/"

        ready = stack.get("/readyz", https=False)
        assert ready.status == 200
        assert ready.json()["checks"] == {"postgresql": "ok", "redis": "ok"}


def test_every_answer_carries_a_request_id(stack):
    with stack.logs_on_failure():
        response = stack.get("/admin/login/")
        assert response.status == 200
        assert re.fullmatch(r"[0-9a-f-]{32,36}", response.header("x-request-id") or ""), response.headers


def test_the_admin_static_files_are_served_by_the_application_and_cached_long(stack):
    with stack.logs_on_failure():
        login_page = stack.get("/admin/login/").text
        hashed = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login_page)
        assert hashed, "the admin's base.css is not linked under a hashed name (manifest storage)"

        css = stack.get(hashed.group(1))
        assert css.status == 200
        assert b"body" in css.body
        max_age = re.search(r"max-age=(\d+)", css.header("cache-control") or "")
        assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600, css.headers

        assert stack.get("/static/admin/css/base.css").status == 200


def test_the_secretariat_logs_in_to_the_admin(stack):
    with stack.logs_on_failure():
        browser = stack.client()
        page = browser.get("/admin/login/?next=/admin/")
        assert page.status == 200
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        assert "csrftoken" in browser.cookies

        landed = browser.post(
            "/admin/login/?next=/admin/",
            form={"username": "officer", "password": OFFICER_PASSWORD, "csrfmiddlewaretoken": csrf, "next": "/admin/"},
            # Over HTTPS, Django's CSRF check wants the page the form came from, as browsers send it.
            headers={"Referer": "https://coordination.test/admin/login/?next=/admin/"},
            follow=True,
        )
        assert landed.status == 200, landed.text[:2000]
        assert "sessionid" in browser.cookies
        # Production asks staff for a second factor: with none yet, the admin sends the officer to set one up.
        assert landed.url.startswith("/admin/second-factor/enrol/"), landed.url
        key = re.search(r'<code class="second-factor-key">([A-Z2-7 ]+)</code>', landed.text).group(1)
        code = f"{totp(b32decode(key.replace(' ', '')), digits=6):06d}"  # what the phone's app shows
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', landed.text).group(1)
        confirmed = browser.post(
            landed.url,
            form={"code": code, "csrfmiddlewaretoken": csrf, "next": "/admin/"},
            headers={"Referer": f"https://coordination.test{landed.url}"},
        )
        assert confirmed.status == 200, confirmed.text[:2000]
        assert "Your recovery codes" in confirmed.text

        index = browser.get("/admin/")
        assert index.status == 200, index.text[:2000]
        assert "Migration coordination" in index.text
        assert 'name="password"' not in index.text  # the index, not the login form again


def test_a_focal_point_gets_a_token_and_reads_the_api(stack):
    with stack.logs_on_failure():
        token = stack.post("/api/v1/auth/token/", json_body={"username": "stk.focal", "password": FOCAL_PASSWORD})
        assert token.status == 201, token.text
        assert token.json()["expires"]

        actions = stack.get(
            f"/api/v1/actions/?organization={stack.organization_id}",
            headers={"Authorization": f"Token {token.json()['token']}"},
        )
        assert actions.status == 200, actions.text
        assert [a["id"] for a in actions.json()["results"]] == [stack.action_id]

        assert stack.get("/api/v1/actions/").status == 401


def test_beat_has_the_worker_scan_and_mail_a_reminder_due_today(stack):
    with stack.logs_on_failure():
        wait_until(
            lambda: any(m["To"] == "stk.focal@example.org" for m in stack.smtp.messages),
            timeout=60,
            interval=0.5,
            message="the reminder of the action due today at the SMTP sink",
        )
        reminder = next(m for m in stack.smtp.messages if m["To"] == "stk.focal@example.org")
        assert reminder["Subject"] == "Reminder: Stack test deliverable (due today)"
        assert stack.sql("SELECT count(*) FROM coordination_reminderrun WHERE finished_at IS NOT NULL")[0][0] >= 1
        wait_until(
            lambda: stack.sql("SELECT status FROM coordination_reminderdelivery") == [("sent",)],
            timeout=10,
            message="the delivery recorded sent",
        )
        assert stack.grep("beat", r"Sending due task .*coordination\.run_reminders")
        assert stack.grep("worker", r"Task coordination\.run_reminders\[.*\] succeeded")


def _until_readyz(stack: Stack, status: int, *, timeout: float):
    """Poll /readyz until it answers ``status``: that answer, and the seconds until it came."""
    started = time.monotonic()
    while True:
        response = stack.readyz(timeout=15)
        if response.status == status:
            return response, time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"/readyz still answers {response.status} after {timeout} s: {response.text}")
        time.sleep(0.2)


def test_readyz_names_redis_within_10_seconds_while_it_is_unreachable_and_recovers(stack):
    with stack.logs_on_failure():
        # Frozen: connections are accepted by the kernel, nothing answers (a hung server, a black hole).
        stack.kill("redis", signal.SIGSTOP)
        try:
            frozen, frozen_after = _until_readyz(stack, 503, timeout=10)
        finally:
            stack.kill("redis", signal.SIGCONT)
        _, thawed_after = _until_readyz(stack, 200, timeout=30)

        # Stopped: connections are refused.
        stack.stop_redis()
        stopped, stopped_after = _until_readyz(stack, 503, timeout=10)
        stack.start_redis()
        back, back_after = _until_readyz(stack, 200, timeout=30)

        print(  # noqa: T201 -- the measurement, shown with -rP or -s
            f"/readyz: Redis frozen -> 503 after {frozen_after:.2f} s (the request took {frozen.seconds:.2f} s), "
            f"200 again {thawed_after:.2f} s after it thawed; Redis stopped -> 503 after {stopped_after:.2f} s "
            f"({stopped.seconds:.2f} s), 200 again {back_after:.2f} s after it restarted"
        )
        for answer in (frozen, stopped):
            assert answer.seconds < 10
            body = answer.json()
            assert body["status"] == "unavailable"
            assert body["checks"]["postgresql"] == "ok"
            assert body["checks"]["redis"] != "ok"
        assert back.json()["checks"] == {"postgresql": "ok", "redis": "ok"}
