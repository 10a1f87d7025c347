"""The dashboard's render time against the plain admin index, in the same run (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/dashboard.py
    ... bench/dashboard.py --quick      # CI: 1,000 actions, few rounds, no target

Creates a scratch database (``test_<name>``, dropped afterwards), loads the seed set with the real
loader and the demo data around today, adds 10,000 generated follow-up actions (``bulk_create``,
spread over the organizations and over due dates from lapsed to a year ahead, some done), runs
one reminder scan (so the ledger and the last-scan panel have rows), then times GET /admin/ by a
logged-in secretariat user through ``django.test.Client``: with the dashboard, and with the
dashboard turned off (``show_dashboard = False``: Django's plain admin index for the same user),
alternating, several rounds each. Prints the SQL queries of each page, both medians and their
ratio (target: at most 3x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agencies.models import Organization  # noqa: E402
from agencies.services import secretariat_group  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from coordination.choices import ItemStatus  # noqa: E402
from coordination.deadlines import secretariat_today  # noqa: E402
from coordination.models import FollowUpAction, Mandate, ReminderEntry  # noqa: E402
from coordination.reminders.scan import reminders_scan  # noqa: E402
from meetings.choices import DatePrecision  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from seeds.demo import load_demo  # noqa: E402
from seeds.files import read_seed_set  # noqa: E402
from seeds.loader import SeedLoader  # noqa: E402

TARGET = 3.0
FULL = {"actions": 10_000, "rounds": 25}
QUICK = {"actions": 1_000, "rounds": 3}


def load_data(actions: int, today: dt.date) -> None:
    SeedLoader(read_seed_set()).load()
    load_demo(today=today)
    organizations = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    meeting = Meeting.objects.order_by("pk").values_list("pk", flat=True).first()
    generated = []
    for index in range(actions):
        # Due from 150 days ago (lapsed) to a year ahead; one in ten done; one in fifty with no lead.
        due = today + dt.timedelta(days=(index * 7919) % 516 - 150)
        generated.append(
            FollowUpAction(
                title=f"Generated follow-up action {index}",
                origin_meeting_id=meeting,
                lead_organization_id=None if index % 50 == 0 else organizations[index % len(organizations)],
                due_precision=DatePrecision.DAY,
                due_date=due,
                status=ItemStatus.DONE if index % 10 == 0 else ItemStatus.OPEN,
            )
        )
    with transaction.atomic():
        FollowUpAction.objects.bulk_create(generated, batch_size=1000)
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    reminders_scan(now=dt.datetime.combine(today, dt.time(10), zone).astimezone(dt.UTC))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def logged_in_client() -> Client:
    user = get_user_model().objects.create_user("bench-officer", "bench@example.org", "x", is_staff=True)
    user.groups.add(secretariat_group())
    client = Client()
    client.force_login(user)
    return client


def get_index(client: Client, *, dashboard: bool) -> tuple[float, int, int]:
    """Seconds, SQL queries and bytes of one GET /admin/."""
    admin.site.show_dashboard = dashboard
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/admin/")
            elapsed = time.perf_counter() - started
    finally:
        admin.site.show_dashboard = True
    if response.status_code != 200:
        raise SystemExit(f"GET /admin/ answered {response.status_code}")
    if dashboard != (b'id="secretariat-dashboard"' in response.content):
        raise SystemExit("the dashboard was not where it should be")
    return elapsed, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer actions, fewer rounds, no target (CI)")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if connection.vendor != "postgresql":
        print("bench/dashboard.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2

    with scratch_database():
        today = secretariat_today()
        load_data(size["actions"], today)
        client = logged_in_client()
        for dashboard in (True, False):  # warm up: templates, URL resolvers, the session
            get_index(client, dashboard=dashboard)
        with_dashboard, plain = [], []
        for _ in range(size["rounds"]):
            with_dashboard.append(get_index(client, dashboard=True))
            plain.append(get_index(client, dashboard=False))
        dashboard_time = statistics.median(t for t, _, _ in with_dashboard)
        plain_time = statistics.median(t for t, _, _ in plain)
        ratio = dashboard_time / plain_time

        print(
            f"data: {FollowUpAction.objects.count():,} follow-up actions "
            f"({size['actions']:,} generated), {Organization.objects.count()} organizations, "
            f"{Mandate.objects.count()} mandates, {Meeting.objects.count()} meetings, "
            f"{ReminderEntry.objects.count():,} reminder ledger rows"
        )
        print(f"rounds: {size['rounds']} of each page, alternating (median)")
        for name, timing, runs in (
            ("admin index with the dashboard", dashboard_time, with_dashboard),
            ("plain admin index", plain_time, plain),
        ):
            _, queries, length = runs[-1]
            print(f"{name:32} {timing * 1000:8.1f} ms   {queries} SQL queries, {length:,} bytes")
        print(
            f"ratio                            {ratio:8.2f}x"
            + ("" if args.quick else f"   (target: at most {TARGET:.0f}x)")
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
