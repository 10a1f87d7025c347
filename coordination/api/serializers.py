from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.api.serializers import OrganizationSummarySerializer
from agencies.choices import OrganizationCategory
from agencies.models import Organization
from core.api.fields import DayField, OptionalChoiceField
from core.api.search import ExcerptField
from core.api.writes import REFUSED_BY_RULE, StrictSerializerMixin
from core.validators import single_line
from meetings.api.serializers import DocumentSummarySerializer
from meetings.choices import DatePrecision
from meetings.models import Document

from ..choices import DeadlineState, InputRequestStatus, ReceivedVia
from ..models import (
    ActivityUpdate,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    PromptAnswer,
    Provenance,
    ReportingObligation,
)
from ..selectors import input_requests_visible_to, provenance_of, provenance_rows
from ..services import CALL_CLOSED


class DeadlineFieldsMixin(serializers.Serializer):
    deadline_state = serializers.ChoiceField(choices=DeadlineState.choices, read_only=True)


class ProvenanceSerializer(serializers.ModelSerializer):
    """Where one fact of a record comes from: the document, its paragraph, the record's field and the
    value as the document states it."""

    document = DocumentSummarySerializer(read_only=True)

    class Meta:
        model = Provenance
        fields = ["document", "paragraph", "field", "value_as_stated"]
        read_only_fields = fields


@extend_schema_field(ProvenanceSerializer(many=True))
class ProvenanceField(serializers.Field):
    """The record's provenance rows: read with the page by ``WithProvenanceListSerializer`` (one query
    for all its records), else for the record alone."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault(
            "help_text",
            "Where the record's facts come from: each document and paragraph that states one, the field it "
            "supports and the value as stated.",
        )
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return ProvenanceSerializer(provenance_rows(value), many=True).data


class WithProvenanceListSerializer(serializers.ListSerializer):
    """A page of records whose provenance is read in one query, whatever the page's size."""

    def to_representation(self, data):
        records = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        provenance_of(records)
        return super().to_representation(records)


class MandateParagraphSerializer(serializers.ModelSerializer):
    """An operative paragraph of the mandate, with what it became: the ids of its reporting obligations
    (/api/v1/obligations/{id}/), follow-up actions (/api/v1/actions/{id}/) and the meeting it convenes
    (/api/v1/meetings/{id}/)."""

    obligations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = OperativeParagraph
        fields = ["id", "number", "position", "verb", "addressee", "kind", "text", "obligations", "actions", "meeting"]
        read_only_fields = fields


class MandateSerializer(serializers.ModelSerializer):
    """A mandate as the list shows it; its page (``MandateDetailSerializer``) adds its operative paragraphs."""

    body = OrganizationSummarySerializer(read_only=True)
    excerpt = ExcerptField()
    provenance = ProvenanceField()

    class Meta:
        model = Mandate
        fields = [
            "id", "body", "number", "kind", "adoption_date", "title", "session", "document", "updated_at", "excerpt",
            "provenance",
        ]  # fmt: skip
        read_only_fields = fields
        list_serializer_class = WithProvenanceListSerializer


class MandateDetailSerializer(MandateSerializer):
    """A mandate's page: the list's fields and its operative paragraphs, each with what it became. The
    list leaves them out: a page of 20 mandates would carry some 200 paragraphs (a ranked search then
    took 3.3x the bare SELECT instead of under 2x: docs/decisions/0018-registry-search.md)."""

    paragraphs = MandateParagraphSerializer(
        many=True, read_only=True, help_text="Its operative paragraphs in order, each with what it became."
    )

    class Meta(MandateSerializer.Meta):
        fields = [*MandateSerializer.Meta.fields, "paragraphs"]
        read_only_fields = fields


class ObligationSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    addressee = OrganizationSummarySerializer(read_only=True)
    due_precision = OptionalChoiceField(choices=DatePrecision.choices, read_only=True)
    provenance = ProvenanceField()

    class Meta:
        model = ReportingObligation
        fields = [
            "id", "mandate", "addressee", "description", "due_date", "due_precision", "due_as_stated", "due_session",
            "deadline_state", "status", "fulfilled_by", "completed_on", "recurrence", "responsible_officer",
            "paragraph", "updated_at", "provenance",
        ]  # fmt: skip
        read_only_fields = fields
        list_serializer_class = WithProvenanceListSerializer


class ActionSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    lead_organization = OrganizationSummarySerializer(read_only=True, allow_null=True)
    supporting_organizations = OrganizationSummarySerializer(many=True, read_only=True)
    due_precision = OptionalChoiceField(choices=DatePrecision.choices, read_only=True)
    provenance = ProvenanceField()

    class Meta:
        model = FollowUpAction
        fields = [
            "id", "title", "description", "origin_meeting", "origin_mandate", "origin_document", "origin_paragraph",
            "lead_organization", "supporting_organizations", "due_date", "due_precision", "due_as_stated",
            "due_session", "deadline_state", "status", "completed_on", "recurrence", "responsible_officer",
            "updated_at", "provenance",
        ]  # fmt: skip
        read_only_fields = fields
        list_serializer_class = WithProvenanceListSerializer


class PromptSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallPrompt
        fields = ["id", "position", "text"]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    addressees = serializers.SerializerMethodField()
    prompts = PromptSerializer(many=True, read_only=True, help_text="Questions each answer gives a text for.")

    class Meta:
        model = CallForInputs
        fields = [
            "id", "title", "instructions", "obligation", "deadline", "status", "opened_at", "closed_at", "addressees",
            "prompts",
        ]  # fmt: skip
        read_only_fields = fields

    def get_addressees(self, call) -> list[int]:
        # Prefetched with the call: the organizations asked, not what they answered.
        return [request.organization_id for request in call.input_requests.all()]


class CallOpenSerializer(StrictSerializerMixin, serializers.Serializer):
    """Open a call for inputs: what to ask, by when, and whom (organizations, whole categories,
    and the members of groups such as the Global Migration Group; at least one of the three)."""

    title = serializers.CharField(max_length=400, validators=[single_line])
    instructions = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    obligation = serializers.PrimaryKeyRelatedField(
        queryset=ReportingObligation.objects.all(), required=False, allow_null=True, default=None
    )
    deadline = serializers.DateField()
    organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, default=list
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganizationCategory.choices),
        required=False,
        default=list,
        max_length=20,
    )
    groups = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="Organizations whose members are asked, e.g. the Global Migration Group.",
    )
    prompts = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        default=list,
        max_length=50,
        help_text="Optional questions, in order; each answer must give a text for every one before it is submitted.",
    )


class BoardRowSerializer(serializers.Serializer):
    organization = OrganizationSummarySerializer(source="request.organization")
    input_request = serializers.IntegerField(source="request.pk")
    status = serializers.ChoiceField(source="request.status", choices=InputRequestStatus.choices)
    answered_on = serializers.DateField(allow_null=True)
    days_late = serializers.IntegerField(allow_null=True, help_text="Days past the deadline; null when on time.")
    reminders = serializers.IntegerField(help_text="Reminders sent for this request.")
    rounds_returned = serializers.IntegerField()


class BoardDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    answered = serializers.IntegerField(help_text="Answers received by this day, in all.")


class CategoryCountSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=OrganizationCategory.choices)
    label = serializers.CharField()
    asked = serializers.IntegerField(help_text="Organizations of this category asked.")
    answered = serializers.IntegerField(help_text="Of those, answered by the end of the cut-off day.")
    declined = serializers.IntegerField(help_text="Of those, declined (nil return) by the end of the cut-off day.")


class AnsweredBySerializer(serializers.Serializer):
    cutoff = serializers.DateField(help_text="The cut-off day, ending at midnight in the secretariat's time zone.")
    categories = CategoryCountSerializer(many=True, help_text="In the order of the Secretary-General's reports.")


class BoardSerializer(serializers.Serializer):
    """Who has answered a call: counts, the answers over time, and each organization's timeliness."""

    asked = serializers.IntegerField()
    answered = serializers.IntegerField()
    declined = serializers.IntegerField()
    waived = serializers.IntegerField()
    late = serializers.IntegerField(help_text="Still open past the deadline.")
    answers_by_day = BoardDaySerializer(many=True)
    organizations = BoardRowSerializer(source="rows", many=True)
    answered_by = AnsweredBySerializer(
        allow_null=True, help_text="Per report category, who had answered by the cut-off day; null without ?cutoff=."
    )


class BoardQuerySerializer(serializers.Serializer):
    cutoff = DayField(required=False, allow_null=True, default=None)

    def to_internal_value(self, data):
        # ?cutoff= with nothing after it is no cut-off, as an empty filter is no filter.
        if hasattr(data, "get") and not str(data.get("cutoff", "")).strip():
            data = {}
        return super().to_internal_value(data)


class InputRequestSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = InputRequest
        fields = [
            "id", "call", "organization", "status", "due_date", "deadline_state", "declined_reason", "waived_reason",
            "closed_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="prompt.text", read_only=True)

    class Meta:
        model = PromptAnswer
        fields = ["prompt", "question", "text"]
        read_only_fields = fields


class UpdateSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True, help_text="Texts for the call's questions.")
    events = serializers.SerializerMethodField()

    class Meta:
        model = ActivityUpdate
        fields = [
            "id", "organization", "input_request", "action", "title", "body", "period_start", "period_end",
            "status", "return_comment", "received_via", "received_on", "document", "meeting", "submitted_at",
            "updated_at", "answers", "events",
        ]  # fmt: skip
        read_only_fields = fields

    def get_events(self, update) -> list[dict]:
        """Who did what, when: prefetched with the update."""
        return [
            {"event": e.event, "by": e.by.get_username() if e.by else None, "at": e.at, "comment": e.comment}
            for e in update.events.all()
        ]


class UpdateListSerializer(UpdateSerializer):
    """An update in a list: without its answers and workflow events (those come with the update itself)."""

    class Meta(UpdateSerializer.Meta):
        fields = [f for f in UpdateSerializer.Meta.fields if f not in ("answers", "events")]
        read_only_fields = fields


class AnswerWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    prompt = serializers.IntegerField(min_value=1, help_text="A question of the call (its id).")
    text = serializers.CharField(max_length=20_000, allow_blank=True, help_text="Empty clears the answer.")

    def to_internal_value(self, data):
        # Each answer names its question and gives its text, in a PATCH too (where REST framework
        # would let a nested field be left out, and the answer then had no text).
        if isinstance(data, dict):
            missing = [name for name in ("prompt", "text") if name not in data]
            if missing:
                raise serializers.ValidationError({name: ["This field is required."] for name in missing})
        return super().to_internal_value(data)


class VisibleInputRequestField(serializers.PrimaryKeyRelatedField):
    """An input request the caller may see: another organization's answers as one that does not
    exist ("Invalid pk"), so a focal point cannot learn which requests exist; the browsable API's
    form offers only these."""

    def get_queryset(self):
        request = self.context.get("request")
        return input_requests_visible_to(request.user if request is not None else None)


class UpdateWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """What a client may write on an update; everything else is the server's."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="Required for the secretariat and for focal points of several organizations; "
        "a focal point of one organization may leave it out.",
    )
    # The queryset names the model for the schema; the field reads only what the caller may see.
    input_request = VisibleInputRequestField(queryset=InputRequest.objects.all(), required=False, allow_null=True)
    action = serializers.PrimaryKeyRelatedField(queryset=FollowUpAction.objects.all(), required=False, allow_null=True)
    title = serializers.CharField(max_length=400, validators=[single_line])
    body = serializers.CharField(max_length=50_000)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    received_via = serializers.ChoiceField(
        choices=[ReceivedVia.EMAIL, ReceivedVia.LETTER],
        required=False,
        help_text="Secretariat only: an answer received by e-mail or letter, recorded on the organization's behalf.",
    )
    received_on = serializers.DateField(required=False, allow_null=True)
    answers = serializers.ListField(
        child=AnswerWriteSerializer(),
        required=False,
        max_length=50,
        help_text="Texts for the questions of the call the input request belongs to; "
        "on a change, the questions named are replaced and the others kept.",
    )

    def validate_answers(self, value: list[dict]) -> dict[int, str]:
        prompts = [answer["prompt"] for answer in value]
        if len(prompts) != len(set(prompts)):
            raise serializers.ValidationError("Give each question one answer.", code=REFUSED_BY_RULE)
        return {answer["prompt"]: answer["text"] for answer in value}


class ReturnSerializer(StrictSerializerMixin, serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What to change; the focal points read it.")


class WithdrawSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000, help_text="Why the answer no longer counts (recorded for the wrong organization ...)."
    )


class DeclineSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why there is nothing to report (a nil return).")


class WaiveSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000, help_text="Why the organization is no longer asked; kept with the request."
    )


class RequestDoneSerializer(StrictSerializerMixin, serializers.Serializer):
    comment = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="What was done, for the secretariat (a report's symbol, a date ...); optional.",
    )


class ConfirmDoneSerializer(StrictSerializerMixin, serializers.Serializer):
    completed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The day it was done; today when left out."
    )


class DeclineDoneSerializer(StrictSerializerMixin, serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What is still missing; the focal points read it.")


class CallCloseSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default=CALL_CLOSED,
        help_text=f'Kept with each request waived; "{CALL_CLOSED}" when left out.',
    )


class CallClosedSerializer(serializers.Serializer):
    """A call closed: the call as it is now, and how many organizations were no longer asked."""

    call = CallSerializer()
    waived = serializers.IntegerField(help_text="Open requests waived by the closing (0 for a call closed before).")


class RecordReportSerializer(StrictSerializerMixin, serializers.Serializer):
    """The report that fulfils an obligation: a document already recorded, or a new one described
    by its symbol or title and the day it was issued."""

    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A document already recorded (its id); leave out symbol, title and date then.",
    )
    symbol = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        default="",
        help_text="A/63/265 ...",
        validators=[single_line],
    )
    title = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", validators=[single_line]
    )
    date = DayField(required=False, allow_null=True, default=None, help_text="The day the report was issued.")

    def validate(self, data):
        if data["document"] is not None and (data["symbol"] or data["title"] or data["date"]):
            raise serializers.ValidationError(
                {"document": ["Choose a document or describe a new one (symbol, title, date), not both."]},
                code=REFUSED_BY_RULE,
            )
        return data


class ReportRecordedSerializer(serializers.Serializer):
    """A report recorded: the obligation done, its document, the next occurrence and the calls closed."""

    obligation = ObligationSerializer()
    document = DocumentSummarySerializer()
    following = ObligationSerializer(
        allow_null=True, help_text="The next occurrence of a recurring obligation; null for a one-off report."
    )
    calls_closed = serializers.IntegerField(help_text="Open calls for inputs to this report, now closed.")
