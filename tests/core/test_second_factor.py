"""A second factor for secretariat staff (issue 18, point 6): an authenticator app (TOTP) and recovery codes.

The rules (core/services/second_factor.py) first, then the doors with ``OTP_REQUIRED_FOR_STAFF`` on, as
production has it: the admin sends a staff member without a code to give one (or to set up an app) and
lets nothing else through; the token endpoint asks staff for ``otp_token``; focal points keep a password
alone. Codes are computed from the device's key, as the app on a phone computes them.
"""

from __future__ import annotations

import io

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.errors import DomainError
from core.services.second_factor import (
    RECOVERY_CODE_COUNT,
    second_factor_enrol_confirm,
    second_factor_enrol_start,
    second_factor_of,
    second_factor_recovery_codes_renew,
    second_factor_reset,
    second_factor_verify,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the app shows now (or ``steps_ahead`` periods of 30 seconds later: a code not used yet)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong(right: str) -> str:
    return f"{(int(right) + 1) % 10**6:06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = second_factor_enrol_start(user=user, verified=False)
    return second_factor_enrol_confirm(user=user, code=code(device), verified=False)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The token endpoint's throttle counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    return settings


# --- The rules ------------------------------------------------------------------------------------


def test_enrolment_is_confirmed_by_a_code_computed_from_its_key_and_gives_ten_recovery_codes(secretariat_user):
    device = second_factor_enrol_start(user=secretariat_user, verified=False)
    assert not device.confirmed
    # Shown again, the page shows the same key.
    assert second_factor_enrol_start(user=secretariat_user, verified=False).pk == device.pk

    confirmed, codes = second_factor_enrol_confirm(user=secretariat_user, code=code(device), verified=False)

    assert confirmed.pk == device.pk and TOTPDevice.objects.get(pk=device.pk).confirmed
    assert len(set(codes)) == RECOVERY_CODE_COUNT == 10
    factor = second_factor_of(user=secretariat_user)
    assert factor.enrolled and factor.recovery_codes_left == 10


def test_a_wrong_code_does_not_confirm_the_enrolment(secretariat_user):
    device = second_factor_enrol_start(user=secretariat_user, verified=False)
    with pytest.raises(DomainError, match="not right"):
        second_factor_enrol_confirm(user=secretariat_user, code=wrong(code(device)), verified=False)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert not StaticToken.objects.exists()


def test_wrong_codes_in_a_row_are_slowed_down_and_the_count_survives_the_refusal(secretariat_user):
    device, _ = enrolled(secretariat_user)
    with pytest.raises(DomainError, match="not right"):
        second_factor_verify(user=secretariat_user, code=wrong(code(device, steps_ahead=1)))
    # django-otp waits a second after one failure: even the right code is not tried.
    with pytest.raises(DomainError, match="Too many wrong codes: try again in 1 second"):
        second_factor_verify(user=secretariat_user, code=code(device, steps_ahead=1))
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1


def test_a_code_works_once(secretariat_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _ = enrolled(secretariat_user)
    # The code that confirmed the enrolment is spent; the next one works once.
    with pytest.raises(DomainError):
        second_factor_verify(user=secretariat_user, code=code(device))
    assert second_factor_verify(user=secretariat_user, code=code(device, steps_ahead=1)).pk == device.pk
    with pytest.raises(DomainError):
        second_factor_verify(user=secretariat_user, code=code(device, steps_ahead=1))


def test_a_recovery_code_works_once_in_place_of_a_code(secretariat_user):
    _, codes = enrolled(secretariat_user)
    device = second_factor_verify(user=secretariat_user, code=f" {codes[3].upper()} ")
    assert isinstance(device, StaticDevice)
    assert second_factor_of(user=secretariat_user).recovery_codes_left == 9
    with pytest.raises(DomainError):
        second_factor_verify(user=secretariat_user, code=codes[3])


def test_a_password_alone_never_changes_the_second_factor(secretariat_user):
    enrolled(secretariat_user)
    with pytest.raises(DomainError, match="sign in with one of its codes"):
        second_factor_enrol_start(user=secretariat_user, verified=False)
    with pytest.raises(DomainError, match="sign in with one of its codes"):
        second_factor_enrol_confirm(user=secretariat_user, code="123456", verified=False)
    with pytest.raises(DomainError, match="Sign in with your authenticator"):
        second_factor_recovery_codes_renew(user=secretariat_user, verified=False)


def test_a_new_phone_replaces_the_old_authenticator(secretariat_user):
    old, _ = enrolled(secretariat_user)
    new = second_factor_enrol_start(user=secretariat_user, verified=True)
    assert new.pk != old.pk
    second_factor_enrol_confirm(user=secretariat_user, code=code(new), verified=True)
    assert list(TOTPDevice.objects.filter(user=secretariat_user).values_list("pk", flat=True)) == [new.pk]


def test_renewed_recovery_codes_void_the_old_ones(secretariat_user, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _, old_codes = enrolled(secretariat_user)
    new_codes = second_factor_recovery_codes_renew(user=secretariat_user, verified=True)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    with pytest.raises(DomainError):
        second_factor_verify(user=secretariat_user, code=old_codes[0])
    assert isinstance(second_factor_verify(user=secretariat_user, code=new_codes[0]), StaticDevice)


def test_a_reset_removes_the_authenticator_and_the_recovery_codes(secretariat_user):
    enrolled(secretariat_user)
    assert second_factor_reset(user=secretariat_user, by=None) is True
    assert not TOTPDevice.objects.filter(user=secretariat_user).exists()
    assert not StaticDevice.objects.filter(user=secretariat_user).exists()
    assert second_factor_reset(user=secretariat_user, by=None) is False


def test_the_last_resort_code_of_django_otps_command_is_accepted_as_a_recovery_code(secretariat_user):
    # docs/operations.md: the last superuser without phone or recovery codes gets one from the server's shell.
    enrolled(secretariat_user)
    printed = io.StringIO()
    call_command("addstatictoken", "officer", stdout=printed)
    assert isinstance(second_factor_verify(user=secretariat_user, code=printed.getvalue().strip()), StaticDevice)


# --- The admin, with a second factor required --------------------------------------------------------


def test_the_admin_sends_staff_without_an_authenticator_to_set_one_up_and_lets_nothing_else_through(
    client, secretariat_user, required
):
    client.force_login(secretariat_user)
    enrol = reverse("admin:second-factor-enrol")
    for page in (reverse("admin:index"), reverse("admin:agencies_organization_changelist"), reverse("my-home")):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{enrol}?next="), page
    # A password alone does not read the API through the session either.
    assert client.get(reverse("actions-list")).status_code in (401, 403)

    page = client.get(enrol)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=secretariat_user, confirmed=False)

    refused = client.post(enrol, {"code": wrong(code(device))})
    assert refused.status_code == 200 and "not right" in refused.text
    assert client.get(reverse("admin:index")).status_code == 302

    device.throttle_reset()  # the second a failure costs
    done = client.post(enrol, {"code": code(device), "next": reverse("admin:index")})
    assert done.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=secretariat_user).values_list("token", flat=True))
    assert len(codes) == 10 and all(token in done.text for token in codes)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("actions-list")).status_code == 200


def test_the_admin_asks_an_enrolled_staff_member_for_a_code_after_the_password(client, secretariat_user, required):
    device, _ = enrolled(secretariat_user)
    logged_in = client.post(
        reverse("admin:login"), {"username": "officer", "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert logged_in.status_code == 302
    index = client.get(reverse("admin:index"))
    verify = reverse("admin:second-factor-verify")
    assert index.status_code == 302 and index["Location"].startswith(f"{verify}?next=")
    # Setting up another app needs the current one first.
    assert client.get(reverse("admin:second-factor-enrol"))["Location"].startswith(verify)

    assert "not right" in client.post(verify, {"code": wrong(code(device, steps_ahead=1))}).text
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    password_only_session = client.session.session_key
    accepted = client.post(verify, {"code": code(device, steps_ahead=1), "next": reverse("admin:index")})
    assert accepted.status_code == 302 and accepted["Location"] == reverse("admin:index")
    assert client.session.session_key != password_only_session
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_signs_in_at_the_admin_once(client, secretariat_user, required):
    _, codes = enrolled(secretariat_user)
    verify = reverse("admin:second-factor-verify")
    client.force_login(secretariat_user)
    assert client.post(verify, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    again = type(client)()
    again.force_login(secretariat_user)
    assert "not right" in again.post(verify, {"code": codes[0]}).text
    assert again.get(reverse("admin:index")).status_code == 302


def test_the_code_page_goes_on_only_to_a_page_of_this_site(client, secretariat_user, required):
    device, _ = enrolled(secretariat_user)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:second-factor-verify"), {"code": code(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("admin:index")


def test_staff_who_owe_a_code_can_still_log_out(client, secretariat_user, required):
    client.force_login(secretariat_user)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_without_the_requirement_the_admin_opens_on_the_password_and_the_pages_stay_available(
    client, secretariat_user
):
    client.force_login(secretariat_user)
    assert client.get(reverse("admin:index")).status_code == 200
    overview = client.get(reverse("admin:second-factor"))
    assert overview.status_code == 200 and "Set up an authenticator app" in overview.text
    assert "Two-factor sign-in" in client.get(reverse("admin:index")).text


def test_focal_points_never_reach_the_second_factor_pages(client, focal_point_a, required):
    client.force_login(focal_point_a)
    assert client.get(reverse("my-home")).status_code == 200
    assert client.get(reverse("admin:second-factor-enrol"))["Location"].startswith(reverse("admin:login"))
    assert not TOTPDevice.objects.exists()


def test_a_superuser_resets_someone_elses_second_factor_from_the_users(client, secretariat_user):
    enrolled(secretariat_user)
    administrator = UserFactory(username="administrator", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [secretariat_user.pk], "index": 0},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat_user).exists()
    assert not StaticDevice.objects.filter(user=secretariat_user).exists()
    page = client.get(reverse("admin:auth_user_change", args=[secretariat_user.pk]))
    assert "Not set up: a password alone." in page.text


# --- The token endpoint, with a second factor required --------------------------------------------------


def token(username: str, **extra) -> object:
    return APIClient().post(reverse("api-token"), {"username": username, "password": PASSWORD, **extra}, format="json")


def test_the_token_endpoint_asks_staff_for_a_current_code(secretariat_user, required):
    device, codes = enrolled(secretariat_user)

    missing = token("officer")
    assert missing.status_code == 401
    assert "otp_token" in missing.json()["detail"]
    wrong_code = token("officer", otp_token=wrong(code(device, steps_ahead=1)))
    assert wrong_code.status_code == 401 and set(wrong_code.json()) == {"detail"}
    # Both count as failed logins, as a wrong password does.
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 2

    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    assert token("officer", otp_token=code(device, steps_ahead=1)).status_code == 201
    assert token("officer", otp_token=codes[0]).status_code == 201
    assert token("officer", otp_token=codes[0]).status_code == 401


def test_staff_without_an_authenticator_get_no_token_where_one_is_required(secretariat_user, required):
    response = token("officer")
    assert response.status_code == 401
    assert not TOTPDevice.objects.exists()


def test_focal_points_get_a_token_with_a_password_alone(focal_point_a, required):
    assert token("focal-a").status_code == 201


def test_without_the_requirement_staff_get_a_token_with_a_password_alone(secretariat_user):
    assert token("officer").status_code == 201


def test_the_schema_documents_the_code_field_of_the_token_request(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    field = schema["components"]["schemas"]["TokenRequestRequest"]["properties"]["otp_token"]
    assert "recovery codes" in field["description"]
