"""Versions of records, for conditional writes.

A record's version is a digest of its type, key and ``updated_at``: every save moves it. The API
sends it as the ETag; a service that changes a record takes a row lock first and compares the
version the caller saw with the locked row's (``check_version``), so of two writers who read the
same version exactly one wins and the other is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TypeVar

from django.db import models

from .errors import StaleVersion

M = TypeVar("M", bound=models.Model)


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


def locked_at_version(obj: M, expected: Iterable[str] | str | None) -> M:
    """``obj`` read again under a row lock (held until the transaction ends), refused with
    ``StaleVersion`` unless it is one of the versions the caller names (``check_version``). Lock first,
    then compare: what the caller then writes or deletes is the version it compared, and of two writers
    with one version the second waits for the first and is refused."""
    row = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    check_version(row, expected)
    return row
