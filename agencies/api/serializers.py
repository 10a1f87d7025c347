from rest_framework import serializers

from core.api.writes import StrictSerializerMixin
from core.validators import single_line

from ..choices import OrganizationCategory, SessionRule
from ..models import Membership, Organization


class OrganizationSummarySerializer(serializers.ModelSerializer):
    """An organization as other resources show it (no extra query: select it with them)."""

    class Meta:
        model = Organization
        fields = ["id", "acronym", "name", "category"]
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer):
    parent = OrganizationSummarySerializer(read_only=True, allow_null=True)
    report_order = serializers.IntegerField(source="category_order", read_only=True)
    website = serializers.CharField(read_only=True, help_text="Empty when unknown.")

    class Meta:
        model = Organization
        fields = [
            "id", "acronym", "name", "category", "report_order", "parent", "session_rule", "website", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class OrganizationWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """What the secretariat's systems write on an organization (its staff directory, say)."""

    acronym = serializers.CharField(
        max_length=40, required=False, allow_blank=True, validators=[single_line], help_text="Unique; may be empty."
    )
    name = serializers.CharField(max_length=300, validators=[single_line])
    category = serializers.ChoiceField(choices=OrganizationCategory.choices)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="The department a division belongs to (its id).",
    )
    session_rule = serializers.ChoiceField(
        choices=SessionRule.choices,
        required=False,
        help_text="For intergovernmental bodies: how the opening day of their sessions is known.",
    )
    website = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        validators=[single_line],
        help_text="An address starting with https:// (a 422 when it is not one).",
    )


class MembershipSerializer(serializers.ModelSerializer):
    group = OrganizationSummarySerializer(read_only=True)
    member = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "group", "member", "start_date", "end_date", "as_of", "updated_at"]
        read_only_fields = fields


class MembershipWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    group = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), help_text="An inter-agency group (category interagency_group)."
    )
    member = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    as_of = serializers.DateField(required=False, allow_null=True, help_text="The day a source states the membership.")
