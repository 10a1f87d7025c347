"""Writes to organizations, memberships, focal points and profiles; invitations of focal points."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from core.choices import OutboxStatus
from core.errors import DomainError, NotPermitted, WrongState
from core.models import OutboxMessage
from core.services.records import record_delete
from core.validators import check_text_fields
from core.versions import check_version, locked_at_version

from .choices import FocalPointRole, OrganizationCategory
from .mails import mail_person
from .models import FocalPoint, Membership, Organization, UserProfile
from .selectors import SECRETARIAT_GROUP, is_secretariat


@transaction.atomic
def focal_point_assign(*, user, organization: Organization, role: str = FocalPointRole.PRIMARY) -> FocalPoint:
    """Give ``user`` a focal-point role for ``organization`` (one role per person and organization)."""
    if user.is_staff:
        raise DomainError("Staff users cannot be focal points: the admin is for the secretariat only.", field="user")
    focal_point, created = FocalPoint.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role, "is_active": True}
    )
    if not created and (focal_point.role != role or not focal_point.is_active):
        focal_point.role = role
        focal_point.is_active = True
        focal_point.save(update_fields=["role", "is_active", "updated_at"])
    return focal_point


def _require_secretariat(by, message: str) -> None:
    if by is not None and not is_secretariat(by):
        raise NotPermitted(message)


def _unchanged_since_read(obj, expected_version) -> None:
    """Compare the version an editor read (the API's If-Match) with the row, under its lock; the
    admin, which reads and writes in one request, names none."""
    if expected_version is not None and not obj._state.adding:
        check_version(type(obj)._default_manager.select_for_update().get(pk=obj.pk), expected_version)


@transaction.atomic
def organization_save(*, organization: Organization, by=None, expected_version=None) -> Organization:
    """Store an organization the secretariat entered or corrected (a form, a spreadsheet row, the API)."""
    _require_secretariat(by, "Only the secretariat edits the registry of organizations.")
    check_text_fields(organization)
    _unchanged_since_read(organization, expected_version)
    if organization.parent_id is not None and organization.pk is not None:
        ancestor, seen = organization.parent, {organization.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise DomainError("An organization cannot be part of one of its own divisions.", field="parent")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if by is not None:
        organization._history_user = by
    organization.save()
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization, by=None, expected_version=None) -> None:
    """Remove an organization entered by mistake; one that anything refers to (a division, a mandate,
    a request, an answer ...) stays. ``expected_version``: the version the editor read (the API's
    If-Match, optional on a delete), compared under the row lock."""
    _require_secretariat(by, "Only the secretariat edits the registry of organizations.")
    record_delete(locked_at_version(organization, expected_version), by=by)


@transaction.atomic
def membership_save(*, membership: Membership, by=None, expected_version=None) -> Membership:
    """Store an organization's membership of a group (the Global Migration Group ...), with its dates."""
    _require_secretariat(by, "Only the secretariat edits the registry of organizations.")
    if membership.group.category != OrganizationCategory.INTERAGENCY_GROUP:
        raise DomainError(
            f"{membership.group} is not an inter-agency group: choose a group, or change its category first.",
            field="group",
        )
    _unchanged_since_read(membership, expected_version)
    if by is not None:
        membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, by=None, expected_version=None) -> None:
    """Remove a membership entered by mistake (one that ended keeps its end date instead);
    ``expected_version`` as for ``organization_delete``."""
    _require_secretariat(by, "Only the secretariat edits the registry of organizations.")
    record_delete(locked_at_version(membership, expected_version), by=by)


@transaction.atomic
def focal_point_save(*, focal_point: FocalPoint, by=None, expected_version=None) -> FocalPoint:
    """Store a focal point entered or corrected (its person, role and since). Whether it is active
    changes through its steps: ``focal_point_assign`` and ``focal_point_deactivate``."""
    _require_secretariat(by, "Only the secretariat names focal points.")
    if focal_point.user.is_staff:
        raise DomainError("Staff users cannot be focal points: the admin is for the secretariat only.", field="user")
    _unchanged_since_read(focal_point, expected_version)
    if focal_point._state.adding:
        focal_point.is_active = True
    if by is not None:
        focal_point._history_user = by
    focal_point.save()
    return focal_point


def person_for_email(*, email: str, first_name: str = "", last_name: str = ""):
    """The person with this e-mail address, or a new account for them (``person_create``): how a list
    of focal points names people (a spreadsheet row, the API)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"“{email}” is not an e-mail address.", field="email") from None
    User = get_user_model()
    users = list(User.objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise DomainError(f"Several users have the address {email}: merge them in the admin first.", field="email")
    if users:
        return users[0]
    if User.objects.filter(username__iexact=email).exists():
        raise DomainError(f"A user named {email} exists with another address: correct that user first.", field="email")
    return person_create(email=email, first_name=first_name, last_name=last_name)


@transaction.atomic
def person_create(*, email: str, first_name: str = "", last_name: str = ""):
    """An account for a person named in a list of focal points: inactive and without a password
    until they accept an invitation."""
    user = get_user_model()(
        username=email, email=email, first_name=first_name[:150], last_name=last_name[:150], is_active=False
    )
    user.set_unusable_password()
    user.save()
    return user


def secretariat_group() -> Group:
    """The group whose staff members are the secretariat (made on first use)."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group


@transaction.atomic
def secretariat_login_set(*, username: str, password: str, email: str = "", first_name: str = "", last_name: str = ""):
    """A secretariat officer's login with ``password`` (made if missing): staff, active, in the group.
    For the quick start's printed demo login and for operators creating the first account."""
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email, "first_name": first_name, "last_name": last_name}
    )
    user.set_password(password)
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(secretariat_group())
    return user


def demo_focal_point_login_set(*, password: str, username: str = "demo-ilo-primary"):
    """A password for one demo focal point (``load_seeds --demo-today``'s people), for the quick start's printed
    login to the focal points' page. Refused for anyone who is not a demo focal point: no real person's
    password is ever set this way. Returns the focal point, or None when the demo data is not loaded."""
    focal_point = (
        FocalPoint.objects.filter(user__username=username, is_active=True)
        .select_related("user", "organization")
        .first()
    )
    if focal_point is None:
        return None
    if not focal_point.is_demo:
        raise NotPermitted(f"{username} is not a demo focal point: set passwords through an invitation.")
    focal_point.user.set_password(password)
    focal_point.user.is_active = True
    focal_point.user.save(update_fields=["password", "is_active"])
    return focal_point


def user_profile_mute(*, user) -> UserProfile:
    """Stop the non-critical (early) reminders to ``user``; the day before, the day and after still come."""
    profile = user_profile_ensure(user=user)
    if not profile.mute_noncritical:
        profile.mute_noncritical = True
        profile.save(update_fields=["mute_noncritical", "updated_at"])
    return profile


def user_profile_ensure(*, user) -> UserProfile:
    """``user``'s profile, made with the defaults (the secretariat's time zone, each reminder) if missing."""
    profile, _ = UserProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def user_profile_update(
    *, user, language: str, time_zone: str, reminder_preference: str, mute_noncritical: bool
) -> UserProfile:
    """Store the settings a person chose for themselves on their settings page.

    Refused, field by field, when a value is not one of the choices or not a known time zone:
    the page shows the message beside the field and stores nothing."""
    profile = user_profile_ensure(user=user)
    profile.language = language
    profile.time_zone = time_zone
    profile.reminder_preference = reminder_preference
    profile.mute_noncritical = mute_noncritical
    try:
        profile.full_clean(exclude=["user"], validate_unique=False)
    except ValidationError as error:
        raise DomainError(error.message_dict) from None
    profile._history_user = user
    profile.save(update_fields=["language", "time_zone", "reminder_preference", "mute_noncritical", "updated_at"])
    return profile


@transaction.atomic
def user_profile_language_set(*, user, language: str) -> UserProfile:
    """Store the language a person chose with the pages' switcher (their settings page can also set it)."""
    profile = user_profile_ensure(user=user)
    profile.language = language
    try:
        profile.full_clean(exclude=["user"], validate_unique=False)
    except ValidationError as error:
        raise DomainError(error.message_dict) from None
    profile._history_user = user
    profile.save(update_fields=["language", "updated_at"])
    return profile


def erased_username(user) -> str:
    return f"erased-{user.pk}"


@transaction.atomic
def user_contact_erase(*, user, by=None):
    """Blank what identifies and reaches a person who no longer acts for any organization: their
    names, e-mail address and login name (which is often the address). The user row stays, so their
    answers and the history keep pointing to someone ("erased-12"); the account can no longer log in.

    Refused while the person is an active focal point anywhere, and for secretariat staff."""
    _require_secretariat(by, "Only the secretariat erases a person's contact data.")
    who = user.get_full_name() or user.get_username()
    if user.is_staff or user.is_superuser:
        raise DomainError(f"{who} is a secretariat (staff) user: only former focal points' contact data is erased.")
    acting_for = list(
        FocalPoint.objects.filter(user=user, is_active=True).select_related("organization").order_by("organization")
    )
    if acting_for:
        names = ", ".join(fp.organization.short_name for fp in acting_for)
        raise WrongState(
            f"{who} still acts for {names}: deactivate them there first (rotated out), then erase their contact data."
        )
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.username = erased_username(user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["first_name", "last_name", "email", "username", "is_active", "password"])
    # The mail log keeps what was sent and when, not to which address; a mail not yet sent never will be.
    OutboxMessage.objects.filter(recipient=user, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.FAILED, last_error="Not sent: the person's contact data was erased."
    )
    OutboxMessage.objects.filter(recipient=user).update(to_email="")
    return user


# --- Invitations and rotation -------------------------------------------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of invitation links: Django's password-reset tokens with their own salt and timeout.

    A token works once (it hashes the password, which setting one changes), until
    ``INVITATION_TIMEOUT_DAYS`` have passed, and only while the person is still an active,
    non-staff focal point: rotating someone out or making them staff voids an unused link.
    """

    key_salt = "agencies.services.InvitationTokenGenerator"

    @property
    def timeout_seconds(self) -> int:
        return settings.INVITATION_TIMEOUT_DAYS * 24 * 60 * 60

    def _make_hash_value(self, user, timestamp: int) -> str:
        acts_for_organization = FocalPoint.objects.active().filter(user=user).exists()
        return f"{super()._make_hash_value(user, timestamp)}{user.is_staff}{acts_for_organization}"

    def check_token(self, user, token) -> bool:
        # Django's check_token compares the age with PASSWORD_RESET_TIMEOUT; ours has its own.
        if not (user and token):
            return False
        try:
            timestamp_b36, _ = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > self.timeout_seconds:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()


def invitation_url(*, user) -> str:
    """An absolute link that lets ``user`` set a password (once, for INVITATION_TIMEOUT_DAYS)."""
    path = reverse(
        "invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@transaction.atomic
def focal_point_invite(*, focal_point: FocalPoint, by=None, expected_version=None, now: dt.datetime | None = None):
    """Mail ``focal_point`` a link to set a password, through the outbox (sent after commit).

    Only focal points are invited: secretariat staff log in to the admin with passwords they
    set themselves. The account is activated (an imported person starts inactive) but cannot
    log in until the password is set.
    """
    now = now or timezone.now()
    _require_secretariat(by, "Only the secretariat invites focal points.")
    _unchanged_since_read(focal_point, expected_version)
    user = focal_point.user
    who = user.get_full_name() or user.get_username()
    if user.is_staff or user.is_superuser:
        raise DomainError(
            f"{who} is a secretariat (staff) user: invitations are for focal points only. "
            "Staff set their own password and log in to the admin."
        )
    if not focal_point.is_active:
        raise WrongState(f"{focal_point} has rotated out (inactive): reactivate the focal point first.")
    if not user.email:
        raise DomainError(f"{who} has no e-mail address: add one to the user, then invite again.")
    if user.has_usable_password():
        raise WrongState(f"{who} has already set a password; a forgotten one can be reset from the login page.")
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    link = invitation_url(user=user)
    expires_on = timezone.localdate(now) + dt.timedelta(days=settings.INVITATION_TIMEOUT_DAYS)
    organizations = list(
        FocalPoint.objects.active().filter(user=user).select_related("organization").order_by("organization__name")
    )
    return mail_person(
        user,
        kind="invitation",
        template="agencies/email/invitation",
        context={
            "focal_points": organizations,
            "link": link,
            "expires_on": expires_on,
            "invited_by": by,
            "login_url": f"{settings.SITE_URL.rstrip('/')}{reverse('login')}",
        },
        now=now,
    )


@transaction.atomic
def focal_point_deactivate(*, focal_point: FocalPoint, by=None, expected_version=None) -> FocalPoint:
    """Rotate ``focal_point`` out: it stops acting for its organization (the record and its history
    stay; the user account too, since the person may act for another organization). What this means
    for reminders waiting for them is coordination's step: ``focal_point_rotate_out``."""
    _require_secretariat(by, "Only the secretariat names focal points.")
    _unchanged_since_read(focal_point, expected_version)
    if focal_point.is_active:
        focal_point.is_active = False
        if by is not None:
            focal_point._history_user = by  # who, in the history, outside a request too
        focal_point.save(update_fields=["is_active", "updated_at"])
    return focal_point


@transaction.atomic
def focal_point_reactivate(*, focal_point: FocalPoint, by=None, expected_version=None) -> FocalPoint:
    """Take a focal point who rotated out back, in the role they held (``focal_point_assign``, as the
    admin's "Reactivate"): they are reminded again from the next scan."""
    _require_secretariat(by, "Only the secretariat names focal points.")
    _unchanged_since_read(focal_point, expected_version)
    return focal_point_assign(user=focal_point.user, organization=focal_point.organization, role=focal_point.role)


@transaction.atomic
def focal_point_delete(*, focal_point: FocalPoint, by=None, expected_version=None) -> None:
    """Remove a focal point entered by mistake (rotating someone out is ``focal_point_deactivate``,
    which keeps the record); ``expected_version`` as for ``organization_delete``."""
    _require_secretariat(by, "Only the secretariat names focal points.")
    record_delete(locked_at_version(focal_point, expected_version), by=by)
