"""Who is who: the one place every permission check asks.

Secretariat staff are active Django staff users in the "secretariat" group (or superusers).
Focal points act for the organizations they hold an active focal-point role in; they are
never staff, and a user holding a focal-point role is never treated as secretariat, even if
someone ticked "staff status" by mistake.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Exists, OuterRef, Q

from .models import FocalPoint

SECRETARIAT_GROUP = "secretariat"


def is_secretariat(user) -> bool:
    """True for active staff in the secretariat group (or superusers) who act for no organization."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if not (user.is_active and user.is_staff):
        return False
    cached = getattr(user, "_is_secretariat_cache", None)
    if cached is None:
        in_group = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        acts_for_organization = FocalPoint.objects.filter(user=user, is_active=True).exists()
        cached = roles_remember(user, in_secretariat_group=in_group, acts_for_organization=acts_for_organization)
    return cached


def second_factor_required(user) -> bool:
    """Whether ``user`` must give a second factor (docs/admin.md, "Two-factor sign-in"): secretariat staff,
    when ``OTP_REQUIRED_FOR_STAFF`` is on (production). Focal points never: their systems sign in with a
    password alone."""
    return settings.OTP_REQUIRED_FOR_STAFF and is_secretariat(user)


def second_factor_missing(user) -> bool:
    """A signed-in user who must give a second factor and has not in this session (django-otp's
    middleware tells, with ``user.is_verified()``)."""
    if not second_factor_required(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def role_annotations(user_ref: str) -> dict:
    """What ``is_secretariat`` asks, as annotations on a query that has the user at ``user_ref``:
    the API's token check loads a token, its user and the user's roles in one query."""
    return {
        "user_in_secretariat_group": Exists(Group.objects.filter(user=OuterRef(user_ref), name=SECRETARIAT_GROUP)),
        "user_acts_for_organization": Exists(FocalPoint.objects.filter(user=OuterRef(user_ref), is_active=True)),
    }


def roles_remember(user, *, in_secretariat_group: bool, acts_for_organization: bool) -> bool:
    """Keep on ``user`` (for this request) whether it is secretariat, from the two facts above."""
    user._is_secretariat_cache = (user.is_superuser or in_secretariat_group) and not acts_for_organization
    return user._is_secretariat_cache


def secretariat_user_ids(user_ids: set[int]) -> set[int]:
    """Which of ``user_ids`` are secretariat staff, in one query (``is_secretariat`` for many)."""
    return set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP))
        .exclude(focal_points__is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def organization_ids_for(user) -> frozenset[int]:
    """Ids of the organizations ``user`` acts for as an active focal point (cached on the user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_organization_ids_cache", None)
    if cached is None:
        cached = frozenset(FocalPoint.objects.active().filter(user=user).values_list("organization_id", flat=True))
        user._organization_ids_cache = cached
    return cached
