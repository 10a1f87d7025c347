"""`python manage.py load_seeds [--demo-today]`: load the seed files (and, locally, demo data)."""

from __future__ import annotations

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seeds.files import KINDS, SeedError, read_seed_set, seed_files
from seeds.loader import SeedLoader


class Command(BaseCommand):
    help = (
        "Load every record of seeds/data/*.yaml in one transaction. Idempotent; never overwrites a record "
        "edited after it was seeded (it reports it). With --demo-today (local settings only), add demo data "
        "around today's date instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-today",
            action="store_true",
            help="Add demo data flagged as such: a current reporting cycle, a call for inputs and actions due "
            "around today, focal points with example.org addresses (local settings only).",
        )

    def handle(self, *args, demo_today: bool, verbosity: int, **options):
        if demo_today:
            return self._demo()
        started = time.monotonic()
        try:
            files = seed_files()
            self.stdout.write(f"Reading {len(files)} seed files: {', '.join(p.name for p in files)}")
            seed_set = read_seed_set(files)
            self.stdout.write(f"{seed_set.count()} records valid; loading in one transaction.")
            loader = SeedLoader(seed_set, progress=self._progress if verbosity else None)
            report = loader.load()
        except SeedError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        self._end_progress()
        self._table(report)
        for kind, key in report.kept:
            self.stdout.write(
                self.style.WARNING(f"kept: {kind} {key!r} was edited after it was seeded; not overwritten")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {report.created} created, {report.changed} changed, "
                f"{len(report.kept)} kept as edited, {report.provenance_created} provenance statements added."
            )
        )

    def _demo(self) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("--demo-today adds made-up data: it runs under local settings only.")
        from seeds.demo import load_demo

        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data (flagged is_demo) around {summary.today}: {summary}"))

    # --- output ---------------------------------------------------------------------------------

    _progress_open = False

    def _progress(self, kind: str, done: int, total: int) -> None:
        line = f"  {kind:<16} {done:>6}/{total:<6}"
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self._progress_open = done < total
            if done >= total:
                self.stdout.write("")
        elif done >= total:
            self.stdout.write(line)

    def _end_progress(self) -> None:
        if self._progress_open:
            self.stdout.write("")

    def _table(self, report) -> None:
        header = f"{'kind':<16} {'created':>8} {'changed':>8} {'unchanged':>10} {'kept':>6}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for kind in KINDS:
            c = report.counts[kind]
            self.stdout.write(f"{kind:<16} {c.created:>8} {c.changed:>8} {c.unchanged:>10} {c.kept:>6}")
