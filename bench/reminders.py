"""Reminder scan and delivery, measured against baselines in the same run (PostgreSQL, Redis).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/reminders.py
    ... bench/reminders.py --quick      # CI (make bench-quick): small tables, no targets

Prints:
1. the scan's time with 5,000 due points among 1,000,000 open follow-up actions, as a ratio to its
   floor: the same ledger rows (each due action to its organization's primary focal point, with the
   run) written by one INSERT ... SELECT ... ON CONFLICT DO NOTHING with no policy computed, and
   committed as the scan commits (the commit checks the rows' foreign keys, which no scan can skip):
   ``scan / floor  X.XXx`` (target: at most 2x). For reference, the floor's statement alone, rolled
   back (the floor printed before issue 24, which left out the commit and its checks), a bare
   indexed SELECT of the same rows, and the item scans of the scan's statement (they must use the
   index on due_date). Floor and scan rounds alternate;
2. the same 5,000 due points among 100,000 open items: the 1,000,000-item scan time as a ratio to
   the 100,000-item one (target: at most 1.3; the cost follows what is due, not the table);
3. 500 reminders delivered through Redis, a worker process and a local SMTP server, as a ratio of
   their rate to that of 500 tasks sending one plain mail each to the same server, medians of three
   rounds: ``delivery ratio  X.XX`` (target: at least 0.6).

Tables are filled with INSERT ... SELECT generate_series, in a scratch database that is dropped
at the end. Each timing is the median of several rounds. Full runs exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from coordination.choices import DeliveryStatus  # noqa: E402
from coordination.deadlines import secretariat_today  # noqa: E402
from coordination.models import ReminderDelivery, ReminderEntry, ReminderRun  # noqa: E402
from coordination.reminders import scan_sql  # noqa: E402
from coordination.reminders.points import active_policy  # noqa: E402
from coordination.reminders.scan import reminders_scan  # noqa: E402
from tests.e2e.live import CeleryWorker, SmtpSink, wait_until  # noqa: E402

FULL = {"organizations": 1000, "due": 5000, "small": 100_000, "large": 1_000_000, "mails": 500, "rounds": 5}
QUICK = {"organizations": 50, "due": 200, "small": 2_000, "large": 20_000, "mails": 30, "rounds": 1}
DELIVERY_ROUNDS = {"full": 3, "quick": 1}


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def fill_people(organizations: int) -> None:
    """Organizations, each with one primary focal point who has an e-mail address."""
    sql(
        """INSERT INTO agencies_organization (created_at, updated_at, seed_key, seed_digest, is_demo, acronym, name,
                                              category, session_rule, website, notes)
           SELECT now(), now(), '', '', false, 'B' || g, 'Bench organization ' || g, 'specialized_agency',
                  'explicit', '', '' FROM generate_series(1, %s) g""",
        [organizations],
    )
    sql(
        """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                  date_joined)
           SELECT '!', false, 'bench-' || g, 'Focal', 'Point ' || g, 'focal' || g || '@bench.example.org', false,
                  true, now() FROM generate_series(1, %s) g""",
        [organizations],
    )
    sql(
        """INSERT INTO agencies_focalpoint (created_at, updated_at, seed_key, seed_digest, is_demo, user_id,
                                            organization_id, role, is_active, since)
           SELECT now(), now(), '', '', false, u.id, o.id, 'primary', true, NULL
           FROM auth_user u JOIN agencies_organization o ON o.acronym = 'B' || substr(u.username, 7)
           WHERE u.username LIKE 'bench-%%'"""
    )
    sql(
        """INSERT INTO meetings_meeting (created_at, updated_at, seed_key, seed_digest, is_demo, title, kind,
               start_date, end_date, date_precision, dates_as_stated, venue, status, summary)
           VALUES (now(), now(), '', '', false, 'Bench meeting', 'coordination_meeting', NULL, NULL, '', '', '',
                   'held', '')"""
    )


def fill_actions(*, first: int, last: int, due: int, today: dt.date, organizations: int) -> None:
    """Open actions numbered first..last; those numbered up to ``due`` fall due in 7 days (before_7
    is today); the others are far in the future or long past, with no point near today."""
    sql(
        """INSERT INTO coordination_followupaction (created_at, updated_at, seed_key, seed_digest, is_demo, due_date,
               due_precision, due_as_stated, title, description, origin_meeting_id, lead_organization_id, status,
               recurrence)
           SELECT now(), now(), '', '', false,
                  CASE WHEN g <= %(due)s THEN %(today)s::date + 7
                       WHEN g %% 2 = 0 THEN %(today)s::date + 60 + (g %% 3000)
                       ELSE %(today)s::date - 400 - (g %% 3000) END,
                  'day', '', 'Bench action ' || g, '', (SELECT min(id) FROM meetings_meeting),
                  (SELECT min(id) FROM agencies_organization) + (g %% %(orgs)s), 'open', 'none'
           FROM generate_series(%(first)s, %(last)s) g""",
        {"due": due, "today": today, "orgs": organizations, "first": first, "last": last},
    )
    sql("ANALYZE")


def reset_scan_state(previous_now: dt.datetime) -> None:
    """Forget the ledger, and pretend the previous scan ran a day earlier (after the data was made)."""
    ReminderEntry.objects.all().delete()
    ReminderDelivery.objects.all().delete()
    ReminderRun.objects.all().delete()
    started = timezone.now()
    ReminderRun.objects.create(started_at=started, finished_at=started, now=previous_now)


def time_scan(now: dt.datetime, rounds: int, expected: int) -> float:
    scan_once(now, expected)  # a first scan after the tables are filled warms the caches: not timed
    return statistics.median(scan_once(now, expected) for _ in range(rounds))


def scan_once(now: dt.datetime, expected: int) -> float:
    reset_scan_state(now - dt.timedelta(days=1))
    started = time.perf_counter()
    run = reminders_scan(now=now)
    elapsed = time.perf_counter() - started
    if run.pending != expected:
        raise SystemExit(f"the scan found {run.pending} points to send, expected {expected}")
    return elapsed


def time_bare_select(today: dt.date, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, due_date, lead_organization_id, status FROM coordination_followupaction "
                "WHERE status NOT IN ('done', 'cancelled') AND due_date = %s",
                [today + dt.timedelta(days=7)],
            )
            cursor.fetchall()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


FLOOR = """INSERT INTO coordination_reminderentry (item_kind, item_id, organization_id, point, offset_days, critical,
                                                 due_date, point_date, recipient_id, recipient_ref, status, reason,
                                                 send_after, run_id, created_at)
           SELECT 'action', a.id, a.lead_organization_id, 'before_7', -7, false, a.due_date, %(today)s, f.user_id,
                  f.user_id, 'pending', 'floor', %(now)s, %(run)s, %(now)s
           FROM coordination_followupaction a
           JOIN agencies_focalpoint f ON f.organization_id = a.lead_organization_id AND f.is_active
                AND f.role = 'primary'
           WHERE a.status NOT IN ('done', 'cancelled') AND a.due_date = %(due)s
           ON CONFLICT DO NOTHING"""


def floor_once(now: dt.datetime, expected: int, *, commit: bool) -> float:
    """The least any scan must do: write the same ledger rows (each due action to its organization's
    primary focal point, with the run that found it) in one INSERT ... SELECT, with none of the policy
    computed, and commit them as the scan commits (without waiting for the disk): the commit checks
    the rows' foreign keys (deferred, as Django makes them), which no scan can skip. With
    ``commit=False``, the statement alone, rolled back (the floor printed before issue 24)."""
    reset_scan_state(now - dt.timedelta(days=1))
    run = ReminderRun.objects.create(started_at=timezone.now(), now=now)
    today = secretariat_today(now)
    params = {"today": today, "now": now, "run": run.pk, "due": today + dt.timedelta(days=7)}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(FLOOR, params)
        if cursor.rowcount != expected:
            raise SystemExit(f"the floor INSERT wrote {cursor.rowcount} rows, expected {expected}")
        if not commit:
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
    return time.perf_counter() - started if commit else elapsed


def time_floor_and_scan(now: dt.datetime, rounds: int, expected: int) -> tuple[float, float, float]:
    """Medians of the floor (committed), the floor's statement alone (rolled back) and the scan, their
    rounds alternated so that the machine's load weighs on all three alike."""
    floors, statements, scans = [], [], []
    scan_once(now, expected)  # not timed, as in time_scan
    for _ in range(rounds):
        floors.append(floor_once(now, expected, commit=True))
        statements.append(floor_once(now, expected, commit=False))
        scans.append(scan_once(now, expected))
    return statistics.median(floors), statistics.median(statements), statistics.median(scans)


def explain_scan(now: dt.datetime) -> str:
    """The plan of the scan's statement (not run), as a scan 10 minutes after the previous one makes it."""
    today = secretariat_today(now)
    window = scan_sql.Window(
        now=now,
        today=today,
        since=today - dt.timedelta(days=1),
        changed_after=timezone.now(),
        horizon=settings.STALENESS_HORIZON_DAYS,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN " + scan_sql.statement(),
            scan_sql.parameters(policy=active_policy(), window=window, run=ReminderRun(now=now)),
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def delivery_throughput(now: dt.datetime, mails: int, rounds: int) -> tuple[float, float]:
    """Median seconds to deliver ``mails`` reminders through the worker, and ``mails`` plain mails,
    over ``rounds`` rounds of both."""
    smtp = SmtpSink()
    smtp.start()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    worker = CeleryWorker(
        database=connection.settings_dict,
        broker_url=settings.CELERY_BROKER_URL,
        email_url=f"smtp://127.0.0.1:{smtp.port}",
        log_path=log_dir / "worker.log",
        extra_env={"PYTHONPATH": str(ROOT)},
    )
    worker.command += ["--include", "bench.bench_tasks"]
    worker.start()
    try:
        timings = [deliver_once(now, mails, smtp) for _ in range(rounds)]
        return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)
    finally:
        worker.stop()
        smtp.stop()


def deliver_once(now: dt.datetime, mails: int, smtp: SmtpSink) -> tuple[float, float]:
    from bench.bench_tasks import send_plain_mail
    from coordination.tasks import dispatch_reminders

    # One pending reminder for each of ``mails`` focal points, due now.
    reset_scan_state(now - dt.timedelta(days=1))
    reminders_scan(now=now)
    pending = ReminderEntry.objects.filter(status="pending")
    first_per_recipient = {}
    for pk, recipient in pending.order_by("recipient_ref", "pk").values_list("pk", "recipient_ref"):
        first_per_recipient.setdefault(recipient, pk)
    keep = list(first_per_recipient.values())[:mails]
    if len(keep) < mails:
        raise SystemExit(f"only {len(keep)} recipients have a reminder due; need {mails}")
    pending.exclude(pk__in=keep).update(status="skipped")

    smtp.clear()
    started = time.perf_counter()
    dispatch_reminders.delay(now.isoformat())
    # The worker writes "sent" just after the SMTP server accepted the mail: wait for both.
    sent = ReminderDelivery.objects.filter(status=DeliveryStatus.SENT)
    wait_until(
        lambda: len(smtp.messages) >= mails and sent.count() >= mails,
        timeout=120,
        interval=0.02,
        message="the reminders, sent and recorded",
    )
    reminders = time.perf_counter() - started
    if len(smtp.messages) != mails or sent.count() != mails:
        raise SystemExit(f"{len(smtp.messages)} mails, {sent.count()} deliveries recorded sent; expected {mails}")

    smtp.clear()
    started = time.perf_counter()
    for index in range(mails):
        send_plain_mail.delay(f"focal{index}@bench.example.org")
    wait_until(lambda: len(smtp.messages) >= mails, timeout=120, interval=0.02, message="the plain mails")
    plain = time.perf_counter() - started
    return reminders, plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small tables, one round, no targets (CI)")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if connection.vendor != "postgresql":
        print("bench/reminders.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2

    with scratch_database():
        # 10:00 today in the secretariat's time zone: inside the (default) delivery hours.
        zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
        now = dt.datetime.combine(secretariat_today(), dt.time(10), zone).astimezone(dt.UTC)
        today = secretariat_today(now)
        fill_people(size["organizations"])
        fill_actions(first=1, last=size["small"], due=size["due"], today=today, organizations=size["organizations"])
        small_scan = time_scan(now, size["rounds"], size["due"])
        fill_actions(
            first=size["small"] + 1,
            last=size["large"],
            due=size["due"],
            today=today,
            organizations=size["organizations"],
        )
        floor, floor_statement, large_scan = time_floor_and_scan(now, size["rounds"], size["due"])
        bare = time_bare_select(today, max(size["rounds"], 5))
        plan = explain_scan(now)
        reminders, plain = delivery_throughput(now, size["mails"], DELIVERY_ROUNDS["quick" if args.quick else "full"])

        targets = not args.quick
        print(f"open items: {size['small']:,} then {size['large']:,}; due points: {size['due']:,}")
        print(f"scan, {size['large']:,} open items        {large_scan * 1000:9.1f} ms")
        print(f"floor: the same ledger rows by one INSERT ... SELECT, no policy, committed {floor * 1000:9.1f} ms")
        print(f"scan / floor  {large_scan / floor:.2f}x" + ("   (target: at most 2x)" if targets else ""))
        print(
            f"  for reference: the floor's statement alone, rolled back (no foreign keys checked, no commit) "
            f"{floor_statement * 1000:.1f} ms; scan / that {large_scan / floor_statement:.2f}x"
        )
        print(
            f"bare indexed SELECT of the due rows   {bare * 1000:9.1f} ms (scan / SELECT {large_scan / bare:.1f}x, "
            f"floor / SELECT {floor / bare:.1f}x)"
        )
        print(f"scan, {size['small']:,} open items          {small_scan * 1000:9.1f} ms")
        print(f"  ratio large/small {large_scan / small_scan:6.2f}" + ("   (target: at most 1.3)" if targets else ""))
        item_scans = [line.strip() for line in plan.splitlines() if "followupaction" in line]
        print("the scan's statement reads the follow-up actions by:")
        print("  " + "\n  ".join(item_scans))
        uses_index = any("Index" in line and "due_date" in line for line in item_scans) and not any(
            "Seq Scan" in line for line in item_scans
        )
        print(f"  uses an index on due_date: {'yes' if uses_index else 'NO'}")
        mails = size["mails"]
        print(f"{mails} reminders through Redis, a worker and SMTP: {reminders:6.2f} s ({mails / reminders:7.1f}/s)")
        print(f"{mails} plain mails, one task each:            {plain:6.2f} s ({mails / plain:7.1f}/s)")
        print(f"delivery ratio  {plain / reminders:.2f}" + ("   (target: at least 0.6)" if targets else ""))
        missed = [
            what
            for what, met in (
                ("scan / floor", large_scan / floor <= 2),
                ("large/small", large_scan / small_scan <= 1.3),
                ("delivery ratio", plain / reminders >= 0.6),
                ("index on due_date", uses_index),
            )
            if not met
        ]
        if targets and missed:
            print(f"targets missed: {', '.join(missed)}")
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
