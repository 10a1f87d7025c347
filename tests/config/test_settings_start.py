"""Settings as a process sees them at start: production refuses to start without its variables,
passes `check --deploy`, and a malformed value stops any start with the variable named."""

import os
import subprocess
import sys

import pytest

from tests.e2e.live import PROJECT_ROOT

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coordination",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SECRET_KEY": "x7Hq2vN9pLk4sR8tW1yZ3bC6dF0gJ5mA-QeUiOoPaSdFgHjKlZxCvBnM_1234567890",
    "SITE_URL": "https://coordination.example.org",
    "EMAIL_URL": "smtp://mailer:secret@smtp.example.org:587/?tls=True",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "SITE_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "SITE_URL", "EMAIL_URL"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required under production settings" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_weak_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_production_settings_refuse_sqlite():
    result = run_manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/coordination.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_a_malformed_value_stops_local_start_with_the_variable_named():
    result = run_manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "config.settings.local", "SECRETARIAT_TIME_ZONE": "Nowhere/City"}
    )
    assert result.returncode != 0
    assert "SECRETARIAT_TIME_ZONE is malformed" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_local_settings_close_each_requests_database_connection():
    # runserver serves each request on its own thread: connections kept 60 s exhausted PostgreSQL.
    shown = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.local"},
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "0"
