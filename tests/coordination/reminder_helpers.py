"""Shared set-up for the reminder tests: an instant, organizations with focal points, items."""

import datetime as dt

from agencies.choices import FocalPointRole
from meetings.choices import DatePrecision
from tests.factories import FocalPointFactory, FollowUpActionFactory, OrganizationFactory, UserFactory

# 10:00 in New York (the secretariat's time zone): inside everyone's delivery hours there.
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)


def organization_with_focal_points(acronym: str, *, primaries: int = 2, alternates: int = 0):
    organization = OrganizationFactory(acronym=acronym, name=f"Organization {acronym}")
    people = []
    for index in range(primaries):
        people.append(
            FocalPointFactory(
                organization=organization,
                role=FocalPointRole.PRIMARY,
                user__username=f"{acronym.lower()}-primary-{index}",
                user__email=f"{acronym.lower()}.primary{index}@example.org",
            ).user
        )
    for index in range(alternates):
        people.append(
            FocalPointFactory(
                organization=organization,
                role=FocalPointRole.ALTERNATE,
                user__username=f"{acronym.lower()}-alternate-{index}",
                user__email=f"{acronym.lower()}.alternate{index}@example.org",
            ).user
        )
    return organization, people


def action_due(organization, days_from_today: int, **extra):
    return FollowUpActionFactory(
        lead_organization=organization,
        due_precision=DatePrecision.DAY,
        due_date=TODAY + dt.timedelta(days=days_from_today),
        title=extra.pop("title", f"Action due {days_from_today:+d}"),
        **extra,
    )


def officer(username: str = "officer-r"):
    return UserFactory(username=username, is_staff=True, email=f"{username}@secretariat.example.org")
