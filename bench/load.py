"""Load: many focal points at once against the production stack, while beat's reminder scans run.

    .venv/bin/python bench/load.py                  # 50 clients for 5 minutes, with targets
    .venv/bin/python bench/load.py --clients 20 --minutes 2
    .venv/bin/python bench/load.py --quick          # CI: 5 clients for 20 seconds, no targets

The stack is tests/e2e/stack.py's: a scratch PostgreSQL database (``test_load_<random>``, dropped at the
end), a redis-server and an SMTP sink of its own, and the Procfile's release, web, worker and beat
lines under production settings (gunicorn's and Celery's default concurrency unless
``--web-workers`` / ``--worker-concurrency`` say otherwise). The release migrates and collects the
static files; then the seeds are loaded (``load_seeds``) and one organization per client is made,
each with a focal point (an e-mail address, a password), an open input request and a follow-up
action due today. Every client logs in for its own token, then loops: its open input requests, its
organization's actions due soon, its updates, a new update (Idempotency-Key), a change to it with
If-Match, its submission with If-Match. Beat runs the reminder scan every 30 seconds (set in its
database schedule for the run), and every 30 seconds a few more actions fall due today (inserted
directly), so each scan has mail to send while the clients work. The API's rate limits are raised
for the run through API_USER_RATE and API_LOGIN_RATE.

Prints: requests served, errors by status (0 = connection error), p50/p95/p99 latency as the
clients saw it (overall and per request kind) and as gunicorn timed it (its access log: without the
wait for a free worker), throughput, the clients' own CPU use, updates accepted (201 on create)
against rows stored, reminders due against sent (ledger, deliveries, mails at the SMTP sink), the
RSS of web (gunicorn master and workers) and worker (Celery main and pool) every 10 seconds, with
the growth from minute 1 to the end (and, for the web, to the last sample before gunicorn replaced
a worker after its ``max_requests``, which would hide a leak), and the errors the processes logged.
Targets (full run): no 5xx, every accepted update stored (and none twice: a create answered 5xx is
sent again once with the same Idempotency-Key), every due reminder sent, RSS growth at most 10%
(both web figures); the exit status is 1 when one is missed.

bench/faults.py reuses the pieces here (the stack set-up, the clients, the figures).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.stack import Stack, rss_kb, scratch_database  # noqa: E402

PASSWORD = "load-focal-point-password-2026"  # noqa: S105 -- of made-up users in a scratch database
PREFIX = "LOAD"
# The API's limits are per user per hour and per address per minute: a load run is many clients on
# one address, each far busier than a person.
LOAD_ENV = {"API_USER_RATE": "1000000/hour", "API_LOGIN_RATE": "10000/minute", "API_ANON_RATE": "10000/minute"}
RSS_EVERY = 10.0
TARGET_RSS_GROWTH = 0.10


# --- Data, made inside `manage.py shell` under production settings ---------------------------------


def populate(clients: int, prefix: str = PREFIX) -> None:
    """Organizations ``<prefix>1..N``, each with a primary focal point, an open input request of one
    call and a follow-up action due today; prints them as JSON (one object per client)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from agencies.choices import FocalPointRole, OrganizationCategory
    from agencies.models import FocalPoint, Organization
    from coordination.choices import CallStatus
    from coordination.deadlines import secretariat_today
    from coordination.models import CallForInputs, FollowUpAction, InputRequest
    from meetings.choices import DatePrecision
    from meetings.models import Meeting

    today = secretariat_today()
    password = make_password(PASSWORD)  # hashed once: the same password for every client
    people = []
    with transaction.atomic():
        meeting = Meeting.objects.create(title=f"{prefix} coordination meeting")
        call = CallForInputs.objects.create(
            title=f"{prefix} call for inputs",
            deadline=today + dt.timedelta(days=10),
            status=CallStatus.OPEN,
            opened_at=timezone.now(),
        )
        for number in range(1, clients + 1):
            acronym = f"{prefix}{number}"
            organization = Organization.objects.create(
                acronym=acronym, name=f"{prefix} organization {number}", category=OrganizationCategory.FUND_PROGRAMME
            )
            user = get_user_model().objects.create(
                username=acronym.lower(), email=f"{acronym.lower()}@load.example.org", password=password
            )
            FocalPoint.objects.create(user=user, organization=organization, role=FocalPointRole.PRIMARY)
            request = InputRequest.objects.create(
                call=call, organization=organization, due_precision=DatePrecision.DAY, due_date=call.deadline
            )
            action = FollowUpAction.objects.create(
                title=f"{acronym} deliverable",
                origin_meeting=meeting,
                lead_organization=organization,
                due_precision=DatePrecision.DAY,
                due_date=today,
            )
            people.append(
                {
                    "username": user.username,
                    "organization": organization.pk,
                    "input_request": request.pk,
                    "action": action.pk,
                }
            )
    print(json.dumps({"meeting": meeting.pk, "people": people}))


@dataclass
class Person:
    username: str
    organization: int
    input_request: int
    action: int
    token: str = ""


@dataclass
class Setup:
    stack: Stack
    people: list[Person]
    meeting: int
    seconds: dict[str, float]


@contextlib.contextmanager
def loaded_stack(
    *,
    clients: int,
    scan_every: float,
    web_workers: int | None,
    worker_concurrency: int | None,
    prefix: str = "test_load",
    seeds: bool = True,
    keep_logs: bool = False,
    echo=print,
    nodes: int | dict[str, int] = 1,
    schedule: dict[str, float] | None = None,
) -> Iterator[Setup]:
    """A scratch database and the production stack (``nodes`` of each process, tests/e2e/stack.py), with
    the seeds, ``clients`` focal points and their tokens; ``schedule`` adds intervals to the reminder
    scan's. On an error, the processes' logs are printed; the database is dropped in any case."""
    seconds = {}
    started = time.monotonic()
    with scratch_database(prefix) as database_url:
        stack = Stack(
            database_url,
            web_concurrency=web_workers,
            worker_concurrency=worker_concurrency,
            schedule={"coordination.run_reminders": scan_every, **(schedule or {})},
            env=LOAD_ENV,
            echo=echo,
            nodes=nodes,
        )
        with stack:
            seconds["stack"] = time.monotonic() - started
            if seeds:
                mark = time.monotonic()
                loaded = stack.manage("load_seeds", "--verbosity", "0").strip()
                seconds["seeds"] = time.monotonic() - mark
                echo(f"load_seeds in {seconds['seeds']:.1f} s: {loaded.splitlines()[-1] if loaded else ''}")
            mark = time.monotonic()
            made = json.loads(stack.shell(f"from bench.load import populate; populate({clients})").strip())
            people = [Person(**p) for p in made["people"]]
            for person in people:
                answer = stack.post(
                    "/api/v1/auth/token/", json_body={"username": person.username, "password": PASSWORD}
                )
                if answer.status != 201:
                    raise RuntimeError(f"token for {person.username}: {answer.status} {answer.text[:300]}")
                person.token = answer.json()["token"]
            seconds["people"] = time.monotonic() - mark
            echo(f"{clients} organizations, focal points and tokens in {seconds['people']:.1f} s")
            yield Setup(stack, people, made["meeting"], seconds)
        if keep_logs:
            echo(f"logs kept in {stack.logs}")
        else:
            stack.cleanup()


# --- Clients -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    at: float  # seconds since the load started, when the request was sent
    kind: str
    status: int  # 0: no answer (connection refused, reset, timed out)
    seconds: float


class Recorder:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.samples: list[Sample] = []  # list.append is atomic under the GIL
        self.accepted: list[int] = []  # ids of updates answered 201
        self.marks: list[tuple[float, str]] = []

    def now(self) -> float:
        return time.monotonic() - self.started

    def mark(self, label: str) -> float:
        at = self.now()
        self.marks.append((at, label))
        return at

    def between(self, start: float, end: float) -> list[Sample]:
        """The requests answered (or failed) in [start, end): a sample is recorded when its answer comes."""
        return [s for s in self.samples if start <= s.at + s.seconds < end]


class FocalPointClient(threading.Thread):
    """One focal point working through the API in a loop until ``stop`` is set, on web node ``node``."""

    def __init__(
        self,
        stack: Stack,
        person: Person,
        recorder: Recorder,
        stop: threading.Event,
        think: float,
        node: int = 0,
    ):
        super().__init__(name=f"client-{person.username}", daemon=True)
        self.person = person
        self.recorder = recorder
        self.stop_event = stop
        self.think = think
        self.node = node
        self.http = stack.client(node=node, timeout=60, headers={"Authorization": f"Token {person.token}"})
        self.rounds = 0

    def call(self, kind: str, method: str, path: str, **kwargs):
        if self.stop_event.is_set():
            return None
        at = self.recorder.now()
        started = time.perf_counter()
        try:
            response = self.http.request(method, path, **kwargs)
        except OSError:
            self.recorder.samples.append(Sample(at, kind, 0, time.perf_counter() - started))
            time.sleep(0.2)
            return None
        self.recorder.samples.append(Sample(at, kind, response.status, response.seconds))
        if self.think:
            time.sleep(random.uniform(0.5, 1.5) * self.think)  # noqa: S311 -- jitter, not secrets
        return response

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.round()
            self.rounds += 1
        self.http.close()

    def round(self) -> None:
        p = self.person
        self.call("list my input requests", "GET", "/api/v1/input-requests/?status=open&ordering=due_date")
        self.call("list my actions due", "GET", f"/api/v1/actions/?organization={p.organization}&deadline_state=due_7")
        self.call("list my updates", "GET", "/api/v1/updates/")
        draft = {
            "title": f"Activities of {p.username}, round {self.rounds}",  # unique: one title, one key
            "body": "Two expert meetings and a survey of remittance costs. " * 5,
            "action": p.action,
        }
        key = {"Idempotency-Key": str(uuid.uuid4())}
        created = self.call("create update", "POST", "/api/v1/updates/", json_body=draft, headers=key)
        if created is None or created.status >= 500:
            # What docs/api.md tells a client to do: the same request again, with the same key.
            time.sleep(1)
            created = self.call(
                "create update (retry, same key)", "POST", "/api/v1/updates/", json_body=draft, headers=key
            )
        if created is None or created.status != 201:
            return
        update = created.json()["id"]
        self.recorder.accepted.append(update)
        edited = self.call(
            "edit update (If-Match)",
            "PATCH",
            f"/api/v1/updates/{update}/",
            json_body={"body": "Two expert meetings, a survey of remittance costs and a data portal."},
            headers={"If-Match": created.header("etag") or ""},
        )
        if edited is None or edited.status != 200:
            return
        self.call(
            "submit update (If-Match)",
            "POST",
            f"/api/v1/updates/{update}/submit/",
            headers={"If-Match": edited.header("etag") or ""},
        )


class ReminderFeeder(threading.Thread):
    """Every ``every`` seconds, ``batch`` more follow-up actions of the load's organizations fall due
    today (inserted with SQL, as an import would), so that each scan finds mail to send."""

    def __init__(self, setup: Setup, stop: threading.Event, every: float, batch: int) -> None:
        super().__init__(name="reminder-feeder", daemon=True)
        self.setup = setup
        self.stop_event = stop
        self.every = every
        self.batch = batch
        self.inserted = 0
        self.rounds = 0
        self.errors: list[str] = []

    def run(self) -> None:
        organizations = [p.organization for p in self.setup.people]
        while not self.stop_event.wait(self.every):
            self.rounds += 1
            chosen = random.sample(organizations, min(self.batch, len(organizations)))
            try:
                self.setup.stack.sql(
                    """INSERT INTO coordination_followupaction (created_at, updated_at, seed_key, seed_digest, is_demo,
                           due_date, due_precision, due_as_stated, title, description, origin_meeting_id,
                           lead_organization_id, status)
                       SELECT now(), now(), '', '', false, (now() AT TIME ZONE %s)::date, 'day', '',
                              'Fed deliverable ' || o || ' round ' || %s::text, '', %s, o, 'open'
                       FROM unnest(%s::bigint[]) o""",
                    [SECRETARIAT_TIME_ZONE, self.rounds, self.setup.meeting, chosen],
                )
                self.inserted += len(chosen)
            except Exception as error:  # PostgreSQL terminated our connection (bench/faults.py): next time
                self.errors.append(f"{type(error).__name__}: {error}")


SECRETARIAT_TIME_ZONE = "America/New_York"  # settings' default; the stack does not set another


@dataclass(frozen=True)
class RssSample:
    at: float
    web_kb: int
    web_pids: frozenset[int]  # gunicorn's master and workers: a new pid is a worker replaced (max_requests)
    worker_kb: int
    worker_pids: frozenset[int]


class RssSampler(threading.Thread):
    def __init__(self, stack: Stack, recorder: Recorder, stop: threading.Event, every: float = RSS_EVERY) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.stack = stack
        self.recorder = recorder
        self.stop_event = stop
        self.every = every
        self.samples: list[RssSample] = []

    def sample(self) -> None:
        # Every node of the kind, summed (one web and one worker unless the stack runs several).
        web = [pid for process in self.stack.group("web") for pid in process.pids()]
        worker = [pid for process in self.stack.group("worker") for pid in process.pids()]
        at = self.recorder.now()
        self.samples.append(RssSample(at, rss_kb(web), frozenset(web), rss_kb(worker), frozenset(worker)))

    def run(self) -> None:
        self.sample()
        while not self.stop_event.wait(self.every):
            self.sample()


@dataclass
class Load:
    """Clients, the reminder feeder and the RSS sampler, started together and stopped together. The
    clients take the web nodes in turn (one node unless the stack runs several); ``client`` makes them."""

    setup: Setup
    think: float = 0.0
    feed_every: float = 30.0
    feed_batch: int = 5
    recorder: Recorder = field(default_factory=Recorder)
    client: Callable[..., FocalPointClient] = FocalPointClient

    def __post_init__(self) -> None:
        self.stop_event = threading.Event()
        nodes = len(self.setup.stack.ports)
        self.clients = [
            self.client(self.setup.stack, person, self.recorder, self.stop_event, self.think, node=number % nodes)
            for number, person in enumerate(self.setup.people)
        ]
        self.feeder = ReminderFeeder(self.setup, self.stop_event, self.feed_every, self.feed_batch)
        self.rss = RssSampler(self.setup.stack, self.recorder, self.stop_event)

    def start(self) -> None:
        self.recorder.started = time.monotonic()
        for thread in (*self.clients, self.feeder, self.rss):
            thread.start()

    def stop(self) -> float:
        self.stop_event.set()
        for thread in (*self.clients, self.feeder, self.rss):
            thread.join(timeout=90)
        self.rss.sample()
        return self.recorder.now()


# --- Figures -----------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency_line(samples: list[Sample]) -> str:
    times = [s.seconds * 1000 for s in samples if s.status]
    if not times:
        return "no answers"
    return (
        f"p50 {percentile(times, 0.50):7.1f} ms   p95 {percentile(times, 0.95):7.1f} ms   "
        f"p99 {percentile(times, 0.99):7.1f} ms   max {max(times):8.1f} ms"
    )


def statuses(samples: list[Sample]) -> Counter:
    return Counter(s.status for s in samples)


def errors_line(samples: list[Sample]) -> str:
    counts = statuses(samples)
    bad = {status: n for status, n in sorted(counts.items()) if status == 0 or status >= 400}
    if not bad:
        return "none"
    return ", ".join(f"{'no answer' if status == 0 else status}: {n}" for status, n in bad.items())


def five_xx(samples: list[Sample]) -> int:
    return sum(1 for s in samples if s.status >= 500)


def print_requests(samples: list[Sample], seconds: float, *, per_kind: bool = True, indent: str = "") -> None:
    served = sum(1 for s in samples if s.status)
    print(f"{indent}requests served   {served:,} in {seconds:.0f} s: {served / seconds:.1f} per second")
    print(f"{indent}errors by status  {errors_line(samples)}")
    print(f"{indent}latency           {latency_line(samples)}")
    if per_kind:
        by_kind = defaultdict(list)
        for sample in samples:
            by_kind[sample.kind].append(sample)
        for kind, group in by_kind.items():
            print(f"{indent}  {kind:<26} {len(group):>7,}   {latency_line(group)}   errors: {errors_line(group)}")


def update_figures(stack: Stack, accepted: list[int], people: list[Person]) -> dict[str, int]:
    organizations = [p.organization for p in people]
    stored = {
        pk
        for (pk,) in stack.sql(
            "SELECT id FROM coordination_activityupdate WHERE organization_id = ANY(%s)", [organizations]
        )
    }
    submitted = stack.sql(
        "SELECT count(*) FROM coordination_activityupdate WHERE organization_id = ANY(%s) AND status = 'submitted'",
        [organizations],
    )[0][0]
    (twice,) = stack.sql(
        "SELECT count(*) FROM (SELECT 1 FROM coordination_activityupdate WHERE organization_id = ANY(%s) "
        "GROUP BY organization_id, title HAVING count(*) > 1) repeated",
        [organizations],
    )[0]
    accepted_set = set(accepted)
    return {
        "stored_twice": twice,
        "accepted": len(accepted_set),
        "stored": len(stored),
        "accepted_missing": len(accepted_set - stored),
        "stored_unacknowledged": len(stored - accepted_set),
        "submitted": submitted,
    }


def print_updates(figures: dict[str, int]) -> None:
    print(
        f"updates accepted (201 on create) {figures['accepted']:,}; rows stored {figures['stored']:,}; "
        f"accepted but missing {figures['accepted_missing']}; stored without a 201 reaching the client "
        f"{figures['stored_unacknowledged']}; submitted {figures['submitted']:,}; stored twice for one "
        f"Idempotency-Key {figures['stored_twice']}"
    )


def reminder_figures(stack: Stack) -> dict[str, int]:
    entries = dict(stack.sql("SELECT status, count(*) FROM coordination_reminderentry GROUP BY status"))
    deliveries = dict(stack.sql("SELECT status, count(*) FROM coordination_reminderdelivery GROUP BY status"))
    (flagged,) = stack.sql("SELECT count(*) FROM coordination_reminderdelivery WHERE possible_duplicate")[0]
    (runs,) = stack.sql("SELECT count(*) FROM coordination_reminderrun WHERE finished_at IS NOT NULL")[0]
    mails = [m for m in stack.smtp.messages if str(m["Subject"] or "").startswith("Reminder")]
    # A mail is named by its recipient and the items it lists (titles are unique; the body also holds
    # a signed link that may differ from one sending to the next).
    per_mail = Counter(
        (m["To"], tuple(sorted(line for line in _plain(m).splitlines() if line.startswith("- ")))) for m in mails
    )
    return {
        "due": sum(entries.get(s, 0) for s in ("pending", "claimed", "sent", "failed")),
        "sent": entries.get("sent", 0),
        "pending": entries.get("pending", 0) + entries.get("claimed", 0),
        "failed": entries.get("failed", 0),
        "deliveries_sent": deliveries.get("sent", 0),
        "deliveries_open": deliveries.get("queued", 0) + deliveries.get("sending", 0),
        "deliveries_failed": deliveries.get("failed", 0),
        "flagged_duplicates": flagged,
        "mails": len(mails),
        "mails_repeated": sum(n - 1 for n in per_mail.values() if n > 1),
        "scans": runs,
    }


def _plain(message) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""


def all_reminders_sent(stack: Stack) -> bool:
    figures = reminder_figures(stack)
    return figures["pending"] == 0 and figures["deliveries_open"] == 0


def print_reminders(figures: dict[str, int]) -> None:
    print(
        f"reminders due {figures['due']:,}; sent {figures['sent']:,}; still pending {figures['pending']}; "
        f"failed {figures['failed']} ({figures['scans']} scans)"
    )
    print(
        f"  deliveries recorded sent {figures['deliveries_sent']:,}; mails at the SMTP sink {figures['mails']:,}; "
        f"deliveries still queued or sending {figures['deliveries_open']}; flagged possible duplicates "
        f"{figures['flagged_duplicates']}; identical mails received more than once {figures['mails_repeated']}"
    )


def print_rss(samples: list[RssSample]) -> dict[str, float]:
    """The samples, and the growth of each from the first sample at or after minute 1 to the last; for the
    web, also to the last sample before gunicorn first replaced a worker (``max_requests``), since a
    replaced worker starts small again and hides any growth."""
    print("RSS (KB, process and children)    web (gunicorn)          worker (Celery)")
    previous = None
    for sample in samples:
        replaced = len(sample.web_pids - previous.web_pids) if previous else 0
        note = f"   <- {replaced} web worker(s) replaced since the last sample" if replaced else ""
        print(
            f"  {sample.at:6.0f} s                       {sample.web_kb:9,} ({len(sample.web_pids)} proc)   "
            f"{sample.worker_kb:9,} ({len(sample.worker_pids)} proc){note}"
        )
        previous = sample
    base = next((s for s in samples if s.at >= 60), samples[0])
    last = samples[-1]
    growth = {
        "web": (last.web_kb - base.web_kb) / base.web_kb,
        "worker": (last.worker_kb - base.worker_kb) / base.worker_kb,
    }
    print(
        f"  growth from {base.at:.0f} s to {last.at:.0f} s: web {growth['web']:+.1%}, worker {growth['worker']:+.1%}"
    )
    later = [s for s in samples if s.at >= base.at]
    unchanged = [s for s in later if s.web_pids == base.web_pids]
    if len(unchanged) < len(later) and len(unchanged) > 1:
        before = unchanged[-1]
        growth["web, before a worker was replaced"] = (before.web_kb - base.web_kb) / base.web_kb
        print(
            f"  web growth from {base.at:.0f} s to {before.at:.0f} s, the last sample before gunicorn replaced a "
            f"worker: {growth['web, before a worker was replaced']:+.1%}"
        )
    return growth


def server_latency(stack: Stack) -> str:
    """p50/p95/p99 of the API requests as gunicorn timed them (access log's "<n>ms"): without the
    time a request waited for a free worker in the listen queue."""
    line = re.compile(r'"(?:GET|POST|PATCH) /api/v1/(?!auth/)\S* HTTP/1\.1" \d+ \S+ (\d+)ms')
    times = [int(match.group(1)) for match in line.finditer(stack.log("web"))]
    if not times:
        return "no access log lines"
    return (
        f"p50 {percentile(times, 0.5):5.0f} ms   p95 {percentile(times, 0.95):5.0f} ms   "
        f"p99 {percentile(times, 0.99):5.0f} ms   ({len(times):,} requests in gunicorn's access log)"
    )


def print_machine(started_cpu: float, seconds: float) -> None:
    used = time.process_time() - started_cpu
    load1, load5, _ = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load1:.1f} (1 min) {load5:.1f} (5 min) at the end; "
        f"this bench process (the clients) used {used:.0f} CPU-seconds in {seconds:.0f} s"
    )


def print_logged_errors(stack: Stack, names=("web", "worker", "beat"), limit: int = 10) -> None:
    """The errors the processes logged (JSON lines), grouped by message and the exception's last line."""
    for name in names:
        groups: Counter = Counter()
        examples: dict[tuple, str] = {}
        for line in stack.log(name).splitlines():
            if '"level": "ERROR"' not in line and '"level": "CRITICAL"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            trace = str(record.get("exc_info") or "")
            last = trace.strip().splitlines()[-1] if trace.strip() else ""
            key = (str(record.get("message", ""))[:120], last[:200])
            groups[key] += 1
            examples.setdefault(key, trace)
        if not groups:
            print(f"{name}: no errors logged")
            continue
        print(f"{name}: {sum(groups.values())} errors logged")
        for (message, last), count in groups.most_common(limit):
            print(f"  {count:>5} x {message}  <- {last}")


# --- The run -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits after each answer")
    parser.add_argument(
        "--web-workers", type=int, default=None, help="WEB_CONCURRENCY (default: config/gunicorn.py's)"
    )
    parser.add_argument(
        "--worker-concurrency", type=int, default=None, help="CELERY_CONCURRENCY (default: Procfile's)"
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs (printed on errors)")
    parser.add_argument("--quick", action="store_true", help="5 clients, 20 seconds, no targets (CI)")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.minutes = 5, 20 / 60
    scan_every = 10 if args.quick else 30
    seconds = args.minutes * 60

    started = time.monotonic()
    with loaded_stack(
        clients=args.clients,
        scan_every=scan_every,
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
        keep_logs=args.keep_logs,
    ) as setup:
        stack = setup.stack
        web_processes = len(stack.processes["web"].pids())
        worker_processes = len(stack.processes["worker"].pids())
        print(
            f"load: {args.clients} clients for {seconds:.0f} s, think time {args.think} s; web: gunicorn, "
            f"{web_processes - 1} sync workers; worker: Celery prefork, {worker_processes - 1} children; "
            f"beat scans every {scan_every} s"
        )
        load = Load(setup, think=args.think, feed_every=scan_every, feed_batch=max(1, args.clients // 10))
        cpu_started = time.process_time()
        load.start()
        time.sleep(seconds)
        elapsed = load.stop()
        settle_started = time.monotonic()
        settle = 45 if args.quick else 120
        with contextlib.suppress(AssertionError):
            from tests.e2e.live import wait_until

            wait_until(lambda: all_reminders_sent(stack), timeout=settle, interval=1, message="reminders")
        settled = time.monotonic() - settle_started

        samples = load.recorder.samples
        print()
        print(f"=== bench/load.py: {args.clients} clients, {seconds:.0f} s, production stack (Procfile) ===")
        print_requests(samples, elapsed)
        print(f"server side       {server_latency(stack)}")
        print_machine(cpu_started, elapsed)
        updates = update_figures(stack, load.recorder.accepted, setup.people)
        print_updates(updates)
        reminders = reminder_figures(stack)
        print(f"(reminders counted {settled:.0f} s after the load stopped; {load.feeder.inserted} actions fell due)")
        print_reminders(reminders)
        growth = print_rss(load.rss.samples)
        print_logged_errors(stack)

        if args.quick:
            print(f"quick run (no targets) in {time.monotonic() - started:.0f} s")
            return 0
        missed = []
        if five_xx(samples):
            missed.append(f"{five_xx(samples)} answers 5xx (target: none)")
        if updates["accepted_missing"]:
            missed.append(f"{updates['accepted_missing']} accepted updates not stored")
        if updates["stored_twice"]:
            missed.append(f"{updates['stored_twice']} updates stored twice for one Idempotency-Key")
        if reminders["sent"] < reminders["due"] or reminders["deliveries_open"]:
            missed.append(f"{reminders['due'] - reminders['sent']} due reminders not sent")
        for name, value in growth.items():
            if value > TARGET_RSS_GROWTH:
                missed.append(f"{name} RSS grew {value:.1%} (target: at most {TARGET_RSS_GROWTH:.0%})")
        print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
        print(f"run took {time.monotonic() - started:.0f} s")
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
