"""Throughput of GET /api/v1/updates/ under gunicorn on PostgreSQL, against baselines in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/api.py
    ... bench/api.py --quick          # CI: small tables, short runs, no target

20 organizations with 10,000 activity updates each (INSERT ... SELECT generate_series) in a scratch
database; gunicorn (2 sync workers) serves the application and two baselines: a hand-written view
returning the same page of 50 (the same rows and fields, checked before timing) with `.values()` and
`JsonResponse`, and a constant JSON body.
Client threads with keep-alive connections request each for the same time. Prints requests per
second and the ratios API / hand-written (target: at least 0.6) and API / constant (information).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from agencies.services import secretariat_group  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from tests.e2e.live import free_port, wait_until  # noqa: E402

FULL = {"organizations": 20, "per_organization": 10_000, "seconds": 20, "threads": 4}
QUICK = {"organizations": 2, "per_organization": 500, "seconds": 3, "threads": 2}


def fill(organizations: int, per_organization: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO agencies_organization (created_at, updated_at, seed_key, seed_digest, is_demo, acronym,
                   name, category, session_rule, website, notes)
               SELECT now(), now(), '', '', false, 'B' || g, 'Bench organization ' || g, 'specialized_agency',
                      'explicit', '', '' FROM generate_series(1, %s) g""",
            [organizations],
        )
        cursor.execute(
            """INSERT INTO coordination_activityupdate (created_at, updated_at, seed_key, seed_digest, is_demo,
                   organization_id, title, body, status, return_comment, received_via)
               SELECT now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval, '', '', false,
                      (SELECT min(id) FROM agencies_organization) + (g %% %s),
                      'Activities ' || g, 'Expert meetings, surveys and publications on migration, report ' || g,
                      'accepted', '', 'api'
               FROM generate_series(1, %s) g""",
            [organizations, organizations * per_organization],
        )
        cursor.execute("ANALYZE")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench-officer", "bench@example.org", "x", is_staff=True)
    user.groups.add(secretariat_group())
    return AuthToken.objects.create(user)[1]


def hammer(port: int, path: str, headers: dict, seconds: float, threads: int) -> float:
    """Requests per second over ``seconds``, with ``threads`` keep-alive clients."""
    counts = [0] * threads
    errors = []
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
                return
            counts[index] += 1
        conn.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise SystemExit(f"{path} answered {errors[0]}")
    return sum(counts) / (time.monotonic() - started)


def same_page(port: int, headers: dict) -> None:
    """The hand-written view must return the API's page, field for field, or the ratio means nothing."""
    pages = []
    for path in ("/api/v1/updates/", "/bench/updates/"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        pages.append(json.loads(conn.getresponse().read())["results"])
        conn.close()
    if pages[0] != pages[1] or len(pages[0]) != 50:
        raise SystemExit("the hand-written view does not return the API's first page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if connection.vendor != "postgresql":
        print("bench/api.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    server = None
    with scratch_database():
        try:
            token = fill(size["organizations"], size["per_organization"])
            port = free_port()
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bench.api_settings",
                "BENCH_DATABASE_NAME": connection.settings_dict["NAME"],
            }
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2", "--keep-alive", "30", "--log-level", "warning"],
                cwd=ROOT, env=env,
            )  # fmt: skip
            auth = {"Authorization": f"Token {token}"}

            def up() -> bool:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/bench/constant/")
                    return conn.getresponse().status == 200
                except OSError:
                    return False

            wait_until(up, timeout=60, message="gunicorn")
            same_page(port, auth)
            for path in ("/api/v1/updates/", "/bench/updates/", "/bench/constant/"):  # warm up
                hammer(port, path, auth, 1, 1)
            api = hammer(port, "/api/v1/updates/", auth, size["seconds"], size["threads"])
            by_hand = hammer(port, "/bench/updates/", auth, size["seconds"], size["threads"])
            constant = hammer(port, "/bench/constant/", auth, size["seconds"], size["threads"])
            rows = size["organizations"] * size["per_organization"]
            target = "" if args.quick else "   (target: at least 0.6)"
            print(f"{rows:,} updates; gunicorn 2 workers; {size['threads']} client threads, {size['seconds']} s each")
            print(f"GET /api/v1/updates/ (page of 50, token)   {api:8.1f} req/s")
            print(f"hand-written .values() + JsonResponse       {by_hand:8.1f} req/s")
            print(f"constant JSON                               {constant:8.1f} req/s")
            print(f"  ratio API / hand-written  {api / by_hand:5.2f}{target}")
            print(f"  ratio API / constant      {api / constant:5.2f}   (information)")
            return 0
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
