"""The scan in the database (PostgreSQL): one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``
computes every point due, its recipients, what becomes of it and when it may be sent.

The rules are the Python scan's (``coordination/reminders/scan.py``, which SQLite still runs), in
the same order, and tests/coordination/test_reminder_scan_equivalence.py requires identical ledgers
from both on random data. Each part of the statement is a named CTE saying which rule it is:

- ``policy_points``: the policy's points, for coarse due dates (a year, a half-year) and others;
- ``candidates``: for each kind of item (a branch of a UNION ALL), the open items with a point in
  ``(since, today]`` (their due date is one of the days listed, through the index on ``due_date``),
  or changed since the previous scan started;
- ``item_points``: each candidate's points in its window (every point up to today for a changed
  item), the recipient class each goes to (focal points, or the officer for an escalation and for
  an item of no organization), and the latest of them: per item and class every recipient gets
  the same points, so the latest per item and class is the latest per recipient;
- ``focal`` and ``addressed``: the recipients, one class after the other (the organization's
  active primaries, else its alternates; the responsible officer, and for an escalation the heads
  where the policy names them; nobody: recipient 0);
- ``recipient_clock``: each recipient's muting and first delivery instant (``next_delivery_time``
  in SQL: their time zone and preference, from the recipient's profile);
- ``decided``: the outcome (missed, skipped, no recipient, muted, to send) in the scan's order;
- ``inserted``: the ledger rows, unique on (kind, item, point, due date, recipient): a row there
  already is left alone, so scans can run twice or at once;
- ``superseded``: a pending row of an earlier scan gives way to a later point of the same deadline
  inserted now.

Nothing is built row by row in Python: the statement returns only the counts for the run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext

from agencies.choices import ReminderPreference

from ..choices import LedgerStatus, MandateKind, ReminderItemKind
from ..models import FollowUpAction, InputRequest, ReminderPolicy, ReminderRun, ReportingObligation
from .points import offsets_span, points_of, policy_points


@dataclass(frozen=True)
class KindSql:
    """What differs between the kinds of items: where they are, and how to read their organization,
    responsible officer, title (as ``items.item_title`` writes it) and the day their organization was
    asked (an input request: the day its call opened, in the secretariat's calendar)."""

    table_and_joins: str
    organization: str
    officer: str
    title: str  # an SQL expression, or "{title}": a translated template, formatted with title_fields
    title_fields: tuple[str, ...] = ()
    asked_on: str = "NULL::date"


def _short_name(organization: str) -> str:
    """``Organization.short_name``: the acronym, else the name."""
    return f"COALESCE(NULLIF({organization}.acronym, ''), {organization}.name)"


KINDS = {
    ReminderItemKind.ACTION: KindSql(
        table_and_joins="coordination_followupaction i",
        organization="i.lead_organization_id",
        officer="i.responsible_officer_id",
        title="i.title",
    ),
    ReminderItemKind.OBLIGATION: KindSql(
        table_and_joins="""coordination_reportingobligation i
            JOIN coordination_mandate m ON m.id = i.mandate_id
            JOIN agencies_organization body ON body.id = m.body_id""",
        organization="NULL::bigint",
        officer="i.responsible_officer_id",
        # "Report under %(mandate)s: %(description)s", the mandate as str(Mandate): "GA resolution 58/208".
        title="{title}",
        title_fields=(
            f"{_short_name('body')} || ' ' || COALESCE((%(mandate_kind_labels)s::text[])"
            f"[array_position(%(mandate_kind_values)s::text[], m.kind::text)], m.kind) || ' ' || m.number",
            "i.description",
        ),
    ),
    ReminderItemKind.INPUT_REQUEST: KindSql(
        table_and_joins="coordination_inputrequest i JOIN coordination_callforinputs call ON call.id = i.call_id",
        organization="i.organization_id",
        officer="call.responsible_officer_id",
        # "Answer to the call for inputs “%(title)s”"
        title="{title}",
        title_fields=("call.title",),
        asked_on="(call.opened_at AT TIME ZONE %(secretariat_zone)s)::date",
    ),
}

MODELS = {
    ReminderItemKind.ACTION: FollowUpAction,
    ReminderItemKind.OBLIGATION: ReportingObligation,
    ReminderItemKind.INPUT_REQUEST: InputRequest,
}


def _title_template(kind: str) -> str:
    """The translated title template of ``kind`` (``items.item_title``'s), in the active language."""
    if kind == ReminderItemKind.OBLIGATION:
        return gettext("Report under %(mandate)s: %(description)s")
    return gettext("Answer to the call for inputs “%(title)s”")


def _as_format(template: str, names: tuple[str, ...]) -> str:
    """A Python %-template with named fields as PostgreSQL's ``format()`` takes it (positional
    ``%1$s``, so a translation may reorder the fields)."""
    return re.sub(r"%\((\w+)\)s", lambda m: f"%{names.index(m.group(1)) + 1}$s", template)


_TITLE_FIELD_NAMES = {
    ReminderItemKind.OBLIGATION: ("mandate", "description"),
    ReminderItemKind.INPUT_REQUEST: ("title",),
}


# One kind's candidates: its open items with a point in (since, today] (their due date is one of the days
# listed, through the index on due_date), or changed since the previous scan started (a deadline set or moved
# since) and due where a point can still be owed.
CANDIDATES = """
    -- key: one number per item of any kind, to sort and partition by
    SELECT '{kind}'::text AS kind, i.id * {kinds} + {number} AS key, i.id, {organization} AS organization_id,
           {officer} AS officer_id, i.due_date,
           i.due_precision = ANY(%(coarse_precisions)s::text[]) AS coarse,
           COALESCE(i.updated_at > %(changed_after)s::timestamptz, false) AS changed,
           left({title}, 120) AS title, {asked_on} AS asked_on
    FROM {table_and_joins}
    WHERE i.status <> ALL(%(not_reminded_{kind})s::text[]) AND i.due_date IS NOT NULL
      AND (i.due_date = ANY(%(due_dates)s::date[])
           OR (i.updated_at > %(changed_after)s::timestamptz
               AND i.due_date BETWEEN %(changed_from)s::date AND %(changed_to)s::date))"""

STATEMENT = """
WITH
-- The policy's points: those of coarse due dates (a year, a half-year) and those of any other.
policy_points (coarse, name, offset_days, critical, escalation) AS (
    SELECT * FROM unnest(%(point_coarse)s::boolean[], %(point_name)s::text[], %(point_offset)s::integer[],
                         %(point_critical)s::boolean[], %(point_escalation)s::boolean[])
),
-- The candidates of each kind of item (CANDIDATES).
candidates AS ({candidates}
),
-- Each candidate's points in its window: (since, today], or every point up to today for a changed item. An
-- escalation, and every point of an item of no organization, goes to the officer; the others to focal points.
-- The latest-point rule: only the latest point of an item for a recipient is sent; every recipient in one
-- class gets the same points of the item, so the latest per item and class is the latest per recipient.
item_points AS (
    SELECT c.*, p.name, p.offset_days, p.critical, p.escalation, c.due_date + p.offset_days AS point_date,
           (c.organization_id IS NULL OR p.escalation) AS to_officer,
           max(p.offset_days) OVER (PARTITION BY c.key, (c.organization_id IS NULL OR p.escalation)) AS latest_offset
    FROM candidates c JOIN policy_points p ON p.coarse = c.coarse
    WHERE c.due_date + p.offset_days <= %(today)s::date
      AND (c.changed OR c.due_date + p.offset_days > %(since)s::date)
),
-- Recipients, focal class: the organization's active primary focal points with an e-mail address (choice 1),
-- else its active alternates.
focal AS (
    SELECT fp.organization_id, fp.user_id,
           CASE WHEN fp.role = 'primary' THEN 'primary focal point of ' || {organization_name}
                ELSE 'alternate focal point of ' || {organization_name} || ' (no active primary)' END AS why,
           dense_rank() OVER (PARTITION BY fp.organization_id ORDER BY fp.role <> 'primary') AS choice
    FROM agencies_focalpoint fp
    JOIN auth_user u ON u.id = fp.user_id AND u.is_active AND u.email <> ''
    JOIN agencies_organization o ON o.id = fp.organization_id
    WHERE fp.is_active AND fp.role IN ('primary', 'alternate')
      AND fp.organization_id IN (SELECT organization_id FROM candidates)
),
-- Each point with each of its recipients; nobody to send to is one row without a recipient.
addressed AS (
    SELECT ip.*, f.user_id AS recipient_id,
           COALESCE(f.why, 'no active primary or alternate focal point with an e-mail address') AS why
    FROM item_points ip
    LEFT JOIN focal f ON f.organization_id = ip.organization_id AND f.choice = 1
    WHERE NOT ip.to_officer
    UNION ALL
    -- Officer class: the responsible officer (active, with an e-mail address), and for an escalation the
    -- organization's heads where the policy says so; one row per person (the officer's, if also a head).
    (SELECT DISTINCT ON (ip.key, ip.name, r.user_id) ip.*, r.user_id,
            COALESCE(r.why, 'no active responsible officer with an e-mail address')
     FROM item_points ip
     LEFT JOIN LATERAL (
         SELECT u.id AS user_id, 'responsible secretariat officer' AS why, 0 AS rank
         FROM auth_user u WHERE u.id = ip.officer_id AND u.is_active AND u.email <> ''
         UNION ALL
         SELECT fp.user_id, 'head of ' || {organization_name}, 1
         FROM agencies_focalpoint fp
         JOIN auth_user u ON u.id = fp.user_id AND u.is_active AND u.email <> ''
         JOIN agencies_organization o ON o.id = fp.organization_id
         WHERE ip.escalation AND %(escalate_to_head)s AND fp.organization_id = ip.organization_id
           AND fp.role = 'head' AND fp.is_active
     ) r ON true
     WHERE ip.to_officer
     ORDER BY ip.key, ip.name, r.user_id, r.rank)
),
-- Each time zone a recipient can be in (their profile's, else the secretariat's) and each first delivery hour (the
-- start of the delivery hours, or the digest hour): the hour there now, and the instants of that hour today and
-- tomorrow (days 0 and 1) on that zone's calendar. Where the clock reads an hour twice (when daylight saving
-- ends), its first time, as zoneinfo's fold=0 does (PostgreSQL's AT TIME ZONE takes the second): read with the
-- offset of the day before. OFFSET 0 keeps each step computed once.
zone_clock AS (
    SELECT z.zone, h.first_hour, extract(hour FROM %(now)s AT TIME ZONE z.zone) AS hour_now,
           min(i.instant) FILTER (WHERE d.days = 0) AS today, min(i.instant) FILTER (WHERE d.days = 1) AS tomorrow
    FROM (SELECT time_zone AS zone FROM agencies_userprofile UNION SELECT %(secretariat_zone)s) z
    CROSS JOIN (VALUES (%(start_hour)s), (%(digest_hour)s)) AS h (first_hour)
    CROSS JOIN (VALUES (0), (1)) AS d (days)
    CROSS JOIN LATERAL (
        SELECT (%(now)s AT TIME ZONE z.zone)::date + d.days + make_time(h.first_hour, 0, 0) AS wall OFFSET 0
    ) w
    CROSS JOIN LATERAL (SELECT w.wall AT TIME ZONE z.zone AS later OFFSET 0) l
    CROSS JOIN LATERAL (
        SELECT (w.wall - (((l.later - interval '1 day') AT TIME ZONE z.zone)
                          - ((l.later - interval '1 day') AT TIME ZONE 'UTC'))) AT TIME ZONE 'UTC' AS earlier
        OFFSET 0
    ) e
    CROSS JOIN LATERAL (
        SELECT CASE WHEN e.earlier < l.later AND e.earlier AT TIME ZONE z.zone = w.wall THEN e.earlier ELSE l.later END
            AS instant
    ) i
    GROUP BY z.zone, h.first_hour
),
-- What becomes of each point for each recipient, in the scan's order (scan.decide), and when it may be sent: the
-- first instant at or after now when the recipient may get mail (points.next_delivery_time): now inside their
-- delivery hours, else the next start of them; for a digest, the next digest hour. A recipient with no profile
-- has the secretariat's time zone, each reminder when it falls due, and mutes nothing.
decided AS (
    SELECT a.*, k.zone,
           CASE
               WHEN %(today)s::date - a.due_date > %(horizon)s THEN 'lapsed'
               WHEN %(today)s::date - a.point_date > %(horizon)s THEN 'too_old'
               WHEN a.point_date < a.asked_on THEN 'before_asked'
               WHEN a.offset_days < a.latest_offset THEN 'not_latest'
               WHEN a.recipient_id IS NULL THEN 'nobody'
               WHEN p.mute_noncritical AND NOT a.critical THEN 'muted'
               ELSE 'to_send'
           END AS outcome,
           CASE
               WHEN p.reminder_preference = %(daily_digest)s THEN
                   CASE WHEN k.today >= %(now)s THEN k.today ELSE k.tomorrow END
               WHEN k.hour_now >= %(start_hour)s AND k.hour_now < %(end_hour)s THEN %(now)s
               WHEN k.hour_now < %(start_hour)s THEN k.today
               ELSE k.tomorrow
           END AS deliver_at
    FROM addressed a
    LEFT JOIN agencies_userprofile p ON p.user_id = a.recipient_id
    LEFT JOIN zone_clock k ON a.recipient_id IS NOT NULL AND k.zone = COALESCE(p.time_zone, %(secretariat_zone)s)
         AND k.first_hour = CASE WHEN p.reminder_preference = %(daily_digest)s THEN %(digest_hour)s
                                 ELSE %(start_hour)s END
),
-- The ledger rows, unique on (kind, item, point, due date, recipient): a row there already is left alone.
inserted AS (
    INSERT INTO coordination_reminderentry (item_kind, item_id, organization_id, point, offset_days, critical,
                                            due_date, point_date, recipient_id, recipient_ref, status, reason,
                                            send_after, run_id, created_at)
    SELECT d.kind, d.id, d.organization_id, d.name, d.offset_days, d.critical, d.due_date, d.point_date,
           d.recipient_id, COALESCE(d.recipient_id, 0),
           CASE d.outcome WHEN 'lapsed' THEN %(missed)s WHEN 'too_old' THEN %(missed)s
                          WHEN 'before_asked' THEN %(skipped)s WHEN 'not_latest' THEN %(skipped)s
                          WHEN 'nobody' THEN %(no_recipient)s WHEN 'muted' THEN %(muted)s ELSE %(pending)s END,
           left(format(%(reason)s, d.name, d.title, to_char(d.due_date, 'DD Mon YYYY'), d.why,
                       CASE d.outcome
                           WHEN 'lapsed' THEN %(why_lapsed)s
                           WHEN 'too_old' THEN %(why_too_old)s
                           WHEN 'before_asked' THEN %(why_before_asked)s
                           WHEN 'not_latest' THEN %(why_not_latest)s
                           WHEN 'nobody' THEN d.why
                           WHEN 'muted' THEN %(why_muted)s
                           WHEN 'to_send' THEN CASE WHEN d.deliver_at <= %(now)s THEN %(why_to_send)s
                               ELSE format(%(why_to_send_at)s,
                                           to_char(d.deliver_at AT TIME ZONE d.zone, 'Dy FMDD Mon YYYY HH24:MI'),
                                           d.zone, to_char(d.deliver_at AT TIME ZONE 'UTC', 'HH24:MI')) END
                       END), 300),
           CASE WHEN d.outcome = 'to_send' THEN d.deliver_at ELSE %(now)s END,
           %(run)s, %(now)s
    FROM decided d
    ON CONFLICT DO NOTHING
    RETURNING item_kind, item_id, due_date, recipient_ref, offset_days, status
),
-- A point of an earlier scan still waiting (outside delivery hours) gives way to a later point of the same
-- deadline inserted now (within this scan, decided already kept only the latest).
superseded AS (
    UPDATE coordination_reminderentry e SET status = %(skipped)s, reason = %(why_superseded)s
    WHERE e.status = %(pending)s AND e.run_id IS DISTINCT FROM %(run)s
      AND EXISTS (SELECT 1 FROM inserted n
                  WHERE n.status = %(pending)s AND n.item_kind = e.item_kind AND n.item_id = e.item_id
                    AND n.due_date = e.due_date AND n.recipient_ref = e.recipient_ref
                    AND n.offset_days > e.offset_days)
)
-- The run's counts: the items considered, and the rows recorded by status.
SELECT (SELECT count(*) FROM candidates),
       (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM inserted GROUP BY status) s)
"""


def _candidates(kind: str) -> str:
    spec = KINDS[kind]
    number = list(KINDS).index(kind)
    title = spec.title
    if title == "{title}":
        title = f"format(%(title_format_{kind})s, {', '.join(spec.title_fields)})"
    return CANDIDATES.format(
        kind=kind,
        kinds=len(KINDS),
        number=number,
        organization=spec.organization,
        officer=spec.officer,
        title=title,
        asked_on=spec.asked_on,
        table_and_joins=spec.table_and_joins,
    )


def statement() -> str:
    """The scan's statement (its parameters: ``parameters``)."""
    return STATEMENT.format(
        candidates="\n    UNION ALL".join(_candidates(kind) for kind in KINDS),
        organization_name=_short_name("o"),
    )


@dataclass(frozen=True)
class Window:
    """What the scan looks at: ``today`` (the secretariat's), the points after ``since``, items
    changed after ``changed_after`` (None: the first scan), the staleness ``horizon``."""

    now: dt.datetime
    today: dt.date
    since: dt.date
    changed_after: dt.datetime | None
    horizon: int


def parameters(*, policy: ReminderPolicy, window: Window, run: ReminderRun) -> dict:
    """The statement's parameters: the policy's points, the window's days, the settings' hours, the words."""
    today, since, horizon = window.today, window.since, window.horizon
    points = [(coarse, p) for coarse in (False, True) for p in points_of(policy, coarse=coarse)]
    # The offsets the Python scan selects candidates by: those of the precisions it names.
    offsets = sorted(
        {p.offset_days for precision in ("day", *policy.coarse_precisions) for p in policy_points(policy, precision)}
    )
    _, latest = offsets_span(policy)
    due_dates = sorted(
        {
            since - dt.timedelta(days=offset) + dt.timedelta(days=step)
            for offset in offsets
            for step in range(1, (today - since).days + 1)
        }
    )
    values = {
        "run": run.pk,
        "now": window.now,
        "today": today,
        "since": since,
        "horizon": horizon,
        "changed_after": window.changed_after,
        "changed_from": today - dt.timedelta(days=horizon + latest),
        "changed_to": today - dt.timedelta(days=offsets[0]),
        "due_dates": due_dates,
        "coarse_precisions": list(policy.coarse_precisions),
        "point_coarse": [coarse for coarse, _ in points],
        "point_name": [p.name for _, p in points],
        "point_offset": [p.offset_days for _, p in points],
        "point_critical": [p.critical for _, p in points],
        "point_escalation": [p.escalation for _, p in points],
        "escalate_to_head": policy.escalate_to_head,
        "secretariat_zone": settings.SECRETARIAT_TIME_ZONE,
        "start_hour": settings.REMINDER_DELIVERY_HOURS[0],
        "end_hour": settings.REMINDER_DELIVERY_HOURS[1],
        "digest_hour": settings.REMINDER_DIGEST_HOUR,
        "daily_digest": ReminderPreference.DAILY_DIGEST,
        "pending": LedgerStatus.PENDING,
        "skipped": LedgerStatus.SKIPPED,
        "missed": LedgerStatus.MISSED,
        "muted": LedgerStatus.MUTED,
        "no_recipient": LedgerStatus.NO_RECIPIENT,
        # The ledger's reason, in the words of scan.decide.
        "reason": "%1$s of “%2$s” due %3$s, to the %4$s: %5$s",
        "why_lapsed": f"the item is overdue by more than the {horizon}-day staleness horizon",
        "why_too_old": f"the point fell more than {horizon} days ago",
        "why_before_asked": "the point fell before the organization was asked (the call opened later)",
        "why_not_latest": "a later point of the same deadline was due at the same time",
        "why_muted": "the recipient mutes non-critical reminders",
        "why_to_send": "to send",
        "why_to_send_at": "to send at %1$s %2$s (%3$s UTC), the recipient's delivery hours",
        "why_superseded": "skipped: a later point of the same deadline became due before this one was sent",
    }
    for kind, model in MODELS.items():
        values[f"not_reminded_{kind}"] = [*model.CLOSED_STATUSES, *getattr(model, "WAITING_STATUSES", ())]
    for kind, names in _TITLE_FIELD_NAMES.items():
        values[f"title_format_{kind}"] = _as_format(_title_template(kind), names)
    values["mandate_kind_values"] = list(MandateKind.values)
    values["mandate_kind_labels"] = [str(label).lower() for label in MandateKind.labels]
    return values


def record_points(*, policy: ReminderPolicy, window: Window, run: ReminderRun) -> tuple[int, dict[str, int]]:
    """Record every point due in ``window`` for ``run``: the items considered and the new rows by status.

    The scan's transaction commits without waiting for the disk (``synchronous_commit`` off for it):
    a scan lost in a crash of the database server is found again by the next scan (its run is lost
    with it, so the next one starts from the scan before), and no mail can go out for a row that did
    not reach the disk, since the dispatch's claim commits synchronously after it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(statement(), parameters(policy=policy, window=window, run=run))
        considered, by_status = cursor.fetchone()
    return considered, by_status or {}
