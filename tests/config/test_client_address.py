"""Client addresses behind proxies: one setting (``TRUSTED_PROXY_COUNT``, DRF's ``NUM_PROXIES``) for the
throttles, the login lockout and django-ratelimit; the lockout answer at the API and at the pages."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import get_usage
from rest_framework.test import APIClient

from core.client_address import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
WRONG_PASSWORD = "not-the-password"
NGINX = "10.0.0.2"  # the proxy: every request reaches the application from it
ATTACKER = "203.0.113.7"
OFFICER_DESK = "198.51.100.9"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def trusted_proxies(settings):
    """Set TRUSTED_PROXY_COUNT for one test: it lives in REST_FRAMEWORK["NUM_PROXIES"] (DRF reloads it)."""

    def set_count(count: int) -> None:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return set_count


def token_request(client, username="officer", password=None, forwarded_for=None):
    """A login at the token endpoint, with a wrong password unless one is given."""
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    body = {"username": username, "password": password or WRONG_PASSWORD}
    return client.post(reverse("api-token"), body, format="json", **headers)


def behind_nginx(client_address_seen_by_nginx: str) -> dict:
    """What nginx sends on with `proxy_set_header X-Forwarded-For $remote_addr`."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": client_address_seen_by_nginx}


# --- The setting ---------------------------------------------------------------------------------


def test_no_proxy_is_trusted_unless_configured():
    from config.settings import base

    assert base.REST_FRAMEWORK["NUM_PROXIES"] == 0


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, "192.0.2.50", "192.0.2.1"),  # the header is the client's own word: ignored
        (1, "192.0.2.50", "192.0.2.50"),  # what the proxy wrote
        (1, "192.0.2.99, 192.0.2.50", "192.0.2.50"),  # a proxy that appends: the client's part is left of it
        (2, "192.0.2.99, 192.0.2.50, 192.0.2.60", "192.0.2.50"),  # the second proxy's reading
        (2, "not-an-address", "192.0.2.1"),  # more proxies configured than there are: not an address
    ],
)
def test_the_client_is_the_nth_address_from_the_right(trusted_proxies, count, forwarded_for, expected):
    trusted_proxies(count)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected


def test_a_rate_limit_keyed_by_ip_counts_the_client_behind_the_proxies(trusted_proxies):
    def used(forwarded_for):
        request = RequestFactory().post("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded_for)
        return get_usage(request, group="test", key="ip", rate="1/m", increment=True)["should_limit"]

    trusted_proxies(1)
    assert [used(ATTACKER), used(ATTACKER), used(OFFICER_DESK)] == [False, True, False]


# --- No trusted proxy: X-Forwarded-For changes nothing ---------------------------------------------


def test_varying_x_forwarded_for_does_not_escape_the_login_throttle(secretariat_user, settings):
    settings.AXES_FAILURE_LIMIT = 100  # the rate alone
    client = APIClient(REMOTE_ADDR=ATTACKER)
    statuses = [token_request(client, forwarded_for=f"192.0.2.{n}").status_code for n in range(11)]
    assert statuses == [401] * 10 + [429]


def test_varying_x_forwarded_for_does_not_escape_the_lockout(secretariat_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient(REMOTE_ADDR=ATTACKER)
    for n in range(3):
        token_request(client, forwarded_for=f"192.0.2.{n}")
    assert token_request(client, password=PASSWORD, forwarded_for="192.0.2.200").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


# --- One trusted proxy: the address nginx wrote is the one counted ---------------------------------


def test_failures_from_an_attacker_lock_the_attacker_out_not_the_secretariat(
    secretariat_user, settings, trusted_proxies
):
    trusted_proxies(1)
    settings.AXES_FAILURE_LIMIT = 3
    attacker = APIClient(**behind_nginx(ATTACKER))
    for _ in range(3):
        token_request(attacker)
    # Claiming the officer's address in front of nginx's changes nothing (a proxy that appends).
    forged = APIClient(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{OFFICER_DESK}, {ATTACKER}")
    assert token_request(forged, password=PASSWORD).status_code == 429

    officer = APIClient(**behind_nginx(OFFICER_DESK))
    assert token_request(officer, password=PASSWORD).status_code == 201
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("officer", ATTACKER)}


def test_the_admin_login_locks_the_attackers_address_only(client, secretariat_user, settings, trusted_proxies):
    trusted_proxies(1)
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "officer", "password": "wrong"}, **behind_nginx(ATTACKER))
    locked = client.post(
        reverse("admin:login"), {"username": "officer", "password": PASSWORD}, **behind_nginx(ATTACKER)
    )
    assert locked.status_code == 429
    response = client.post(
        reverse("admin:login"), {"username": "officer", "password": PASSWORD}, **behind_nginx(OFFICER_DESK)
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat_user.pk)


def test_the_login_throttle_counts_each_client_behind_the_proxy(secretariat_user, settings, trusted_proxies):
    trusted_proxies(1)
    settings.AXES_FAILURE_LIMIT = 100  # the rate alone
    attacker = APIClient(**behind_nginx(ATTACKER))
    assert [token_request(attacker, username=f"user{n}").status_code for n in range(11)] == [401] * 10 + [429]
    officer = APIClient(**behind_nginx(OFFICER_DESK))
    assert token_request(officer, password=PASSWORD).status_code == 201


# --- The lockout answer ----------------------------------------------------------------------------


def test_the_token_endpoints_lockout_is_json_with_retry_after_from_the_failure_that_locks(secretariat_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient(REMOTE_ADDR=ATTACKER)
    assert [token_request(client).status_code for _ in range(2)] == [401, 401]
    for response in (token_request(client), token_request(client), token_request(client, password=PASSWORD)):
        assert response.status_code == 429
        assert response["Content-Type"] == "application/json"
        assert list(response.json()) == ["detail"]
        assert "Too many failed logins" in response.json()["detail"]
        assert int(response["Retry-After"]) == 15 * 60


@pytest.mark.parametrize("login", ["admin:login", "login"])
def test_the_login_pages_lockout_is_a_readable_page_with_retry_after(client, focal_point_a, settings, login):
    settings.AXES_FAILURE_LIMIT = 2
    client.post(reverse(login), {"username": "focal-a", "password": "wrong"})
    for password in ("wrong", PASSWORD):
        response = client.post(reverse(login), {"username": "focal-a", "password": password})
        assert response.status_code == 429
        assert response["Content-Type"].startswith("text/html")
        assert int(response["Retry-After"]) == 15 * 60
        page = response.content.decode()
        assert "<h1>Too many failed logins</h1>" in page
        assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session
