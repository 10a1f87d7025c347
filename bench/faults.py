"""Faults under a moderate load on the production stack: Redis stopped, a Celery worker killed,
PostgreSQL connections cut; then whether every due reminder went out and every accepted update is stored.

    .venv/bin/python bench/faults.py                # 20 clients, full phases, settle past the lease
    .venv/bin/python bench/faults.py --quick        # CI: short phases, short settle, no targets

The stack, the clients, the reminder feeder and the figures are bench/load.py's (clients pause
``--think`` seconds after each answer: a moderate load, not the saturation of bench/load.py).
Beat scans for reminders every 20 seconds (10 in quick mode). In sequence:

(a) the stack's redis-server is paused with SIGSTOP for 10 seconds (4 in quick mode) and resumed
    with SIGCONT: it accepts connections and answers nothing, as a frozen machine does. One more
    client answers its input request and submits the answer in a loop, and the call has a
    responsible officer, so each submission writes a mail to the outbox and enqueues the outbox
    sender: a request that talks to the broker. The same clients ran just before with Redis up for
    as long, and the phase prints p95 paused / p95 up (all requests, and the enqueueing ones alone),
    with the mails written meanwhile and when they left (core/outages.py: one cache timeout and one
    enqueue deadline per cool-down per web process; the mail waits for the periodic sender);
(b) the stack's redis-server is stopped for 15 seconds and started again on the same port, empty
    (production's Redis keeps nothing either: broker messages in it at that moment are gone);
(c) a Celery pool child is killed with SIGKILL at the moment the SMTP sink holds a reminder the
    child is sending (after DATA, before the server's 250 reaches it: the mail-server window); then
    the worker's main process is killed with SIGKILL and, like a supervisor, the rest of its
    process group is ended and the worker started again;
(d) every other connection to the database is ended with pg_terminate_backend (the web's, the
    worker's and beat's), three times, 5 seconds apart.

Each phase prints what it did and what it found: requests served, errors by status and request
kind, p50/p95/p99, and what the logs and the database say. After the load, the run waits (up to
the reminder lease, REMINDER_LEASE_SECONDS = 300 s, plus two scans) for the reminders to settle and
prints due against sent, duplicates (flagged by the dispatch, and identical mails at the sink) and
losses, and accepted updates against stored rows. The delivery code takes the side of a possible
duplicate in the mail-server window (docs/decisions/0004-reminders.md): a delivery interrupted
there is sent again once its lease expires, and flagged; a loss would be a bug.

A client whose create is answered 5xx (or not at all) sends it again once, a second later, with the
same Idempotency-Key, as docs/api.md advises; the run counts updates stored twice for one key.

Targets (full run; exit status 1 when missed): every accepted update stored, none stored twice for
one key; every due reminder sent; no duplicate mail except deliveries flagged as possible duplicates. 5xx answers are
reported per phase, not judged (the API's throttles let requests through while their counters'
Redis is down, core/api/throttling.py; anything else answering 5xx then shows here).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    PREFIX,
    FocalPointClient,
    Load,
    Sample,
    Setup,
    all_reminders_sent,
    five_xx,
    loaded_stack,
    percentile,
    print_logged_errors,
    print_reminders,
    print_requests,
    print_updates,
    reminder_figures,
    update_figures,
)
from tests.e2e.live import wait_until  # noqa: E402
from tests.e2e.stack import Stack, database_url, socket_owner, sql  # noqa: E402

# Seconds, except terminations (how many rounds). The full settle outlasts the reminder lease (300 s).
FULL = {"baseline": 30, "redis_down": 15, "observe": 40, "window_wait": 90, "terminations": 3, "settle": 420}
FULL.update(scan=20, redis_paused=10, outbox_wait=90)
QUICK = {"baseline": 3, "redis_down": 5, "observe": 5, "window_wait": 20, "terminations": 2, "settle": 10, "scan": 5}
QUICK.update(redis_paused=4, outbox_wait=0)


class Phases:
    """The load's clock, cut into contiguous windows: each report covers the requests answered since
    the end of the previous one."""

    def __init__(self, load: Load) -> None:
        self.load = load
        self.cursor = 0.0

    def now(self) -> float:
        return self.load.recorder.now()

    def report(self, label: str, end: float | None = None) -> list[Sample]:
        start, end = self.cursor, self.now() if end is None else end
        self.cursor = end
        samples = self.load.recorder.between(start, end)
        load1, _, _ = os.getloadavg()
        print(f"  {label} ({start:.0f} s to {end:.0f} s of the load; machine load average {load1:.1f}):")
        print_requests(samples, max(end - start, 0.001), indent="    ")
        return samples


def finished_scans_since(stack: Stack, since_epoch: float) -> int:
    return stack.sql(
        "SELECT count(*) FROM coordination_reminderrun WHERE finished_at >= to_timestamp(%s)", [since_epoch]
    )[0][0]


def wait_for_a_scan(stack: Stack, since_epoch: float, timeout: float) -> float | None:
    """Seconds from ``since_epoch`` until a reminder scan started after it finished, or None."""
    try:
        wait_until(lambda: finished_scans_since(stack, since_epoch) > 0, timeout=timeout, interval=0.5, message="")
    except AssertionError:
        return None
    (finished,) = stack.sql(
        "SELECT extract(epoch FROM min(finished_at)) FROM coordination_reminderrun "
        "WHERE finished_at >= to_timestamp(%s)",
        [since_epoch],
    )[0]
    return float(finished) - since_epoch


def log_lines_since(stack: Stack, name: str, offset: int) -> list[str]:
    return stack.log(name)[offset:].splitlines()


class AnswerClient(FocalPointClient):
    """A focal point answering its input request and submitting the answer, in a loop. The call has a
    responsible officer during phase (a), so each submission writes a mail to the outbox and, after
    commit, enqueues the outbox sender: the request talks to the broker."""

    def round(self) -> None:
        p = self.person
        draft = {
            "title": f"Answer of {p.username}, round {self.rounds}",
            "body": "Our contribution to the call: two expert meetings and a survey.",
            "input_request": p.input_request,
        }
        created = self.call(
            "create answer",
            "POST",
            "/api/v1/updates/",
            json_body=draft,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        if created is None or created.status != 201:
            return
        self.recorder.accepted.append(created.json()["id"])
        self.call(
            ENQUEUES,
            "POST",
            f"/api/v1/updates/{created.json()['id']}/submit/",
            headers={"If-Match": created.header("etag") or ""},
        )


ENQUEUES = "submit answer (enqueues)"


def p95_ms(samples: list[Sample]) -> float:
    return percentile([s.seconds * 1000 for s in samples if s.status], 0.95)


def sent_between(load: Load, start: float, end: float) -> list[Sample]:
    """The requests sent in [start, end), however long they took: one held until Redis resumed counts here."""
    return [s for s in load.recorder.samples if start <= s.at < end]


def phase_redis_paused(stack: Stack, setup: Setup, load: Load, phases: Phases, size: dict, think: float) -> None:
    seconds = size["redis_paused"]
    print(f"\n--- (a) Redis paused (SIGSTOP) for {seconds} s, against Redis up for as long just before ---")
    officer, answerer = setup.people[-1], setup.people[0]
    call = f"{PREFIX} call for inputs"
    stack.sql(
        "UPDATE coordination_callforinputs SET responsible_officer_id = "
        "(SELECT id FROM auth_user WHERE username = %s) WHERE title = %s",
        [officer.username, call],
    )
    officer_email = stack.sql("SELECT email FROM auth_user WHERE username = %s", [officer.username])[0][0]
    offset = len(stack.log("web"))
    stop = threading.Event()
    client = AnswerClient(stack, answerer, load.recorder, stop, think)
    client.start()
    phases.report("the answering client starting")
    up_start = phases.now()
    time.sleep(seconds)
    up = sent_between(load, up_start, phases.now())
    phases.report("Redis up, one more client answering (its submissions enqueue)")

    pid = stack.redis.process.pid
    paused_start, paused_epoch = phases.now(), time.time()
    stack.kill("redis", signal.SIGSTOP)
    try:
        time.sleep(seconds)
    finally:
        stack.kill("redis", signal.SIGCONT)
    resumed, resumed_epoch = phases.now(), time.time()
    print(f"  did: SIGSTOP to redis-server (pid {pid}) at {paused_start:.0f} s, SIGCONT at {resumed:.0f} s")
    time.sleep(3)  # the requests sent during the pause are all answered (or timed out) by now
    paused = sent_between(load, paused_start, resumed)
    phases.report("while Redis was paused", resumed)
    stop.set()
    client.join(timeout=60)
    stack.sql("UPDATE coordination_callforinputs SET responsible_officer_id = NULL WHERE title = %s", [call])

    for label, group in (("all requests", lambda s: True), ("enqueueing requests", lambda s: s.kind == ENQUEUES)):
        p95_up, p95_paused = p95_ms([s for s in up if group(s)]), p95_ms([s for s in paused if group(s)])
        print(
            f"  found: {label}: p95 paused / p95 up = {p95_paused / p95_up:.1f} "
            f"({p95_paused:.0f} ms over {sum(1 for s in paused if group(s))} requests / "
            f"{p95_up:.0f} ms over {sum(1 for s in up if group(s))}); slowest while paused "
            f"{max((s.seconds for s in paused if group(s)), default=0) * 1000:.0f} ms"
        )
    print(
        f"  found: {five_xx(paused)} answers 5xx, {sum(1 for s in paused if s.status == 0)} unanswered, while paused"
    )
    lines = log_lines_since(stack, "web", offset)
    cool_downs = {
        kind: sum(1 for line in lines if "not tried again in this process" in line and kind in line)
        for kind in ("Cache", "Celery broker")
    }
    print(
        f"  web log: {cool_downs['Cache']} cache and {cool_downs['Celery broker']} broker cool-downs started "
        "(one timeout paid each, per web process)"
    )

    def mails(since: float, until: float) -> tuple[int, int, float | None]:
        (written, sent, last) = stack.sql(
            "SELECT count(*), count(*) FILTER (WHERE status = 'sent'), "
            "extract(epoch FROM max(sent_at)) FROM coordination_outboxmessage "
            "WHERE to_email = %s AND created_at >= to_timestamp(%s) AND created_at < to_timestamp(%s)",
            [officer_email, since, until],
        )[0]
        return written, sent, None if last is None else float(last)

    with contextlib.suppress(AssertionError):
        wait_until(
            lambda: mails(paused_epoch, resumed_epoch)[0] == mails(paused_epoch, resumed_epoch)[1],
            timeout=size["outbox_wait"],
            interval=1,
            message="",
        )
    written, sent, last = mails(paused_epoch, resumed_epoch)
    when = f", the last {max(0.0, last - resumed_epoch):.0f} s after Redis resumed" if last and sent == written else ""
    print(f"  found: {written} mails to the officer written to the outbox while paused; {sent} sent{when}")


def phase_redis(stack: Stack, phases: Phases, size: dict) -> None:
    print(f"\n--- (b) Redis stopped for {size['redis_down']} s, then started again (same port, empty) ---")
    offsets = {name: len(stack.log(name)) for name in ("web", "worker", "beat")}
    pid = stack.redis.process.pid
    stack.stop_redis()
    stopped_at = phases.now()
    ready = stack.readyz()
    print(
        f"  did: stopped redis-server (pid {pid}) at {stopped_at:.0f} s; /readyz then answered {ready.status} "
        f"in {ready.seconds:.2f} s: {ready.text.strip()}"
    )
    time.sleep(size["redis_down"])
    stack.start_redis()
    back = phases.now()
    back_epoch = time.time()
    print(f"  did: started redis-server again at {back:.0f} s (pid {stack.redis.process.pid})")
    outage = phases.report("while Redis was down", back)
    ready_after = wait_for_ready(stack)
    scan_after = wait_for_a_scan(stack, back_epoch, timeout=size["observe"] + 60)
    time.sleep(max(0.0, size["observe"] - (phases.now() - back)))
    end = phases.now()
    phases.report("after Redis returned", end)
    print(
        f"  found: /readyz 200 again {ready_after:.1f} s after Redis returned"
        if ready_after is not None
        else "  found: /readyz NOT 200 within 60 s of Redis returning"
    )
    print(
        "  found: "
        + (
            f"beat and the worker ran a reminder scan to its end {scan_after:.1f} s after Redis returned"
            if scan_after is not None
            else "NO reminder scan finished after Redis returned"
        )
    )
    kinds = sorted({s.kind for s in outage if s.status >= 500})
    if kinds:
        print(f"  found: {five_xx(outage)} answers 5xx during the outage, on: {', '.join(kinds)}")
    for name in ("web", "worker", "beat"):
        lines = log_lines_since(stack, name, offsets[name])
        errors = [line for line in lines if '"level": "ERROR"' in line or "Traceback" in line]
        reconnect = [line for line in lines if "Connected to redis" in line or "reconnect" in line.lower()]
        print(f"  {name} log: {len(errors)} error lines since the stop; {len(reconnect)} lines about reconnecting")


def wait_for_ready(stack: Stack, timeout: float = 60) -> float | None:
    started = time.monotonic()
    try:
        wait_until(lambda: stack.readyz().status == 200, timeout=timeout, interval=0.2, message="")
    except AssertionError:
        return None
    return time.monotonic() - started


def phase_worker(stack: Stack, phases: Phases, size: dict) -> dict:
    print(
        "\n--- (c) a Celery worker killed with SIGKILL: a pool child inside the mail-server window, then the main ---"
    )
    found: dict = {"window_kill": None}
    fired = threading.Event()

    def kill_the_sender(message, session) -> None:
        if fired.is_set() or not str(message["Subject"] or "").startswith("Reminder"):
            return
        stack.smtp.on_message = None
        owner = socket_owner(session.peer[1], stack.processes["worker"].pids())
        if owner is not None:
            os.kill(owner, signal.SIGKILL)
        found["window_kill"] = {"pid": owner, "to": message["To"], "subject": message["Subject"], "at": phases.now()}
        fired.set()

    stack.smtp.on_message = kill_the_sender
    if not fired.wait(size["window_wait"]):
        stack.smtp.on_message = None
        print(f"  did: nothing: no reminder reached the SMTP sink within {size['window_wait']} s")
    else:
        kill = found["window_kill"]
        time.sleep(1)
        (delivery,) = stack.sql(
            "SELECT id, status, attempts, extract(epoch FROM leased_until - now()) FROM coordination_reminderdelivery "
            "WHERE to_email = %s ORDER BY id DESC LIMIT 1",
            [kill["to"]],
        ) or [(None, None, None, None)]
        print(
            f"  did: at {kill['at']:.0f} s the SMTP sink held the reminder to {kill['to']} ({kill['subject']!r}) "
            f"and, before answering 250, SIGKILLed pool child {kill['pid']} that was sending it"
        )
        if delivery[0] is not None:
            print(
                f"  found: delivery {delivery[0]} is {delivery[1]!r} after {delivery[2]} attempt(s), its lease ends "
                f"in {float(delivery[3] or 0):.0f} s: the mail reached the server but 'sent' was never written"
            )
        (held,) = stack.sql(
            "SELECT count(*) FROM coordination_reminderdelivery WHERE status IN ('queued', 'sending') "
            "AND leased_until > now()"
        )[0]
        print(f"  found: {held} deliveries wait for their lease to expire (the killed dispatch's batch)")
        with contextlib.suppress(AssertionError):
            wait_until(lambda: stack.grep("worker", rf"pid:{kill['pid']} exited"), timeout=15, message="")
        lost = stack.grep("worker", rf"pid:{kill['pid']} exited|WorkerLostError")
        print(f"  worker log: {len(lost)} lines on the lost child: {'; '.join(line[:160] for line in lost[:1])}")
        wait_until(
            lambda: len(stack.children("worker")) >= _concurrency(stack),
            timeout=30,
            message="the pool child replaced",
        )
        print(f"  found: the worker's main process replaced the child ({len(stack.children('worker'))} children)")
    time.sleep(size["observe"] / 2)

    main_pid = stack.kill("worker", signal.SIGKILL)
    killed_at = phases.now()
    orphans = [pid for pid in _group(stack.processes["worker"].popen.pid) if pid != main_pid]
    time.sleep(2)
    restart_started = time.monotonic()
    stack.restart("worker")
    restarted = time.monotonic() - restart_started
    restart_epoch = time.time()
    print(
        f"  did: SIGKILLed the worker's main process {main_pid} at {killed_at:.0f} s ({len(orphans)} pool children "
        f"left in its group); 2 s later ended the group and started the worker again: ready in {restarted:.1f} s"
    )
    unacked = _redis_count(stack, "HLEN", "unacked")
    print(
        f"  found: {unacked} broker messages unacknowledged in Redis (a killed task's message comes back after "
        "the visibility timeout, 2 h; beat's next scan covers it)"
    )
    scan_after = wait_for_a_scan(stack, restart_epoch, timeout=size["observe"] + 60)
    print(
        "  found: "
        + (
            f"a reminder scan finished {scan_after:.1f} s after the restart"
            if scan_after is not None
            else "NO reminder scan finished after the restart"
        )
    )
    time.sleep(size["observe"] / 2)
    phases.report("during the phase")
    return found


def _concurrency(stack: Stack) -> int:
    return int(stack.env.get("CELERY_CONCURRENCY") or 4)


def _group(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) == group:
                    found.append(int(entry.name))
    return found


def _redis_count(stack: Stack, *command: str) -> str:
    import redis

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(stack.redis.url, socket_timeout=2)
        return str(client.execute_command(*command))
    return "?"


def phase_postgres(stack: Stack, phases: Phases, size: dict) -> None:
    print(
        f"\n--- (d) PostgreSQL connections ended (pg_terminate_backend), {size['terminations']} times, 5 s apart ---"
    )
    database = stack.database_url.rsplit("/", 1)[1]
    offsets = {name: len(stack.log(name)) for name in ("web", "worker", "beat")}
    start_epoch = time.time()
    for round_ in range(size["terminations"]):
        if round_:
            time.sleep(5)
        # From the server's maintenance database, with the statement of the runbook: pg_terminate_backend in
        # the select list runs only on the rows the WHERE clause kept.
        ended = sql(
            database_url("postgres"),
            "SELECT pid, state, pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        states = {}
        for _, state, _ in ended:
            states[state or "?"] = states.get(state or "?", 0) + 1
        print(f"  did: at {phases.now():.0f} s ended {len(ended)} connections ({states})")
    time.sleep(size["observe"])
    phases.report("during and after")
    scan_after = wait_for_a_scan(stack, start_epoch + 5 * (size["terminations"] - 1), timeout=60)
    print(
        "  found: "
        + (
            f"a reminder scan finished {scan_after:.1f} s after the last termination"
            if scan_after is not None
            else "NO reminder scan finished after the terminations"
        )
    )
    for name, process in stack.processes.items():
        lines = log_lines_since(stack, name, offsets[name])
        errors = [line for line in lines if '"level": "ERROR"' in line or "Traceback" in line]
        alive = "running" if process.running() else f"EXITED ({process.popen.returncode})"
        print(f"  {name}: {alive}; {len(errors)} error lines in its log since the first termination")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.5, help="seconds a client waits after each answer")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs (printed on errors)")
    parser.add_argument("--quick", action="store_true", help="short phases and settle, no targets (CI)")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if args.quick:
        args.clients = 5
    scan_every = size["scan"]
    started = time.monotonic()

    with loaded_stack(
        clients=args.clients,
        scan_every=scan_every,
        web_workers=None,
        worker_concurrency=None,
        prefix="test_faults",
        seeds=not args.quick,
        keep_logs=args.keep_logs,
    ) as setup:
        stack = setup.stack
        load = Load(setup, think=args.think, feed_every=scan_every, feed_batch=max(1, args.clients // 5))
        phases = Phases(load)
        print(
            f"faults: {args.clients} clients (think {args.think} s), beat scans every {scan_every} s, "
            f"{load.feed_batch} more actions due every {scan_every} s"
        )
        load.start()
        time.sleep(size["baseline"])
        print("\n--- baseline ---")
        phases.report("no fault")

        phase_redis_paused(stack, setup, load, phases, size, args.think)
        phase_redis(stack, phases, size)
        found = phase_worker(stack, phases, size)
        phase_postgres(stack, phases, size)

        elapsed = load.stop()
        settle_started = time.monotonic()
        with contextlib.suppress(AssertionError):
            wait_until(lambda: all_reminders_sent(stack), timeout=size["settle"], interval=2, message="")
        settled = time.monotonic() - settle_started

        samples = load.recorder.samples
        print(f"\n=== bench/faults.py: {args.clients} clients, {elapsed:.0f} s of load, three faults ===")
        print_requests(samples, elapsed, per_kind=False)
        updates = update_figures(stack, load.recorder.accepted, setup.people)
        print_updates(updates)
        reminders = reminder_figures(stack)
        print(
            f"(reminders counted {settled:.0f} s after the load stopped, settle limit {size['settle']} s; "
            f"{load.feeder.inserted} actions fell due during the run; feeder errors: {len(load.feeder.errors)})"
        )
        print_reminders(reminders)
        window = found.get("window_kill")
        print("mail-server window: the code takes the side of a possible duplicate (docs/decisions/0004-reminders.md)")
        if window:
            (flagged_to,) = stack.sql(
                "SELECT count(*) FROM coordination_reminderdelivery WHERE to_email = %s AND possible_duplicate "
                "AND status = 'sent'",
                [window["to"]],
            )[0]
            at_sink = sum(
                1 for m in stack.smtp.messages if m["To"] == window["to"] and m["Subject"] == window["subject"]
            )
            print(
                f"  the interrupted reminder to {window['to']}: {at_sink} copies at the SMTP sink; "
                f"{flagged_to} delivery to that address sent again and flagged possible duplicate"
            )
        unflagged = reminders["mails_repeated"] - reminders["flagged_duplicates"]
        lost = reminders["due"] - reminders["sent"]
        print(
            f"  duplicates: {reminders['mails_repeated']} mails received twice, {reminders['flagged_duplicates']} "
            f"flagged; losses: {lost} due reminders not sent ({reminders['pending']} still pending or leased)"
        )
        if reminders["deliveries_open"]:
            (seconds_left,) = stack.sql(
                "SELECT extract(epoch FROM max(leased_until) - now()) FROM coordination_reminderdelivery "
                "WHERE status IN ('queued', 'sending')"
            )[0]
            print(
                f"  {reminders['deliveries_open']} deliveries still wait for their lease (REMINDER_LEASE_SECONDS, "
                f"300 s) to expire, in {float(seconds_left or 0):.0f} s: the first scan after that sends them"
            )
        print(f"  broker messages still unacknowledged in Redis: {_redis_count(stack, 'HLEN', 'unacked')}")
        print_logged_errors(stack)
        print(f"run took {time.monotonic() - started:.0f} s")

        if args.quick:
            return 0
        missed = []
        if updates["accepted_missing"]:
            missed.append(f"{updates['accepted_missing']} accepted updates not stored")
        if updates["stored_twice"]:
            missed.append(f"{updates['stored_twice']} updates stored twice for one Idempotency-Key")
        if lost or reminders["deliveries_open"]:
            missed.append(f"{lost} due reminders not sent")
        if unflagged > 0:
            missed.append(f"{unflagged} duplicate mails not flagged")
        print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
        return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
