"""A stalled broker never holds a request (core/outages.py): a redis-server of the test's own behind
both the cache and the Celery broker, paused with SIGSTOP (it accepts connections into the kernel's
backlog and answers nothing, as a frozen machine does). Requests are answered, mail waits in the
outbox, and each of the cache and the broker is tried once per cool-down, not once per request.

The tight latency figures are bench/faults.py's; here the bounds are loose (seconds, not milliseconds).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.core.cache.backends.redis import RedisCacheClient
from django.urls import reverse

from config.celery import app
from core import outages
from core.choices import OutboxStatus
from core.models import OutboxMessage
from tests.e2e.live import free_port, wait_until
from tests.factories import ActivityUpdateFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Loose: a request pays at most one cache timeout (1 s) and one enqueue deadline (1 s) per cool-down.
REQUEST_BOUND_SECONDS = 5.0


class PausableRedis:
    """A redis-server on a free port, nothing on disk; paused and resumed by its pid."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, timeout=20, message=f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.settimeout(0.5)
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *words: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.settimeout(2)
            sock.sendall(" ".join(words).encode() + b"\r\n")
            return sock.recv(64)

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        assert not self.answers()

    def stop(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_of_our_own():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = PausableRedis()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def attempts(monkeypatch):
    """How many times the cache's Redis client and the broker were asked for something."""
    counted = {"cache": 0, "broker": 0}

    def counting(kind, method):
        def call(*args, **kwargs):
            counted[kind] += 1
            return method(*args, **kwargs)

        return call

    for name in ("add", "incr", "get", "set"):
        monkeypatch.setattr(RedisCacheClient, name, counting("cache", getattr(RedisCacheClient, name)))
    monkeypatch.setattr(Celery, "send_task", counting("broker", Celery.send_task))
    return counted


@pytest.fixture
def on_our_redis(settings, redis_of_our_own):
    """The cache and the broker on the test's redis-server, with production's timeouts; tasks go
    through the broker (no worker consumes them: the test reads the queue)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_of_our_own.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    previous = {
        key: app.conf[key]
        for key in ("broker_url", "broker_transport_options", "task_always_eager", "broker_write_url")
    }
    app.conf.broker_url = app.conf.broker_write_url = redis_of_our_own.url
    app.conf.broker_transport_options = dict(settings.CELERY_REDIS_TRANSPORT_OPTIONS)
    app.conf.task_always_eager = False
    _forget_broker_connections()
    try:
        yield redis_of_our_own
    finally:
        app.conf.update(previous)
        _forget_broker_connections()


def _forget_broker_connections() -> None:
    # Celery keeps one connection pool per process, made from the configuration the first time.
    app._pool = None
    app.amqp._producer_pool = None


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_return_is_answered_and_its_mail_stored_while_redis_is_paused(
    on_our_redis, attempts, api_client_for, secretariat_user, organization_a, focal_point_a
):
    officer = api_client_for(secretariat_user)
    first, second = (ActivityUpdateFactory(organization=organization_a, status="submitted") for _ in range(2))

    def return_(update):
        etag = officer.get(reverse("updates-detail", args=[update.pk]))["ETag"]
        return _timed(
            lambda: officer.post(
                reverse("updates-return", args=[update.pk]),
                {"comment": "Add 2026."},
                format="json",
                HTTP_IF_MATCH=etag,
            )
        )

    # Redis up: the nudge reaches the broker.
    response, _ = return_(first)
    assert response.status_code == 200, response.json()
    assert attempts["broker"] == 1
    assert on_our_redis.command("LLEN", "celery") == b":1\r\n"

    on_our_redis.pause()
    cache_before, broker_before = attempts["cache"], attempts["broker"]
    response, seconds = return_(second)

    assert response.status_code == 200, response.json()
    assert seconds < REQUEST_BOUND_SECONDS  # it was 18 s: the nudge waited on the paused broker
    message = OutboxMessage.objects.get(kind="update_returned", subject__contains=second.title)
    assert (message.to_email, message.status) == (focal_point_a.email, OutboxStatus.PENDING)
    assert attempts["broker"] - broker_before == 1
    assert attempts["cache"] - cache_before == 1  # the first throttle's; the rest skipped the cache

    answers = []
    started = time.monotonic()
    for _ in range(10):
        answers.append(officer.get(reverse("updates-list")).status_code)
    answers.append(officer.post(reverse("updates-submit", args=[second.pk])).status_code)  # refused, not held
    assert answers[:10] == [200] * 10
    assert time.monotonic() - started < REQUEST_BOUND_SECONDS
    assert attempts["cache"] - cache_before == 1
    assert attempts["broker"] - broker_before == 1


def test_each_cool_down_costs_one_cache_attempt(settings, on_our_redis, attempts, api_client_for, focal_point_a):
    settings.OUTAGE_COOL_DOWN_SECONDS = 2
    client = api_client_for(focal_point_a)
    assert client.get(reverse("agencies-list")).status_code == 200
    on_our_redis.pause()
    before = attempts["cache"]

    def burst() -> list[int]:
        return [client.get(reverse("agencies-list")).status_code for _ in range(5)]

    assert burst() == [200] * 5
    assert attempts["cache"] - before == 1
    assert 1 < outages.cache.seconds_left() <= 2
    time.sleep(outages.cache.seconds_left() + 0.1)
    assert burst() == [200] * 5
    assert attempts["cache"] - before == 2


def test_the_status_ping_answers_within_its_deadline_and_then_at_once(on_our_redis, attempts):
    from coordination.operations import PING_DEADLINE_SECONDS, ping_workers

    on_our_redis.pause()
    first, seconds = _timed(ping_workers)
    assert first["answered"] == [] and "pinging the workers" in first["error"]
    assert seconds < PING_DEADLINE_SECONDS + 0.5
    second, seconds = _timed(ping_workers)
    assert "cooling down" in second["error"]
    assert seconds < 0.1
    assert outages.broker.active()
