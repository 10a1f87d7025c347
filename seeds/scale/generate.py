"""A data set at the scale of the UN system (issue 24, point 3), generated into a scratch database.

Deterministic: the same profile, seed and day give the same rows (``scale_digest`` hashes their key
columns, never primary keys or timestamps). Each part draws from its own random stream, so changing
one part leaves the others' rows as they were. Rows are written with ``bulk_create`` in batches: no
history rows, no signals, no mail.

Generated organizations and users are recognised by their ``scale-`` seed key and user name; a database
holding anything else (an organization, a mandate or a user of its own) is refused unless the caller says
it is scratch, so a mistyped DATABASE_URL cannot bury a secretariat's records under 40,000 made-up mandates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from agencies.models import FocalPoint, Organization
from coordination.models import (
    ActivityUpdate,
    CallForInputs,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    ReminderEntry,
    ReportingObligation,
)
from core.errors import DomainError
from meetings.models import Meeting

from .bulk import Progress, no_progress
from .items import Items, generate_actions, generate_calls, generate_meetings, generate_obligations
from .ledger import generate_ledger
from .people import SCALE_PREFIX, generate_organizations, generate_people
from .profiles import Profile
from .registry import generate_registry

# Bump when the generator writes other rows for the same profile and seed: bench/scale_data.py rebuilds its
# template database when this (or the migrations, or seeds/scale's sources) changes.
GENERATOR_VERSION = 1


class ScaleDataRefused(DomainError):
    pass


def scale_refusal() -> str | None:
    """Why this database cannot take a generated data set, even when the caller says it is scratch; or None."""
    generated = Organization.objects.filter(seed_key__startswith=SCALE_PREFIX).count()
    if generated:
        return (
            f"This database already holds a generated data set ({generated} generated organizations). "
            "A data set is generated once, into an empty database: create a new one (createdb, then "
            "manage.py migrate) and point DATABASE_URL at it."
        )
    return None


def real_data_found() -> str | None:
    """What this database holds that the generator did not make, in words; None when it holds nothing."""
    found = []
    organizations = Organization.objects.exclude(seed_key__startswith=SCALE_PREFIX)
    users = get_user_model().objects.exclude(username__startswith=SCALE_PREFIX)
    for label, queryset in (("organizations", organizations), ("mandates", Mandate.objects), ("users", users)):
        count = queryset.count()
        if count:
            found.append(f"{count:,} {label.removesuffix('s') if count == 1 else label}")
    if not found:
        return None
    example = organizations.order_by("pk").first() or users.order_by("pk").first()
    return ", ".join(found) + (f" (for example {example})" if example else "")


def generate_scale_data(
    *, profile: Profile, seed: int, today: dt.date, scratch: bool = False, progress: Progress = no_progress
) -> dict[str, int]:
    """Fill this (empty) database with ``profile``'s data set around ``today``; the counts written, by kind.

    Refuses (``ScaleDataRefused``) a database that already has a generated data set, and, unless ``scratch``,
    one with data of its own."""
    refusal = scale_refusal()
    if refusal:
        raise ScaleDataRefused(refusal)
    found = real_data_found()
    if found and not scratch:
        raise ScaleDataRefused(
            f"This database holds data that was not generated: {found}. generate_scale_data fills a scratch "
            "database: create an empty one (createdb, then manage.py migrate) and point DATABASE_URL at it, or "
            "pass --scratch if this one may be filled anyway."
        )

    def stream(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")  # noqa: S311 -- made-up data, no secret

    counts: dict[str, int] = {}
    with transaction.atomic():
        people = generate_organizations(count=profile.organizations, rng=stream("organizations"), progress=progress)
        counts["users"] = generate_people(
            people=people, focal_points=profile.focal_points, officers=profile.officers,
            time_zones=profile.time_zones, rng=stream("people"), progress=progress,
        )  # fmt: skip
        registry = generate_registry(
            mandates=profile.mandates, paragraphs_per_mandate=profile.paragraphs_per_mandate, seed=seed,
            progress=lambda stage, done, total: stage == "done" or progress(f"registry: {stage}", done, total),
        )  # fmt: skip
        counts.update({kind: registry[kind] for kind in ("mandates", "paragraphs", "documents")})
        items = Items()
        counts["obligations"] = generate_obligations(
            per_year=profile.obligations_per_year, years=profile.years, people=people, today=today,
            rng=stream("obligations"), items=items, progress=progress,
        )  # fmt: skip
        counts.update(
            generate_meetings(
                count=profile.meetings, people=people, today=today, rng=stream("meetings"), items=items,
                progress=progress,
            )
        )  # fmt: skip
        counts.update(
            generate_actions(
                count=profile.actions, people=people, today=today, rng=stream("actions"), items=items,
                progress=progress,
            )
        )  # fmt: skip
        counts.update(
            generate_calls(
                count=profile.calls, addressees=profile.addressees_per_call, people=people, today=today,
                rng=stream("calls"), items=items, progress=progress,
            )
        )  # fmt: skip
        counts.update(
            generate_ledger(
                days=profile.ledger_days, people=people, items=items, today=today, rng=stream("ledger"),
                progress=progress,
            )
        )  # fmt: skip
    counts["organizations"] = len(people.organizations)
    counts["focal_points"] = FocalPoint.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _feed(digest, rows: Iterable[tuple]) -> None:
    for row in rows:
        digest.update(repr(row).encode())
        digest.update(b"\n")


def scale_digest() -> str:
    """A digest of the generated rows' key columns, through natural keys (never primary keys or timestamps):
    the same profile, seed and day give the same digest in any database."""
    digest = hashlib.sha256()
    user = get_user_model()
    _feed(digest, Organization.objects.order_by("seed_key").values_list("seed_key", "acronym", "name", "category",
                                                                          "parent__seed_key"))  # fmt: skip
    _feed(digest, user.objects.order_by("username").values_list("username", "email", "is_staff",
                                                                "profile__time_zone", "profile__language",
                                                                "profile__reminder_preference",
                                                                "profile__mute_noncritical"))  # fmt: skip
    _feed(digest, FocalPoint.objects.order_by("user__username", "organization__seed_key")
          .values_list("user__username", "organization__seed_key", "role", "is_active"))  # fmt: skip
    _feed(
        digest,
        Mandate.objects.order_by("body__name", "number").values_list("body__name", "number", "adoption_date", "title"),
    )
    _feed(digest, OperativeParagraph.objects.order_by("mandate__body__name", "mandate__number", "position")
          .values_list("mandate__number", "number", "kind", "text").iterator(chunk_size=10_000))  # fmt: skip
    _feed(digest, ReportingObligation.objects.order_by("mandate__body__name", "mandate__number", "due_date",
                                                       "status", "description", "pk")
          .values_list("mandate__number", "paragraph__number", "due_date", "due_precision", "status",
                       "responsible_officer__username"))  # fmt: skip
    _feed(digest, Meeting.objects.order_by("title").values_list("title", "series__name", "number", "start_date",
                                                                "organizer__seed_key", "status"))  # fmt: skip
    _feed(digest, FollowUpAction.objects.order_by("title").values_list(
        "title", "due_date", "due_precision", "status", "lead_organization__seed_key", "origin_meeting__title",
        "origin_mandate__number", "origin_paragraph__number", "origin_document__title"))  # fmt: skip
    _feed(digest, CallForInputs.objects.order_by("title").values_list("title", "deadline", "status"))
    _feed(digest, InputRequest.objects.order_by("call__title", "organization__seed_key")
          .values_list("call__title", "organization__seed_key", "status", "closed_at"))  # fmt: skip
    _feed(digest, ActivityUpdate.objects.order_by("organization__seed_key", "title", "input_request__call__title",
                                                  "action__title")
          .values_list("organization__seed_key", "title", "status", "input_request__call__title", "action__title",
                       "submitted_at"))  # fmt: skip
    _feed(digest, ReminderEntry.objects.order_by("point_date", "item_kind", "due_date", "point", "recipient_ref",
                                                 "pk")
          .values_list("item_kind", "point", "due_date", "point_date", "recipient__username", "status")
          .iterator(chunk_size=10_000))  # fmt: skip
    return digest.hexdigest()
