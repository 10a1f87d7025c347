from rest_framework import serializers

from ..models import Organization


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
        fields = ["id", "acronym", "name", "category", "report_order", "parent", "website", "updated_at"]
        read_only_fields = fields
