"""Shared fixtures: service markers, the five actors of the visibility table of docs/design.md, a real SMTP
server and a real Celery worker process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation
from knox.models import AuthToken
from rest_framework.test import APIClient

from agencies.services import secretariat_group
from config.broker import redis_answers
from core import outages

from .e2e.live import CeleryWorker, SmtpSink
from .factories import FocalPointFactory, OrganizationFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
_missing_services: dict[str, str] = {}
# The accessibility checker of the browser tests, from the npm registry at the version package-lock.json pins.
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def _service_missing(marker: str) -> str | None:
    """Why the service a marker needs is missing here, or None when it is available."""
    if marker == "postgres":
        if connection.vendor != "postgresql":
            return "PostgreSQL is not the test database (set DATABASE_URL=postgres://...)"
    elif marker == "redis":
        if not redis_answers(settings.REDIS_URL):
            return f"no Redis answers at {settings.REDIS_URL}"
    elif marker == "source_documents":
        if not Path(settings.SOURCE_DOCUMENTS_DIR).is_dir():
            return f"the source documents are not at {settings.SOURCE_DOCUMENTS_DIR} (set SOURCE_DOCUMENTS_DIR)"
    elif marker == "browser":
        if not shutil.which("chromium"):
            return "Debian's chromium is not installed (apt-get install chromium)"
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "Playwright is not installed"
    elif marker == "axe" and not AXE_SCRIPT.is_file():
        return f"axe-core is not installed at {AXE_SCRIPT.parent} (run `npm ci` in the project)"
    return None


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request leaves its language active in the thread (LocaleMiddleware activates, nothing resets):
    each test starts in English, whatever language the previous one's pages were in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip a test whose service is missing, with the reason in the summary; fail under CI=true.

    Decided in the setup hook, before any fixture of the test is set up: a fixture would come too late
    for Playwright's, whose session-scoped browser launches first (and errors without chromium)."""
    for marker in ("postgres", "redis", "browser", "axe", "source_documents"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _service_missing(marker)
        if reason is None:
            continue
        _skip_or_fail(marker, reason)


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    """Each test starts with the broker and the cache believed up (core/outages.py keeps a failure in
    the process for a cool-down, which would otherwise reach the next tests)."""
    outages.broker.reset()
    outages.cache.reset()
    yield
    outages.broker.reset()
    outages.cache.reset()


def _skip_or_fail(marker: str, reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true and the '{marker}' service is missing: {reason}")
    _missing_services[marker] = reason
    pytest.skip(f"{marker}: {reason}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _missing_services:
        terminalreporter.section("services missing here (these tests were skipped; CI runs them)")
        for marker, reason in sorted(_missing_services.items()):
            terminalreporter.line(f"{marker}: {reason}")


# --- The five actors ----------------------------------------------------------------------------


@pytest.fixture
def organization_a(db):
    return OrganizationFactory(acronym="ORGA", name="Organization A")


@pytest.fixture
def organization_b(db):
    return OrganizationFactory(acronym="ORGB", name="Organization B")


@pytest.fixture
def secretariat_user(db):
    user = UserFactory(username="officer", is_staff=True, email="officer@secretariat.example.org")
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def focal_point_a(db, organization_a):
    return FocalPointFactory(organization=organization_a, user__username="focal-a").user


@pytest.fixture
def focal_point_b(db, organization_b):
    return FocalPointFactory(organization=organization_b, user__username="focal-b").user


@pytest.fixture
def no_organization_user(db):
    return UserFactory(username="outsider")


@pytest.fixture
def anonymous_user():
    return AnonymousUser()


# --- Real services ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def smtp_server():
    """An aiosmtpd server on a free port, collecting every message it accepts."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, smtp_server, tmp_path_factory):
    """A real ``celery worker`` process on the test database and the test broker (its own Redis
    database number), mailing through the test's SMTP server. Stopped before the test database
    is torn down (this fixture depends on ``django_db_setup``, so it finalizes first)."""
    # Session fixtures start before the per-test marker check, so check here too.
    for marker in ("postgres", "redis"):
        reason = _service_missing(marker)
        if reason:
            _skip_or_fail(marker, f"the Celery worker fixture needs it: {reason}")
    worker = CeleryWorker(
        database=connection.settings_dict,
        broker_url=settings.CELERY_BROKER_URL,
        email_url=f"smtp://127.0.0.1:{smtp_server.port}",
        log_path=tmp_path_factory.mktemp("celery") / "worker.log",
    )
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def start_worker(celery_worker, smtp_server, tmp_path):
    """Start an extra worker with its own queue and environment (the kill tests); stopped after the test."""
    started = []

    def start(*, queue: str, **env: str) -> CeleryWorker:
        worker = CeleryWorker(
            database=connection.settings_dict,
            broker_url=settings.CELERY_BROKER_URL,
            email_url=f"smtp://127.0.0.1:{smtp_server.port}",
            log_path=tmp_path / f"worker-{queue}.log",
            queue=queue,
            extra_env=env,
        )
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def through_broker(celery_worker):
    """Send tasks through the broker to the worker process instead of running them in-process."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield celery_worker
    app.conf.task_always_eager = previous


@pytest.fixture
def api_client_for():
    """An API client authenticated with a real token of the given user (or anonymous for None)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None and user.is_authenticated:
            _, token = AuthToken.objects.create(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def officer(api_client_for, secretariat_user):
    """The secretariat's API client (a real token)."""
    return api_client_for(secretariat_user)


@pytest.fixture
def focal(api_client_for, focal_point_a):
    """The API client of organization A's focal point."""
    return api_client_for(focal_point_a)


@pytest.fixture
def officer_client(client, secretariat_user):
    """A browser of the admin, logged in as the secretariat's officer."""
    client.force_login(secretariat_user)
    return client
