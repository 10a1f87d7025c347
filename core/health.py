"""Health endpoints for load balancers and orchestrators (no login, no session, no database
writes): ``/healthz`` says the process answers; ``/readyz`` that the database (PostgreSQL; SQLite on a
laptop, and it says so) and Redis answer within short timeouts, or 503 naming the part that does not."""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

TIMEOUT_SECONDS = 2.0


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return None
    except Exception as error:
        connection.close()
        return f"{type(error).__name__}: {str(error).strip()[:200]}"


def _redis() -> str | None:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        client.ping()
        client.close()
        return None
    except Exception as error:
        return f"{type(error).__name__}: {str(error).strip()[:200]}"


@never_cache
@require_GET
def readyz(request):
    started = time.monotonic()
    # Named after the database really checked: "postgresql" in production, "sqlite" under a laptop's `make run`.
    database = connection.vendor
    checks = {database: _database() or "ok", "redis": _redis() or "ok"}
    failures = {name: problem for name, problem in checks.items() if problem != "ok"}
    body = {
        "status": "unavailable" if failures else "ready",
        "checks": checks,
        "seconds": round(time.monotonic() - started, 3),
    }
    return JsonResponse(body, status=503 if failures else 200)
