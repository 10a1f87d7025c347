"""Choice of the Celery broker.

Production and CI always use Redis (``REDIS_URL``). On a laptop with only Python and make
(docs/operations.md), when no Redis answers, local and test settings fall back to kombu's
filesystem transport, which needs no server and works across the web, worker and beat
processes of one machine when its in, out and control folders are absolute and shared
(docs/decisions/0003-celery-broker-and-delivery.md). The choice is a sentence kept in settings and
logged by every process at start.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class BrokerChoice:
    url: str
    transport_options: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def is_fallback(self) -> bool:
        return self.url.startswith("filesystem://")


def redis_answers(url: str, *, timeout: float = 0.5) -> bool:
    """True when a Redis server answers PING at ``url`` within ``timeout`` seconds."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"PING\r\n")
            reply = sock.recv(64)
    except OSError:
        return False
    # "-NOAUTH" still proves a Redis server is there; the worker will report the credentials.
    return reply.startswith((b"+PONG", b"-NOAUTH"))


def choose_broker(
    redis_url: str, *, redis_transport_options: dict[str, Any], allow_fallback: bool, fallback_folder: Path
) -> BrokerChoice:
    """Redis when it answers or when falling back is not allowed; otherwise the filesystem transport."""
    if not allow_fallback:
        return BrokerChoice(redis_url, redis_transport_options, f"Celery broker: Redis at {_redacted(redis_url)}.")
    if redis_answers(redis_url):
        return BrokerChoice(
            redis_url, redis_transport_options, f"Celery broker: Redis at {_redacted(redis_url)} (it answered)."
        )
    queue = (fallback_folder / "queue").resolve()
    control = (fallback_folder / "control").resolve()
    for folder in (queue, control):
        folder.mkdir(parents=True, exist_ok=True)
    options = {
        # The same absolute folder in and out, and an absolute control folder, so that web,
        # worker and beat processes see one queue and remote control (inspect ping) answers.
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
    }
    return BrokerChoice(
        "filesystem://",
        options,
        f"Celery broker: no Redis answered at {_redacted(redis_url)}; using the filesystem broker in "
        f"{fallback_folder.resolve()} (one machine only; start Redis for anything beyond a laptop).",
    )


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
