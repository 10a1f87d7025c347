from rest_framework import serializers

from agencies.api.serializers import OrganizationSummarySerializer
from core.api.fields import OptionalChoiceField

from ..models import Document, Meeting


class MeetingSerializer(serializers.ModelSerializer):
    organizer = OrganizationSummarySerializer(read_only=True, allow_null=True)
    series = serializers.StringRelatedField(read_only=True, allow_null=True)
    date_precision = OptionalChoiceField(choices=Meeting._meta.get_field("date_precision").choices, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "kind", "series", "number", "start_date", "end_date", "date_precision",
            "dates_as_stated", "venue", "organizer", "status", "summary", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentSummarySerializer(serializers.ModelSerializer):
    """A document named by another record (the report that fulfilled an obligation ...)."""

    class Meta:
        model = Document
        fields = ["id", "symbol", "title", "kind", "date"]
        read_only_fields = fields
