"""Deadline states: one definition, as a queryset annotation and as its Python twin.

docs/design.md, "Dates and deadline states". A deadline is due at the end of its day in the
secretariat's time zone, so "today" is the secretariat's calendar day. The states:

- ``closed``: the item is done, cancelled, answered, declined or waived;
- ``undated``: open, with no due date;
- ``lapsed``: open and overdue by more than the staleness horizon (historical plans whose
  outcome is unknown; never reminded);
- ``overdue``: open, past its day, within the horizon;
- ``due_7``: due in 0 to 7 days; ``due_30``: in 8 to 30 days; ``later``: beyond.

The queryset side builds one mutually exclusive condition per state; the annotation is a CASE
over them and a filter by state uses the same condition directly, so it can use the index on
the due date. The Python twin is written independently and tested against the annotation.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import DeadlineState

DUE_SOON_DAYS = 7
DUE_MONTH_DAYS = 30


def secretariat_today(now: dt.datetime | None = None) -> dt.date:
    """The secretariat's calendar day at ``now`` (default: the current instant)."""
    now = now or timezone.now()
    return now.astimezone(zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)).date()


def staleness_horizon_days() -> int:
    return settings.STALENESS_HORIZON_DAYS


def deadline_state(
    *, due_date: dt.date | None, is_closed: bool, today: dt.date, horizon_days: int | None = None
) -> DeadlineState:
    """The deadline state of one item on ``today`` (the Python twin of the annotation)."""
    horizon = staleness_horizon_days() if horizon_days is None else horizon_days
    if is_closed:
        return DeadlineState.CLOSED
    if due_date is None:
        return DeadlineState.UNDATED
    days_left = (due_date - today).days
    if days_left < 0:
        return DeadlineState.LAPSED if -days_left > horizon else DeadlineState.OVERDUE
    if days_left <= DUE_SOON_DAYS:
        return DeadlineState.DUE_7
    if days_left <= DUE_MONTH_DAYS:
        return DeadlineState.DUE_30
    return DeadlineState.LATER


def deadline_conditions(
    *, today: dt.date, closed: models.Q, horizon_days: int | None = None, due_field: str = "due_date"
) -> dict[str, models.Q]:
    """One condition per state, mutually exclusive, for items whose closed condition is ``closed``."""
    horizon = staleness_horizon_days() if horizon_days is None else horizon_days
    is_open = ~closed
    lapsed_before = today - dt.timedelta(days=horizon)

    def due(lookup: str, value: dt.date) -> models.Q:
        return models.Q(**{f"{due_field}__{lookup}": value})

    return {
        DeadlineState.CLOSED: closed,
        DeadlineState.UNDATED: is_open & models.Q(**{f"{due_field}__isnull": True}),
        DeadlineState.LAPSED: is_open & due("lt", lapsed_before),
        DeadlineState.OVERDUE: is_open & due("gte", lapsed_before) & due("lt", today),
        DeadlineState.DUE_7: is_open & due("gte", today) & due("lte", today + dt.timedelta(days=DUE_SOON_DAYS)),
        DeadlineState.DUE_30: is_open
        & due("gt", today + dt.timedelta(days=DUE_SOON_DAYS))
        & due("lte", today + dt.timedelta(days=DUE_MONTH_DAYS)),
        DeadlineState.LATER: is_open & due("gt", today + dt.timedelta(days=DUE_MONTH_DAYS)),
    }


class DeadlineQuerySet(models.QuerySet):
    """Querysets of items with a ``due_date`` and a status; the model names its closed statuses."""

    def _closed(self) -> models.Q:
        return models.Q(status__in=self.model.CLOSED_STATUSES)

    def with_deadline_state(
        self, *, today: dt.date | None = None, horizon_days: int | None = None
    ) -> DeadlineQuerySet:
        """Annotate ``deadline_state`` on each item."""
        today = today or secretariat_today()
        conditions = deadline_conditions(today=today, closed=self._closed(), horizon_days=horizon_days)
        return self.annotate(
            deadline_state=models.Case(
                *(models.When(condition, then=models.Value(state)) for state, condition in conditions.items()),
                output_field=models.CharField(),
            ),
        )

    def in_deadline_state(
        self, states: str | Iterable[str], *, today: dt.date | None = None, horizon_days: int | None = None
    ) -> DeadlineQuerySet:
        """Items in any of ``states`` (a filter on the due date, which the index serves)."""
        today = today or secretariat_today()
        wanted = [states] if isinstance(states, str) else list(states)
        conditions = deadline_conditions(today=today, closed=self._closed(), horizon_days=horizon_days)
        unknown = set(wanted) - set(conditions)
        if unknown:
            raise ValueError(f"Unknown deadline state(s): {', '.join(sorted(unknown))}")
        combined = models.Q(pk__in=[])
        for state in wanted:
            combined |= conditions[state]
        return self.filter(combined)
