import datetime as dt
import itertools

import pytest

from coordination.choices import DeadlineState, InputRequestStatus, ItemStatus
from coordination.deadlines import deadline_state, secretariat_today
from coordination.models import FollowUpAction, InputRequest, ReportingObligation
from meetings.choices import DatePrecision
from tests.factories import FollowUpActionFactory, InputRequestFactory, ReportingObligationFactory

TODAY = dt.date(2026, 11, 23)
OFFSETS = [None, -400, -91, -90, -89, -8, -1, 0, 1, 7, 8, 29, 30, 31, 365]

MODELS = [
    (FollowUpAction, FollowUpActionFactory, list(ItemStatus.values)),
    (ReportingObligation, ReportingObligationFactory, [ItemStatus.OPEN, ItemStatus.CANCELLED]),
    (InputRequest, InputRequestFactory, list(InputRequestStatus.values)),
]


def make(factory, status, offset):
    due = None if offset is None else TODAY + dt.timedelta(days=offset)
    extra = {"declined_reason": "No activities in the period"} if status == InputRequestStatus.DECLINED else {}
    return factory(status=status, due_date=due, due_precision=DatePrecision.DAY if due else "", **extra)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory", "statuses"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_annotation_and_python_twin_agree_on_every_state(model, factory, statuses):
    items = [make(factory, status, offset) for status, offset in itertools.product(statuses, OFFSETS)]
    annotated = dict(model.objects.with_deadline_state(today=TODAY).values_list("pk", "deadline_state"))
    seen = set()
    for item in items:
        twin = item.deadline_state_on(TODAY)
        assert annotated[item.pk] == twin, (item.status, item.due_date)
        seen.add(twin)
    assert seen == set(DeadlineState.values)


@pytest.mark.django_db
@pytest.mark.parametrize("state", DeadlineState.values)
def test_filtering_by_state_returns_exactly_the_items_in_that_state(state):
    items = [
        make(FollowUpActionFactory, status, offset) for status, offset in itertools.product(ItemStatus.values, OFFSETS)
    ]
    expected = {item.pk for item in items if item.deadline_state_on(TODAY) == state}
    assert expected
    assert set(FollowUpAction.objects.in_deadline_state(state, today=TODAY).values_list("pk", flat=True)) == expected


@pytest.mark.django_db
def test_filtering_by_several_states_and_refusing_unknown_ones():
    make(FollowUpActionFactory, ItemStatus.OPEN, -1)
    make(FollowUpActionFactory, ItemStatus.OPEN, 3)
    make(FollowUpActionFactory, ItemStatus.OPEN, 20)
    assert FollowUpAction.objects.in_deadline_state(["overdue", "due_7"], today=TODAY).count() == 2
    with pytest.raises(ValueError, match="soon"):
        FollowUpAction.objects.in_deadline_state("soon", today=TODAY)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-91, DeadlineState.LAPSED),
        (-90, DeadlineState.OVERDUE),
        (-1, DeadlineState.OVERDUE),
        (0, DeadlineState.DUE_7),
        (7, DeadlineState.DUE_7),
        (8, DeadlineState.DUE_30),
        (30, DeadlineState.DUE_30),
        (31, DeadlineState.LATER),
    ],
)
def test_state_boundaries(offset, expected):
    assert (
        deadline_state(due_date=TODAY + dt.timedelta(days=offset), is_closed=False, today=TODAY, horizon_days=90)
        == expected
    )


def test_the_staleness_horizon_is_a_setting(settings):
    settings.STALENESS_HORIZON_DAYS = 30
    assert deadline_state(due_date=TODAY - dt.timedelta(days=31), is_closed=False, today=TODAY) == DeadlineState.LAPSED


def test_a_deadline_is_due_until_the_end_of_its_day_in_the_secretariats_time_zone(settings):
    settings.SECRETARIAT_TIME_ZONE = "America/New_York"
    # 03:00 UTC on 24 November is still 23 November in New York.
    assert secretariat_today(dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)) == TODAY
    settings.SECRETARIAT_TIME_ZONE = "Africa/Nairobi"
    assert secretariat_today(dt.datetime(2026, 11, 23, 21, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 24)
