import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def test_a_token_for_a_username_and_password_is_stored_only_as_a_digest(focal_point_a):
    response = APIClient().post(reverse("api-token"), {"username": "focal-a", "password": PASSWORD}, format="json")
    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json()["expires"]
    stored = AuthToken.objects.get(user=focal_point_a)
    assert token not in (stored.digest, stored.token_key)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("agencies-list")).status_code == 200


def test_wrong_credentials_get_a_401_and_malformed_ones_a_400(focal_point_a):
    client = APIClient()
    assert (
        client.post(reverse("api-token"), {"username": "focal-a", "password": "wrong"}, format="json").status_code
        == 401
    )
    response = client.post(reverse("api-token"), {"username": "focal-a"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_revoking_a_token_ends_it(focal_point_a):
    _, token = AuthToken.objects.create(focal_point_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete(reverse("api-token")).status_code == 204
    assert client.get(reverse("agencies-list")).status_code == 401
    assert not AuthToken.objects.exists()


def test_login_attempts_are_throttled_with_retry_after(focal_point_a, settings):
    from django.core.cache import cache

    settings.AXES_FAILURE_LIMIT = 100  # the lockout has its own test; here, the rate alone
    cache.clear()
    client = APIClient()
    statuses = [
        client.post(reverse("api-token"), {"username": "focal-a", "password": "wrong"}, format="json").status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    last = client.post(reverse("api-token"), {"username": "focal-a", "password": "wrong"}, format="json")
    assert int(last["Retry-After"]) > 0
    cache.clear()


def test_unknown_filter_values_are_a_400_naming_the_filter(api_client_for, secretariat_user):
    response = api_client_for(secretariat_user).get(reverse("actions-list"), {"deadline_state": "soon"})
    assert response.status_code == 400
    assert "deadline_state" in response.json()


@pytest.mark.parametrize("size", ["10000", "0", "false", "-3", "2.5", "٣"])
def test_a_page_size_outside_1_to_200_is_a_400_naming_it(api_client_for, secretariat_user, size):
    response = api_client_for(secretariat_user).get(reverse("agencies-list"), {"page_size": size})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give a whole number from 1 to 200."]}


@pytest.mark.parametrize(("size", "expected"), [("", 50), ("3", 3), ("200", 200)])
def test_an_empty_page_size_is_the_default_one(api_client_for, secretariat_user, size, expected):
    OrganizationFactory.create_batch(60)
    response = api_client_for(secretariat_user).get(reverse("agencies-list"), {"page_size": size})
    assert len(response.json()["results"]) == min(expected, response.json()["count"])


def test_the_schema_has_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/input-requests/" in schema
    assert "/api/v1/auth/token/" in schema


def test_the_interactive_docs_use_local_assets_only(client, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get(reverse("api-docs")).text
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page


def test_a_username_is_locked_out_after_repeated_failed_logins_even_with_the_right_password(focal_point_a, settings):
    from django.core.cache import cache

    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()
    client = APIClient()
    for _ in range(3):
        client.post(reverse("api-token"), {"username": "focal-a", "password": "wrong"}, format="json")
    locked = client.post(reverse("api-token"), {"username": "focal-a", "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    cache.clear()


def test_the_admin_login_is_locked_out_too(client, secretariat_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_api_requests_are_throttled_per_user_with_retry_after(api_client_for, focal_point_a, settings):
    from django.core.cache import cache

    from config.settings.test import REST_FRAMEWORK

    cache.clear()
    settings.REST_FRAMEWORK = {
        **REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    api_settings.reload()
    UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        client = api_client_for(focal_point_a)
        statuses = [client.get(reverse("agencies-list")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert int(client.get(reverse("agencies-list"))["Retry-After"]) > 0
    finally:
        settings.REST_FRAMEWORK = REST_FRAMEWORK
        api_settings.reload()
        UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()


def test_an_expired_token_is_refused_and_deleted(focal_point_a):
    instance, token = AuthToken.objects.create(focal_point_a, expiry=dt.timedelta(hours=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("agencies-list")).status_code == 200
    with time_machine.travel(instance.expiry + dt.timedelta(seconds=1)):
        assert client.get(reverse("agencies-list")).status_code == 401
    assert not AuthToken.objects.filter(pk=instance.pk).exists()


def test_a_token_of_the_same_key_prefix_but_another_secret_is_refused(focal_point_a):
    _, token = AuthToken.objects.create(focal_point_a)
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")  # the stored key, another secret
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {forged}")
    assert client.get(reverse("agencies-list")).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token not-hex-at-all")
    assert client.get(reverse("agencies-list")).status_code == 401


def test_logging_in_clears_expired_tokens_and_caps_live_ones(focal_point_a, settings):
    stale, _ = AuthToken.objects.create(focal_point_a, expiry=dt.timedelta(hours=1))
    with time_machine.travel(stale.expiry + dt.timedelta(minutes=1)):
        answer = APIClient().post(reverse("api-token"), {"username": "focal-a", "password": PASSWORD}, format="json")
        assert answer.status_code == 201
        assert not AuthToken.objects.filter(pk=stale.pk).exists()

        limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
        for _ in range(limit - 1):
            AuthToken.objects.create(focal_point_a)
        refused = APIClient().post(reverse("api-token"), {"username": "focal-a", "password": PASSWORD}, format="json")
        assert refused.status_code == 403
        assert "revoke" in refused.json()["detail"]
        assert AuthToken.objects.filter(user=focal_point_a).count() == limit


@pytest.mark.parametrize("actor", ["secretariat_user", "focal_point_a", "no_organization_user", "staff_focal_point"])
def test_the_token_check_reads_token_user_and_roles_in_one_query(actor, request):
    from agencies.api.authentication import TokenAuthentication
    from agencies.selectors import is_secretariat
    from agencies.services import secretariat_group

    if actor == "staff_focal_point":  # in the group and ticked staff, but a focal point: not secretariat
        user = request.getfixturevalue("focal_point_a")
        user.is_staff = True
        user.save()
        user.groups.add(secretariat_group())
    else:
        user = request.getfixturevalue(actor)
    _, token = AuthToken.objects.create(user)
    with CaptureQueriesContext(connection) as queries:
        authenticated, _ = TokenAuthentication().authenticate_credentials(token.encode())
        secretariat = is_secretariat(authenticated)
    assert len(queries) == 1
    assert authenticated == user
    # The same answer as asking the database afresh.
    assert secretariat == is_secretariat(type(user).objects.get(pk=user.pk)) == (actor == "secretariat_user")
