import pytest
from django.core.management import call_command
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

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


def test_pages_are_capped(api_client_for, secretariat_user):
    response = api_client_for(secretariat_user).get(reverse("agencies-list"), {"page_size": 10_000})
    assert response.status_code == 200


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
