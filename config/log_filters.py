"""Logging filters named in the settings' LOGGING (plain Python: no models, importable by the settings)."""

from __future__ import annotations

import logging

# Requests nobody reads a line about: the static files and the icon every page asks for.
QUIET_PATHS = ("/static/", "/favicon.ico")


def not_static_request(record: logging.LogRecord) -> bool:
    """False for runserver's line about a static file ('"GET /static/coordination/site.css HTTP/1.1" 200 812')
    that was served without error; every other line, and any failed static request, is kept."""
    args = record.args if isinstance(record.args, tuple) else ()
    if not args or not isinstance(args[0], str):
        return True
    parts = args[0].split(" ")
    path = parts[1] if len(parts) > 1 else ""
    status = str(args[1]) if len(args) > 1 else ""
    return not (path.startswith(QUIET_PATHS) and status[:1] in ("2", "3"))
