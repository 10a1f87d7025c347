"""/metrics under gunicorn with two workers (#22 point 4): the request counts each worker process keeps are
summed at the scrape (prometheus-client's multiprocess mode, set up by config/gunicorn.py's hooks), and a
worker replaced by gunicorn keeps its counts in the sum."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.live import PROJECT_ROOT, database_url, free_port, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TOKEN = "gunicorn-metrics-test-token-0123456789abcdef"
HEALTHZ = ("coordination_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "healthz")))


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def _healthz_count(base: str) -> float:
    status, body = _get(f"{base}/metrics", TOKEN)
    assert status == 200, body
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if (sample.name, tuple(sorted(sample.labels.items()))) == HEALTHZ:
                return sample.value
    return 0.0


def _healthz_by_worker(directory) -> dict[int, float]:
    """Each worker's own count, read from its file alone."""
    counts = {}
    for path in directory.glob("counter_*.db"):
        for family in MultiProcessCollector.merge([str(path)], accumulate=True):
            for sample in family.samples:
                if (sample.name, tuple(sorted(sample.labels.items()))) == HEALTHZ and sample.value:
                    counts[int(path.stem.rsplit("_", 1)[1])] = sample.value
    return counts


@pytest.fixture
def gunicorn(tmp_path):
    port = int(os.environ.get("E2E_METRICS_PORT") or free_port())
    metrics_dir = tmp_path / "metrics"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "METRICS_TOKEN": TOKEN,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "GUNICORN_ACCESS_LOG": "",
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _get(f"{base}/healthz")[0] == 200, timeout=60, message=f"gunicorn (log: {log_path})")
        yield base, metrics_dir, process, log_path
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_counts_are_summed_across_two_workers_and_survive_a_replaced_worker(gunicorn):
    base, metrics_dir, master, log_path = gunicorn
    assert _get(f"{base}/metrics")[0] == 401
    assert _get(f"{base}/metrics", "wrong")[0] == 401

    before = _healthz_count(base)  # the fixture's own probes
    sent = 0
    with ThreadPoolExecutor(max_workers=6) as pool:
        # Concurrent requests reach both sync workers; send more until each has answered some.
        while len(_healthz_by_worker(metrics_dir)) < 2 and sent < 600:
            statuses = list(pool.map(lambda _: _get(f"{base}/healthz")[0], range(30)))
            assert statuses == [200] * 30
            sent += 30
    by_worker = _healthz_by_worker(metrics_dir)
    assert len(by_worker) >= 2, f"one worker answered all {sent} requests (log: {log_path})"
    total = _healthz_count(base)
    assert total == before + sent
    assert total == sum(by_worker.values()) and all(share < total for share in by_worker.values())

    # gunicorn replaces a worker that dies; child_exit marks it dead and its counts stay in the sum.
    victim = min(by_worker)
    os.kill(victim, signal.SIGTERM)
    wait_until(lambda: victim not in _live_workers(master.pid), timeout=30, message="the worker to be replaced")
    wait_until(lambda: len(_live_workers(master.pid)) == 2, timeout=60, message="a new worker")
    for _ in range(10):
        assert _get(f"{base}/healthz")[0] == 200
    assert _healthz_count(base) == before + sent + 10


def _live_workers(master_pid: int) -> set[int]:
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True)
    return {int(pid) for pid in children.stdout.split()}
