"""Lists read from .values() (core/api/lists.py) give exactly what the serializer gives."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from agencies.api.serializers import OrganizationSummarySerializer
from coordination.api.serializers import UpdateListSerializer, UpdateSerializer
from coordination.models import ActivityUpdate, FollowUpAction
from core.api.lists import ValuesPlan
from tests.factories import ActivityUpdateFactory, FollowUpActionFactory, OrganizationFactory

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
    assert response.json()["results"] == as_json(UpdateListSerializer(updates, many=True).data)
    assert {row["received_via"] for row in response.json()["results"]} == {"api", "letter"}


class ActionWithLead(serializers.ModelSerializer):
    lead_organization = OrganizationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUpAction
        fields = ["id", "title", "origin_meeting", "lead_organization", "due_date", "status", "updated_at"]


def test_a_nested_object_behind_an_empty_foreign_key_is_null():
    FollowUpActionFactory(lead_organization=None)
    FollowUpActionFactory(lead_organization=OrganizationFactory(acronym="IOM"), due_date=dt.date(2027, 9, 1))
    plan = ValuesPlan(ActionWithLead)
    actions = FollowUpAction.objects.order_by("pk")
    from_values = [plan.represent(row) for row in actions.values(*plan.lookups)]
    assert as_json(from_values) == as_json(ActionWithLead(actions, many=True).data)
    assert [row["lead_organization"] and row["lead_organization"]["acronym"] for row in from_values] == [None, "IOM"]


def test_a_serializer_with_a_method_field_or_a_many_field_cannot_be_read_from_values():
    with pytest.raises(ImproperlyConfigured, match="answers"):
        ValuesPlan(UpdateSerializer)  # its answers: a nested list

    class Method(serializers.Serializer):
        id = serializers.IntegerField()
        events = serializers.SerializerMethodField()

    with pytest.raises(ImproperlyConfigured, match="events"):
        ValuesPlan(Method)

    class Many(serializers.Serializer):
        organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    with pytest.raises(ImproperlyConfigured, match="organizations"):
        ValuesPlan(Many)


class UpdateFormattedOtherwise(serializers.ModelSerializer):
    """Fields whose output is not the column's value: each must still go through DRF's own formatting."""

    number = serializers.CharField(source="id")  # text of an integer column
    stamp = serializers.DateTimeField(source="submitted_at", format=None)  # the datetime object itself
    day = serializers.DateField(source="period_start", format="%d %B %Y")
    utc = serializers.DateTimeField(source="updated_at", default_timezone=dt.UTC)
    status = serializers.ChoiceField(choices=[("submitted", "Submitted"), ("draft", "Draft")])

    class Meta:
        model = ActivityUpdate
        fields = ["id", "number", "stamp", "day", "utc", "submitted_at", "period_end", "status", "title"]


def test_values_are_formatted_as_the_serializer_formats_them_in_the_current_time_zone():
    ActivityUpdateFactory(
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 6, 30),
        status="submitted",
        submitted_at=dt.datetime(2026, 3, 1, 14, 30, 5, 123456, tzinfo=dt.UTC),
    )
    ActivityUpdateFactory(period_start=None, submitted_at=None)
    plan = ValuesPlan(UpdateFormattedOtherwise)
    updates = ActivityUpdate.objects.order_by("pk")
    for zone in ("UTC", "Africa/Nairobi", "America/New_York"):
        with timezone.override(zone):
            expected = UpdateFormattedOtherwise(updates, many=True).data
            assert plan.represent_all(updates.values(*plan.lookups)) == [dict(row) for row in expected]
    with timezone.override("Africa/Nairobi"):
        first = plan.represent_all(updates.values(*plan.lookups))[0]
    assert first["number"] == str(first["id"])
    assert first["submitted_at"] == "2026-03-01T17:30:05.123456+03:00"
    assert first["stamp"] == dt.datetime(2026, 3, 1, 14, 30, 5, 123456, tzinfo=dt.UTC)
    assert first["day"] == "05 January 2026"
    assert first["period_end"] == "2026-06-30"
    assert first["utc"].endswith("Z")
