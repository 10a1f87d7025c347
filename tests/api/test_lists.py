"""Lists read from .values() (config/api_lists.py) give exactly what the serializer gives."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from agencies.api.serializers import OrganizationSummarySerializer
from config.api_lists import ValuesPlan
from coordination.api.serializers import UpdateListSerializer, UpdateSerializer
from coordination.models import ActivityUpdate, FollowUpAction
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
