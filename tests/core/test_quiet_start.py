"""A newcomer's console stays readable (#22 point 3): no start-up lines of libraries at INFO on every
command, runserver's log without the static files, a favicon instead of a 404 on every page."""

import logging
import os
import subprocess
import sys

import pytest

from config.celery import app
from config.log_filters import not_static_request
from tests.e2e.live import PROJECT_ROOT, free_port


def test_a_management_command_starts_without_library_lines():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # the fallback broker: said only at DEBUG now
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout + done.stderr).strip() == "System check identified no issues (0 silenced)."


def _record(request_line: str, status: str) -> logging.LogRecord:
    return logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (request_line, status, "12"), None
    )


@pytest.mark.parametrize(
    ("request_line", "status", "kept"),
    [
        ("GET /static/coordination/site.css HTTP/1.1", "200", False),
        ("GET /static/admin/css/base.css HTTP/1.1", "304", False),
        ("GET /favicon.ico HTTP/1.1", "200", False),
        ("GET /static/missing.css HTTP/1.1", "404", True),
        ("GET /my/ HTTP/1.1", "200", True),
        ("POST /accounts/login/ HTTP/1.1", "302", True),
    ],
)
def test_runserver_lines_about_static_files_are_dropped_unless_they_failed(request_line, status, kept):
    assert not_static_request(_record(request_line, status)) is kept


@pytest.mark.django_db
def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file's header


def test_what_a_task_prints_is_logged_at_info():
    """The console mail backend prints each mail in the worker; Celery logs a task's output as a warning
    unless told otherwise."""
    assert app.conf.worker_redirect_stdouts_level == "INFO"
