"""API throttles (core/api/throttling.py): one counter per client and window, Retry-After, a new window."""

import datetime as dt
import pickle

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Set the API's throttle rates for one test (DRF reads them into class attributes at import)."""
    original = settings.REST_FRAMEWORK

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **original,
            "DEFAULT_THROTTLE_RATES": {**original["DEFAULT_THROTTLE_RATES"], **rates},
        }
        api_settings.reload()
        for throttle in (AnonRateThrottle, UserRateThrottle):
            throttle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    cache.clear()
    yield set_rates
    settings.REST_FRAMEWORK = original
    api_settings.reload()
    for throttle in (AnonRateThrottle, UserRateThrottle):
        throttle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()


def test_a_client_over_its_rate_waits_for_the_next_window(rates, api_client_for, focal_point_a):
    rates(user="3/minute")
    client = api_client_for(focal_point_a)
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        assert [client.get(reverse("agencies-list")).status_code for _ in range(4)] == [200, 200, 200, 429]
        refused = client.get(reverse("agencies-list"))
        wait = int(refused["Retry-After"])
        # Where a window ends depends on the client (a per-key offset), so the wait is any second of
        # the minute; the two checks below pin it exactly: one second less is still refused.
        assert 1 <= wait <= 60
        clock.shift(wait - 1)
        assert client.get(reverse("agencies-list")).status_code == 429  # still the same window
        clock.shift(1)
        assert client.get(reverse("agencies-list")).status_code == 200


def test_each_user_and_each_anonymous_address_has_its_own_counter(rates, api_client_for, focal_point_a, focal_point_b):
    rates(user="2/minute", anon="1/minute")
    first, second = api_client_for(focal_point_a), api_client_for(focal_point_b)
    # The clock stands still: building the schema takes a second or more on a busy machine, enough for a
    # real clock to reach the next window between two requests (a 200 where the 429 was due).
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        assert [first.get(reverse("agencies-list")).status_code for _ in range(3)] == [200, 200, 429]
        assert second.get(reverse("agencies-list")).status_code == 200

        anonymous = APIClient(REMOTE_ADDR="192.0.2.10")
        other_address = APIClient(REMOTE_ADDR="192.0.2.11")
        assert [anonymous.get(reverse("api-schema")).status_code for _ in range(2)] == [200, 429]
        assert other_address.get(reverse("api-schema")).status_code == 200


def test_the_counter_is_one_number_whatever_the_number_of_requests(rates, api_client_for, focal_point_a):
    """DRF's own throttles stored every request's time: the stored value grew with the rate."""
    rates(user="1000/hour")
    client = api_client_for(focal_point_a)
    for _ in range(25):
        assert client.get(reverse("agencies-list")).status_code == 200
    stored = [pickle.loads(value) for value in cache._cache.values()]  # noqa: S301 -- LocMemCache, this test wrote it
    assert stored == [25]
