"""The production stack on this machine, started the way the Procfile says, for the end-to-end test
(tests/e2e/test_production_stack.py) and the load and fault benchmarks (bench/load.py, bench/faults.py).

``Stack`` takes a PostgreSQL database URL (``scratch_database()`` makes one and drops it after),
starts its own redis-server on a free port and an SMTP sink, runs the Procfile's ``release`` line,
then its ``web``, ``worker`` and ``beat`` lines under production settings, each with ``bash -c
"exec <line>"`` (so the pid is the process's), the virtualenv's bin first on PATH, in the
repository root, in a process group of its own. Every process writes to a log file in a temporary
folder; the logs are printed when something fails. Leaving the ``with`` block ends every process
it started (SIGTERM to the group, SIGKILL after a grace period), and each direct child is also
asked to die with the process that started it (``PR_SET_PDEATHSIG``), so a killed test run leaves
no orphans either.

``nodes`` runs several of each process against the same database and Redis, as several machines
would (bench/multinode.py: two web nodes, two workers, two beats): each web node is its own
gunicorn on its own loopback port, each worker its own Celery node (``CELERY_WORKER_HOSTNAME``
``worker<N>@<host>``: distinct names, as distinct machines would have), each beat its own process.
A kind started once is named as in the Procfile (``web``); started N times, ``web.1`` ... ``web.N``.

Nothing here talks to the machine's own Redis (127.0.0.1:6379): the stack's Redis is its own.
HTTP is the standard library's ``http.client``: ``Client`` keeps cookies (secure ones too, since
TLS ends at the "proxy" we pretend to be) and sends ``Host`` and ``X-Forwarded-Proto: https``
as a proxy in front of gunicorn would.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import http.cookies
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.e2e.live import PROJECT_ROOT, SmtpSink, free_port, wait_until

PROCFILE = PROJECT_ROOT / "Procfile"
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
SITE_URL = "https://coordination.test"
# Processes of the Procfile, in the order they start (and the reverse of the order they stop).
PROCESSES = ("web", "worker", "beat")
# Variables of the caller's environment that would point the stack at someone else's services.
_FOREIGN = ("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "SITE_URL", "STATIC_ROOT", "PRIVATE_MEDIA_ROOT")
_FOREIGN_EXACT = {"CI", "PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "REMINDER_TEST_KILL_AT", "LOG_FORMAT"}

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask the kernel to SIGKILL this child when the thread that started it ends (kept across exec)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def procfile(path: Path = PROCFILE) -> dict[str, str]:
    """The Procfile's process types and their command lines."""
    lines = {}
    for raw in path.read_text().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        name, _, command = raw.partition(":")
        lines[name.strip()] = command.strip()
    return lines


# --- Processes ------------------------------------------------------------------------------------


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the fields after it are fixed.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children ...), from /proc."""
    tree = _children_by_parent()
    found, todo = [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_kb(pids: list[int]) -> int:
    """Resident set size in KB, summed over ``pids`` (pages shared after fork are counted in each)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
    return total


def socket_owner(local_port: int, pids: list[int]) -> int | None:
    """Which of ``pids`` holds the TCP socket whose local port is ``local_port`` (from /proc): for a
    server, the client process at the other end of a connection it accepted."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                    inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return pid
    return None


class Process:
    """One long-running process in its own process group, logging to one file (appended on restart)."""

    def __init__(self, name: str, argv: list[str], *, env: dict[str, str], log_path: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def start(self) -> None:
        self.starts += 1
        with self.log_path.open("a") as log:
            log.write(f"--- stack: start #{self.starts} of {self.name}: {' '.join(self.argv)}\n")
            log.flush()
            self.popen = subprocess.Popen(
                self.argv,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole, children included
                preexec_fn=_die_with_parent,
            )

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def pids(self) -> list[int]:
        """The process and all its descendants (gunicorn's workers, Celery's pool children)."""
        if not self.running():
            return []
        return [self.pid, *descendants(self.pid)]

    def signal(self, sig: int) -> None:
        if self.running():
            os.kill(self.pid, sig)

    def stop(self, *, grace: float = 20) -> None:
        """SIGTERM to the whole group, SIGKILL to what is left after ``grace`` seconds."""
        if self.popen is None:
            return
        group = self.popen.pid  # the group id is the leader's pid, even once the leader is dead
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and (self.popen.poll() is None or self._group_alive(group)):
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.popen.wait()

    @staticmethod
    def _group_alive(group: int) -> bool:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


# --- HTTP -----------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", " (Set-Cookie kept apart)
    body: bytes
    seconds: float
    url: str
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Client:
    """A small HTTP client for the stack's web process, as seen through a TLS-terminating proxy.

    One connection per client (gunicorn's sync workers close it after each answer, and
    ``http.client`` opens the next one itself). Cookies are kept by name.
    """

    def __init__(
        self, port: int, *, host: str, https: bool = True, timeout: float = 30, headers: dict | None = None
    ) -> None:
        self.port = port
        self.host = host
        self.https = https
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict | None = None,
        headers: dict | None = None,
        follow: bool = False,
        https: bool | None = None,
    ) -> Response:
        """One request; ``follow`` follows redirects to this same server (GET, as browsers do)."""
        body = None
        sent = {"Host": self.host, "Accept": "application/json, text/html;q=0.9, */*;q=0.1", **self.headers}
        if https if https is not None else self.https:
            sent["X-Forwarded-Proto"] = "https"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        response = self._send(method, path, body, sent)
        for _ in range(10):
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                break
            location = urlsplit(response.header("location") or "")
            if location.netloc and location.netloc != self.host:
                break
            target = urlunsplit(("", "", location.path or "/", location.query, ""))
            redirected = {k: v for k, v in sent.items() if k not in ("Content-Type", "Cookie")}
            if self.cookies:
                redirected["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            response = self._send("GET", target, None, redirected)
        return response

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Response:
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            self._connection.request(method, path, body=body, headers=headers)
            raw = self._connection.getresponse()
            payload = raw.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - started
        names: dict[str, str] = {}
        for name, value in raw.getheaders():
            if name.lower() != "set-cookie":
                key = name.lower()
                names[key] = f"{names[key]}, {value}" if key in names else value
        set_cookies = raw.headers.get_all("Set-Cookie") or []
        for line in set_cookies:
            cookie = http.cookies.SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if raw.will_close:
            self.close()
        return Response(raw.status, names, payload, seconds, path, set_cookies)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)


# --- The stack's Redis and SMTP server ----------------------------------------------------------------


class RedisServer:
    """A redis-server of our own on a fixed port (kept across stop/start), nothing on disk."""

    def __init__(self, port: int, log_path: Path) -> None:
        self.port = port
        self.process = Process(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", str(log_path.parent),
            ],
            env=dict(os.environ),
            log_path=log_path,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process.start()
        wait_until(self.answers, timeout=20, message=f"redis-server on port {self.port}")

    def stop(self) -> None:
        self.process.stop(grace=5)
        wait_until(lambda: not self.answers(), timeout=10, message="redis-server to stop")


class MailSink(SmtpSink):
    """The SMTP sink of tests/e2e/live.py, with an optional hook called for each message before the
    server answers 250 (the fault benchmark kills the sending worker there)."""

    def __init__(self) -> None:
        super().__init__()
        self.on_message: Callable[[EmailMessage, Any], None] | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        hook = self.on_message
        if hook is not None:
            hook(self.messages[-1], session)
        return answer


# --- Scratch database -----------------------------------------------------------------------------------


def _server_url() -> str:
    """The PostgreSQL server to use: DATABASE_URL's when it is one, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(name: str) -> str:
    parts = urlsplit(_server_url())
    return urlunsplit(("postgres", parts.netloc, f"/{name}", "", ""))


def sql(url: str, statement: str, params: Any = None, *, autocommit: bool = True) -> list[tuple]:
    """Run one statement on ``url`` (a short-lived connection); the rows it returns, if any."""
    import psycopg

    with psycopg.connect(url, autocommit=autocommit, connect_timeout=10) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def postgres_answers() -> bool:
    try:
        sql(database_url("postgres"), "SELECT 1")
        return True
    except Exception:
        return False


@contextlib.contextmanager
def scratch_database(prefix: str = "test_stack") -> Iterator[str]:
    """A new empty database ``<prefix>_<random>`` on the PostgreSQL server, dropped afterwards
    whatever happens (connections still open to it are ended first)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = database_url("postgres")
    sql(admin, f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- The stack ----------------------------------------------------------------------------------------------


class Stack:
    """Redis, an SMTP sink, and the Procfile's release, web, worker and beat with production settings.

    ``schedule`` maps Celery task names to intervals in seconds, written into django-celery-beat's
    tables after the release (as an operator would in the admin) and before beat starts, so a
    test need not wait for the shipped 10-minute reminder interval. ``env`` adds or overrides
    variables of the processes (API_USER_RATE for a load run, say). ``nodes``: how many of each
    process (a number for all three kinds, or a mapping such as ``{"web": 2, "worker": 2, "beat": 2}``;
    a kind not named runs once). ``web_concurrency`` and ``worker_concurrency`` are per node.
    """

    def __init__(
        self,
        database_url: str,
        *,
        web_concurrency: int | None = 2,
        worker_concurrency: int | None = 2,
        schedule: dict[str, float] | None = None,
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        echo: Callable[[str], None] | None = None,
        nodes: int | Mapping[str, int] = 1,
    ) -> None:
        self.database_url = database_url
        self.schedule = schedule or {}
        self.root = Path(tempfile.mkdtemp(prefix="stack-", dir=log_dir))
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.echo = echo or (lambda line: None)
        self.procfile = procfile()
        self.redis = RedisServer(free_port(), self.logs / "redis.log")
        self.smtp = MailSink()
        self.counts = {kind: nodes.get(kind, 1) if isinstance(nodes, Mapping) else nodes for kind in PROCESSES}
        if any(count < 1 for count in self.counts.values()):
            raise ValueError(f"each process runs at least once: {self.counts}")
        self.ports = [free_port() for _ in range(self.counts["web"])]  # one per web node
        self.port = self.ports[0]
        self.host = urlsplit(SITE_URL).hostname
        self.env = self._environment(web_concurrency, worker_concurrency, env or {})
        self.processes: dict[str, Process] = {}
        for kind in PROCESSES:
            for number, name in enumerate(self.names(kind), start=1):
                self.processes[name] = Process(
                    name,
                    ["bash", "-c", f"exec {self.procfile[kind]}"],
                    env={**self.env, **self._node_environment(kind, number)},
                    log_path=self._log(name),
                )
        self._lock = threading.Lock()
        self._stopped = False

    def _environment(self, web: int | None, worker: int | None, extra: dict[str, str]) -> dict[str, str]:
        """The processes' environment; ``None`` concurrency leaves config/gunicorn.py's or the Procfile's default."""
        inherited = {k: v for k, v in os.environ.items() if not (k.startswith(_FOREIGN) or k in _FOREIGN_EXACT)}
        for folder in ("static", "private-media", "run"):
            (self.root / folder).mkdir()
        return {
            **inherited,
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "VIRTUAL_ENV": str(VENV_BIN.parent),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "SITE_URL": SITE_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "DEFAULT_FROM_EMAIL": "Migration coordination <coordination@coordination.test>",
            # Loopback only: nothing of a test listens on the machine's other addresses.
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "PORT": str(self.port),
            **({"WEB_CONCURRENCY": str(web)} if web else {}),
            **({"CELERY_CONCURRENCY": str(worker)} if worker else {}),
            "STATIC_ROOT": str(self.root / "static"),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private-media"),
            # gunicorn's control socket goes there (else ~/.gunicorn/gunicorn.ctl, shared by every gunicorn).
            "XDG_RUNTIME_DIR": str(self.root / "run"),
            # Reminders may go out at any hour of a test run (production keeps 8 to 18 local time).
            "REMINDER_DELIVERY_START_HOUR": "0",
            "REMINDER_DELIVERY_END_HOUR": "24",
            **extra,
        }

    def _node_environment(self, kind: str, number: int) -> dict[str, str]:
        """What differs from one node of a kind to the next: a web node's port, a worker's Celery node name."""
        if kind == "web" and number > 1:
            port = self.ports[number - 1]
            return {"GUNICORN_BIND": f"127.0.0.1:{port}", "PORT": str(port)}
        if kind == "worker" and self.counts["worker"] > 1:
            # celery reads a subcommand's options from CELERY_<COMMAND>_<OPTION> (click's auto_envvar_prefix):
            # this is ``--hostname``, left as the Procfile says it.
            return {"CELERY_WORKER_HOSTNAME": f"worker{number}@%h"}
        return {}

    def names(self, kind: str) -> list[str]:
        """The processes of one kind of the Procfile: ``[kind]`` when it runs once, else ``kind.1`` ... ``kind.N``."""
        count = self.counts[kind]
        return [kind] if count == 1 else [f"{kind}.{number}" for number in range(1, count + 1)]

    def group(self, kind: str) -> list[Process]:
        return [self.processes[name] for name in self.names(kind)]

    def _log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    # --- start and stop ---

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.print_logs()
            self.stop()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.print_logs()
        self.stop()

    def start(self) -> None:
        started = time.monotonic()
        self.redis.start()
        self.smtp.start()
        self.echo(f"redis-server on :{self.redis.port}, SMTP sink on :{self.smtp.port}, logs in {self.logs}")
        self.release()
        self.echo(f"release done in {time.monotonic() - started:.1f} s")
        if self.schedule:
            self.set_schedule(self.schedule)
        for process in self.processes.values():
            process.start()
        self.wait_ready()
        if len(self.processes) == len(PROCESSES):
            self.echo(f"web (:{self.port}), worker and beat ready {time.monotonic() - started:.1f} s after start")
        else:
            self.echo(
                f"{', '.join(self.processes)} ready {time.monotonic() - started:.1f} s after start "
                f"(web nodes on :{', :'.join(map(str, self.ports))})"
            )

    def release(self, *, timeout: float = 600) -> None:
        """The Procfile's release line, to its end; its output goes to release.log."""
        log_path = self._log("release")
        with log_path.open("a") as log:
            result = subprocess.run(
                ["bash", "-c", self.procfile["release"]],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                preexec_fn=_die_with_parent,
            )
        if result.returncode != 0:
            raise RuntimeError(f"release exited with {result.returncode}:\n{_tail(log_path.read_text(), 60)}")

    def wait_ready(self, *, timeout: float = 120) -> None:
        def ready() -> bool:
            for name, process in self.processes.items():
                if not process.running():
                    raise RuntimeError(f"{name} exited with {process.popen.returncode}")
            workers_up = all(
                " ready." in worker.log().rsplit("--- stack: start #", 1)[-1] for worker in self.group("worker")
            )
            return workers_up and all(self.readyz(node=node).status == 200 for node in range(len(self.ports)))

        wait_until(ready, timeout=timeout, interval=0.5, message="every web node's /readyz 200 and every worker ready")

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        for process in reversed(self.processes.values()):
            with contextlib.suppress(Exception):
                process.stop()
        with contextlib.suppress(Exception):
            self.redis.process.stop(grace=5)
        with contextlib.suppress(Exception):
            self.smtp.stop()

    def cleanup(self) -> None:
        """Remove the temporary folder (logs included): call it after a run that went well."""
        shutil.rmtree(self.root, ignore_errors=True)

    # --- faults ---

    def stop_redis(self) -> None:
        self.redis.stop()

    def start_redis(self) -> None:
        self.redis.start()

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` to the main process of ``name`` (web, worker, beat, ``web.2``... or redis); its pid."""
        process = self.redis.process if name == "redis" else self.processes[name]
        pid = process.pid
        process.signal(sig)
        return pid

    def restart(self, name: str, *, wait: bool = True) -> None:
        """What a supervisor does: end whatever is left of the process group, start it again."""
        process = self.processes[name]
        process.stop(grace=10)
        process.start()
        if wait:
            self.wait_ready()

    def children(self, name: str) -> list[int]:
        """The descendants of ``name``'s main process (gunicorn workers, Celery pool children)."""
        process = self.processes[name]
        return descendants(process.pid) if process.running() else []

    def rss(self, name: str) -> int:
        """RSS in KB of ``name``'s process and all its children, from /proc."""
        return rss_kb(self.processes[name].pids())

    # --- web ---

    def url(self, path: str, *, node: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[node]}{path}"

    def client(self, *, node: int = 0, **kwargs) -> Client:
        """A client of web node ``node`` (0 for the first; a load balancer would choose)."""
        return Client(self.ports[node], host=self.host, **kwargs)

    def get(self, path: str, **kwargs) -> Response:
        return self.client().get(path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.client().post(path, **kwargs)

    def readyz(self, *, timeout: float = 10, node: int = 0) -> Response:
        try:
            return self.client(node=node, https=False, timeout=timeout).get("/readyz")
        except OSError as error:
            return Response(0, {}, str(error).encode(), 0.0, "/readyz")

    # --- management commands and the database ---

    def manage(self, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> str:
        """``python manage.py ARGS`` under the stack's environment; its standard output."""
        result = subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=PROJECT_ROOT,
            env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} exited with {result.returncode}:\n{result.stderr}")
        return result.stdout

    def shell(self, code: str, *, timeout: float = 300) -> str:
        """Python ``code`` run by ``manage.py shell`` with production settings; its standard output."""
        return self.manage("shell", "--no-startup", "--verbosity", "0", "--command", code, timeout=timeout)

    def sql(self, statement: str, params: Any = None) -> list[tuple]:
        return sql(self.database_url, statement, params)

    def set_schedule(self, intervals: dict[str, float]) -> None:
        """Run each named task every N seconds (django-celery-beat's interval tables)."""
        for task, seconds in intervals.items():
            (interval_id,) = self.sql(
                "INSERT INTO django_celery_beat_intervalschedule (every, period) VALUES (%s, 'seconds') RETURNING id",
                [int(seconds)],
            )[0]
            changed = self.sql(
                "UPDATE django_celery_beat_periodictask SET interval_id = %s, date_changed = now(), "
                "last_run_at = NULL WHERE task = %s RETURNING id",
                [interval_id, task],
            )
            if not changed:
                raise RuntimeError(f"no periodic task runs {task!r}: the migrations changed?")
        self.sql("UPDATE django_celery_beat_periodictasks SET last_update = now()")

    # --- logs ---

    def log(self, name: str) -> str:
        if name == "redis":
            return self.redis.process.log()
        path = self._log(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def print_logs(self, *, lines: int = 150) -> None:
        """The tail of each process's log, to standard error (pytest shows it with a failure)."""
        out = sys.stderr
        print(f"\n===== stack logs in {self.logs} =====", file=out)
        for name in ("release", *self.processes, "redis"):
            text = self.log(name)
            if text:
                print(f"----- {name}.log (last {lines} lines) -----", file=out)
                print(_tail(text, lines), file=out)

    @contextlib.contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self.print_logs()
            raise

    def grep(self, name: str, pattern: str) -> list[str]:
        regex = re.compile(pattern)
        return [line for line in self.log(name).splitlines() if regex.search(line)]


def _tail(text: str, lines: int, width: int = 3000) -> str:
    """The last ``lines`` lines, each cut at ``width`` characters (a JSON line may hold a whole traceback)."""
    return "\n".join(line if len(line) <= width else line[:width] + " [...]" for line in text.splitlines()[-lines:])
