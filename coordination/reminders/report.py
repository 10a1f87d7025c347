"""Reminder points and ledger rows said in words, for people reading a command's output (send_reminders,
make run's banner): "7 days before the deadline", "first overdue reminder", delivery times in the
recipient's own time zone. The codes (``before_7``, ``overdue_7``) stay in the ledger for machines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from ..choices import LedgerStatus
from ..models import ReminderEntry
from ..selectors import ITEM_KINDS
from .items import item_title
from .points import active_policy, local_time
from .scan import reminders_scan

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def point_in_words(point: str, *, overdue_days: list[int] | None = None) -> str:
    """``before_7`` -> "7 days before the deadline"; ``overdue_7`` -> "first overdue reminder (7 days late)"."""
    name, _, number = point.partition("_")
    days = int(number) if number.isdigit() else 0
    if name == "before":
        return "the day before the deadline" if days == 1 else f"{_days(days)} before the deadline"
    if name == "due":
        return "on the deadline day"
    if name == "overdue":
        ordered = sorted(set(overdue_days if overdue_days is not None else active_policy().overdue_days))
        rank = ordered.index(days) if days in ordered else None
        ordinal = _ORDINALS[rank] if rank is not None and rank < len(_ORDINALS) else "an"
        return f"{ordinal} overdue reminder ({_days(days)} late)"
    if name == "escalation":
        return f"escalation to the responsible officer ({_days(days)} late)"
    return point


def time_zone_of(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "time_zone", "") or settings.SECRETARIAT_TIME_ZONE


def item_titles(entries) -> dict[tuple[str, int], str]:
    """The titles of the ledger rows' items, one query per kind of item."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        wanted[entry.item_kind].add(entry.item_id)
    titles = {}
    for kind, ids in wanted.items():
        spec = ITEM_KINDS[kind]
        for item in spec.model.objects.filter(pk__in=ids).select_related(*spec.select_related):
            titles[(kind, item.pk)] = item_title(item)
    return titles


def entry_lines(entries, *, now: dt.datetime) -> list[str]:
    """One line per ledger row: to whom, which point in words, of which item, and when it goes."""
    entries = list(entries)
    titles = item_titles(entries)
    overdue_days = active_policy().overdue_days
    lines = []
    for entry in entries:
        title = titles.get((entry.item_kind, entry.item_id), f"{entry.item_kind} {entry.item_id} (closed or deleted)")
        when = (
            "now"
            if entry.send_after <= now
            else f"at {local_time(entry.send_after, time_zone_of(entry.recipient))}, the recipient's delivery hours"
        )
        lines.append(
            f"to {entry.recipient.email}: {point_in_words(entry.point, overdue_days=overdue_days)}, "
            f"{title}, due {entry.due_date.day} {entry.due_date:%b %Y}; {when}"
        )
    return lines


@dataclass
class Preview:
    """What a scan at ``now`` would find and what would then be waiting, computed and rolled back."""

    now: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)  # the scan's: pending, skipped, missed, muted ...
    to_send_now: int = 0  # of the scan's pending points
    due: list[str] = field(default_factory=list)  # a line per reminder that would go now (earlier scans' too)
    due_from_earlier: int = 0
    waiting: list[str] = field(default_factory=list)  # a line per reminder waiting for delivery hours
    first_waiting: tuple[dt.datetime, str] | None = None  # when the first waiting one goes, and in which zone


class _RollBack(Exception):
    pass


def reminders_preview(*, now: dt.datetime) -> Preview:
    """Run the scan at ``now`` inside a transaction that is rolled back: nothing is recorded or sent."""
    preview = Preview(now=now)
    try:
        with transaction.atomic():
            run = reminders_scan(now=now)
            pending = ReminderEntry.objects.filter(status=LedgerStatus.PENDING, recipient__isnull=False)
            later = pending.filter(run=run, send_after__gt=now).count()
            preview.counts = {
                "items": run.items_considered,
                "pending": run.pending,
                "skipped": run.skipped,
                "missed": run.missed,
                "muted": run.muted,
                "no_recipient": run.no_recipient,
            }
            preview.to_send_now = run.pending - later
            due = list(
                pending.filter(send_after__lte=now)
                .select_related("recipient__profile")
                .order_by("recipient__email", "point_date", "pk")
            )
            preview.due = entry_lines(due, now=now)
            preview.due_from_earlier = sum(1 for entry in due if entry.run_id != run.pk)
            waiting = list(
                pending.filter(send_after__gt=now)
                .select_related("recipient__profile")
                .order_by("send_after", "recipient__email", "pk")
            )
            preview.waiting = entry_lines(waiting, now=now)
            if waiting:
                preview.first_waiting = (waiting[0].send_after, time_zone_of(waiting[0].recipient))
            raise _RollBack
    except _RollBack:
        pass
    return preview
