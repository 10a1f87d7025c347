"""Demo data around today (``load_seeds --demo-today``, local settings only).

A current reporting cycle modelled on the documents: a resolution like 58/208 asking for a
report at the next General Assembly session, a call for inputs to a dozen organizations due in
10 days, follow-up actions of a recent coordination meeting due in 7 days, today and 8 days
ago, and focal points with example.org addresses. Every row is flagged ``is_demo`` and keyed
``demo-...``, so a rerun updates the same rows (their dates follow today) and historical
records are never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.choices import FocalPointRole, OrganizationCategory, SessionRule
from agencies.models import FocalPoint, Organization
from agencies.services import secretariat_group
from coordination.choices import CallStatus, InputRequestStatus, ItemStatus
from coordination.deadlines import secretariat_today
from coordination.models import CallForInputs, FollowUpAction, InputRequest, Mandate, ReportingObligation, Session
from coordination.sessions import ga_opening_day
from meetings.choices import DatePrecision, MeetingKind, MeetingStatus
from meetings.models import Meeting, MeetingSeries

# Addressees of the demo call: organizations the documents show answering such calls.
DEMO_ADDRESSEES = [
    ("ilo", "ILO", "International Labour Organization", OrganizationCategory.SPECIALIZED_AGENCY),
    ("iom", "IOM", "International Organization for Migration", OrganizationCategory.OTHER_INTERGOVERNMENTAL),
    (
        "unhcr",
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
        OrganizationCategory.FUND_PROGRAMME,
    ),
    ("unfpa", "UNFPA", "United Nations Population Fund", OrganizationCategory.FUND_PROGRAMME),
    ("unicef", "UNICEF", "United Nations Children's Fund", OrganizationCategory.FUND_PROGRAMME),
    ("undp", "UNDP", "United Nations Development Programme", OrganizationCategory.FUND_PROGRAMME),
    ("unctad", "UNCTAD", "United Nations Conference on Trade and Development", OrganizationCategory.SECRETARIAT),
    ("eca", "ECA", "Economic Commission for Africa", OrganizationCategory.REGIONAL_COMMISSION),
    ("ece", "ECE", "Economic Commission for Europe", OrganizationCategory.REGIONAL_COMMISSION),
    (
        "eclac",
        "ECLAC",
        "Economic Commission for Latin America and the Caribbean",
        OrganizationCategory.REGIONAL_COMMISSION,
    ),
    (
        "escap",
        "ESCAP",
        "Economic and Social Commission for Asia and the Pacific",
        OrganizationCategory.REGIONAL_COMMISSION,
    ),
    ("escwa", "ESCWA", "Economic and Social Commission for Western Asia", OrganizationCategory.REGIONAL_COMMISSION),
]
# These also have an alternate focal point, so reminders have a fallback to show.
WITH_ALTERNATE = {"ilo", "iom", "unfpa"}


@dataclass(frozen=True)
class DemoSummary:
    today: dt.date
    organizations: int
    focal_points: int
    input_requests: int
    actions: int

    def __str__(self) -> str:
        return (
            f"{self.organizations} organizations addressed, {self.focal_points} focal points, "
            f"{self.input_requests} input requests, {self.actions} follow-up actions"
        )


def _organization(key: str, acronym: str, name: str, category: str, **extra) -> Organization:
    """The seeded organization when the seeds are loaded; otherwise a demo one."""
    found = (
        Organization.objects.filter(seed_key=key).first()
        or Organization.objects.filter(acronym__iexact=acronym).first()
    )
    if found:
        return found
    return Organization.objects.create(
        seed_key=key, acronym=acronym, name=name, category=category, is_demo=True, **extra
    )


def _upsert(model, seed_key: str, **values):
    obj, _ = model.objects.update_or_create(seed_key=seed_key, defaults={**values, "is_demo": True})
    return obj


def _demo_user(username: str, email: str, first_name: str, last_name: str, *, staff: bool = False):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name, "is_staff": staff},
    )
    if created:
        user.set_unusable_password()  # demo people log in only once invited and given a password
        user.save()
    return user


def _next_reporting_session(general_assembly: Organization, today: dt.date) -> Session:
    """The first General Assembly session whose document deadline is still ahead."""
    number = today.year - 1945
    while ga_opening_day(number) - dt.timedelta(weeks=10) <= today:
        number += 1
    session = Session.objects.filter(body=general_assembly, number=number).first()
    return session or _upsert(Session, f"demo-ga-{number}", body=general_assembly, number=number)


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> DemoSummary:
    today = today or secretariat_today()
    general_assembly = _organization(
        "ga",
        "GA",
        "General Assembly",
        OrganizationCategory.INTERGOVERNMENTAL_BODY,
        session_rule=SessionRule.GA_SEPTEMBER,
    )
    population_division = _organization(
        "desa-pd",
        "",
        "Population Division, Department of Economic and Social Affairs",
        OrganizationCategory.SECRETARIAT,
    )
    officer = _demo_user("demo.officer", "demo.officer@example.org", "Demo", "Officer", staff=True)
    officer.groups.add(secretariat_group())

    session = _next_reporting_session(general_assembly, today)
    mandate = _upsert(
        Mandate,
        "demo-mandate",
        body=general_assembly,
        number=f"{session.number - 2}/208 (demo)",
        title="International migration and development (demo cycle)",
        adoption_date=dt.date(session.year - 2, 12, 20),
    )
    obligation = _upsert(
        ReportingObligation,
        "demo-obligation",
        mandate=mandate,
        addressee=general_assembly,
        description="Report of the Secretary-General on international migration and development (demo cycle)",
        due_precision=DatePrecision.SESSION,
        due_session=session,
        due_as_stated=f"at its {session.number}th session",
        responsible_officer=officer,
        status=ItemStatus.OPEN,
    )
    deadline = today + dt.timedelta(days=10)
    call = _upsert(
        CallForInputs,
        "demo-call",
        title="Inputs on recent activities in international migration and development (demo)",
        instructions="Please describe your organization's activities since the last report, in at most two pages.",
        obligation=obligation,
        deadline=deadline,
        status=CallStatus.OPEN,
        responsible_officer=officer,
    )

    organizations, focal_points = [], 0
    for key, acronym, name, category in DEMO_ADDRESSEES:
        organization = _organization(key, acronym, name, category)
        organizations.append(organization)
        _upsert(
            InputRequest,
            f"demo-request-{key}",
            call=call,
            organization=organization,
            status=InputRequestStatus.OPEN,
            due_precision=DatePrecision.DAY,
            due_date=deadline,
        )
        roles = (
            [FocalPointRole.PRIMARY, FocalPointRole.ALTERNATE] if key in WITH_ALTERNATE else [FocalPointRole.PRIMARY]
        )
        for role in roles:
            user = _demo_user(f"demo-{key}-{role}", f"{key}.{role}@example.org", acronym, f"{role.label}")
            FocalPoint.objects.update_or_create(
                user=user, organization=organization, defaults={"role": role, "is_active": True, "is_demo": True}
            )
            focal_points += 1

    series = MeetingSeries.objects.filter(seed_key="un-coordination-meetings-migration").first()
    meeting = _upsert(
        Meeting,
        "demo-meeting",
        series=None,
        title="Coordination Meeting on International Migration (demo)",
        kind=MeetingKind.COORDINATION_MEETING,
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=29),
        date_precision=DatePrecision.DAY,
        venue="United Nations Headquarters, New York",
        organizer=series.organizer if series and series.organizer else population_division,
        status=MeetingStatus.HELD,
    )
    plans = [
        ("demo-action-in-7-days", "Circulate the draft outline of the report", "ilo", 7),
        ("demo-action-today", "Send updated migrant stock estimates", "iom", 0),
        ("demo-action-8-days-ago", "Share the regional consultation summary", "unfpa", -8),
    ]
    by_key = {o.seed_key: o for o in organizations}
    for seed_key, title, lead, offset in plans:
        _upsert(
            FollowUpAction,
            seed_key,
            title=f"{title} (demo)",
            origin_meeting=meeting,
            lead_organization=by_key.get(lead) or organizations[0],
            responsible_officer=officer,
            due_precision=DatePrecision.DAY,
            due_date=today + dt.timedelta(days=offset),
            status=ItemStatus.OPEN,
        )
    return DemoSummary(
        today=today,
        organizations=len(organizations),
        focal_points=focal_points,
        input_requests=len(organizations),
        actions=len(plans),
    )
