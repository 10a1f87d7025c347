"""The registry's ranked search through the API, against a bare SELECT on the same index (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/search.py
    ... bench/search.py --database coordination_search_bench   # the registry's database (the default)
    ... bench/search.py --quick                                # CI: 2,000 mandates, scratch database, no target

The full run searches a generated registry of 40,000 mandates with 400,000 operative paragraphs
(seeds/scale/registry.py, seed 23) in a database of its own, made, migrated and filled on the first
run (about six minutes here) and reused by the next ones while it holds that registry. The quick run
fills a scratch database with 2,000 mandates and drops it.

For each query of a fixed set (common and rare words, phrases, a word left out, an alternative), it
times, median of three rounds after one to warm the caches:

- the API's ranked search: ``GET /api/v1/mandates/?q=...&page_size=20`` through the real view
  (``MandateViewSet``, a secretariat user: authentication, permission, throttles, filters, the count of
  the page-number pagination, the page's query, its 20 highlighted excerpts, serialization, JSON);
- the floor: ``SELECT id, number, title FROM coordination_mandate WHERE search_vector @@ q ORDER BY
  ts_rank(search_vector, q) DESC, id LIMIT 20`` on the same GIN index.

and checks both return the same 20 mandates in the same order. Prints each query's times and ratio,
then the sums over the set and their ratio on its own line (target: at most 2x). Also, for the review
queue, the time to find the similar existing requests of 20 proposed paragraphs at once (20 subjects,
from the most common to the rarest).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIRequestFactory, force_authenticate  # noqa: E402

from agencies.services import secretariat_group  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from coordination.api.views import MandateViewSet  # noqa: E402
from coordination.models import Mandate, OperativeParagraph  # noqa: E402
from coordination.search import similar_paragraphs_for  # noqa: E402
from seeds.scale.registry import ASPECTS, TOPICS, generate_registry  # noqa: E402

FULL = {"mandates": 40_000, "paragraphs": 10, "rounds": 3}
QUICK = {"mandates": 2_000, "paragraphs": 10, "rounds": 3}
SEED = 23
TARGET = 2.0
QUERIES = (
    "migration",
    "development",
    "human rights",
    "refugees -children",
    "remittances",
    '"report on remittances"',
    "older persons",
    '"continue convening coordination meetings"',
    "seafarers",
    "pastoralists or albinism",
    '"sand and dust storms"',
    "A/RES/58/208",
)
BARE = """
    SELECT id, number, title FROM coordination_mandate
    WHERE search_vector @@ websearch_to_tsquery('english', %(q)s)
    ORDER BY ts_rank(search_vector, websearch_to_tsquery('english', %(q)s)) DESC, id
    LIMIT 20
"""
# A review queue's page: 20 proposed requests, on subjects from the most common to the rarest.
PROPOSED = [
    f"Requests the Secretary-General to submit to the General Assembly at its eighty-first session a report on "
    f"{TOPICS[4 * n]}, including {ASPECTS[n % len(ASPECTS)]};"
    for n in range(20)
]


def use_database(name: str, size: dict) -> None:
    """Point the connection at ``name``, made and migrated if missing, holding the generated registry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if not exists:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    generated = Mandate.objects.filter(is_demo=True).count()
    paragraphs = OperativeParagraph.objects.count()
    if generated == size["mandates"] and paragraphs == size["mandates"] * size["paragraphs"]:
        print(f"reusing the registry in {name}: {generated:,} mandates, {paragraphs:,} paragraphs")
        return
    if generated or paragraphs:
        raise SystemExit(
            f"{name} holds {generated:,} generated mandates and {paragraphs:,} paragraphs, not the registry "
            f"of {size['mandates']:,}: drop it (or give --database another name) and run again"
        )
    fill(size)


def fill(size: dict) -> None:
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "mandates" and done % 10_000 == 0:
            print(f"  {done:,} of {total:,} mandates, {time.perf_counter() - started:.0f} s", flush=True)

    counts = generate_registry(
        mandates=size["mandates"], paragraphs_per_mandate=size["paragraphs"], seed=SEED, progress=progress
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"generated {counts['mandates']:,} mandates, {counts['paragraphs']:,} paragraphs, {counts['documents']:,} "
        f"documents in {time.perf_counter() - started:.0f} s"
    )


def officer():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-search", defaults={"is_staff": True, "email": "bench-search@secretariat.example.org"}
    )
    user.groups.add(secretariat_group())
    return user


def api_search(view, user, q: str) -> tuple[list[int], int]:
    request = APIRequestFactory().get("/api/v1/mandates/", {"q": q, "page_size": 20}, HTTP_HOST="localhost")
    force_authenticate(request, user=user)
    response = view(request)
    response.render()
    if response.status_code != 200:
        raise SystemExit(f"the API answered {response.status_code} to q={q!r}: {response.content[:300]!r}")
    results = response.data["results"]
    if results and not all(row["excerpt"] for row in results):
        raise SystemExit(f"a result without its excerpt for q={q!r}")
    return [row["id"] for row in results], response.data["count"]


def bare_search(q: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(BARE, {"q": q})
        return [row[0] for row in cursor.fetchall()]


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def measure(rounds: int) -> list[tuple[str, int, float, float]]:
    view = MandateViewSet.as_view({"get": "list"})
    user = officer()
    rows = []
    for q in QUERIES:
        api_search(view, user, q)  # warm the caches for both
        bare_search(q)
        api_times, bare_times = [], []
        for _ in range(rounds):
            seconds, (api_ids, count) = timed(api_search, view, user, q)
            api_times.append(seconds)
            seconds, bare_ids = timed(bare_search, q)
            bare_times.append(seconds)
        if api_ids != bare_ids:
            raise SystemExit(f"q={q!r}: the API's first page {api_ids} is not the bare SELECT's {bare_ids}")
        rows.append((q, count, statistics.median(api_times), statistics.median(bare_times)))
    return rows


def similar_requests(rounds: int) -> tuple[float, int, float, float]:
    """The review queue's page (20 texts at once), and one text at a time (a paragraph's own page)."""
    texts = dict(enumerate(PROPOSED))
    similar_paragraphs_for(texts)
    times = []
    for _ in range(rounds):
        seconds, found = timed(similar_paragraphs_for, texts)
        times.append(seconds)
    singles = [timed(similar_paragraphs_for, {0: text})[0] for text in PROPOSED]
    shown = sum(len(rows) for rows in found.values())
    return statistics.median(times), shown, statistics.median(singles), max(singles)


def report(rows, similar: tuple[float, int], *, quick: bool, mandates: int) -> None:
    print(f"{mandates:,} mandates; each time the median of 3 rounds; page of 20 with excerpts")
    print(f"{'query':46} {'matches':>8} {'API ms':>9} {'bare ms':>9} {'ratio':>7}")
    for q, count, api, bare in rows:
        print(f"{q:46} {count:8,} {api * 1000:9.1f} {bare * 1000:9.1f} {api / bare:6.1f}x")
    api_total = sum(row[2] for row in rows)
    bare_total = sum(row[3] for row in rows)
    print(f"API's ranked search, the {len(rows)} queries  {api_total * 1000:9.1f} ms")
    print(f"bare SELECT ... @@ ... ORDER BY ts_rank LIMIT 20  {bare_total * 1000:9.1f} ms")
    print(f"  ratio {api_total / bare_total:5.2f}x" + ("" if quick else f"   (target: at most {TARGET:g}x)"))
    seconds, found, single, slowest = similar
    print(f"similar existing requests of 20 proposed paragraphs at once: {seconds * 1000:.1f} ms ({found} shown)")
    print(f"  one paragraph at a time: median {single * 1000:.1f} ms, slowest {slowest * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 mandates in a scratch database, no target")
    parser.add_argument("--database", help="the full run's database (default: <DATABASE_URL's name>_search_bench)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/search.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    size = QUICK if args.quick else FULL
    if args.quick:
        with scratch_database():
            fill(size)
            rows = measure(size["rounds"])
            similar = similar_requests(size["rounds"])
    else:
        use_database(args.database or f"{connection.settings_dict['NAME']}_search_bench", size)
        rows = measure(size["rounds"])
        similar = similar_requests(size["rounds"])
    report(rows, similar, quick=args.quick, mandates=size["mandates"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
