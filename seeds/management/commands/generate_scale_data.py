"""`python manage.py generate_scale_data --profile un-system`: fill a scratch database with a generated data set."""

from __future__ import annotations

import datetime as dt
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from coordination.deadlines import secretariat_today
from seeds.scale.generate import ScaleDataRefused, generate_scale_data, scale_digest
from seeds.scale.profiles import PROFILES


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with a generated data set at the scale of the UN system (40,000 "
        "mandates and their paragraphs, 11,000 reporting obligations, 200 organizations, 2,000 focal points, "
        "20,000 follow-up actions, 300 meetings, 50 calls of 100 addressees with their answers, a year of "
        "reminders) or a smaller profile, deterministic from --seed. Refuses a database with data of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=sorted(PROFILES), default="un-system")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, profile and day: same rows.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the data set is generated around (YYYY-MM-DD); default: the secretariat's today.",
        )
        parser.add_argument(
            "--scratch",
            "--force",
            dest="scratch",
            action="store_true",
            help="Generate even though the database holds organizations, mandates or users of its own.",
        )
        parser.add_argument("--digest", action="store_true", help="Print a digest of the generated rows' keys.")

    def handle(self, *args, profile: str, seed: int, today: dt.date | None, scratch: bool, digest: bool, **options):
        chosen = PROFILES[profile]
        today = today or secretariat_today()
        self.stdout.write(f"Profile {profile}, seed {seed}, around {today:%Y-%m-%d}: {chosen.describe()}.")
        self._started = time.monotonic()
        try:
            counts = generate_scale_data(
                profile=chosen, seed=seed, today=today, scratch=scratch, progress=self._progress
            )
        except ScaleDataRefused as exc:
            raise CommandError("Nothing was generated. " + " ".join(exc.messages)) from None
        self._end_line()
        summary = ", ".join(f"{count:,} {kind.replace('_', ' ')}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - self._started:.1f} s: {summary}."))
        if digest:
            self.stdout.write(f"digest {scale_digest()}")

    # --- progress: one line a step (every quarter of a long one); on a terminal, one line rewritten ------------

    _open = False
    _quarter: dict[str, int]

    def _progress(self, label: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self._started
        line = f"  {label:<26} {done:>9,}/{total:<9,} {elapsed:7.1f} s"
        if sys.stdout.isatty() and self.stdout._out is sys.stdout:
            self.stdout.write(f"\r{line}", ending="")
            self._open = done < total
            if not self._open:
                self.stdout.write("")
            return
        if not hasattr(self, "_quarter"):
            self._quarter = {}
        quarter = 4 * done // total if total else 4
        if quarter > self._quarter.get(label, 0) or done >= total:
            self._quarter[label] = quarter
            if quarter >= 4 or done >= total:
                self.stdout.write(line)
            else:
                self.stdout.write(f"{line}   ({quarter * 25}%)")

    def _end_line(self) -> None:
        if self._open:
            self.stdout.write("")
            self._open = False
