"""The API when a part fails: a Redis outage does not stop reads or writes (the throttles let
requests through), and a write whose idempotency record cannot be stored is undone, so the retry
with the same key writes once."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.urls import reverse

from coordination.models import ActivityUpdate
from core.models import IdempotencyRecord
from tests.factories import InputRequestFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_with_the_throttle_counters_unreachable_the_api_still_reads_and_writes(
    settings, api_client_for, focal_point_a, organization_a
):
    client = api_client_for(focal_point_a)  # the token is made before the cache goes away
    settings.CACHES = UNREACHABLE_REDIS  # Django's test signals rebuild the cache handler
    with pytest.raises(Exception, match=r"Connection refused|Error 111"):
        caches["default"].get("probe")  # the cache really is unreachable

    assert client.get(reverse("updates-list")).status_code == 200
    created = client.post(reverse("updates-list"), {"title": "During the outage", "body": "Stored."}, format="json")
    assert created.status_code == 201, created.content
    assert ActivityUpdate.objects.filter(title="During the outage").exists()


def test_a_write_whose_idempotency_record_fails_is_undone_and_the_retry_writes_once(
    api_client_for, focal_point_a, organization_a
):
    client = api_client_for(focal_point_a)
    client.raise_request_exception = False
    request = InputRequestFactory(organization=organization_a)
    body = {"title": "Activities", "body": "Two meetings.", "input_request": request.pk}
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-after-a-dropped-connection"}

    with mock.patch.object(
        IdempotencyRecord.objects, "create", side_effect=OperationalError("server closed the connection")
    ):
        failed = client.post(reverse("updates-list"), body, format="json", **key)
    assert failed.status_code == 500
    assert not ActivityUpdate.objects.exists()  # the update went with the failed record

    retried = client.post(reverse("updates-list"), body, format="json", **key)
    again = client.post(reverse("updates-list"), body, format="json", **key)
    assert (retried.status_code, again.status_code) == (201, 201)
    assert retried.json()["id"] == again.json()["id"]
    assert ActivityUpdate.objects.count() == 1
