"""API throttles: a counter per client and window (django-ratelimit), open when the counters' store is down.

DRF's own throttles keep, per client, the list of every request's time in the window, read and
written back whole on each request: with the default 3,000 requests an hour that is up to 3,000
timestamps (some 27 KB) through Redis per API call, and bench/api.py measured it. Here each request
is one atomic increment of a counter for the client's current window (django-ratelimit's
``get_usage``: ``cache.add`` then ``cache.incr``); a window's limit is the rate's, and ``Retry-After``
is the time left in the window. A client can spend up to twice the rate across the end of one
window and the start of the next: these throttles protect the service from one client's excess,
they are not a quota (docs/decisions/0006-api-list-speed.md).

A throttle that failed closed would turn a Redis outage into an outage of every read and write. So
when the cache cannot be reached the request is let through, and the outage is logged (readiness
already reports it: /readyz). A paused Redis answers nothing until the cache's socket timeout, so
after a failure this process leaves the counters alone for ``OUTAGE_COOL_DOWN_SECONDS`` and lets
every request through meanwhile (core/outages.py): one timeout per cool-down, not one per request.
"""

from __future__ import annotations

from django_ratelimit.core import get_usage
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

from core import outages


class FixedWindowThrottle(SimpleRateThrottle):
    """DRF's throttle interface (rates, scopes, client identity) over a per-window counter."""

    time_left = 1

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        client = self.get_cache_key(request, view)  # DRF's: the scope and the user's id, or the client's address
        if client is None:
            return True
        usage = get_usage(
            request,
            group="api-throttle",
            key=lambda group, request: client,
            rate=(self.num_requests, self.duration),
            increment=True,
        )
        if usage is None:  # the counter could not be read or written (RATELIMIT_FAIL_OPEN)
            return True
        # django-ratelimit's window still holds at its last second ("time_left" 0): the next starts after it.
        self.time_left = max(usage["time_left"] + 1, 1)
        return not usage["should_limit"]

    def wait(self) -> float:
        return self.time_left


class FailOpenMixin:
    def allow_request(self, request, view) -> bool:
        if outages.cache.active():  # failed a moment ago in this process: not even tried
            return True
        try:
            return super().allow_request(request, view)
        except Exception as error:  # redis.ConnectionError, TimeoutError ...: whatever the cache raises
            outages.cache.failed(
                f"throttle counters unavailable ({type(error).__name__}: {error}); requests let through"
            )
            return True


class FailOpenAnonRateThrottle(FailOpenMixin, AnonRateThrottle, FixedWindowThrottle):
    pass


class FailOpenUserRateThrottle(FailOpenMixin, UserRateThrottle, FixedWindowThrottle):
    pass


class FailOpenScopedRateThrottle(FailOpenMixin, ScopedRateThrottle, FixedWindowThrottle):
    pass
