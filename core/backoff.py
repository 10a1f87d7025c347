"""How long to wait before trying a failed send again (outbox messages and reminder mails alike)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def retry_delay(attempts: int) -> dt.timedelta:
    """Backoff after the ``attempts``-th failed send: 1, 2, 4 ... minutes, capped at the retry
    ceiling, which the broker's visibility timeout exceeds."""
    seconds = min(60 * 2 ** max(attempts - 1, 0), settings.CELERY_MAX_RETRY_COUNTDOWN)
    return dt.timedelta(seconds=seconds)
