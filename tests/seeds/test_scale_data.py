"""generate_scale_data (issue 24, point 3): the rows a profile asks for, the same rows for the same seed, and a
database with data of its own refused."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from agencies.models import FocalPoint, Organization, UserProfile
from coordination.choices import CallStatus, LedgerStatus
from coordination.models import (
    ActivityUpdate,
    CallForInputs,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    ReminderDelivery,
    ReminderEntry,
    ReminderRun,
    ReportingObligation,
)
from meetings.models import Meeting
from seeds.scale.generate import scale_digest
from seeds.scale.profiles import PROFILES
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
TINY = PROFILES["tiny"]


def generate(*options: str) -> str:
    out = StringIO()
    call_command("generate_scale_data", "--profile", "tiny", "--today", TODAY.isoformat(), *options, stdout=out)
    return out.getvalue()


def test_generates_the_rows_the_profile_asks_for():
    output = generate()

    answering = Organization.objects.filter(seed_key__startswith="scale-org-")
    assert answering.count() == TINY.organizations
    assert answering.filter(parent__isnull=False).exists()  # divisions under their department
    assert FocalPoint.objects.count() == TINY.focal_points
    assert get_user_model().objects.count() == TINY.focal_points + TINY.officers
    assert UserProfile.objects.values("time_zone").distinct().count() == TINY.time_zones
    assert Mandate.objects.count() == TINY.mandates
    assert OperativeParagraph.objects.count() == TINY.mandates * TINY.paragraphs_per_mandate
    obligations = TINY.obligations_per_year * TINY.years
    assert ReportingObligation.objects.filter(paragraph__isnull=False).count() == obligations
    assert Meeting.objects.count() == TINY.meetings
    assert FollowUpAction.objects.count() == TINY.actions
    assert CallForInputs.objects.count() == TINY.calls
    assert CallForInputs.objects.filter(status=CallStatus.OPEN).exists()
    assert InputRequest.objects.count() == TINY.calls * TINY.addressees_per_call
    assert ActivityUpdate.objects.filter(input_request__isnull=False).exists()
    assert ReminderRun.objects.count() == TINY.ledger_days
    sent = ReminderEntry.objects.filter(status=LedgerStatus.SENT)
    assert sent.exists()
    assert not sent.filter(delivery__isnull=True).exists()
    assert ReminderDelivery.objects.count() == sent.values("delivery").distinct().count()
    assert f"{TINY.actions} actions" in output


def test_same_seed_same_rows_another_seed_other_rows():
    digests = []
    for seed in ("0", "0", "1"):
        with transaction.atomic():
            generate("--seed", seed)
            digests.append(scale_digest())
            transaction.set_rollback(True)

    assert digests[0] == digests[1]
    assert digests[2] != digests[0]


def test_refuses_a_database_with_data_of_its_own():
    OrganizationFactory(name="Office of the United Nations High Commissioner for Refugees", acronym="UNHCR")

    with pytest.raises(CommandError, match="holds data that was not generated: 1 organization "):
        generate()
    assert not Mandate.objects.exists()
    assert Organization.objects.count() == 1


def test_refuses_a_database_with_users_of_its_own():
    UserFactory(username="officer")

    with pytest.raises(CommandError, match="1 user "):
        generate()


def test_fills_a_database_with_data_of_its_own_when_told_it_is_scratch():
    OrganizationFactory(acronym="UNHCR")

    generate("--scratch")

    assert FollowUpAction.objects.count() == TINY.actions


def test_refuses_a_second_data_set_even_in_a_scratch_database():
    generate()

    with pytest.raises(CommandError, match="already holds a generated data set"):
        generate("--scratch")
    assert FollowUpAction.objects.count() == TINY.actions
