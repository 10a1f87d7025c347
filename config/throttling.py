"""API throttles that keep serving when their counters' store (Redis, in production) is down.

A throttle protects the service from one client's excess; failing closed would turn a Redis outage
into an outage of every read and write. So when the cache cannot be reached the request is let
through, and the outage is logged (readiness already reports it: /readyz).
"""

from __future__ import annotations

import logging

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FailOpenMixin:
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # redis.ConnectionError, TimeoutError ...: whatever the cache raises
            logger.warning("Throttle counters unavailable (%s: %s); request let through.", type(error).__name__, error)
            return True


class FailOpenAnonRateThrottle(FailOpenMixin, AnonRateThrottle):
    pass


class FailOpenUserRateThrottle(FailOpenMixin, UserRateThrottle):
    pass


class FailOpenScopedRateThrottle(FailOpenMixin, ScopedRateThrottle):
    pass
