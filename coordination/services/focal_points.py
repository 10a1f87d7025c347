"""What a change of focal point means for the coordination work: their reminders, their calendar
addresses, and erasing their contact data once they act for no organization."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from agencies.models import FocalPoint
from agencies.services import focal_point_deactivate, focal_point_delete, user_contact_erase

from ..models import ReminderDelivery
from ..reminders.calendars import personal_calendar_feeds_revoke
from ..reminders.handover import Handover, reminders_hand_over

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def focal_point_rotate_out(*, focal_point: FocalPoint, by: User | None = None, expected_version=None) -> Handover:
    """Deactivate ``focal_point`` and hand the reminders waiting for them, for that organization, to
    whom the recipient rule names now: the organization's other active primaries, or its alternates
    when no primary is left (for an escalation, the responsible officer, and the head where the
    policy names the head). A point with nobody to go to is cancelled. Later points follow the same
    rule at the next scan."""
    focal_point_deactivate(focal_point=focal_point, by=by, expected_version=expected_version)
    # The calendar addresses they made of the organization's deadlines stop with their role.
    personal_calendar_feeds_revoke(user_id=focal_point.user_id, organization_id=focal_point.organization_id)
    return reminders_hand_over(
        recipient_id=focal_point.user_id,
        organization_id=focal_point.organization_id,
        reason="the focal point rotated out",
    )


@transaction.atomic
def focal_point_remove(*, focal_point: FocalPoint, by: User | None = None, expected_version=None) -> None:
    """Delete a focal point entered by mistake, with the reminders waiting for them. ``expected_version``
    (the API's If-Match, optional on a delete) is compared under the row lock before anything changes
    (rotating out locks and compares first); the lock is held to the delete, whose own version is then
    the one this step made."""
    focal_point_rotate_out(focal_point=focal_point, by=by, expected_version=expected_version)
    focal_point_delete(focal_point=focal_point, by=by)


@transaction.atomic
def person_contact_erase(*, user: User, by: User | None = None) -> User:
    """Erase a former focal point's contact data (``user_contact_erase``) and the address the reminder
    log kept for them; their answers, roles' history and the log's rows stay."""
    user_contact_erase(user=user, by=by)
    ReminderDelivery.objects.filter(recipient=user).update(to_email="")
    return user
