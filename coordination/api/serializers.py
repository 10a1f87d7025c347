from rest_framework import serializers

from agencies.api.serializers import OrganizationSummarySerializer
from agencies.choices import OrganizationCategory
from agencies.models import Organization
from core.api.writes import StrictSerializerMixin

from ..choices import DeadlineState, InputRequestStatus, ReceivedVia
from ..models import (
    ActivityUpdate,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    Mandate,
    PromptAnswer,
    ReportingObligation,
)


class DeadlineFieldsMixin(serializers.Serializer):
    deadline_state = serializers.ChoiceField(choices=DeadlineState.choices, read_only=True)


class MandateSerializer(serializers.ModelSerializer):
    body = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = Mandate
        fields = ["id", "body", "number", "kind", "adoption_date", "title", "session", "updated_at"]
        read_only_fields = fields


class ObligationSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    addressee = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = ReportingObligation
        fields = [
            "id", "mandate", "addressee", "description", "due_date", "due_precision", "due_as_stated",
            "deadline_state", "status", "fulfilled_by", "completed_on", "recurrence", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    lead_organization = OrganizationSummarySerializer(read_only=True, allow_null=True)
    supporting_organizations = OrganizationSummarySerializer(many=True, read_only=True)

    class Meta:
        model = FollowUpAction
        fields = [
            "id", "title", "description", "origin_meeting", "origin_mandate", "origin_document",
            "lead_organization", "supporting_organizations", "due_date", "due_precision", "due_as_stated",
            "deadline_state", "status", "completed_on", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


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
            "id", "title", "instructions", "obligation", "deadline", "status", "opened_at", "addressees", "prompts",
        ]  # fmt: skip
        read_only_fields = fields

    def get_addressees(self, call) -> list[int]:
        # Prefetched with the call: the organizations asked, not what they answered.
        return [request.organization_id for request in call.input_requests.all()]


class CallOpenSerializer(StrictSerializerMixin, serializers.Serializer):
    """Open a call for inputs: what to ask, by when, and whom (organizations, whole categories,
    and the members of groups such as the Global Migration Group; at least one of the three)."""

    title = serializers.CharField(max_length=400)
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


class BoardSerializer(serializers.Serializer):
    """Who has answered a call: counts, the answers over time, and each organization's timeliness."""

    asked = serializers.IntegerField()
    answered = serializers.IntegerField()
    declined = serializers.IntegerField()
    waived = serializers.IntegerField()
    late = serializers.IntegerField(help_text="Still open past the deadline.")
    answers_by_day = BoardDaySerializer(many=True)
    organizations = BoardRowSerializer(source="rows", many=True)


class InputRequestSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = InputRequest
        fields = [
            "id", "call", "organization", "status", "due_date", "deadline_state", "declined_reason", "closed_at",
            "updated_at",
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


class UpdateWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    """What a client may write on an update; everything else is the server's."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="Required for the secretariat and for focal points of several organizations; "
        "a focal point of one organization may leave it out.",
    )
    input_request = serializers.PrimaryKeyRelatedField(
        queryset=InputRequest.objects.all(), required=False, allow_null=True
    )
    action = serializers.PrimaryKeyRelatedField(queryset=FollowUpAction.objects.all(), required=False, allow_null=True)
    title = serializers.CharField(max_length=400)
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
            raise serializers.ValidationError("Give each question one answer.")
        return {answer["prompt"]: answer["text"] for answer in value}


class ReturnSerializer(StrictSerializerMixin, serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What to change; the focal points read it.")


class DeclineSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why there is nothing to report (a nil return).")
