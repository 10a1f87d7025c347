"""`make run` (manage.py run_local) on a fresh database: the admin login answers, a worker reports
ready within 2 minutes, the printed demo login works, and one Ctrl-C stops everything."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from tests.e2e.live import PROJECT_ROOT, free_port, wait_until


@pytest.fixture
def run_local(tmp_path):
    port = free_port()
    log_path = tmp_path / "run_local.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Its own Redis database, so this run neither takes nor leaves messages of anyone else's.
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "EMAIL_URL": "consolemail://",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_local", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
        try:
            yield process, port, log_path
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def get(url: str, opener=None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=5) as response:
            return response.status, response.read().decode()
    except OSError:
        return 0, ""


def test_run_local_serves_the_admin_starts_a_worker_and_stops_on_one_ctrl_c(run_local):
    process, port, log_path = run_local
    base = f"http://127.0.0.1:{port}"

    wait_until(
        lambda: get(f"{base}/admin/login/")[0] == 200, timeout=120, message=f"the admin login (log: {log_path})"
    )
    wait_until(
        lambda: " ready." in log_path.read_text(), timeout=120, message=f"the worker to be ready (log: {log_path})"
    )

    password = re.search(r"user: secretariat\s+password: (\S+)", log_path.read_text()).group(1)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, page = get(f"{base}/admin/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "secretariat", "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    ).encode()
    with opener.open(urllib.request.Request(f"{base}/admin/login/", data=form), timeout=10) as response:
        assert response.url.endswith("/admin/")
        assert "<title>Secretariat | Migration coordination</title>" in response.read().decode()

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert "Stopped the web server, the worker and beat." in log_path.read_text()
    assert get(f"{base}/admin/login/")[0] == 0
