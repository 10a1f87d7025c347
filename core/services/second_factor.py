"""A second factor for signing in: an authenticator app (TOTP, django-otp) and single-use recovery codes.

Who must give one is decided elsewhere (``agencies.selectors.second_factor_required``); these are the
rules of the factor itself, the same for the admin's pages and the API's token endpoint:

- Enrolling makes an unconfirmed authenticator whose key the person scans; the first right code from
  the app confirms it, replaces any authenticator they had, and issues fresh recovery codes, shown once.
- Someone who already has a confirmed authenticator must have signed in with it (``verified``) to enrol
  another or to renew the recovery codes: a password alone never changes the second factor.
- A code is checked against the authenticator (six digits), otherwise against the recovery codes, each
  of which works once. django-otp refuses a code already used and slows down repeated wrong ones.
- A reset (a lost phone) removes the authenticator and the recovery codes: the next sign-in enrols.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import DomainError

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"

PROVE_CURRENT_FIRST = (
    "You already have an authenticator: sign in with one of its codes (or a recovery code) before you change it."
)


@dataclass(frozen=True)
class SecondFactor:
    """What someone has set up: when their authenticator was confirmed and how many recovery codes are left."""

    enrolled_at: dt.datetime | None
    last_used_at: dt.datetime | None
    recovery_codes_left: int

    @property
    def enrolled(self) -> bool:
        return self.enrolled_at is not None


def second_factor_of(*, user) -> SecondFactor:
    authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return SecondFactor(
        enrolled_at=authenticator.created_at if authenticator else None,
        last_used_at=authenticator.last_used_at if authenticator else None,
        recovery_codes_left=left,
    )


def second_factor_enrolled(*, user) -> bool:
    """Whether ``user`` has a confirmed authenticator (then they verify; otherwise they enrol)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_enrol_start(*, user, verified: bool) -> TOTPDevice:
    """The unconfirmed authenticator waiting for its first code: made on the first call, the same one
    after (a page shown again shows the same key)."""
    if not verified and second_factor_enrolled(user=user):
        raise DomainError(PROVE_CURRENT_FIRST)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def second_factor_enrol_confirm(*, user, code: str, verified: bool) -> tuple[TOTPDevice, list[str]]:
    """Confirm the waiting authenticator with a code from the app. It replaces any authenticator ``user``
    had; the recovery codes are issued anew and returned (they are stored as given, shown only now)."""
    if not verified and second_factor_enrolled(user=user):
        raise DomainError(PROVE_CURRENT_FIRST)
    token = _normalised(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            raise DomainError("No authenticator is waiting for a code: start the set-up again.", field="code")
        allowed, throttled = device.verify_is_allowed()
        accepted = allowed and _is_authenticator_code(token, device) and device.verify_token(token)
        if accepted:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_issue(user)
    # Outside the transaction: a refusal must not roll back the failure count django-otp keeps.
    if not accepted:
        raise DomainError(_refusal(throttled), field="code")
    logger.info("Second factor: user %s confirmed an authenticator", user.pk)
    return device, codes


def second_factor_verify(*, user, code: str) -> Device:
    """The device that accepts ``code``: the authenticator (its current code, never one used before) or
    the recovery codes (the code is used up). Refused with a message otherwise."""
    token = _normalised(code)
    if not token:
        raise DomainError("Type the code from your authenticator app, or a recovery code.", field="code")
    with transaction.atomic():
        authenticator = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if authenticator is None and recovery is None:
            raise DomainError("No second factor is set up for this account.", field="code")
        device = authenticator if _is_authenticator_code(token, authenticator) else recovery
        allowed, throttled = device.verify_is_allowed() if device is not None else (True, None)
        accepted = allowed and device is not None and device.verify_token(token)
    # Outside the transaction: a refusal must not roll back the failure count django-otp keeps.
    if not accepted:
        raise DomainError(_refusal(throttled), field="code")
    if device is recovery:
        logger.info("Second factor: user %s signed in with a recovery code", user.pk)
    return device


def second_factor_recovery_codes_renew(*, user, verified: bool) -> list[str]:
    """New recovery codes for ``user``, the old ones void; returned to be shown once."""
    if not verified:
        raise DomainError("Sign in with your authenticator before you renew your recovery codes.")
    if not second_factor_enrolled(user=user):
        raise DomainError("Set up an authenticator app first: recovery codes stand in for it.")
    with transaction.atomic():
        return _recovery_codes_issue(user)


@transaction.atomic
def second_factor_reset(*, user, by) -> bool:
    """Remove ``user``'s authenticator and recovery codes (a lost phone): their next sign-in enrols anew.
    True when there was something to remove."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_codes, _ = StaticDevice.objects.filter(user=user).delete()
    logger.info("Second factor: user %s reset by user %s", user.pk, getattr(by, "pk", None))
    return bool(removed or removed_codes)


def _recovery_codes_issue(user) -> list[str]:
    # The device is kept (only its codes change), so a session verified by a recovery code stays verified.
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_CODES_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes


def _normalised(code: str) -> str:
    # Apps show "123 456"; recovery codes are shown in lower case and may be typed otherwise.
    return "".join((code or "").split()).replace("-", "").lower()


def _is_authenticator_code(token: str, device: TOTPDevice | None) -> bool:
    return device is not None and token.isdigit() and len(token) == device.digits


def _refusal(throttled: dict | None) -> str:
    """What to say when a code is refused: wrong, or not even tried (django-otp's delay after wrong ones)."""
    if throttled and throttled.get("locked_until"):
        seconds = max(1, math.ceil((throttled["locked_until"] - timezone.now()).total_seconds()))
        return f"Too many wrong codes: try again in {seconds} second{'' if seconds == 1 else 's'}."
    return "That code is not right, or it was used already. Codes change every 30 seconds."
