"""Versions of records, for conditional writes.

A record's version is a digest of its type, key and ``updated_at``: every save moves it. The API
sends it as the ETag; a service that changes a record takes a row lock first and compares the
version the caller saw with the locked row's (``check_version``), so of two writers who read the
same version exactly one wins and the other is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .errors import StaleVersion


def version_of(obj) -> str:
    stamp = obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else ""
    return hashlib.sha256(f"{type(obj).__name__}:{obj.pk}:{stamp}".encode()).hexdigest()[:32]


def check_version(obj, expected: Iterable[str] | str | None) -> None:
    """Refuse with ``StaleVersion`` unless ``obj`` (read under a row lock) is one of the versions the
    caller names. ``None`` means the caller did not ask for a check (the admin, which reads and writes
    in one request); ``"*"`` matches any version."""
    if expected is None:
        return
    wanted = {expected} if isinstance(expected, str) else set(expected)
    if "*" in wanted or version_of(obj) in wanted:
        return
    raise StaleVersion(obj)
