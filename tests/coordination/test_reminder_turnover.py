"""Turnover: a focal point rotates out while a reminder waits for them; the reminder goes to whom
the recipient rule names now, not nowhere (docs/design.md, "Reminders")."""

import datetime as dt

import pytest
import time_machine

from agencies.choices import FocalPointRole, ReminderPreference
from agencies.models import FocalPoint, UserProfile
from coordination.choices import LedgerStatus
from coordination.models import ReminderEntry
from coordination.reminders.scan import reminders_scan
from coordination.services import focal_point_remove, focal_point_rotate_out
from tests.coordination.reminder_helpers import NOW, action_due, organization_with_focal_points
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db


def waiting(action, point="before_7"):
    return sorted(
        (
            (e.recipient.username if e.recipient else None, e.status)
            for e in ReminderEntry.objects.filter(item_id=action.pk, point=point)
        ),
        key=str,
    )


def rotate_out(user, organization):
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        return focal_point_rotate_out(focal_point=FocalPoint.objects.get(user=user, organization=organization))


def test_the_waiting_reminder_of_a_primary_who_rotates_out_goes_to_the_alternate():
    organization, (primary, alternate) = organization_with_focal_points("ILO", primaries=1, alternates=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    assert waiting(action) == [("ilo-primary-0", LedgerStatus.PENDING)]

    handover = rotate_out(primary, organization)

    assert (handover.handed_over, handover.cancelled) == (1, 0)
    assert handover.successors == ("alternate focal point of ILO (no active primary)",)
    assert waiting(action) == [("ilo-alternate-0", LedgerStatus.PENDING), ("ilo-primary-0", LedgerStatus.CANCELLED)]
    cancelled = ReminderEntry.objects.get(item_id=action.pk, point="before_7", recipient=primary)
    assert cancelled.reason == "the focal point rotated out: handed over to the organization's next recipient"
    handed = ReminderEntry.objects.get(item_id=action.pk, point="before_7", recipient=alternate)
    assert "handed over to the alternate focal point of ILO" in handed.reason
    assert handed.send_after == NOW + dt.timedelta(hours=1)  # inside the alternate's delivery hours


def test_another_primary_who_has_the_point_already_gets_it_once():
    organization, (first, _second) = organization_with_focal_points("IOM", primaries=2)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    handover = rotate_out(first, organization)

    assert handover.handed_over == 1
    assert waiting(action) == [("iom-primary-0", LedgerStatus.CANCELLED), ("iom-primary-1", LedgerStatus.PENDING)]


def test_with_nobody_left_the_waiting_reminder_is_cancelled_and_the_next_scan_records_no_recipient():
    organization, (only,) = organization_with_focal_points("UNHCR", primaries=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    handover = rotate_out(only, organization)

    assert (handover.handed_over, handover.cancelled, handover.successors) == (0, 1, ())
    assert waiting(action) == [("unhcr-primary-0", LedgerStatus.CANCELLED)]
    reminders_scan(now=NOW + dt.timedelta(days=6))
    assert waiting(action, "before_1") == [(None, LedgerStatus.NO_RECIPIENT)]


def test_a_successor_who_mutes_reminders_gets_the_point_recorded_muted():
    organization, (primary, alternate) = organization_with_focal_points("ILO", primaries=1, alternates=1)
    UserProfile.objects.create(user=alternate, mute_noncritical=True)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    rotate_out(primary, organization)

    assert (ReminderEntry.objects.get(item_id=action.pk, recipient=alternate).status) == LedgerStatus.MUTED


def test_a_successor_far_away_gets_it_in_their_delivery_hours():
    organization, (primary, alternate) = organization_with_focal_points("ESCAP", primaries=1, alternates=1)
    # 23:00 in Bangkok at NOW + 1 h: outside delivery hours there.
    UserProfile.objects.create(
        user=alternate, time_zone="Asia/Bangkok", reminder_preference=ReminderPreference.IMMEDIATE
    )
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    rotate_out(primary, organization)

    handed = ReminderEntry.objects.get(item_id=action.pk, recipient=alternate)
    assert handed.status == LedgerStatus.PENDING
    assert handed.send_after > NOW + dt.timedelta(hours=1)


def test_a_point_of_an_item_closed_meanwhile_is_cancelled_not_handed_over():
    organization, (primary, _alternate) = organization_with_focal_points("ILO", primaries=1, alternates=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    type(action).objects.filter(pk=action.pk).update(status="done")

    handover = rotate_out(primary, organization)

    assert (handover.handed_over, handover.cancelled) == (0, 1)


def test_removing_a_focal_point_entered_by_mistake_hands_their_reminders_over_too():
    organization, (primary, alternate) = organization_with_focal_points("ILO", primaries=1, alternates=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    with time_machine.travel(NOW, tick=False):
        focal_point_remove(focal_point=FocalPoint.objects.get(user=primary))

    assert ReminderEntry.objects.get(item_id=action.pk, recipient=alternate).status == LedgerStatus.PENDING


def test_a_head_is_not_a_successor_of_a_primary():
    organization, (primary,) = organization_with_focal_points("ILO", primaries=1)
    FocalPointFactory(organization=organization, role=FocalPointRole.HEAD)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)

    handover = rotate_out(primary, organization)

    assert (handover.handed_over, handover.cancelled) == (0, 1)
    assert waiting(action) == [("ilo-primary-0", LedgerStatus.CANCELLED)]
