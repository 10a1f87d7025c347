"""What the secretariat's systems write on mandates, reporting obligations and follow-up actions
(issue #21), and the bodies of the steps that close an item or move its deadline. The fields a
workflow owns (status, completed_on, fulfilled_by) are not here: they change through the steps."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from agencies.models import Organization
from core.api.fields import DayField, OptionalChoiceField
from core.api.writes import REFUSED_BY_RULE, StrictSerializerMixin
from core.validators import single_line
from meetings.choices import DatePrecision
from meetings.models import Document, Meeting

from ..choices import MandateKind, Recurrence
from ..deadlines import secretariat_today
from ..models import Mandate, Session

TEXT_MAX = 20_000


class MandateWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), help_text="The intergovernmental body that adopted it (its id)."
    )
    number = serializers.CharField(
        max_length=40, validators=[single_line], help_text="As the body numbers it: 58/208."
    )
    kind = serializers.ChoiceField(choices=MandateKind.choices, required=False)
    adoption_date = DayField(required=False, allow_null=True)
    title = serializers.CharField(max_length=400, required=False, allow_blank=True, validators=[single_line])
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True)
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True, help_text="The resolution's text (its id)."
    )


class DueDateWriteMixin(serializers.Serializer):
    """A due date as the admin's form takes it: a day, with a precision (any day in the month,
    quarter, half or year; the deadline is the period's last day), or a session; none for undated."""

    due_date = DayField(
        required=False,
        allow_null=True,
        help_text="The day it is due; with a month, quarter, half or year as precision, any day in that period.",
    )
    due_precision = OptionalChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text="day when left out with a due_date; null with no due_date for an undated item.",
    )
    due_session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(), required=False, allow_null=True, help_text='With the precision "session".'
    )
    due_as_stated = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[single_line], help_text='"mid-2005" ...'
    )
    responsible_officer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True, help_text="A user's id."
    )


class ObligationWriteSerializer(StrictSerializerMixin, DueDateWriteMixin):
    mandate = serializers.PrimaryKeyRelatedField(queryset=Mandate.objects.all())
    addressee = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), help_text="The body the report goes to."
    )
    description = serializers.CharField(max_length=TEXT_MAX)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False)


class ActionWriteSerializer(StrictSerializerMixin, DueDateWriteMixin):
    title = serializers.CharField(max_length=400, validators=[single_line])
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    origin_meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    origin_mandate = serializers.PrimaryKeyRelatedField(
        queryset=Mandate.objects.all(), required=False, allow_null=True
    )
    origin_document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True
    )
    lead_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    supporting_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, help_text="Replaces the list."
    )
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices,
        required=False,
        help_text="A standing action (annual, biennial): marked done, it starts again for the next period.",
    )

    def validate_supporting_organizations(self, value):
        return list(dict.fromkeys(value))


class MarkDoneSerializer(StrictSerializerMixin, serializers.Serializer):
    completed_on = DayField(
        required=False, allow_null=True, default=None, help_text="The day it was done; today when left out."
    )

    def validate_completed_on(self, value):
        # The admin's form's rule ("Mark done"): a day that has come.
        if value is not None and value > secretariat_today():
            raise serializers.ValidationError("That day has not come yet.", code=REFUSED_BY_RULE)
        return value or secretariat_today()


class CancelSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why it will not be done: kept in its history.")


class ExtendSerializer(StrictSerializerMixin, serializers.Serializer):
    new_due_date = DayField(help_text="The new deadline, a day (YYYY-MM-DD).")
    reason = serializers.CharField(max_length=1000, help_text="Why the deadline moves: kept with the item.")

    def validate_new_due_date(self, value):
        # The admin's form's rule ("Extend the deadline").
        if value < secretariat_today():
            raise serializers.ValidationError("A new deadline cannot be in the past.", code=REFUSED_BY_RULE)
        return value
