"""Several nodes at once: two web nodes, two workers and two beats from the Procfile against one PostgreSQL and
one Redis, under a bounded load; then whether every accepted write is stored once and every due reminder point
sent exactly once.

    .venv/bin/python bench/multinode.py             # 12 focal points and the secretariat for 4 minutes
    .venv/bin/python bench/multinode.py --quick     # CI: 6 focal points for 45 seconds (under 3 minutes in all)

The stack is tests/e2e/stack.py's with ``nodes=2``: a scratch PostgreSQL database (``test_multinode_<random>``,
dropped at the end), one redis-server and one SMTP sink, the Procfile's release once, then each of its web,
worker and beat lines twice under production settings, as on two machines: each web node its own gunicorn
on its own loopback port (2 sync workers each), each worker its own Celery node (``worker1@``, ``worker2@``,
2 processes each), each beat its own process. Both beats queue the reminder scan every 10 seconds (20 in
the full run) and the outbox sender as often: two beats by mistake, the case docs/operations.md says does
no harm, so twice the scans, some of them at the same time on the two workers.

The load is bench/load.py's, spread over the two web nodes (client N on node N mod 2): one organization
per focal point, each focal point in a loop (its open input requests, its actions due soon, its updates, a
progress report created with an Idempotency-Key, edited with If-Match, submitted), and here also answering
the calls for inputs addressed to it: each input request gets an answer (created, then submitted, which
mails the call's responsible officer) after a delay drawn between none and two scan intervals, so some
are answered before their reminder goes (none is owed then) and most after. The secretariat (a staff member
with a second factor, its token from a recovery code) opens a call for inputs every scan interval through
the API, alternating nodes, addressed to three of the organizations and due today, so the call mails their
focal points and its input requests have a reminder point due at once; and, as bench/load.py does, more
follow-up actions fall due today every scan interval (inserted with SQL). A create answered 5xx, or not at
all, is sent again once with the same Idempotency-Key. No seeds are loaded: every item that can fall due
is one the run made, so the due points are known without the scan's code.

Checks (the exit status is 1 when one fails, in both modes):

- no 5xx answer, from either node;
- every accepted write stored once: each update or answer answered 201 is stored, none twice for one
  key; each call answered 201 is stored once with an input request per organization it named; each
  submitted answer left its input request answered;
- every due reminder point sent exactly once. The due points are the (item, recipient) pairs of the items
  due today (the actions made, fed and inserted, and the input requests of the calls opened) and the
  organization's focal point. The ledger's rows to send (pending, claimed, sent, failed) are exactly the
  due points, each sent, except the input requests answered before their reminder went: no row, or the
  row cancelled, and then no scan ran wholly between the call's opening and the answer (such a scan
  saw the request open and had to record it). At the SMTP sink, every line of every reminder mail is a
  sent row's and each sent row is in one mail, or in more only when its delivery is flagged a possible
  duplicate;
- every outbox message sent, and the SMTP sink's other mails are the outbox's messages, each once.

Prints the requests per web node, the scans each beat queued and each worker ran, scans that overlapped,
latency, the figures of each check, and the errors the processes logged. A run that crosses midnight in
the secretariat's time zone (America/New_York) sees the next day's points as well: run it in daytime.
After the load the run waits (60 s at most, 120 s in the full run) for a scan begun after the load ended
to finish and for nothing to be left to send, then checks.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    SECRETARIAT_TIME_ZONE,
    FocalPointClient,
    Load,
    Recorder,
    Sample,
    Setup,
    five_xx,
    loaded_stack,
    percentile,
    print_logged_errors,
    print_requests,
    print_updates,
    update_figures,
)
from tests.e2e.live import wait_until  # noqa: E402
from tests.e2e.stack import Stack  # noqa: E402

NODES = {"web": 2, "worker": 2, "beat": 2}
SECRETARIAT = "multinode.officer"
SECRETARIAT_PASSWORD = "multinode-officer-password-2026"  # noqa: S105 -- a made-up user in a scratch database
RECOVERY_CODES = [f"multinode{n:02d}code" for n in range(10)]
CALL_PREFIX = "MULTINODE call"
ADDRESSEES = 3
TO_SEND = ("pending", "claimed", "sent", "failed")  # the ledger's rows of points to send (not skipped, missed ...)
FULL = {"clients": 12, "seconds": 240, "scan": 20, "settle": 120}
QUICK = {"clients": 6, "seconds": 45, "scan": 10, "settle": 60}


# --- Data, made inside `manage.py shell` under production settings ---------------------------------


def make_secretariat() -> None:
    """A secretariat officer (staff, in the secretariat group) with recovery codes as second factor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from agencies.selectors import SECRETARIAT_GROUP

    user = get_user_model().objects.create_user(
        SECRETARIAT, f"{SECRETARIAT}@secretariat.example.org", SECRETARIAT_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in RECOVERY_CODES)
    print(json.dumps({"email": user.email}))


def secretariat_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(SECRETARIAT_TIME_ZONE)).date()


# --- Clients -----------------------------------------------------------------------------------------


@dataclass
class Writes:
    """What the clients were told was written, with the instants (time.time()) the checks need."""

    calls: dict[int, dict] = field(default_factory=dict)  # id -> {"title", "organizations", "answered_at"}
    answers: dict[int, dict] = field(default_factory=dict)  # id -> {"request", "sent_at", "submitted"}


class AnsweringFocalPoint(FocalPointClient):
    """bench/load.py's focal point, who also answers the calls addressed to their organization: each
    input request gets an answer (created, then submitted) once it has been seen open for a time drawn
    between none and ``answer_after`` seconds: some before their reminder goes, most after."""

    def __init__(self, *args, writes: Writes, answer_after: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.writes = writes
        self.answer_after = answer_after
        self.seen: dict[int, float] = {}  # input request -> when to answer it
        self.answered: set[int] = set()

    def round(self) -> None:
        super().round()
        listed = self.call("list my open input requests", "GET", "/api/v1/input-requests/?status=open")
        if listed is None or listed.status != 200:
            return
        now = time.monotonic()
        for request in listed.json()["results"]:
            when = self.seen.setdefault(request["id"], now + random.uniform(0, self.answer_after))  # noqa: S311
            if request["id"] not in self.answered and now >= when:
                self.answered.add(request["id"])
                self.answer(request["id"])

    def answer(self, request: int) -> None:
        draft = {
            "title": f"Answer of {self.person.username} to request {request}",
            "body": "Our contribution: two expert meetings and a survey of remittance costs.",
            "input_request": request,
        }
        key = {"Idempotency-Key": str(uuid.uuid4())}
        sent_at = time.time()
        created = self.call("create answer", "POST", "/api/v1/updates/", json_body=draft, headers=key)
        if created is None or created.status >= 500:
            time.sleep(1)
            created = self.call(
                "create answer (retry, same key)", "POST", "/api/v1/updates/", json_body=draft, headers=key
            )
        if created is None or created.status != 201:
            return
        answer = created.json()["id"]
        self.recorder.accepted.append(answer)
        self.writes.answers[answer] = {"request": request, "sent_at": sent_at, "submitted": False}
        submitted = self.call(
            "submit answer (If-Match)",
            "POST",
            f"/api/v1/updates/{answer}/submit/",
            headers={"If-Match": created.header("etag") or ""},
        )
        if submitted is not None and submitted.status == 200:
            self.writes.answers[answer]["submitted"] = True


class SecretariatClient(threading.Thread):
    """The secretariat's system: every ``every`` seconds opens a call for inputs due today, addressed to
    ``ADDRESSEES`` of the load's organizations, on each web node in turn, and reads the call's board."""

    def __init__(self, setup: Setup, token: str, recorder: Recorder, writes: Writes, stop, every: float) -> None:
        super().__init__(name="secretariat", daemon=True)
        self.recorder = recorder
        self.writes = writes
        self.stop_event = stop
        self.every = every
        self.organizations = [p.organization for p in setup.people]
        headers = {"Authorization": f"Token {token}"}
        self.nodes = [setup.stack.client(node=n, timeout=60, headers=headers) for n in range(len(setup.stack.ports))]
        self.opened = 0

    def call(self, kind: str, method: str, path: str, **kwargs):
        http = self.nodes[self.opened % len(self.nodes)]
        at = self.recorder.now()
        started = time.perf_counter()
        try:
            response = http.request(method, path, **kwargs)
        except OSError:
            self.recorder.samples.append(Sample(at, kind, 0, time.perf_counter() - started))
            return None
        self.recorder.samples.append(Sample(at, kind, response.status, response.seconds))
        return response

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            self.open_call()
            self.opened += 1
        for http in self.nodes:
            http.close()

    def open_call(self) -> None:
        chosen = random.sample(self.organizations, min(ADDRESSEES, len(self.organizations)))
        body = {
            "title": f"{CALL_PREFIX} {self.opened + 1}",
            "instructions": "Inputs to the report on the state of the Global Compact's implementation.",
            "deadline": secretariat_today().isoformat(),
            "organizations": chosen,
        }
        key = {"Idempotency-Key": str(uuid.uuid4())}
        created = self.call("open call (secretariat)", "POST", "/api/v1/calls/", json_body=body, headers=key)
        if created is None or created.status >= 500:
            time.sleep(1)
            created = self.call("open call (retry, same key)", "POST", "/api/v1/calls/", json_body=body, headers=key)
        if created is None or created.status != 201:
            return
        call = created.json()["id"]
        self.writes.calls[call] = {"title": body["title"], "organizations": sorted(chosen), "answered_at": time.time()}
        self.call("call board (secretariat)", "GET", f"/api/v1/calls/{call}/board/")


# --- Checks ------------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    failures: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)


def web_node_requests(stack: Stack) -> str:
    """API requests in each web node's access log, with p50/p95/max as gunicorn timed them (without the wait
    for a free worker in the listen queue)."""
    line = re.compile(r'"(?:GET|POST|PUT|PATCH|DELETE) /api/v1/(?!auth/)\S* HTTP/1\.1" \d+ \S+ (\d+)ms')
    nodes = []
    for process in stack.group("web"):
        times = [int(ms) for ms in line.findall(process.log())]
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        nodes.append(
            f"{process.name} {len(times):,} (p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(times, default=0):,} ms)"
        )
    return "; ".join(nodes)


def scans_by_process(stack: Stack) -> tuple[dict[str, int], dict[str, int]]:
    queued = {
        p.name: sum("Sending due task" in line and "run_reminders" in line for line in p.log().splitlines())
        for p in stack.group("beat")
    }
    ran = {
        p.name: sum("coordination.run_reminders[" in line and "succeeded" in line for line in p.log().splitlines())
        for p in stack.group("worker")
    }
    return queued, ran


def overlapping_scans(stack: Stack) -> int:
    (count,) = stack.sql(
        "SELECT count(*) FROM coordination_reminderrun a WHERE EXISTS (SELECT 1 FROM coordination_reminderrun b "
        "WHERE b.id <> a.id AND b.started_at < coalesce(a.finished_at, now()) "
        "AND a.started_at < coalesce(b.finished_at, now()))"
    )[0]
    return count


def check_writes(stack: Stack, setup: Setup, recorder: Recorder, writes: Writes) -> Check:
    check = Check("every accepted write stored once")
    updates = update_figures(stack, recorder.accepted, setup.people)
    print_updates(updates)
    if updates["accepted_missing"]:
        check.fail(f"{updates['accepted_missing']} updates or answers answered 201 are not stored")
    if updates["stored_twice"]:
        check.fail(f"{updates['stored_twice']} updates or answers stored twice")
    stored = defaultdict(list)
    for call, title, organizations in stack.sql(
        "SELECT c.id, c.title, array_agg(r.organization_id ORDER BY r.organization_id) "
        "FROM coordination_callforinputs c LEFT JOIN coordination_inputrequest r ON r.call_id = c.id "
        "WHERE c.title LIKE %s GROUP BY c.id",
        [f"{CALL_PREFIX} %"],
    ):
        stored[title].append((call, organizations))
    twice = sum(1 for rows in stored.values() if len(rows) > 1)
    missing = [c for c in writes.calls if c not in {call for rows in stored.values() for call, _ in rows}]
    wrong = [
        c
        for c, w in writes.calls.items()
        for call, orgs in stored.get(w["title"], [])
        if call == c and orgs != w["organizations"]
    ]
    print(
        f"calls opened (201) {len(writes.calls)}; stored {sum(map(len, stored.values()))}; accepted but missing "
        f"{len(missing)}; stored twice {twice}; with other input requests than named {len(wrong)}"
    )
    if missing or twice or wrong:
        check.fail(f"calls: {len(missing)} missing, {twice} stored twice, {len(wrong)} with the wrong requests")
    submitted = {a: w["request"] for a, w in writes.answers.items() if w["submitted"]}
    open_after = stack.sql(
        "SELECT count(*) FROM coordination_inputrequest WHERE id = ANY(%s) AND status <> 'answered'",
        [list(submitted.values())],
    )[0][0]
    print(
        f"answers accepted {len(writes.answers)}; submitted {len(submitted)}; their requests not answered {open_after}"
    )
    if open_after:
        check.fail(f"{open_after} input requests not answered after their answer was submitted")
    return check


def _subject(message) -> str:
    """The subject as written (a long or non-ASCII one is folded and encoded on the way)."""
    return " ".join(str(message["Subject"] or "").split())


def _mail_lines(message) -> list[tuple[str, int]]:
    """(kind, item id) of each item a reminder mail lists, from the item's link."""
    part = message.get_body(("plain",))
    text = part.get_content() if part is not None else ""
    return [(kind, int(item)) for kind, item in re.findall(r"/my/(action|input_request)/(\d+)/", text)]


def check_reminders(stack: Stack, setup: Setup, writes: Writes, today: dt.date) -> Check:
    check = Check("every due reminder point sent exactly once")
    email_of = {p.organization: f"{p.username}@load.example.org" for p in setup.people}
    organizations = list(email_of)
    due_items = [
        *stack.sql(
            "SELECT 'action', id, lead_organization_id FROM coordination_followupaction "
            "WHERE lead_organization_id = ANY(%s) AND due_date = %s",
            [organizations, today],
        ),
        *stack.sql(
            "SELECT 'input_request', id, organization_id FROM coordination_inputrequest "
            "WHERE organization_id = ANY(%s) AND due_date = %s",
            [organizations, today],
        ),
    ]
    due = {(kind, item, email_of[organization]) for kind, item, organization in due_items}
    rows = defaultdict(list)
    for kind, item, email, status, flagged in stack.sql(
        "SELECT e.item_kind, e.item_id, u.email, e.status, coalesce(d.possible_duplicate, false) "
        "FROM coordination_reminderentry e LEFT JOIN auth_user u ON u.id = e.recipient_ref "
        "LEFT JOIN coordination_reminderdelivery d ON d.id = e.delivery_id"
    ):
        rows[(kind, item, email)].append((status, flagged))
    to_send = {key for key, found in rows.items() if any(s in TO_SEND for s, _ in found)}
    sent = {key: found for key, found in rows.items() if any(s == "sent" for s, _ in found)}
    statuses = Counter(s for found in rows.values() for s, _ in found)
    print(f"ledger rows by status: {dict(sorted(statuses.items()))}")

    answered = {w["request"]: w for w in writes.answers.values()}
    opened = {
        request: writes.calls[call]["answered_at"]
        for request, call in stack.sql(
            "SELECT id, call_id FROM coordination_inputrequest WHERE call_id = ANY(%s)", [list(writes.calls)]
        )
    }
    runs = stack.sql(
        "SELECT extract(epoch FROM started_at), extract(epoch FROM finished_at) FROM coordination_reminderrun "
        "WHERE finished_at IS NOT NULL"
    )
    sent_once = answered_first = 0
    for point in sorted(due):
        kind, item, _ = point
        # The point due today; the earlier points of the same deadline are recorded skipped, not sent.
        found = [s for s, _ in rows.get(point, []) if s in TO_SEND or s == "cancelled"]
        if found == ["sent"]:
            sent_once += 1
            continue
        if kind == "input_request" and item in answered and set(found) <= {"cancelled"}:
            # Answered before its reminder went: fine, unless a scan ran wholly between the call's opening
            # (acknowledged) and the answer (sent): that scan saw the request open and had to record it.
            window = (opened.get(item, float("inf")), answered[item]["sent_at"])
            if not found and any(window[0] < float(s) and float(f) < window[1] for s, f in runs):
                check.fail(f"{point}: no ledger row, though a scan ran between the call's opening and the answer")
            else:
                answered_first += 1
            continue
        check.fail(f"due point {point}: ledger rows {found or 'none'}")
    extra = to_send - due
    for point in sorted(extra):
        check.fail(f"ledger row to send that is no due point: {point} {rows[point]}")
    print(
        f"due points (items due today x their focal point) {len(due)}: sent once {sent_once}; input requests "
        f"answered before their reminder went {answered_first}; ledger rows to send that are no due point {len(extra)}"
    )

    mails = [m for m in stack.smtp.messages if _subject(m).startswith("Reminder")]
    at_sink = Counter((kind, item, str(m["To"])) for m in mails for kind, item in _mail_lines(m))
    flagged = {key for key, found in sent.items() if any(f for s, f in found if s == "sent")}
    repeated = unflagged = 0
    for key in sent:
        copies = at_sink.get(key, 0)
        if copies == 0:
            check.fail(f"sent row {key} is in no mail at the SMTP sink")
        elif copies > 1:
            repeated += 1
            if key not in flagged:
                unflagged += 1
                check.fail(f"sent row {key} is in {copies} mails and not flagged a possible duplicate")
    strangers = [key for key in at_sink if key not in sent]
    for key in strangers:
        check.fail(f"a reminder mail lists {key}, which no sent ledger row has")
    print(
        f"reminder mails at the SMTP sink {len(mails)}, listing {sum(at_sink.values())} points: sent rows in no mail "
        f"{sum(1 for k in sent if k not in at_sink)}; in more than one {repeated} (flagged {repeated - unflagged}); "
        f"points no sent row has {len(strangers)}"
    )
    return check


def check_outbox(stack: Stack) -> Check:
    check = Check("every outbox message sent, once")
    rows = stack.sql("SELECT kind, status, to_email, subject FROM coordination_outboxmessage")
    by_status = Counter(status for _, status, _, _ in rows)
    by_kind = Counter(kind for kind, _, _, _ in rows)
    outbox = Counter((to, " ".join(subject.split())) for _, status, to, subject in rows if status == "sent")
    others = [m for m in stack.smtp.messages if not _subject(m).startswith("Reminder")]
    at_sink = Counter((str(m["To"]), _subject(m)) for m in others)
    print(
        f"outbox messages {len(rows)} ({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))}) by status "
        f"{dict(sorted(by_status.items()))}; other mails at the SMTP sink {len(others)}"
    )
    if set(by_status) - {"sent"}:
        check.fail(f"outbox messages not sent: {dict(by_status)}")
    if at_sink != outbox:
        check.fail(
            f"the SMTP sink's mails differ from the outbox's: {at_sink - outbox} more, {outbox - at_sink} fewer"
        )
    return check


def settled(stack: Stack, since_epoch: float) -> bool:
    """A scan started after ``since_epoch`` (the load's end: it saw every item the load made) has finished,
    and nothing waits to be sent."""
    (scans_after, open_reminders, open_deliveries, open_outbox) = stack.sql(
        "SELECT (SELECT count(*) FROM coordination_reminderrun WHERE finished_at IS NOT NULL "
        "AND started_at > to_timestamp(%s)), "
        "(SELECT count(*) FROM coordination_reminderentry WHERE status IN ('pending', 'claimed')), "
        "(SELECT count(*) FROM coordination_reminderdelivery WHERE status IN ('queued', 'sending')), "
        "(SELECT count(*) FROM coordination_outboxmessage WHERE status = 'pending')",
        [since_epoch],
    )[0]
    return scans_after > 0 and open_reminders == open_deliveries == open_outbox == 0


# --- The run -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6 focal points for 45 s (CI)")
    parser.add_argument("--clients", type=int, help="focal points (default 12, 6 with --quick)")
    parser.add_argument("--minutes", type=float, help="minutes of load (default 4, 1 with --quick)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs")
    args = parser.parse_args()
    size = dict(QUICK if args.quick else FULL)
    if args.clients:
        size["clients"] = args.clients
    if args.minutes:
        size["seconds"] = args.minutes * 60
    scan = size["scan"]
    started = time.monotonic()

    with loaded_stack(
        clients=size["clients"],
        scan_every=scan,
        web_workers=2,
        worker_concurrency=2,
        prefix="test_multinode",
        seeds=False,
        keep_logs=args.keep_logs,
        nodes=NODES,
        schedule={"coordination.send_outbox": scan},
    ) as setup:
        stack = setup.stack
        with stack.logs_on_failure():
            stack.shell("from bench.multinode import make_secretariat; make_secretariat()")
            token = stack.post(
                "/api/v1/auth/token/",
                json_body={"username": SECRETARIAT, "password": SECRETARIAT_PASSWORD, "otp_token": RECOVERY_CODES[0]},
            )
            if token.status != 201:
                raise RuntimeError(f"the secretariat's token: {token.status} {token.text[:300]}")
        today = secretariat_today()
        writes = Writes()
        client = functools.partial(AnsweringFocalPoint, writes=writes, answer_after=2 * scan)
        load = Load(setup, feed_every=scan, feed_batch=2, client=client)
        secretariat = SecretariatClient(setup, token.json()["token"], load.recorder, writes, load.stop_event, scan)
        print(
            f"multinode: {', '.join(stack.processes)}; {size['clients']} focal points on web nodes "
            f":{stack.ports[0]} and :{stack.ports[1]} (gunicorn, 2 sync workers each), Celery 2 processes a worker; "
            f"each beat queues the scan and the outbox sender every {scan} s; for {size['seconds']:.0f} s the "
            f"secretariat opens a call every {scan} s and 2 more actions fall due every {scan} s"
        )
        load.start()
        secretariat.start()
        time.sleep(size["seconds"])
        elapsed = load.stop()
        secretariat.join(timeout=90)
        stopped_epoch, settle_started = time.time(), time.monotonic()
        with contextlib.suppress(AssertionError):
            wait_until(lambda: settled(stack, stopped_epoch), timeout=size["settle"], interval=1, message="")
        settle_seconds = time.monotonic() - settle_started
        time.sleep(2)  # the last mails' 250 reach the sink's list

        samples = load.recorder.samples
        print(
            f"\n=== bench/multinode.py: 2 web nodes, 2 workers, 2 beats; {size['clients']} focal points, "
            f"{elapsed:.0f} s ==="
        )
        print_requests(samples, elapsed)
        per_node = defaultdict(list)
        for client in load.clients:
            per_node[client.node].append(client.person.username)
        people_per_node = {stack.names("web")[n]: len(people) for n, people in sorted(per_node.items())}
        print(f"focal points per node {people_per_node}; API requests in the access logs: {web_node_requests(stack)}")
        queued, ran = scans_by_process(stack)
        heartbeats = [row[0] for row in stack.sql("SELECT hostname FROM coordination_workerheartbeat ORDER BY 1")]
        (scans,) = stack.sql("SELECT count(*) FROM coordination_reminderrun WHERE finished_at IS NOT NULL")[0]
        print(
            f"reminder scans queued by each beat {queued}, run by each worker {ran}; finished scans {scans}, "
            f"of which overlapped another {overlapping_scans(stack)}; workers' heartbeats {heartbeats}"
        )
        print(
            f"(counted {settle_seconds:.0f} s after the load stopped, once a scan begun after it had finished; "
            f"{load.feeder.inserted} actions fell due; "
            f"{secretariat.opened} calls sent; {sum('retry' in s.kind for s in samples)} creates sent again "
            "after a 5xx or no answer)"
        )
        checks = [
            check_writes(stack, setup, load.recorder, writes),
            check_reminders(stack, setup, writes, today),
            check_outbox(stack),
        ]
        five = Check("no 5xx answer")
        if five_xx(samples):
            kinds = Counter(s.kind for s in samples if s.status >= 500)
            five.fail(f"{five_xx(samples)} answers 5xx: {dict(kinds)}")
        checks.insert(0, five)
        print_logged_errors(stack, names=tuple(stack.processes))
        failed = [c for c in checks if c.failures]
        for c in checks:
            print(f"check: {c.name}: " + ("ok" if not c.failures else "FAILED"))
            for failure in c.failures[:20]:
                print(f"  - {failure}")
        print(f"run took {time.monotonic() - started:.0f} s")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
