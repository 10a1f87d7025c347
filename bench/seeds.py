"""How long loading the whole seed set takes, against a bare bulk_create of as many rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/seeds.py [--repeat 3]

Creates a scratch database (``test_<name>``, dropped afterwards), then for each repetition:
loads every seed file into an empty database with the real loader (YAML parsing, schema
validation, reference checks, digests, history rows, provenance, one transaction), counts the rows that load wrote
in all tables, empties the database, and times a bare ``bulk_create`` of the same number of
rows in one transaction. Prints the median of each and their ratio (target: at most 10x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from meetings.models import Document  # noqa: E402
from seeds.files import read_seed_set  # noqa: E402
from seeds.loader import SeedLoader  # noqa: E402

TARGET = 10.0
OUR_APPS = ("agencies", "meetings", "coordination")


def row_count() -> int:
    return sum(model.objects.count() for model in apps.get_models() if model._meta.app_label in OUR_APPS)


def empty_database() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        tables = [
            m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.app_label in OUR_APPS
        ]
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for model in apps.get_models(include_auto_created=True):
                if model._meta.app_label in OUR_APPS:
                    model._base_manager.all()._raw_delete(connection.alias)


def time_seed_load() -> tuple[float, int]:
    started = time.perf_counter()
    SeedLoader(read_seed_set()).load()  # reading and validating the YAML counts too
    elapsed = time.perf_counter() - started
    return elapsed, row_count()


def time_bulk_create(rows: int) -> float:
    documents = [Document(title=f"Bench document {i}", symbol=f"BENCH/{i}") for i in range(rows)]
    started = time.perf_counter()
    with transaction.atomic():
        Document.objects.bulk_create(documents, batch_size=500)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with scratch_database():
        loads, bulks, rows = [], [], 0
        for round_ in range(1, args.repeat + 1):
            empty_database()
            elapsed, rows = time_seed_load()
            loads.append(elapsed)
            empty_database()
            bulks.append(time_bulk_create(rows))
            print(f"round {round_}: seed load {loads[-1]:.3f} s, bulk_create of {rows} rows {bulks[-1]:.3f} s")
        load, bulk = statistics.median(loads), statistics.median(bulks)
        ratio = load / bulk
        print(f"database: {connection.vendor}; rows written by the seed load: {rows}")
        print(f"seed load (median)          {load:8.3f} s")
        print(f"bare bulk_create (median)   {bulk:8.3f} s")
        print(f"ratio                       {ratio:8.1f}x   (target: at most {TARGET:.0f}x)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
