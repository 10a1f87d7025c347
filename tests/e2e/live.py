"""Real services for tests: an SMTP server (aiosmtpd) and a Celery worker process."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.1, message: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {message}")
        time.sleep(interval)


class SmtpSink:
    """An SMTP server on a free local port that keeps every message it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self._messages: list[EmailMessage] = []
        self._peers: list[tuple] = []  # the client's address and port, per message: one per connection
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self._messages.append(message)
            self._peers.append(tuple(session.peer))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    @property
    def connections(self) -> int:
        """How many client connections the messages since the last clear() came through."""
        with self._lock:
            return len(set(self._peers))

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
            self._peers.clear()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def database_url(settings_dict: dict[str, Any]) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class CeleryWorker:
    """A ``celery worker`` process started the way operators start it, with test settings."""

    def __init__(
        self,
        *,
        database: dict[str, Any],
        broker_url: str,
        email_url: str,
        log_path: Path,
        pool: str = "solo",
        queue: str = "celery",
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.log_path = log_path
        self.broker_url = broker_url
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(database),
            "CELERY_TEST_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": email_url,
            **(extra_env or {}),
        }
        self.hostname = f"test-worker-{os.getpid()}-{queue}@{socket.gethostname()}"
        self.command = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool", pool, "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--purge", "--queues", queue, "--hostname", self.hostname,
        ]  # fmt: skip

    def start(self, *, timeout: float = 60) -> None:
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        try:
            wait_until(self._ready, timeout=timeout, message=f"the Celery worker to be ready (log: {self.log_path})")
        except BaseException:
            # Never leave a worker behind: it would go on consuming the next run's tasks.
            self.stop()
            raise

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"The Celery worker exited with {self.process.returncode}:\n{self.log()}")
        return " ready." in self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_death(self, *, timeout: float = 60) -> int:
        """For the kill tests: the exit code of a worker that is expected to die."""
        return self.process.wait(timeout=timeout)

    def stop(self, *, timeout: float = 20) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
