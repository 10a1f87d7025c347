"""/healthz and /readyz: the process, and PostgreSQL and Redis within short timeouts."""

import time

import pytest
from django.db import connection

from tests.e2e.live import free_port

pytestmark = [pytest.mark.django_db]


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.redis
def test_readyz_is_ready_when_postgresql_and_redis_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {connection.vendor: "ok", "redis": "ok"}


def test_readyz_names_redis_when_it_does_not_answer_and_answers_quickly(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"][connection.vendor] == "ok"
    assert "ConnectionError" in body["checks"]["redis"]


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_readyz_names_the_database_it_checked(client, monkeypatch, vendor):
    """On a laptop's SQLite it no longer says "postgresql": ok."""
    monkeypatch.setattr(connection, "vendor", vendor)
    checks = client.get("/readyz").json()["checks"]
    assert list(checks) == [vendor, "redis"]
    assert checks[vendor] == "ok"
