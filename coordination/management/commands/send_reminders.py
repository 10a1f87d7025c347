"""`python manage.py send_reminders [--now ISO] [--dry-run]`: one scan and dispatch, synchronously."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from coordination.choices import LedgerStatus
from coordination.models import ReminderEntry
from coordination.reminders.run import reminders_run
from coordination.reminders.scan import reminders_scan


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Scan for the reminder points due now and send them, in this process (for operators and cron). "
        "--dry-run prints what would be sent and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The instant to compute for, ISO 8601 (2026-11-23T09:00 or with an offset); "
            "without an offset, the secretariat's time zone. Refused under production settings unless --dry-run.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; change nothing.")

    def handle(self, *args, now: str | None, dry_run: bool, **options):
        instant = self._instant(now) if now else timezone.now()
        if now and not dry_run and not settings.REMINDERS_ALLOW_NOW:
            raise CommandError(
                "--now sends real mail as if at another time: under production settings use it with --dry-run only."
            )
        if dry_run:
            return self._dry_run(instant)
        run, result = reminders_run(now=instant)
        self.stdout.write(
            f"Scan at {instant:%Y-%m-%d %H:%M} UTC: {run.items_considered} items considered, {run.pending} to send, "
            f"{run.skipped} skipped, {run.missed} missed, {run.muted} muted, {run.no_recipient} without recipient."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Dispatch: {result.sent} mails sent, {result.failed} failed, {result.cancelled} cancelled"
                + (
                    f", {result.possible_duplicates} possible duplicates (see the log)"
                    if result.possible_duplicates
                    else ""
                )
                + "."
            )
        )

    def _instant(self, value: str) -> dt.datetime:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"--now: {value!r} is not an ISO 8601 date and time (for example 2026-11-23T09:00)."
            ) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE))
        return parsed.astimezone(dt.UTC)

    def _dry_run(self, instant: dt.datetime) -> None:
        lines: list[str] = []
        try:
            with transaction.atomic():
                run = reminders_scan(now=instant)
                due = (
                    ReminderEntry.objects.filter(
                        status=LedgerStatus.PENDING, send_after__lte=instant, recipient__isnull=False
                    )
                    .select_related("recipient", "organization")
                    .order_by("recipient__email", "point_date")
                )
                for entry in due:
                    lines.append(f"  to {entry.recipient.email}: {entry.reason}")
                waiting = ReminderEntry.objects.filter(status=LedgerStatus.PENDING, send_after__gt=instant).count()
                summary = (
                    f"Dry run at {instant:%Y-%m-%d %H:%M} UTC: {run.items_considered} items considered; "
                    f"{len(lines)} reminders would be sent now, {waiting} later (outside delivery hours), "
                    f"{run.skipped} skipped, {run.missed} missed, {run.muted} muted, "
                    f"{run.no_recipient} without recipient."
                )
                raise _DryRun
        except _DryRun:
            pass
        self.stdout.write(summary)
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("Nothing was recorded or sent.")
