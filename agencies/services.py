"""Writes to organizations, memberships, focal points and profiles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .choices import FocalPointRole
from .models import FocalPoint, Organization, UserProfile


@transaction.atomic
def focal_point_assign(*, user, organization: Organization, role: str = FocalPointRole.PRIMARY) -> FocalPoint:
    """Give ``user`` a focal-point role for ``organization`` (one role per person and organization)."""
    if user.is_staff:
        raise ValidationError({"user": "Staff users cannot be focal points: the admin is for the secretariat only."})
    focal_point, created = FocalPoint.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role, "is_active": True}
    )
    if not created and (focal_point.role != role or not focal_point.is_active):
        focal_point.role = role
        focal_point.is_active = True
        focal_point.save(update_fields=["role", "is_active", "updated_at"])
    return focal_point


def user_profile_get(*, user) -> UserProfile:
    """The user's profile, created with the defaults on first use."""
    profile, _ = UserProfile.objects.get_or_create(user=user)
    return profile
