"""gunicorn settings for the web process (``gunicorn -c config/gunicorn.py config.wsgi``).

Every value can be changed from the environment, so one file serves a laptop, one server and a
row of web nodes behind a load balancer. See docs/operations.md.
"""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r} (config/gunicorn.py)") from None


# Loopback by default: the proxy in front (nginx, docs/operations.md) is the public face. GUNICORN_BIND
# (e.g. 0.0.0.0:8000, or a unix socket) when the proxy or a platform's router is on another machine.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"
# Synchronous workers: each request holds one database connection; (2 x cores) + 1 is gunicorn's rule.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter, so they are not replaced together):
# any slow leak in a library is bounded.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a disk that may stall (Docker, some VMs).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn's own advice)
# Trust X-Forwarded-Proto only from the proxy in front of us (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request lines and errors to standard output / error, where systemd or the platform collects them;
# the application's own logs are JSON lines carrying the same request id (X-Request-ID).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
preload_app = False  # each worker opens its own connections after fork
# gunicorn's control socket (gunicornc) defaults to one path per user, which two web processes on a
# machine would share; systemd and the Procfile manage the process by signals, so it is off.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or None


# /metrics sums the request counts of every worker (prometheus-client's multiprocess mode, core/metrics.py):
# each worker writes its values to files in one directory, named before any worker starts. Its own per
# master (PROMETHEUS_MULTIPROC_DIR to choose it), emptied at start: values of a previous run would be added.
# Set in the master's hook, not at import: loading this file (tests, `gunicorn --check-config`) changes nothing.
_metrics_made_here: list[Path] = []


def on_starting(server):
    chosen = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if chosen:
        directory = Path(chosen)
    else:
        memory = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()  # noqa: S108
        directory = Path(memory) / f"coordination-metrics-{os.getpid()}"
        _metrics_made_here.append(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for left in directory.glob("*.db"):
        left.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)  # inherited by every worker forked from here


def child_exit(server, worker):
    # Imported here, after on_starting named the directory: prometheus-client chooses its storage at import.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    for directory in _metrics_made_here:
        shutil.rmtree(directory, ignore_errors=True)
