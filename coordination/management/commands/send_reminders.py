"""`python manage.py send_reminders [--now ISO] [--dry-run]`: one scan and dispatch, synchronously."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coordination.choices import LedgerStatus
from coordination.models import ReminderDelivery, ReminderEntry
from coordination.reminders.report import Preview, entry_lines, local_time, reminders_preview
from coordination.reminders.run import reminders_run


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
        later = ReminderEntry.objects.filter(run=run, status=LedgerStatus.PENDING, send_after__gt=instant).count()
        self.stdout.write(self._scan_line(f"Scan at {_at(instant)}", run, to_send_now=run.pending - later))
        mails = list(
            ReminderDelivery.objects.filter(pk__in=result.deliveries)
            .select_related("recipient__profile")
            .prefetch_related("entries")
            .order_by("to_email", "pk")
        )
        duplicates = (
            f", {result.possible_duplicates} possibly sent twice (see the log)" if result.possible_duplicates else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Dispatch: {_count(len(mails), 'mail')} prepared: {result.sent} sent, {result.failed} failed, "
                f"{result.cancelled} cancelled (nothing left to remind){duplicates}."
            )
        )
        for mail in mails:
            entries = sorted(mail.entries.all(), key=lambda entry: (entry.point_date, entry.pk))
            for entry in entries:
                entry.recipient = mail.recipient
            together = f" (one mail of {len(entries)})" if len(entries) > 1 else ""
            for line in entry_lines(entries, now=instant):
                self.stdout.write(f"  {mail.get_status_display()}{together} {line.removesuffix('; now')}")
        self._waiting_lines(instant)

    @staticmethod
    def _scan_line(prefix: str, run, *, to_send_now: int) -> str:
        counts = run.counts if isinstance(run, Preview) else vars(run) | {"items": run.items_considered}
        pending, skipped, missed = counts["pending"], counts["skipped"], counts["missed"]
        muted, no_recipient = counts["muted"], counts["no_recipient"]
        found = pending + skipped + missed + muted + no_recipient
        return (
            f"{prefix}: {_count(counts['items'], 'item')} looked at "
            "(a point due or a change since the previous scan); "
            f"{_count(found, 'point')} found: {to_send_now} to send now, {pending - to_send_now} later "
            f"(outside the recipient's delivery hours), {skipped} skipped (a later point of the same deadline "
            f"was due), {missed} missed (past the staleness horizon), {muted} muted by the recipient, "
            f"{no_recipient} without a recipient."
        )

    def _waiting_lines(self, instant: dt.datetime) -> None:
        waiting = list(
            ReminderEntry.objects.filter(status=LedgerStatus.PENDING, recipient__isnull=False)
            .select_related("recipient__profile")
            .order_by("send_after", "recipient__email", "pk")
        )
        if not waiting:
            self.stdout.write("Nothing else is waiting.")
            return
        self.stdout.write(f"Waiting for the recipient's delivery hours: {_count(len(waiting), 'reminder')}.")
        for line in entry_lines(waiting, now=instant):
            self.stdout.write(f"  {line}")

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
        preview = reminders_preview(now=instant)
        self.stdout.write(self._scan_line(f"Dry run at {_at(instant)}", preview, to_send_now=preview.to_send_now))
        earlier = f" ({preview.due_from_earlier} waiting from earlier scans)" if preview.due_from_earlier else ""
        self.stdout.write(
            f"Would be sent now: {_count(len(preview.due), 'reminder')}{earlier}" + (":" if preview.due else ".")
        )
        for line in preview.due:
            self.stdout.write(f"  {line}")
        if preview.waiting:
            self.stdout.write(
                f"Would wait for the recipient's delivery hours: {_count(len(preview.waiting), 'reminder')}:"
            )
            for line in preview.waiting:
                self.stdout.write(f"  {line}")
        self.stdout.write("Nothing was recorded or sent.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _at(instant: dt.datetime) -> str:
    zone = settings.SECRETARIAT_TIME_ZONE
    return f"{local_time(instant, zone)}, the secretariat's time"
