"""`make test` on a newcomer's machine (#22 point 1): no chromium on PATH, no Redis, no PostgreSQL, no
source documents. The suite is collected whole, every test that needs a missing service skips with the
"services missing here" summary, and the tests that need a refusing broker name one themselves instead of
relying on the fallback. Under CI=true the same run fails. Both are run here in a child pytest with
chromium hidden from PATH and REDIS_URL pointed at a closed port, so CI (which has all of them) keeps it true.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.live import PROJECT_ROOT, free_port

SERVICE_MARKERS = "browser or redis or postgres or axe or source_documents"
# Unmarked tests that need a broker refusing connections: each must choose it itself.
REFUSING_BROKER_TESTS = ["tests/coordination/test_operations.py", "tests/core/test_health.py"]


@pytest.fixture(scope="module")
def newcomer_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a fresh machine: this one's programs minus chromium, nothing at REDIS_URL."""
    bin_dir = tmp_path_factory.mktemp("bin-without-chromium")
    venv_bin = Path(sys.executable).parent
    for folder in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
        if not folder or Path(folder).resolve() == venv_bin.resolve() or not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            if program.name.startswith("chromium") or (bin_dir / program.name).exists():
                continue
            (bin_dir / program.name).symlink_to(program)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTEST_") and name not in ("CI", "DATABASE_URL", "CELERY_TEST_BROKER_URL")
    }
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{bin_dir}",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",  # closed: nothing listens there once the probe closed
        SOURCE_DOCUMENTS_DIR=str(bin_dir / "no-source-documents-here"),
        DJANGO_SETTINGS_MODULE="config.settings.test",
    )
    return env


def _pytest(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_chromium_is_hidden_from_the_child_runs(newcomer_env):
    found = subprocess.run(["which", "chromium"], env=newcomer_env, capture_output=True, text=True)
    assert found.returncode != 0, found.stdout


def test_on_a_fresh_machine_the_suite_collects_and_its_service_tests_skip_with_the_summary(newcomer_env):
    done = _pytest(newcomer_env, "-m", SERVICE_MARKERS, "tests/")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert " error" not in output.splitlines()[-1], output[-4000:]
    summary = output.split("services missing here", 1)[1]
    for line in (
        "browser: Debian's chromium is not installed",
        f"redis: no Redis answers at {newcomer_env['REDIS_URL']}",
        "postgres: PostgreSQL is not the test database",
        "source_documents: the source documents are not at",
    ):
        assert line in summary, summary

    refusing = _pytest(newcomer_env, *REFUSING_BROKER_TESTS)
    assert refusing.returncode == 0, (refusing.stdout + refusing.stderr)[-4000:]


def test_under_ci_the_same_run_fails_naming_the_missing_services(newcomer_env):
    done = _pytest({**newcomer_env, "CI": "true"}, "-m", "browser or redis", "tests/")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-4000:]
    assert "CI=true and the 'browser' service is missing: Debian's chromium is not installed" in output
    assert "CI=true and the 'redis' service is missing: no Redis answers at" in output
    assert "services missing here" not in output
