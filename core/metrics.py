"""Request metrics for Prometheus (prometheus-client), and the bearer-token door of ``/metrics``.

Each web process counts its own requests. Under gunicorn the counts of all its worker processes are summed
at the scrape: config/gunicorn.py gives every worker one ``PROMETHEUS_MULTIPROC_DIR`` before any of them
imports prometheus-client, where each writes its values to files the scrape reads together (the client
library's multiprocess mode; a worker replaced after ``GUNICORN_MAX_REQUESTS`` keeps its counts there). Without
the directory (runserver, the tests) the process's own registry is read.

What the database knows (reminders, outbox, workers, lockouts) is not counted here but read at the scrape,
the same on every node: coordination/metrics.py.
"""

from __future__ import annotations

import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ

REQUESTS = Counter(
    "coordination_http_requests",
    "HTTP requests answered, by view (Django's URL name), method and status code.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "coordination_http_request_duration_seconds",
    "Time from the request's arrival in Django to its answer, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def _view_name(request) -> str:
    """A bounded label: the URL's name, never its path (ids would make a series per record)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name  # the URL name, or the view's dotted path when it has none
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) or request.path == "/favicon.ico":
        return "static"
    return "unmatched"


class RequestMetricsMiddleware:
    """Counts each request and its duration by view. First in MIDDLEWARE, so whitenoise's static files, the
    lockout page and every other middleware's answer are counted too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


def process_registry() -> CollectorRegistry:
    """This process's metrics, or under gunicorn every worker's, summed."""
    if not MULTIPROCESS:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def bearer_refusal(request) -> HttpResponse | None:
    """None when the request carries ``Authorization: Bearer <METRICS_TOKEN>``; else the answer to give.

    Without a token configured the endpoint does not exist (404). No address allowlist: behind a proxy every
    client has the proxy's address."""
    token = settings.METRICS_TOKEN
    if not token:
        return HttpResponse("Not found.\n", status=404, content_type="text/plain")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return None
    return HttpResponse(
        "A bearer token is needed (METRICS_TOKEN).\n",
        status=401,
        content_type="text/plain",
        headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
    )
