"""Meetings, their agenda items and participants, and documents, as the API reads and writes them.

Reads name an organization by its summary (id, name, acronym); writes name every record by its id.
The write serializers list what the secretariat may set: the timestamps, a record's seed key and
demo flag stay the server's. A record's own rules (a meeting ending before it starts, two agenda
items with one number, a symbol already recorded) are its service's, answered 422."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator, URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.api.serializers import OrganizationSummarySerializer
from agencies.models import Organization
from core.api.fields import DayField, OptionalChoiceField
from core.api.search import ExcerptField
from core.api.writes import REFUSED_BY_RULE, StrictSerializerMixin
from core.validators import multi_line, single_line

from ..choices import CALENDAR_PRECISIONS, DatePrecision, DocumentKind, MeetingKind, MeetingStatus, ParticipantRole
from ..models import AgendaItem, Document, Meeting, MeetingSeries, Participant

PRECISIONS = [(precision, DatePrecision(precision).label) for precision in CALENDAR_PRECISIONS]
TEXT_MAX = 20_000
POSITION_MAX = 32_767  # a PositiveSmallIntegerField


WEB_ADDRESS_PATTERN = r"^https?://[^\s]+$"


@extend_schema_field({"type": "string", "pattern": WEB_ADDRESS_PATTERN, "maxLength": 200, "nullable": True})
class WebAddressField(serializers.CharField):
    """A web address, or null for none (stored as an empty text): ``http://`` or ``https://`` and no
    space, as the schema's pattern says (400 otherwise); what Django's ``URLValidator`` further refuses
    (a host that is no host) is refused by rule (422), which the schema cannot state. A pattern
    rather than the ``uri`` format, which takes far more than a web address; null rather than an
    empty text, which no pattern of an address takes."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(WEB_ADDRESS_PATTERN, message="Write a web address beginning with http:// or https://.")
        )

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return value or None

    def run_validators(self, value) -> None:
        super().run_validators(value)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages, code=REFUSED_BY_RULE) from None


class DocumentSummarySerializer(serializers.ModelSerializer):
    """A document named by another record (the report that fulfilled an obligation ...)."""

    class Meta:
        model = Document
        fields = ["id", "symbol", "title", "kind", "date"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "position", "title", "notes", "updated_at"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "meeting", "organization", "person", "function", "role", "agenda_item", "updated_at"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    author = OrganizationSummarySerializer(
        read_only=True, allow_null=True, help_text="The body or organization that issued it."
    )
    date_precision = OptionalChoiceField(choices=PRECISIONS, read_only=True)
    url = WebAddressField(read_only=True, help_text="Where to read it; null when not known.")
    excerpt = ExcerptField()

    class Meta:
        model = Document
        fields = [
            "id", "symbol", "title", "kind", "date", "date_precision", "author", "meeting", "url", "updated_at",
            "excerpt",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    organizer = OrganizationSummarySerializer(read_only=True, allow_null=True)
    co_organizers = OrganizationSummarySerializer(many=True, read_only=True)
    series = serializers.StringRelatedField(read_only=True, allow_null=True)
    series_id = serializers.IntegerField(read_only=True, allow_null=True)
    date_precision = OptionalChoiceField(choices=PRECISIONS, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "kind", "series", "series_id", "number", "start_date", "end_date", "date_precision",
            "dates_as_stated", "venue", "organizer", "co_organizers", "status", "summary", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    """One meeting with its agenda, who took part and its papers (each also a resource of its own:
    /agenda-items/, /participants/, /documents/?meeting=)."""

    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    papers = DocumentSerializer(many=True, read_only=True, source="documents")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda_items", "participants", "papers"]
        read_only_fields = fields


# --- Writes ------------------------------------------------------------------------------------------


class MeetingWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """A meeting as the secretariat records it. PUT sends every field (the optional ones left out
    take their defaults); PATCH only those it changes."""

    title = serializers.CharField(max_length=400, validators=[single_line])
    kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.OTHER)
    series = serializers.PrimaryKeyRelatedField(
        queryset=MeetingSeries.objects.all(), required=False, allow_null=True, default=None, help_text="Its id."
    )
    number = serializers.IntegerField(
        min_value=0, max_value=POSITION_MAX, required=False, allow_null=True, default=None,
        help_text="Its number in the series.",
    )  # fmt: skip
    start_date = DayField(required=False, allow_null=True, default=None)
    end_date = DayField(required=False, allow_null=True, default=None)
    date_precision = OptionalChoiceField(
        choices=PRECISIONS,
        default=DatePrecision.DAY,
        help_text="How precise the dates are: with month, quarter, half or year, any day in that period "
        "(the period's last day is stored).",
    )
    dates_as_stated = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", validators=[single_line],
        help_text='The dates as the source gives them ("early December 2008").',
    )  # fmt: skip
    venue = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", validators=[single_line]
    )
    organizer = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None, help_text="Its id."
    )
    co_organizers = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, default=list, help_text="Their ids."
    )
    status = serializers.ChoiceField(choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    summary = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default="", validators=[multi_line]
    )


class AgendaItemWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), help_text="The meeting's id.")
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, help_text="Its number on the agenda.")
    title = serializers.CharField(max_length=400, validators=[single_line])
    notes = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default="", validators=[multi_line]
    )


class ParticipantWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """Someone who took part: the person as the record names them, their organization, or both."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), help_text="The meeting's id.")
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None, help_text="Its id."
    )
    person = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", validators=[single_line],
        help_text="Name as the record gives it.",
    )  # fmt: skip
    function = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", validators=[single_line],
        help_text="Title or function.",
    )  # fmt: skip
    role = serializers.ChoiceField(choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT)
    agenda_item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The item of the same meeting's agenda they presented (its id).",
    )


class DocumentWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """A document: its symbol or its title (or both), its kind and date, the body that issued it, and
    the meeting whose paper it is."""

    symbol = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default="", validators=[single_line],
        help_text="A/59/325, E/CN.9/2004/1 ...: one document per symbol, in capitals or not.",
    )  # fmt: skip
    title = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", validators=[single_line]
    )
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)
    date = DayField(required=False, allow_null=True, default=None)
    date_precision = OptionalChoiceField(choices=PRECISIONS, default=DatePrecision.DAY)
    author = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The body or organization that issued it (its id).",
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The meeting whose paper it is (its id).",
    )
    url = WebAddressField(max_length=200, required=False, default="", help_text="Where to read it; null for none.")
