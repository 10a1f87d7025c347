"""Typed reading of the environment, with errors that name the variable.

django-environ parses the URL formats (database, e-mail) but lets a malformed value through
(``DJANGO_DEBUG=maybe`` reads as False, ``DATABASE_URL=notaurl`` as an empty configuration).
A secretariat's operator must learn at start which variable is wrong, so every read here
validates its value and raises ``ImproperlyConfigured`` naming the variable.
"""

from __future__ import annotations

import os
import warnings
import zoneinfo
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

REQUIRED: Any = object()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


class EnvReader:
    """Reads and validates one environment (``os.environ`` unless given)."""

    def __init__(self, environ_: Mapping[str, str] | None = None, *, context: str = "") -> None:
        self.environ = os.environ if environ_ is None else environ_
        self.context = context

    def _raw(self, name: str, default: Any) -> str | None:
        # An empty value counts as unset, as in most .env files and systemd units.
        value = self.environ.get(name) or None
        if value is None:
            if default is REQUIRED:
                where = f" under {self.context}" if self.context else ""
                raise ImproperlyConfigured(f"{name} is required{where} but is not set.")
            return None
        return value

    def _fail(self, name: str, value: str, expected: str) -> ImproperlyConfigured:
        shown = value if len(value) < 80 else value[:77] + "..."
        if name.endswith("_URL") or "SECRET_KEY" in name or "PASSWORD" in name:
            # Never echo a URL that may carry a password, nor a secret key.
            shown = "<hidden>"
        return ImproperlyConfigured(f"{name} is malformed: expected {expected}, got {shown!r}.")

    def str(self, name: str, default: Any = REQUIRED) -> str:
        value = self._raw(name, default)
        return default if value is None else value

    def bool(self, name: str, default: Any = REQUIRED) -> bool:
        value = self._raw(name, default)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise self._fail(name, value, "true or false")

    def int(self, name: str, default: Any = REQUIRED, *, minimum: int | None = None) -> int:
        value = self._raw(name, default)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise self._fail(name, value, "a whole number") from None
        if minimum is not None and number < minimum:
            raise self._fail(name, value, f"a whole number of at least {minimum}")
        return number

    def list(self, name: str, default: Any = REQUIRED) -> list[str]:
        value = self._raw(name, default)
        if value is None:
            return list(default)
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items:
            raise self._fail(name, value, "a comma-separated list with at least one item")
        return items

    def url(self, name: str, default: Any = REQUIRED, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
        value = self._raw(name, default)
        if value is None:
            return default
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            raise self._fail(name, value, f"a URL starting with {' or '.join(s + '://' for s in schemes)}")
        try:
            parts.port  # noqa: B018 -- raises ValueError on a non-numeric port
        except ValueError:
            raise self._fail(name, value, "a URL with a numeric port") from None
        return value.rstrip("/")

    def redis_url(self, name: str, default: Any = REQUIRED) -> str:
        return self.url(name, default, schemes=("redis", "rediss"))

    def database(self, name: str, default: Any = REQUIRED) -> dict[str, Any]:
        value = self._raw(name, default)
        if value is None:
            value = default
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "Engine not recognized": we say it better below
                config = environ.Env.db_url_config(value)
        except (ValueError, ImproperlyConfigured):
            raise self._fail(name, value, "a database URL such as postgres://user@host:5432/name") from None
        if config.get("ENGINE") not in _DATABASE_ENGINES or not config.get("NAME"):
            raise self._fail(name, value, "a postgres:// or sqlite:/// URL with a database name")
        return config

    def email(self, name: str, default: Any = REQUIRED) -> dict[str, Any]:
        value = self._raw(name, default)
        if value is None:
            value = default
        try:
            config = environ.Env.email_url_config(value)
        except (ValueError, ImproperlyConfigured):
            raise self._fail(
                name, value, "an e-mail URL such as smtp://user:password@host:587 or consolemail://"
            ) from None
        return config

    def time_zone(self, name: str, default: Any = REQUIRED) -> str:
        value = self._raw(name, default)
        if value is None:
            return default
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise self._fail(name, value, "an IANA time zone such as America/New_York or Europe/Zurich") from None
        return value
