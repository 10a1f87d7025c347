"""What a change of focal point means for the coordination work: their reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from agencies.models import FocalPoint
from agencies.services import focal_point_deactivate, focal_point_delete

from ..reminders.cancel import reminders_cancel_pending

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def focal_point_rotate_out(*, focal_point: FocalPoint, by: User | None = None) -> int:
    """Deactivate ``focal_point`` and cancel the reminders waiting to be sent to them for that
    organization (returned: how many). The scan sends the organization's next points to its other
    active primaries, or to its alternates when no primary is left."""
    focal_point_deactivate(focal_point=focal_point, by=by)
    return reminders_cancel_pending(
        recipient_id=focal_point.user_id,
        organization_id=focal_point.organization_id,
        reason="cancelled: the focal point rotated out",
    )


@transaction.atomic
def focal_point_remove(*, focal_point: FocalPoint, by: User | None = None) -> None:
    """Delete a focal point entered by mistake, with the reminders waiting for them."""
    focal_point_rotate_out(focal_point=focal_point, by=by)
    focal_point_delete(focal_point=focal_point, by=by)
