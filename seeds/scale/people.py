"""Generated organizations (with the Secretariat's divisions under their departments), inter-agency groups,
secretariat officers and focal points with their profiles (time zones, languages, reminder preferences)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from agencies.choices import FocalPointRole, Language, OrganizationCategory, ReminderPreference
from agencies.models import FocalPoint, Membership, Organization, UserProfile
from agencies.services import secretariat_group

from .bulk import Progress, bulk_insert

# The prefix of every generated organization's seed_key and user's username: what tells generated rows
# from a secretariat's own (seeds/scale/generate.py refuses a database holding any of the latter).
SCALE_PREFIX = "scale-"

# Forty IANA zones where focal points work; a profile takes the first N.
TIME_ZONES = [
    "America/New_York", "Europe/Geneva", "Europe/Vienna", "Europe/Rome", "Europe/Paris", "Africa/Nairobi",
    "Asia/Bangkok", "America/Santiago", "Asia/Beirut", "Africa/Addis_Ababa", "Europe/London", "Europe/Berlin",
    "Europe/Madrid", "Europe/Brussels", "Europe/Copenhagen", "Europe/Moscow", "Asia/Tokyo", "Asia/Shanghai",
    "Asia/Kolkata", "Asia/Dhaka", "Asia/Manila", "Asia/Jakarta", "Asia/Karachi", "Asia/Tehran", "Asia/Dubai",
    "Asia/Amman", "Africa/Cairo", "Africa/Dakar", "Africa/Lagos", "Africa/Johannesburg", "Africa/Abidjan",
    "America/Mexico_City", "America/Bogota", "America/Lima", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
    "America/Panama", "America/Toronto", "Australia/Sydney", "Pacific/Fiji",
]  # fmt: skip

# Shares of the answering organizations per category; departments and their divisions are the Secretariat's.
SHARES = [
    ("department", 0.10),
    ("division", 0.30),
    (OrganizationCategory.REGIONAL_COMMISSION, 0.025),
    (OrganizationCategory.FUND_PROGRAMME, 0.125),
    (OrganizationCategory.INSTITUTE, 0.04),
    (OrganizationCategory.SPECIALIZED_AGENCY, 0.085),
    (OrganizationCategory.OTHER_INTERGOVERNMENTAL, 0.05),
    (OrganizationCategory.REGIONAL_ORGANIZATION, 0.05),
    (OrganizationCategory.ACADEMIC_NGO, 0.025),
    (OrganizationCategory.GOVERNMENT, 0.20),  # last: takes the rounding
]
# Name and acronym stem of the other categories' generated organizations.
NAMES = {
    OrganizationCategory.REGIONAL_COMMISSION: ("Regional Commission", "RC"),
    OrganizationCategory.FUND_PROGRAMME: ("Fund or Programme", "FP"),
    OrganizationCategory.INSTITUTE: ("Institute", "IN"),
    OrganizationCategory.SPECIALIZED_AGENCY: ("Specialized Agency", "SA"),
    OrganizationCategory.OTHER_INTERGOVERNMENTAL: ("Intergovernmental Organization", "IO"),
    OrganizationCategory.REGIONAL_ORGANIZATION: ("Regional Process", "RP"),
    OrganizationCategory.ACADEMIC_NGO: ("Research Centre", "RE"),
    OrganizationCategory.GOVERNMENT: ("Government", "GV"),
}
THEMES = [
    "Economic and Social Affairs", "Political Affairs", "Peace Operations", "Humanitarian Affairs", "Human Rights",
    "Management", "Global Communications", "Safety and Security", "Legal Affairs", "Disarmament Affairs",
    "Drugs and Crime", "Trade and Development", "Environment", "Human Settlements", "Outer Space Affairs",
    "Counter-Terrorism", "Sustainable Development", "Statistics", "Population", "Gender Equality",
]  # fmt: skip
DIVISION_THEMES = [
    "Policy", "Statistics", "Programme Support", "Field Operations", "Partnerships", "Research", "Evaluation",
    "Capacity Development", "Data", "Regional Cooperation",
]  # fmt: skip
FIRST_NAMES = [
    "Amina", "Carlos", "Mei", "Olga", "Kwame", "Sofia", "Rahul", "Fatima", "Jean", "Ana", "Yusuf", "Ingrid",
    "Tomas", "Leila", "Hiroshi", "Nadia", "Pedro", "Grace", "Ivan", "Aisha",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Garcia", "Chen", "Petrova", "Mensah", "Rossi", "Sharma", "Haddad", "Dubois", "Silva", "Demir",
    "Larsen", "Novak", "Karimi", "Tanaka", "Benali", "Santos", "Mwangi", "Ivanov", "Diallo",
]  # fmt: skip


@dataclass
class People:
    """What the later steps need from this one, by id."""

    organizations: list[int] = field(default_factory=list)  # answering organizations, in generation order
    category: dict[int, str] = field(default_factory=dict)
    name: dict[int, str] = field(default_factory=dict)
    # Position in generation order: what generated text uses in place of a primary key, which differs
    # from one database to the next.
    index: dict[int, int] = field(default_factory=dict)
    groups: list[int] = field(default_factory=list)
    officers: list[int] = field(default_factory=list)
    # Each organization's active focal points' user ids, primary first.
    focal_users: dict[int, list[int]] = field(default_factory=dict)


def _category_counts(total: int) -> list[tuple[str, int]]:
    counts = [(name, max(1, round(total * share))) for name, share in SHARES[:-1]]
    return [*counts, (SHARES[-1][0], max(1, total - sum(n for _, n in counts)))]


def generate_organizations(*, count: int, rng: random.Random, progress: Progress) -> People:
    people = People()
    departments, rows = [], []
    for kind, number in _category_counts(count):
        for n in range(number):
            key = f"{SCALE_PREFIX}org-{kind.replace('_', '-')}-{n + 1:03d}"
            if kind == "department":
                theme = THEMES[n % len(THEMES)]
                suffix = f" {n // len(THEMES) + 1}" if n >= len(THEMES) else ""
                departments.append(
                    Organization(
                        seed_key=key, acronym=f"SC-D{n + 1:03d}", name=f"Department of {theme}{suffix}",
                        category=OrganizationCategory.SECRETARIAT, is_demo=True,
                    )
                )  # fmt: skip
            elif kind == "division":
                rows.append(
                    Organization(
                        seed_key=key, acronym="", name=f"{DIVISION_THEMES[n % len(DIVISION_THEMES)]} Division {n + 1}",
                        category=OrganizationCategory.SECRETARIAT, is_demo=True,
                    )
                )  # fmt: skip
            else:
                label, stem = NAMES[kind]
                rows.append(
                    Organization(
                        seed_key=key, acronym=f"SC-{stem}{n + 1:03d}", name=f"{label} {n + 1:03d}",
                        category=kind, is_demo=True,
                    )
                )  # fmt: skip
    departments = bulk_insert(Organization, departments, progress=progress, label="departments")
    for row in rows:
        if row.category == OrganizationCategory.SECRETARIAT:
            row.parent = departments[rng.randrange(len(departments))]
    others = bulk_insert(Organization, rows, progress=progress, label="organizations")
    for organization in [*departments, *others]:
        people.organizations.append(organization.pk)
        people.category[organization.pk] = organization.category
        people.name[organization.pk] = organization.name
        people.index[organization.pk] = len(people.index) + 1

    groups = bulk_insert(
        Organization,
        [
            Organization(
                seed_key=f"{SCALE_PREFIX}group-{n + 1:02d}", acronym=f"SC-G{n + 1:02d}",
                name=f"Inter-agency group {n + 1:02d}", category=OrganizationCategory.INTERAGENCY_GROUP, is_demo=True,
            )
            for n in range(max(2, count // 40))
        ],
        progress=progress,
        label="inter-agency groups",
    )  # fmt: skip
    people.groups = [g.pk for g in groups]
    memberships = [
        Membership(group=group, member_id=member, is_demo=True)
        for group in groups
        for member in sorted(rng.sample(people.organizations, min(len(people.organizations), rng.randint(12, 30))))
    ]
    bulk_insert(Membership, memberships, progress=progress, label="memberships")
    return people


def generate_people(
    *, people: People, focal_points: int, officers: int, time_zones: int, rng: random.Random, progress: Progress
) -> int:
    """Secretariat officers (staff, in the secretariat's group) and ``focal_points`` focal points spread over
    the answering organizations: the first of each organization primary, the second its head, the rest
    alternates (one in twelve of them rotated out). Returns the number of users."""
    user_model = get_user_model()
    zones = TIME_ZONES[:time_zones]
    users = [
        user_model(
            username=f"{SCALE_PREFIX}officer-{n + 1:02d}", email=f"officer{n + 1}@secretariat.example.org",
            first_name=FIRST_NAMES[n % 20], last_name=LAST_NAMES[(n * 7) % 20], is_staff=True,
            password=UNUSABLE_PASSWORD_PREFIX,
        )
        for n in range(officers)
    ]  # fmt: skip
    seats: list[tuple[int, str, bool]] = []  # organization, role, active
    per_organization, extra = divmod(focal_points, len(people.organizations))
    for index, organization in enumerate(people.organizations):
        for seat in range(per_organization + (1 if index < extra else 0)):
            role = (FocalPointRole.PRIMARY, FocalPointRole.HEAD)[seat] if seat < 2 else FocalPointRole.ALTERNATE
            seats.append((organization, role, not (role == FocalPointRole.ALTERNATE and rng.random() < 1 / 12)))
    users += [
        user_model(
            username=f"{SCALE_PREFIX}fp-{n + 1:05d}", email=f"fp{n + 1}@org{people.index[organization]}.example.org",
            first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES), password=UNUSABLE_PASSWORD_PREFIX,
        )
        for n, (organization, _, _) in enumerate(seats)
    ]  # fmt: skip
    users = bulk_insert(user_model, users, progress=progress, label="users")
    officer_users, focal_users = users[:officers], users[officers:]
    people.officers = [u.pk for u in officer_users]
    group = secretariat_group()
    user_model.groups.through.objects.bulk_create(
        [user_model.groups.through(user_id=u.pk, group_id=group.pk) for u in officer_users]
    )

    profiles = []
    for n, user in enumerate(users):
        organization = seats[n - officers][0] if n >= officers else None
        # Most people work in their organization's zone; one in five elsewhere (a liaison office).
        home = zones[people.index[organization] % len(zones)] if organization else "America/New_York"
        zone = home if rng.random() < 0.8 else rng.choice(zones)
        profiles.append(
            UserProfile(
                user=user, time_zone=zone,
                language=rng.choice(["", Language.ENGLISH, Language.ENGLISH, Language.FRENCH, Language.SPANISH]),
                reminder_preference=ReminderPreference.DAILY_DIGEST if rng.random() < 0.2
                else ReminderPreference.IMMEDIATE,
                mute_noncritical=rng.random() < 0.1,
            )
        )  # fmt: skip
    bulk_insert(UserProfile, profiles, progress=progress, label="profiles")
    bulk_insert(
        FocalPoint,
        [
            FocalPoint(user=user, organization_id=organization, role=role, is_active=active, is_demo=True)
            for user, (organization, role, active) in zip(focal_users, seats, strict=True)
        ],
        progress=progress,
        label="focal points",
    )
    for user, (organization, _, active) in zip(focal_users, seats, strict=True):
        if active:
            people.focal_users.setdefault(organization, []).append(user.pk)
    return len(users)
