"""The scan: find every reminder point due at ``now`` and record it in the ledger.

Cost follows what is due, not the size of the tables: for each kind of item one query selects,
through the index on ``due_date``, the open items having a point in ``(since, today]`` (``since``
is the day of the previous completed scan), plus the items changed since that scan (their
deadline may have moved). Each point is inserted once per recipient; the ledger's unique
constraint makes a repeated or concurrent insert a no-op.

Per item and recipient only the latest point due is sent; earlier ones are recorded skipped.
Points of lapsed items (overdue beyond the staleness horizon) and points older than the horizon
are recorded missed. Pending rows of items since closed, or whose deadline moved, are cancelled
by the services that close or move them, and in any case by the dispatch, which re-checks each
item before sending.

On PostgreSQL the whole computation is one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``
(``scan_sql``: each kind of item a branch of its candidates, each recipient class a part of it);
this module's Python path, the same rules item by item, runs on SQLite (the quick start; the
choice is made in ``reminders_scan``). ``RecipientBook`` and ``decide`` also serve the turnover
(``handover``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agencies.choices import FocalPointRole, ReminderPreference
from agencies.models import FocalPoint

from ..choices import LedgerStatus, ReminderItemKind
from ..deadlines import secretariat_today
from ..models import ReminderEntry, ReminderPolicy, ReminderRun
from ..selectors import ITEM_KINDS, ItemKind
from . import scan_sql
from .items import item_title
from .points import PointSpec, active_policy, local_time, next_delivery_time, offsets_span, policy_points


@dataclass(frozen=True)
class Recipient:
    user: object | None  # None: nobody to send to
    why: str

    @property
    def ref(self) -> int:
        return self.user.pk if self.user else 0


def _profile_of(user) -> tuple[str, str, bool]:
    profile = getattr(user, "profile", None)
    if profile is None:
        return settings.SECRETARIAT_TIME_ZONE, ReminderPreference.IMMEDIATE, False
    return profile.time_zone, profile.reminder_preference, profile.mute_noncritical


class RecipientBook:
    """Focal points of the organizations concerned, fetched once per scan."""

    def __init__(self, organization_ids: set[int]) -> None:
        self.by_organization: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        focal_points = (
            FocalPoint.objects.active()
            .filter(organization_id__in=organization_ids)
            .exclude(user__email="")
            .select_related("user__profile", "organization")
            .order_by("pk")
        )
        for focal_point in focal_points:
            self.by_organization[focal_point.organization_id][focal_point.role].append(focal_point)

    def for_point(self, spec: ItemKind, item, point: PointSpec, policy: ReminderPolicy) -> list[Recipient]:
        organization_id = spec.organization_id(item)
        if point.escalation or organization_id is None:
            recipients = []
            officer = spec.officer(item)
            if officer is not None and officer.is_active and officer.email:
                recipients.append(Recipient(officer, "responsible secretariat officer"))
            if point.escalation and policy.escalate_to_head and organization_id:
                heads = self.by_organization[organization_id][FocalPointRole.HEAD]
                recipients += [Recipient(fp.user, f"head of {fp.organization.short_name}") for fp in heads]
            return recipients or [Recipient(None, "no active responsible officer with an e-mail address")]
        roles = self.by_organization[organization_id]
        if roles[FocalPointRole.PRIMARY]:
            return [
                Recipient(fp.user, f"primary focal point of {fp.organization.short_name}")
                for fp in roles[FocalPointRole.PRIMARY]
            ]
        if roles[FocalPointRole.ALTERNATE]:
            return [
                Recipient(fp.user, f"alternate focal point of {fp.organization.short_name} (no active primary)")
                for fp in roles[FocalPointRole.ALTERNATE]
            ]
        return [Recipient(None, "no active primary or alternate focal point with an e-mail address")]


def _previous_scan(now: dt.datetime) -> ReminderRun | None:
    return ReminderRun.objects.filter(finished_at__isnull=False, now__lt=now).order_by("-now").first()


def _candidates(spec: ItemKind, *, policy, today, since, changed_after, horizon) -> models.QuerySet:
    """Open items with a point in (since, today], or changed since the previous scan."""
    offsets = sorted(
        {p.offset_days for precision in ("day", *policy.coarse_precisions) for p in policy_points(policy, precision)}
    )
    falls_due = Q(pk__in=[])
    for offset in offsets:
        falls_due |= Q(due_date__gt=since - dt.timedelta(days=offset), due_date__lte=today - dt.timedelta(days=offset))
    condition = falls_due
    if changed_after is not None:
        _, latest = offsets_span(policy)
        oldest_relevant = today - dt.timedelta(days=horizon + latest)
        condition |= Q(
            updated_at__gt=changed_after,
            due_date__gte=oldest_relevant,
            due_date__lte=today + dt.timedelta(days=-offsets[0]),
        )
    return spec.items_to_remind().filter(due_date__isnull=False).filter(condition).select_related(*spec.select_related)


def reminders_scan(*, now: dt.datetime | None = None) -> ReminderRun:
    """Record in the ledger every reminder point due at ``now``; return the run with its counts.

    On PostgreSQL the database computes the points, in one statement (``scan_sql``); elsewhere
    (SQLite on a laptop) this module's Python does, by the same rules.
    """
    now = now or timezone.now()
    policy = active_policy()
    horizon = settings.STALENESS_HORIZON_DAYS
    today = secretariat_today(now)
    previous = _previous_scan(now)
    _, latest = offsets_span(policy)
    since = secretariat_today(previous.now) if previous else today - dt.timedelta(days=horizon + latest + 1)
    # Items changed since the previous scan started (wall clock, like their updated_at) are looked
    # at whole: a deadline set or moved since may have a point due today.
    changed_after = previous.started_at if previous else None
    window = scan_sql.Window(now=now, today=today, since=since, changed_after=changed_after, horizon=horizon)
    run = ReminderRun.objects.create(started_at=timezone.now(), now=now)

    record = scan_sql.record_points if connection.vendor == "postgresql" else _record_points
    with transaction.atomic():
        considered, counts = record(policy=policy, window=window, run=run)
        run.items_considered = considered
        run.pending = counts.get(LedgerStatus.PENDING, 0)
        run.skipped = counts.get(LedgerStatus.SKIPPED, 0)
        run.missed = counts.get(LedgerStatus.MISSED, 0)
        run.muted = counts.get(LedgerStatus.MUTED, 0)
        run.no_recipient = counts.get(LedgerStatus.NO_RECIPIENT, 0)
        run.finished_at = timezone.now()
        run.save()
    return run


def _record_points(*, policy, window: scan_sql.Window, run: ReminderRun) -> tuple[int, dict[str, int]]:
    """The scan in Python (SQLite): the items considered and the new ledger rows by status."""
    considered = 0
    for spec in ITEM_KINDS.values():
        items = list(
            _candidates(
                spec,
                policy=policy,
                today=window.today,
                since=window.since,
                changed_after=window.changed_after,
                horizon=window.horizon,
            )
        )
        considered += len(items)
        organization_ids = {spec.organization_id(item) for item in items} - {None}
        book = RecipientBook(organization_ids)
        rows = []
        for item in items:
            changed = window.changed_after is not None and item.updated_at > window.changed_after
            rows += _rows_for_item(
                spec,
                item,
                policy=policy,
                book=book,
                now=window.now,
                today=window.today,
                since=None if changed else window.since,
                horizon=window.horizon,
                run=run,
            )
        ReminderEntry.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    _supersede_older_pending(run)
    counts = dict(ReminderEntry.objects.filter(run=run).values_list("status").annotate(n=Count("pk")))
    return considered, counts


def _rows_for_item(spec, item, *, policy, book, now, today, since, horizon, run) -> list[ReminderEntry]:
    due = item.due_date
    lapsed = (today - due).days > horizon
    # An organization is reminded of a call only from the day it was asked: a point that fell
    # before the call opened is recorded skipped, not sent with the invitation's ink still wet.
    call = getattr(item, "call", None) if spec.kind == ReminderItemKind.INPUT_REQUEST else None
    asked_on = secretariat_today(call.opened_at) if call is not None and call.opened_at else None
    points = [
        p
        for p in policy_points(policy, item.due_precision)
        if p.falls_on(due) <= today and (since is None or p.falls_on(due) > since)
    ]
    per_recipient: dict[tuple[int, str], list[tuple[PointSpec, Recipient]]] = defaultdict(list)
    for point in points:
        for recipient in book.for_point(spec, item, point, policy):
            per_recipient[(recipient.ref, recipient.why)].append((point, recipient))
    title = item_title(item)
    rows = []
    for pairs in per_recipient.values():
        latest_offset = max(point.offset_days for point, _ in pairs)
        for point, recipient in pairs:
            status, why, send_after = decide(
                point,
                recipient,
                lapsed=lapsed,
                latest=point.offset_days == latest_offset,
                before_asked=asked_on is not None and point.falls_on(due) < asked_on,
                now=now,
                today=today,
                due=due,
                horizon=horizon,
            )
            rows.append(
                ReminderEntry(
                    item_kind=spec.kind,
                    item_id=item.pk,
                    organization_id=spec.organization_id(item),
                    point=point.name,
                    offset_days=point.offset_days,
                    critical=point.critical,
                    due_date=due,
                    point_date=point.falls_on(due),
                    recipient=recipient.user,
                    recipient_ref=recipient.ref,
                    status=status,
                    reason=f"{point.name} of “{title[:120]}” due {due:%d %b %Y}, to the {recipient.why}: {why}"[:300],
                    send_after=send_after,
                    run=run,
                    created_at=now,
                )
            )
    return rows


def decide(
    point, recipient, *, lapsed, latest, before_asked, now, today, due, horizon
) -> tuple[str, str, dt.datetime]:
    """What becomes of one point for one recipient: its status, why, and when it may be sent (the
    scan's rule; the turnover of reminders.handover records points by it too)."""
    if lapsed:
        return LedgerStatus.MISSED, f"the item is overdue by more than the {horizon}-day staleness horizon", now
    if (today - point.falls_on(due)).days > horizon:
        return LedgerStatus.MISSED, f"the point fell more than {horizon} days ago", now
    if before_asked:
        return LedgerStatus.SKIPPED, "the point fell before the organization was asked (the call opened later)", now
    if not latest:
        return LedgerStatus.SKIPPED, "a later point of the same deadline was due at the same time", now
    if recipient.user is None:
        return LedgerStatus.NO_RECIPIENT, recipient.why, now
    time_zone, preference, mute = _profile_of(recipient.user)
    if mute and not point.critical:
        return LedgerStatus.MUTED, "the recipient mutes non-critical reminders", now
    when = next_delivery_time(now, time_zone=time_zone, preference=preference)
    return (
        LedgerStatus.PENDING,
        "to send" if when <= now else f"to send at {local_time(when, time_zone)}, the recipient's delivery hours",
        when,
    )


def _supersede_older_pending(run: ReminderRun) -> None:
    """A point of an earlier scan still waiting (outside delivery hours) gives way to a later point
    of the same deadline found by this scan. Within one scan, decide already keeps only the latest.
    Only pending rows are looked at: few, those waiting for their recipient's delivery hours."""
    later_in_this_run = ReminderEntry.objects.filter(
        run=run,
        item_kind=OuterRef("item_kind"),
        item_id=OuterRef("item_id"),
        due_date=OuterRef("due_date"),
        recipient_ref=OuterRef("recipient_ref"),
        status=LedgerStatus.PENDING,
        offset_days__gt=OuterRef("offset_days"),
    )
    ReminderEntry.objects.filter(status=LedgerStatus.PENDING).exclude(run=run).filter(
        Exists(later_in_this_run)
    ).update(
        status=LedgerStatus.SKIPPED,
        reason="skipped: a later point of the same deadline became due before this one was sent",
    )
