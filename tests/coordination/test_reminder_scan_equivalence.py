"""The set-based scan (PostgreSQL, coordination/reminders/scan_sql.py) records exactly what the Python
scan of fd5f009 (tests/coordination/reference_scan.py) records, on random data.

Each example builds organizations, focal points (primary, alternate, head; active or not; with or
without an e-mail address; with a profile in one of a dozen time zones, immediate or digest, muting
or not), responsible officers, and items of the three kinds (every precision, open, waiting or
closed, a call opened late), under the default or an edited policy and random delivery hours; then a
timeline of scans, minutes to months apart (missed runs), with changes between them: deadlines
moved, items closed, focal points rotated out or back, profiles and the policy edited. Before each
scan both run on the same database state (the reference in a savepoint, rolled back), and the whole
ledger and the run's counts must be identical: every meaningful column, the reason's words and the
instant ``send_after`` included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from agencies.choices import FocalPointRole, ReminderPreference
from agencies.models import FocalPoint, UserProfile
from coordination.choices import ActionStatus, InputRequestStatus, ItemStatus, MandateKind
from coordination.deadlines import secretariat_today
from coordination.models import ReminderEntry, ReminderPolicy, ReminderRun
from coordination.reminders.scan import reminders_scan
from meetings.choices import DatePrecision
from tests.factories import (
    CallForInputsFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    UserFactory,
)

from .reference_scan import reference_scan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ZONES = [
    "America/New_York",
    "Europe/Paris",
    "Europe/London",
    "UTC",
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
    "Asia/Kathmandu",  # +05:45
    "Asia/Tehran",
    "Australia/Lord_Howe",  # a half-hour daylight saving
    "America/Santiago",  # changes at midnight
    "America/Havana",
    "Africa/Nairobi",
]
PRECISIONS = [
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.QUARTER,
    DatePrecision.HALF_YEAR,
    DatePrecision.YEAR,
]
TITLES = [
    "Report back",
    "Réunion « spéciale » sur la migration \u2013 suivi",
    "Review the data " * 12,  # longer than the 120 characters a reason quotes
]
# Between two scans: the beat's ten minutes, an evening, a day, missed runs of days and months.
WAITS = [dt.timedelta(minutes=10), dt.timedelta(hours=6), dt.timedelta(days=1), dt.timedelta(days=3)]
WAITS += [dt.timedelta(days=8, hours=5), dt.timedelta(days=40), dt.timedelta(days=130)]
STATUSES = {
    "action": [ActionStatus.OPEN] * 4 + [ActionStatus.DONE_PENDING, ActionStatus.DONE, ActionStatus.CANCELLED],
    "obligation": [ItemStatus.OPEN] * 4 + [ItemStatus.DONE],
    "input_request": [InputRequestStatus.OPEN] * 4 + [InputRequestStatus.ANSWERED, InputRequestStatus.WAIVED],
}


@dataclass(frozen=True)
class Profile:
    zone: str
    digest: bool
    mute: bool


@dataclass(frozen=True)
class Person:
    organization: int
    role: str
    active: bool
    user_active: bool
    email: bool
    profile: Profile | None


@dataclass(frozen=True)
class Officer:
    active: bool
    email: bool
    profile: Profile | None


@dataclass(frozen=True)
class Item:
    kind: str
    organization: int | None
    officer: int | None
    due_in: int  # days from the first scan's day
    precision: str
    title: str
    status: str
    opened_days_ago: int | None  # an input request's call; None: never opened
    mandate_kind: str


@dataclass(frozen=True)
class Policy:
    early_days: list[int]
    coarse_early_days: list[int]
    coarse_precisions: list[str]
    last_call_days: int | None
    on_due_day: bool
    overdue_days: list[int]
    escalation_days: int | None
    escalate_to_head: bool


@dataclass(frozen=True)
class Step:
    wait: dt.timedelta
    moves: list[tuple[int, int]]  # (item, days the deadline moves by)
    closes: list[int]
    rotations: list[int]  # people whose focal point flips active/inactive
    profiles: list[tuple[int, Profile | None]]
    policy: Policy | None


profiles = st.none() | st.builds(Profile, st.sampled_from(ZONES), st.booleans(), st.booleans())
some_profile = st.builds(Profile, st.sampled_from(ZONES), st.booleans(), st.booleans())
policies = st.builds(
    Policy,
    early_days=st.lists(st.sampled_from([30, 14, 7, 3]), max_size=3),
    coarse_early_days=st.lists(st.sampled_from([60, 30, 14]), max_size=2),
    coarse_precisions=st.lists(st.sampled_from(["year", "half_year", "quarter", "month", "day"]), max_size=3),
    last_call_days=st.sampled_from([None, 1, 2, 7]),
    on_due_day=st.booleans(),
    overdue_days=st.lists(st.sampled_from([3, 7, 14, 21]), max_size=3),
    escalation_days=st.sampled_from([None, 28, 7, 40]),
    escalate_to_head=st.booleans(),
)


@st.composite
def items(draw, organizations: int, officers: int) -> Item:
    kind = draw(st.sampled_from(["action", "action", "obligation", "input_request"]))
    organization = None if kind == "obligation" else draw(st.integers(0, organizations - 1))
    if kind == "action" and draw(st.integers(0, 5)) == 0:
        organization = None  # an action with no lead organization
    officer = draw(st.none() | st.integers(0, officers - 1)) if officers else None
    return Item(
        kind=kind,
        organization=organization,
        officer=officer,
        due_in=draw(st.integers(-35, 35) | st.integers(-130, 70)),
        precision=draw(st.sampled_from(PRECISIONS)),
        title=draw(st.sampled_from(TITLES)),
        status=draw(st.sampled_from(STATUSES[kind])),
        opened_days_ago=draw(st.none() | st.integers(-5, 60)),
        mandate_kind=draw(st.sampled_from(MandateKind.values)),
    )


@st.composite
def worlds(draw):
    organizations = draw(st.lists(st.sampled_from(["ILO", "", "IOM", "UN-Habitat"]), min_size=1, max_size=3))
    people = draw(
        st.lists(
            st.builds(
                Person,
                organization=st.integers(0, len(organizations) - 1),
                role=st.sampled_from([FocalPointRole.PRIMARY] * 3 + [FocalPointRole.ALTERNATE, FocalPointRole.HEAD]),
                active=st.booleans() | st.just(True),
                user_active=st.just(True) | st.booleans(),
                email=st.just(True) | st.booleans(),
                profile=st.none() | some_profile | some_profile,
            ),
            min_size=1,
            max_size=8,
        )
    )
    officers = draw(
        st.lists(
            st.builds(Officer, st.just(True) | st.booleans(), st.just(True) | st.booleans(), profiles), max_size=2
        )
    )
    things = draw(st.lists(items(len(organizations), len(officers)), min_size=1, max_size=8))
    steps = draw(
        st.lists(
            st.builds(
                Step,
                wait=st.sampled_from(WAITS),
                moves=st.lists(st.tuples(st.integers(0, len(things) - 1), st.integers(-20, 30)), max_size=2),
                closes=st.lists(st.integers(0, len(things) - 1), max_size=1),
                rotations=st.lists(st.integers(0, max(len(people) - 1, 0)), max_size=2) if people else st.just([]),
                profiles=(
                    st.lists(st.tuples(st.integers(0, len(people) - 1), profiles), max_size=2)
                    if people
                    else st.just([])
                ),
                policy=st.none() | st.none() | policies,
            ),
            min_size=1,
            max_size=4,
        )
    )
    return {
        "organizations": organizations,
        "people": people,
        "officers": officers,
        "items": things,
        "policy": draw(st.none() | policies),
        "steps": steps,
        # The first scan: any hour of a day from before the end of daylight saving in New York (1 Nov 2026) to
        # after its start (14 Mar 2027).
        "start": dt.datetime(2026, 10, 20, tzinfo=dt.UTC)
        + dt.timedelta(days=draw(st.integers(0, 150)), minutes=draw(st.integers(0, 24 * 60 - 1))),
        "hours": draw(st.sampled_from([(8, 18), (0, 24), (1, 2), (9, 17), (22, 23)])),
        "digest_hour": draw(st.sampled_from([8, 1, 0, 23])),
        "horizon": draw(st.sampled_from([90, 30, 5])),
    }


def store_policy(policy: Policy | None) -> None:
    ReminderPolicy.objects.all().delete()
    if policy is None:
        return  # the design's default, unsaved (active_policy)
    fields = vars(policy).copy()
    if not (fields["early_days"] or fields["last_call_days"] or fields["on_due_day"] or fields["overdue_days"]):
        fields["on_due_day"] = True  # a policy has at least one point
    ReminderPolicy.objects.create(name="Edited", **fields)


def store_profile(user, profile: Profile | None) -> None:
    UserProfile.objects.filter(user=user).delete()
    if profile is not None:
        UserProfile.objects.create(
            user=user,
            time_zone=profile.zone,
            reminder_preference=ReminderPreference.DAILY_DIGEST if profile.digest else ReminderPreference.IMMEDIATE,
            mute_noncritical=profile.mute,
        )


def build(world) -> tuple[list, list, list]:
    """The world's rows: its focal points, officers and items (in the order of its lists)."""
    store_policy(world["policy"])
    organizations = [
        OrganizationFactory(
            acronym=f"{acronym}{index}" if acronym else "",
            name=f"Organization {index} of the United Nations system and its programmes, {acronym}",
        )
        for index, acronym in enumerate(world["organizations"])
    ]
    focal_points = []
    for person in world["people"]:
        user = UserFactory(is_active=person.user_active, **({} if person.email else {"email": ""}))
        store_profile(user, person.profile)
        focal_point, _ = FocalPoint.objects.get_or_create(
            user=user,
            organization=organizations[person.organization],
            defaults={"role": person.role, "is_active": person.active},
        )
        focal_points.append(focal_point)
    officers = []
    for officer in world["officers"]:
        user = UserFactory(is_active=officer.active, is_staff=True, **({} if officer.email else {"email": ""}))
        store_profile(user, officer.profile)
        officers.append(user)
    meeting = MeetingFactory()
    today = secretariat_today(world["start"])
    rows = []
    for index, item in enumerate(world["items"]):
        organization = organizations[item.organization] if item.organization is not None else None
        responsible = officers[item.officer] if item.officer is not None else None
        if item.kind == "action":
            row = FollowUpActionFactory(
                origin_meeting=meeting,
                lead_organization=organization,
                responsible_officer=responsible,
                title=item.title,
            )
        elif item.kind == "obligation":
            body = OrganizationFactory(acronym="" if item.mandate_kind == "decision" else f"GA{index}")
            row = ReportingObligationFactory(
                mandate=MandateFactory(body=body, kind=item.mandate_kind),
                responsible_officer=responsible,
                description=item.title,
            )
        else:
            opened = None if item.opened_days_ago is None else world["start"] - dt.timedelta(days=item.opened_days_ago)
            call = CallForInputsFactory(title=item.title, responsible_officer=responsible, opened_at=opened)
            row = InputRequestFactory(call=call, organization=organization)
        type(row).objects.filter(pk=row.pk).update(
            due_precision=item.precision, due_date=today + dt.timedelta(days=item.due_in), status=item.status
        )
        rows.append(row)
    return focal_points, officers, rows


def change(step: Step, focal_points: list, rows: list) -> None:
    """What the secretariat and the focal points changed between two scans (each change is saved, so the
    item's ``updated_at`` moves, as a service's save moves it)."""
    for index, days in step.moves:
        row = rows[index]
        model = type(row)
        model.objects.filter(pk=row.pk).update(
            due_date=model.objects.get(pk=row.pk).due_date + dt.timedelta(days=days), updated_at=timezone.now()
        )
    for index in step.closes:
        row = rows[index]
        type(row).objects.filter(pk=row.pk).update(status=type(row).CLOSED_STATUSES[0], updated_at=timezone.now())
    for index in step.rotations:
        focal_point = FocalPoint.objects.get(pk=focal_points[index].pk)
        focal_point.is_active = not focal_point.is_active
        focal_point.save(update_fields=["is_active"])
    for index, profile in step.profiles:
        store_profile(focal_points[index].user, profile)
    if step.policy is not None:
        store_policy(step.policy)


LEDGER_COLUMNS = (
    "item_kind",
    "item_id",
    "organization_id",
    "point",
    "offset_days",
    "critical",
    "due_date",
    "point_date",
    "recipient_id",
    "recipient_ref",
    "status",
    "reason",
    "send_after",
    "run__now",
    "created_at",
    "delivery_id",
)
RUN_COUNTS = ("now", "items_considered", "pending", "skipped", "missed", "muted", "no_recipient")


def ledger() -> list[tuple]:
    return sorted(ReminderEntry.objects.values_list(*LEDGER_COLUMNS), key=repr)


def counts(run: ReminderRun) -> tuple:
    return tuple(getattr(run, name) for name in RUN_COUNTS)


def scan_both_ways(now: dt.datetime) -> None:
    with transaction.atomic():
        expected = counts(reference_scan(now=now)), ledger()
        transaction.set_rollback(True)
    actual = counts(reminders_scan(now=now)), ledger()
    assert actual[0] == expected[0], "the runs' counts differ"
    missing = [row for row in expected[1] if row not in actual[1]]
    extra = [row for row in actual[1] if row not in expected[1]]
    assert (missing, extra) == ([], []), "the ledgers differ: (the Python scan's rows missing, rows it has not)"
    for status in {row[LEDGER_COLUMNS.index("status")] for row in actual[1]}:
        event(f"a ledger with {status} rows")  # what the examples reached (--hypothesis-show-statistics)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=django_settings.RUNNING_IN_CI,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(world=worlds())
def test_the_set_based_scan_records_what_the_python_scan_records(world):
    assert connection.vendor == "postgresql"  # else reminders_scan would be the Python scan itself
    hours = {
        "REMINDER_DELIVERY_HOURS": world["hours"],
        "REMINDER_DIGEST_HOUR": world["digest_hour"],
        "STALENESS_HORIZON_DAYS": world["horizon"],
    }
    with override_settings(**hours), transaction.atomic():
        focal_points, _, rows = build(world)
        now = world["start"]
        scan_both_ways(now)
        for step in world["steps"]:
            change(step, focal_points, rows)
            now += step.wait
            scan_both_ways(now)
        transaction.set_rollback(True)
