"""Which reminder points a deadline has, and when a recipient may receive mail."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from agencies.choices import ReminderPreference

from ..models import ReminderPolicy


@dataclass(frozen=True)
class PointSpec:
    name: str
    offset_days: int  # from the deadline; negative before it
    critical: bool
    escalation: bool = False

    def falls_on(self, due_date: dt.date) -> dt.date:
        return due_date + dt.timedelta(days=self.offset_days)


def active_policy() -> ReminderPolicy:
    """The active policy, or the design's default (docs/design.md) when none is stored."""
    return ReminderPolicy.objects.filter(is_active=True).first() or ReminderPolicy()


def policy_points(policy: ReminderPolicy, precision: str) -> list[PointSpec]:
    """The points of a deadline of ``precision`` under ``policy``, earliest first."""
    return points_of(policy, coarse=precision in policy.coarse_precisions)


def points_of(policy: ReminderPolicy, *, coarse: bool) -> list[PointSpec]:
    """The points of a deadline of a coarse precision (a year, a half-year: the policy's
    ``coarse_precisions``) or of any other, earliest first."""
    early = policy.coarse_early_days if coarse else policy.early_days
    points = [PointSpec(f"before_{days}", -days, critical=False) for days in sorted(set(early), reverse=True)]
    if policy.last_call_days:
        points.append(PointSpec(f"before_{policy.last_call_days}", -policy.last_call_days, critical=True))
    if policy.on_due_day:
        points.append(PointSpec("due", 0, critical=True))
    points += [PointSpec(f"overdue_{days}", days, critical=True) for days in sorted(set(policy.overdue_days))]
    if policy.escalation_days:
        points.append(PointSpec(f"escalation_{policy.escalation_days}", policy.escalation_days, True, escalation=True))
    unique = {p.name: p for p in points}  # a last call equal to an early day wins as critical
    return sorted(unique.values(), key=lambda p: p.offset_days)


def offsets_span(policy: ReminderPolicy) -> tuple[int, int]:
    """The earliest (most negative) and latest offsets of any precision's points."""
    offsets = [
        p.offset_days for precision in ("day", *policy.coarse_precisions) for p in policy_points(policy, precision)
    ]
    return min(offsets), max(offsets)


def next_delivery_time(
    now: dt.datetime, *, time_zone: str, preference: str = ReminderPreference.IMMEDIATE
) -> dt.datetime:
    """The first instant at or after ``now`` when a recipient in ``time_zone`` may get mail.

    Immediate: inside the delivery hours (``REMINDER_DELIVERY_HOURS``, local time, start
    inclusive, end exclusive). Daily digest: the next ``REMINDER_DIGEST_HOUR``. Local times are
    built with zoneinfo, so the hours hold across daylight-saving changes.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    local = now.astimezone(zone)
    start, end = settings.REMINDER_DELIVERY_HOURS
    if preference == ReminderPreference.DAILY_DIGEST:
        start, end = settings.REMINDER_DIGEST_HOUR, settings.REMINDER_DIGEST_HOUR + 1
        candidate = dt.datetime.combine(local.date(), dt.time(start), zone)
        if candidate < local:
            candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(start), zone)
        return candidate.astimezone(dt.UTC)
    if start <= local.hour < end:
        return now
    day = local.date() if local.hour < start else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(start), zone).astimezone(dt.UTC)


def local_time(instant: dt.datetime, time_zone: str) -> str:
    """'Thu 3 Dec 2026 08:00 America/New_York (13:00 UTC)': the recipient's clock first."""
    local = instant.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {time_zone} ({instant.astimezone(dt.UTC):%H:%M} UTC)"
