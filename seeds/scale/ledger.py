"""A generated reminder ledger: one scan a day over the profile's days (ending yesterday), each point of the
default policy that fell in them for each item still open then, to its organization's primary focal point (the
escalation to the responsible officer), sent in one mail per recipient and day; some muted, skipped or missed,
and rows with no recipient for actions that name no organization.

Not the scan's own work (that would take hours at this size); shaped like what it writes, for the pages that
read the ledger (the dashboard, a call's board, an item's history)."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model

from coordination.choices import DeliveryStatus, LedgerStatus
from coordination.models import ReminderDelivery, ReminderEntry, ReminderPolicy, ReminderRun
from coordination.reminders.points import policy_points

from .bulk import Progress, bulk_insert
from .items import Items
from .people import People


def generate_ledger(
    *, days: int, people: People, items: Items, today: dt.date, rng: random.Random, progress: Progress
) -> dict[str, int]:
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    first = today - dt.timedelta(days=days)
    scan_at = {first + dt.timedelta(days=n): dt.datetime.combine(first + dt.timedelta(days=n), dt.time(10), zone)
               for n in range(days)}  # fmt: skip
    policy = ReminderPolicy()
    points_of = {precision: policy_points(policy, precision) for precision in {i[5] for i in items.due_items}}
    rows: list[tuple] = []  # (day, kind, id, organization, point, recipient or None, status, due)
    for kind, item_id, organization, due, closed, precision, officer in items.due_items:
        for point in points_of[precision]:
            day = point.falls_on(due)
            if day not in scan_at or (closed is not None and closed <= day):
                continue
            if point.escalation:
                recipient = officer
            elif organization is None:
                recipient = None
            else:
                recipient = (people.focal_users.get(organization) or [None])[0]
            roll = rng.random()
            if recipient is None:
                status = LedgerStatus.NO_RECIPIENT
            elif not point.critical and roll < 0.08:
                status = LedgerStatus.MUTED
            elif roll < 0.11:
                status = LedgerStatus.SKIPPED
            elif roll < 0.12:
                status = LedgerStatus.MISSED
            else:
                status = LedgerStatus.SENT
            rows.append((day, kind, item_id, organization, point, recipient, status, due))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[4].offset_days))

    runs = bulk_insert(
        ReminderRun,
        [ReminderRun(started_at=at, finished_at=at + dt.timedelta(seconds=40), now=at) for at in scan_at.values()],
        progress=progress,
        label="reminder scans",
    )
    run_of = dict(zip(scan_at, runs, strict=True))
    emails = dict(get_user_model().objects.filter(pk__in={r[5] for r in rows if r[5]}).values_list("pk", "email"))
    deliveries: dict[tuple[dt.date, int], ReminderDelivery] = {}
    for day, _, _, _, _, recipient, status, _ in rows:
        if status == LedgerStatus.SENT and (day, recipient) not in deliveries:
            at = scan_at[day]
            deliveries[(day, recipient)] = ReminderDelivery(
                recipient_id=recipient, to_email=emails[recipient], status=DeliveryStatus.SENT, attempts=1,
                created_at=at + dt.timedelta(minutes=1), sent_at=at + dt.timedelta(minutes=2),
                subject="Reminder: deadlines of your organization",
            )  # fmt: skip
    bulk_insert(ReminderDelivery, list(deliveries.values()), progress=progress, label="reminder mails")
    entries = []
    counts: dict[tuple[dt.date, str], int] = defaultdict(int)
    for day, kind, item_id, organization, point, recipient, status, due in rows:
        counts[(day, status)] += 1
        entries.append(
            ReminderEntry(
                item_kind=kind, item_id=item_id, organization_id=organization, point=point.name,
                offset_days=point.offset_days, critical=point.critical, due_date=due, point_date=day,
                recipient_id=recipient, recipient_ref=recipient or 0, status=status,
                reason=f"{point.name} due {due:%d %b %Y} (generated)", send_after=scan_at[day],
                delivery=deliveries.get((day, recipient)) if status == LedgerStatus.SENT else None,
                run=run_of[day], created_at=scan_at[day],
            )
        )  # fmt: skip
    bulk_insert(ReminderEntry, entries, progress=progress, label="reminder ledger", batch=5_000)
    for day, run in run_of.items():
        run.pending = counts[(day, LedgerStatus.SENT)]
        run.skipped = counts[(day, LedgerStatus.SKIPPED)]
        run.missed = counts[(day, LedgerStatus.MISSED)]
        run.muted = counts[(day, LedgerStatus.MUTED)]
        run.no_recipient = counts[(day, LedgerStatus.NO_RECIPIENT)]
        run.items_considered = sum(counts[(day, s)] for s in LedgerStatus.values)
        run.deliveries = sum(1 for d, _ in deliveries if d == day)
    ReminderRun.objects.bulk_update(runs, ["pending", "skipped", "missed", "muted", "no_recipient",
                                           "items_considered", "deliveries"], batch_size=500)  # fmt: skip
    return {"ledger_rows": len(entries), "reminder_mails": len(deliveries), "reminder_scans": len(runs)}
