"""Reminder points and ledger rows said in words, for people reading a command's output (send_reminders,
make run's banner): "7 days before the deadline", "first overdue reminder", delivery times in the
recipient's own time zone. The codes (``before_7``, ``overdue_7``) stay in the ledger for machines."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.conf import settings

from ..selectors import ITEM_KINDS
from .items import item_title
from .points import active_policy

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


def local_time(instant: dt.datetime, time_zone: str) -> str:
    """'Thu 3 Dec 2026 08:00 America/New_York (13:00 UTC)': the recipient's clock first."""
    local = instant.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {time_zone} ({instant.astimezone(dt.UTC):%H:%M} UTC)"


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
