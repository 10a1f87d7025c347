"""`make run` (manage.py run_local) on a fresh database: the admin login answers, a worker reports
ready within 2 minutes, the printed demo logins work (the secretariat's at the admin, a focal point's at
/accounts/login/), mail printed in the console links to the port it serves on, and one Ctrl-C stops
everything."""

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

    # The demo focal point's printed login reaches the focal points' page.
    log = log_path.read_text()
    match = re.search(r"Focal point of \S+: (\S+)/accounts/login/\s+user: (\S+)\s+password: (\S+)", log)
    assert match, log
    assert match.group(1) == base
    focal_jar = http.cookiejar.CookieJar()
    focal = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(focal_jar))
    _, page = get(f"{base}/accounts/login/", focal)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": match.group(2), "password": match.group(3), "csrfmiddlewaretoken": token}
    ).encode()
    with focal.open(urllib.request.Request(f"{base}/accounts/login/", data=form), timeout=10) as response:
        assert response.url == f"{base}/my/"
    assert f"Links in mail: {base} (SITE_URL)." in log
    assert re.search(r"^Mail: printed here by the worker", log, re.MULTILINE)
    assert re.search(r"^(Demo reminders|Reminders): ", log, re.MULTILINE)

    # A mail written now (a password reset) is printed by the worker with links to this port, at INFO.
    _, page = get(f"{base}/accounts/password-reset/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    email = "secretariat@example.org"
    form = urllib.parse.urlencode({"email": email, "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/password-reset/", data=form), timeout=10).close()
    wait_until(
        lambda: f"{base}/accounts/password-reset/" in log_path.read_text(),
        timeout=120,
        message=f"the reset mail with this port's links in the console (log: {log_path})",
    )
    assert "WARNING celery.redirected" not in log_path.read_text()
    assert "GET /static/" not in log_path.read_text()

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert "Stopped the web server, the worker and beat." in log_path.read_text()
    assert get(f"{base}/admin/login/")[0] == 0
