"""The updates list, read from .values() and written by a plain function (coordination/api/update_rows.py),
gives exactly what the list serializer gives."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from agencies.api.serializers import OrganizationSummarySerializer
from coordination.api.serializers import UpdateListSerializer
from coordination.api.update_rows import UPDATE_ROW_COLUMNS, update_rows
from coordination.models import ActivityUpdate
from tests.factories import ActivityUpdateFactory, FollowUpActionFactory

pytestmark = pytest.mark.django_db


def as_json(data):
    return json.loads(JSONRenderer().render(data))


def test_the_updates_list_is_what_the_list_serializer_makes_of_each_update(api_client_for, secretariat_user):
    ActivityUpdateFactory(period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30), status="submitted")
    ActivityUpdateFactory(action=FollowUpActionFactory(), received_via="letter", received_on=dt.date(2026, 3, 2))
    ActivityUpdateFactory(title="Nul et non avenu: « réponse »", body="Line one\nline two")
    response = api_client_for(secretariat_user).get(reverse("updates-list"))
    assert response.status_code == 200

    updates = ActivityUpdate.objects.select_related("organization").order_by("-updated_at", "-id")
    with timezone.override(dt.UTC):  # the API writes its timestamps in UTC (core.api.middleware)
        expected = as_json(UpdateListSerializer(updates, many=True).data)
    assert response.json()["results"] == expected
    assert {row["received_via"] for row in response.json()["results"]} == {"api", "letter"}


def test_the_list_writes_every_field_of_the_list_serializer_and_no_other():
    """When the serializer gains a field, the plain function must write it too (and this fails)."""
    ActivityUpdateFactory()
    row = ActivityUpdate.objects.values(*UPDATE_ROW_COLUMNS).get()
    written = update_rows([row])[0]
    assert list(written) == list(UpdateListSerializer().fields)
    assert list(written["organization"]) == list(OrganizationSummarySerializer().fields)


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Bangkok"])
def test_dates_and_times_are_written_as_the_serializer_writes_them_in_the_current_time_zone(zone):
    ActivityUpdateFactory(
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        received_on=dt.date(2026, 3, 2),
        submitted_at=dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC),
    )
    update = ActivityUpdate.objects.select_related("organization").get()
    with timezone.override(zone):
        written = update_rows(ActivityUpdate.objects.values(*UPDATE_ROW_COLUMNS))
        assert as_json(written) == as_json(UpdateListSerializer([update], many=True).data)
