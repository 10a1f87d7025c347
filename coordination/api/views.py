import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from core.api.filters import FilterBackend, FilterSet, RelatedIdFilter
from core.api.pagination import NewestFirstCursorPagination
from core.api.records import ServiceWritesMixin
from core.api.schema import ERROR_BODY
from core.api.search import RankedSearchMixin
from core.api.writes import ConditionalWriteMixin, IdempotentPostMixin
from core.errors import DomainError
from meetings.choices import DatePrecision

from .. import services
from ..board import answered_by, call_board
from ..choices import ActionStatus, DeadlineState, InputRequestStatus, ItemStatus, UpdateStatus
from ..compilation import compilation_docx, compilation_for, compilation_markdown
from ..deadlines import secretariat_today
from ..models import (
    ActivityUpdate,
    CallForInputs,
    FollowUpAction,
    InputRequest,
    Mandate,
    PromptAnswer,
    ReportingObligation,
    UpdateEvent,
)
from ..search import mandate_excerpts, mandates_matching
from ..selectors import call_answers_for, paragraphs_with_what_they_became, visible_to
from . import examples
from .permissions import ReadForMembersStepsForSecretariat, WritesUpdates
from .serializers import (
    ActionSerializer,
    BoardQuerySerializer,
    BoardSerializer,
    CallClosedSerializer,
    CallCloseSerializer,
    CallOpenSerializer,
    CallSerializer,
    ConfirmDoneSerializer,
    DeclineDoneSerializer,
    DeclineSerializer,
    InputRequestSerializer,
    MandateDetailSerializer,
    MandateSerializer,
    ObligationSerializer,
    RecordReportSerializer,
    ReportRecordedSerializer,
    RequestDoneSerializer,
    ReturnSerializer,
    UpdateListSerializer,
    UpdateSerializer,
    UpdateWriteSerializer,
    WaiveSerializer,
    WithdrawSerializer,
)
from .update_rows import UPDATE_ROW_COLUMNS, update_rows
from .write_serializers import (
    ActionWriteSerializer,
    CancelSerializer,
    ExtendSerializer,
    MandateWriteSerializer,
    MarkDoneSerializer,
    ObligationWriteSerializer,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DeadlineFilterSet(FilterSet):
    """Filters shared by everything with a deadline: its state (docs/design.md's definition) and due-date range."""

    deadline_state = django_filters.MultipleChoiceFilter(choices=DeadlineState.choices, method="filter_deadline_state")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    def filter_deadline_state(self, queryset, name, value):
        return queryset.in_deadline_state(value, today=secretariat_today()) if value else queryset


class DeadlineViewSetMixin:
    def get_queryset(self):
        return super().get_queryset().with_deadline_state(today=secretariat_today())


class MandateFilter(FilterSet):
    adopted_after = django_filters.DateFilter(field_name="adoption_date", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adoption_date", lookup_expr="lte")

    class Meta:
        model = Mandate
        fields = ["body", "kind", "number"]


# Writes that reach the view whoever sends them (after the 404 of an object the caller may not see and
# the 428 without If-Match): the service refuses anyone but the secretariat with a 403.
RECORD_WRITES = ("update", "partial_update", "destroy")
WRITE_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"]


class MandateViewSet(
    RankedSearchMixin, ServiceWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, viewsets.ModelViewSet
):
    """Resolutions and decisions of intergovernmental bodies. The secretariat records them (POST),
    corrects them (PUT, PATCH with If-Match) and deletes one entered by mistake (DELETE, refused with a
    409 while obligations or actions refer to it). The reports and actions a mandate asks for are
    their own resources (obligations, actions), each naming the mandate. ?q= searches their number,
    title and operative paragraphs, best first, each with an excerpt."""

    queryset = Mandate.objects.select_related("body").defer("search_vector")
    search_selector = mandates_matching
    excerpt_selector = mandate_excerpts
    serializer_class = MandateSerializer
    write_serializer_class = MandateWriteSerializer
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = RECORD_WRITES
    filterset_class = MandateFilter
    search_fields = ["number", "title"]
    ordering_fields = ["adoption_date", "number"]
    ordering = ["-adoption_date", "id"]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":  # a mandate's page shows its operative paragraphs; the list does not
            queryset = queryset.prefetch_related(paragraphs_with_what_they_became())
        return queryset

    def get_serializer_class(self):
        return MandateSerializer if self.action == "list" else MandateDetailSerializer

    def save_record(self, instance, *, changed, expected_version):
        return services.mandate_save(mandate=instance, by=self.request.user, expected_version=expected_version)

    def delete_record(self, instance, *, expected_version) -> None:
        services.mandate_delete(mandate=instance, by=self.request.user, expected_version=expected_version)

    @extend_schema(request=MandateWriteSerializer, responses={201: MandateDetailSerializer}, examples=examples.MANDATE)
    def create(self, request, *args, **kwargs):
        """Record a mandate. Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=MandateWriteSerializer, responses={200: MandateDetailSerializer}, examples=examples.MANDATE)
    def update(self, request, *args, **kwargs):
        """Correct a mandate (every field written). Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(request=MandateWriteSerializer, responses={200: MandateDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Correct some fields of a mandate. Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a mandate entered by mistake (409 while anything refers to it). Secretariat only."""
        return super().destroy(request, *args, **kwargs)


def due_date_checked(item, data: dict) -> None:
    """The due date as the admin's form reads it (``coordination.admin_forms.DueDateForm``): a day
    without a precision is due that day; a session only with the precision "session"; the day of a
    session's item is the session's. Refused with a 422 naming the field."""
    precision, session = item.due_precision, item.due_session_id
    errors = {}
    if precision == DatePrecision.SESSION:
        if session is None:
            errors["due_session"] = ["Choose the session this is due at, or another precision."]
    elif precision and item.due_date is None:
        errors["due_date"] = ["Give a day in the period, or clear the precision for an undated item."]
    elif not precision and item.due_date is not None:
        item.due_precision = DatePrecision.DAY
    if precision != DatePrecision.SESSION and session is not None:
        errors["due_session"] = ['A session is only used with the precision "session".']
    if errors:
        raise DomainError(errors)
    item.due_date = item.compute_due_date()


class ItemWritesMixin(ServiceWritesMixin):
    """Obligations and actions: written through ``item_save`` as in the admin; closed (mark done,
    cancel) and moved (extend) through their steps; deleted through ``item_delete``."""

    clean_exclude = ("due_date",)  # computed from the precision and the day or session written

    def check_record(self, instance, data: dict) -> None:
        due_date_checked(instance, data)
        super().check_record(instance, data)

    def save_record(self, instance, *, changed, expected_version):
        return services.item_save(
            item=instance, by=self.request.user, changed=changed, expected_version=expected_version
        )

    def delete_record(self, instance, *, expected_version) -> None:
        services.item_delete(item=instance, by=self.request.user, expected_version=expected_version)

    def _item_step(self, request, form_class, step, **fixed):
        item = self.get_object()
        expected = self.if_match(request)
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        step(item=item, by=request.user, expected_version=expected, **fixed, **form.validated_data)
        return self._answer(item)

    def _mark_done(self, request):
        return self._item_step(request, MarkDoneSerializer, services.item_mark_done)

    def _cancel(self, request):
        return self._item_step(request, CancelSerializer, services.item_cancel)

    def _extend(self, request):
        return self._item_step(request, ExtendSerializer, services.deadline_extend)


def _refused(description: str) -> OpenApiResponse:
    return OpenApiResponse(ERROR_BODY, description=description)


class ObligationFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices)

    class Meta:
        model = ReportingObligation
        fields = ["mandate", "status", "addressee"]


class ObligationViewSet(
    ItemWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, DeadlineViewSetMixin, viewsets.ModelViewSet
):
    """Reports the mandates ask of the Secretary-General, with their due dates. The secretariat
    records one (POST), corrects it (PUT, PATCH), records the report that fulfils it
    (POST .../record-report/), marks it done or cancels it without a report (.../mark-done/,
    .../cancel/), moves its deadline with a reason (.../extend/), and deletes one entered by mistake
    (DELETE). Each change of an obligation needs If-Match."""

    queryset = ReportingObligation.objects.select_related("addressee")
    serializer_class = ObligationSerializer
    write_serializer_class = ObligationWriteSerializer
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = ("record_report", "mark_done", "cancel", "extend", *RECORD_WRITES)
    filterset_class = ObligationFilter
    search_fields = ["description", "mandate__number"]
    ordering_fields = ["due_date", "updated_at"]
    ordering = ["due_date", "id"]
    http_method_names = WRITE_METHODS

    @extend_schema(
        request=ObligationWriteSerializer, responses={201: ObligationSerializer}, examples=examples.OBLIGATION
    )
    def create(self, request, *args, **kwargs):
        """Record a reporting obligation of a mandate: to whom, by when, who answers for it. Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=ObligationWriteSerializer, responses={200: ObligationSerializer})
    def update(self, request, *args, **kwargs):
        """Correct an obligation. Its status changes through its steps only. Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(request=ObligationWriteSerializer, responses={200: ObligationSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Correct some fields of an obligation. Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete an obligation entered by mistake, with its pending reminders (409 while a call or a
        document refers to it). Secretariat only."""
        return super().destroy(request, *args, **kwargs)

    @extend_schema(request=MarkDoneSerializer, responses={200: ObligationSerializer}, examples=examples.MARK_DONE)
    @action(detail=True, methods=["post"], url_path="mark-done", url_name="mark-done")
    def mark_done(self, request, pk=None):
        """Mark an open obligation done on a day (today when left out); its reminders stop. Recording
        the report (.../record-report/) does this too. Secretariat only; needs If-Match."""
        return self._mark_done(request)

    @extend_schema(request=CancelSerializer, responses={200: ObligationSerializer}, examples=examples.CANCEL)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an open obligation (no report will be made), with the reason kept in its history; its
        reminders stop. Secretariat only; needs If-Match."""
        return self._cancel(request)

    @extend_schema(request=ExtendSerializer, responses={200: ObligationSerializer}, examples=examples.EXTEND)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Move an open obligation's deadline to a day, with the reason; its reminders follow the new
        day. Secretariat only; needs If-Match."""
        return self._extend(request)

    @extend_schema(
        request=RecordReportSerializer,
        responses={200: ReportRecordedSerializer},
        examples=examples.RECORD_REPORT,
    )
    @action(detail=True, methods=["post"], url_path="record-report", url_name="record-report")
    def record_report(self, request, pk=None):
        """Record the report that fulfils the obligation, in one step: the document (one already
        recorded, or a new one from its symbol or title and its date), the obligation done, the calls
        for inputs that served it closed, and the next occurrence of a recurring obligation. Secretariat
        only; needs If-Match."""
        obligation = self.get_object()
        expected = self.if_match(request)
        form = RecordReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        recorded = services.obligation_record_report(
            obligation=obligation, by=request.user, expected_version=expected, **form.validated_data
        )
        obligations = self.get_queryset()
        self.written_object = obligations.get(pk=obligation.pk)
        following = obligations.get(pk=recorded.following.pk) if recorded.following else None
        answer = {
            "obligation": self.written_object,
            "document": recorded.document,
            "following": following,
            "calls_closed": recorded.calls_closed,
        }
        return Response(ReportRecordedSerializer(answer).data)


class ActionFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices)
    organization = RelatedIdFilter(field_name="lead_organization")
    meeting = RelatedIdFilter(field_name="origin_meeting")
    mandate = RelatedIdFilter(field_name="origin_mandate")

    class Meta:
        model = FollowUpAction
        fields = ["organization", "status", "meeting", "mandate"]


class ActionViewSet(
    ItemWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, DeadlineViewSetMixin, viewsets.ModelViewSet
):
    """Follow-up actions agreed at meetings or asked by mandates and documents. The secretariat records
    one (POST: its origin, lead and supporting organizations, due date), corrects it (PUT, PATCH), marks
    it done (.../mark-done/), cancels it (.../cancel/), moves its deadline with a reason (.../extend/) and
    deletes one entered by mistake (DELETE). A focal point of the lead organization asks to mark one
    done (POST .../request-done/); the secretariat confirms it (.../confirm-done/) or declines with a
    comment (.../decline-done/). Each change of an action needs If-Match."""

    queryset = FollowUpAction.objects.select_related("lead_organization").prefetch_related("supporting_organizations")
    serializer_class = ActionSerializer
    write_serializer_class = ActionWriteSerializer
    related_fields = ("supporting_organizations",)
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = ("confirm_done", "decline_done", "mark_done", "cancel", "extend", *RECORD_WRITES)
    focal_point_actions = ("request_done",)
    filterset_class = ActionFilter
    search_fields = ["title", "description"]
    ordering_fields = ["due_date", "title", "updated_at"]
    ordering = ["due_date", "id"]
    http_method_names = WRITE_METHODS

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer}, examples=examples.ACTION)
    def create(self, request, *args, **kwargs):
        """Record a follow-up action: one origin (a meeting, a mandate or a document), the lead and
        supporting organizations, the due date and its precision. Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses={200: ActionSerializer})
    def update(self, request, *args, **kwargs):
        """Correct an action. Its status changes through its steps only. Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses={200: ActionSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Correct some fields of an action (supporting_organizations, when named, replaces the list).
        Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete an action entered by mistake, with its pending reminders (409 while progress reports
        refer to it). Secretariat only."""
        return super().destroy(request, *args, **kwargs)

    @extend_schema(request=MarkDoneSerializer, responses={200: ActionSerializer}, examples=examples.MARK_DONE)
    @action(detail=True, methods=["post"], url_path="mark-done", url_name="mark-done")
    def mark_done(self, request, pk=None):
        """Mark an open action done on a day (today when left out); its reminders stop. Secretariat
        only; needs If-Match."""
        return self._mark_done(request)

    @extend_schema(request=CancelSerializer, responses={200: ActionSerializer}, examples=examples.CANCEL)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an open action (it will not be done), with the reason kept in its history; its reminders
        stop. Secretariat only; needs If-Match."""
        return self._cancel(request)

    @extend_schema(request=ExtendSerializer, responses={200: ActionSerializer}, examples=examples.EXTEND)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Move an open action's deadline to a day, with the reason (kept with the action); its
        reminders follow the new day. Secretariat only; needs If-Match."""
        return self._extend(request)

    def _step(self, request, form_class, step):
        action = self.get_object()
        expected = self.if_match(request)
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        step(action=action, by=request.user, expected_version=expected, **form.validated_data)
        self.written_object = self.get_queryset().get(pk=action.pk)
        return Response(ActionSerializer(self.written_object).data)

    @extend_schema(request=RequestDoneSerializer, responses={200: ActionSerializer}, examples=examples.REQUEST_DONE)
    @action(detail=True, methods=["post"], url_path="request-done", url_name="request-done")
    def request_done(self, request, pk=None):
        """Say the action is done: it waits, "done, to be confirmed", for the secretariat, and is not
        reminded meanwhile; its responsible officer is mailed. Focal points of the lead organization only;
        needs If-Match."""
        return self._step(request, RequestDoneSerializer, services.action_request_done)

    @extend_schema(request=ConfirmDoneSerializer, responses={200: ActionSerializer}, examples=examples.CONFIRM_DONE)
    @action(detail=True, methods=["post"], url_path="confirm-done", url_name="confirm-done")
    def confirm_done(self, request, pk=None):
        """Confirm an action done, to be confirmed: done on the day given (today by default); the lead
        organization's focal points are mailed. Secretariat only; needs If-Match."""
        return self._step(request, ConfirmDoneSerializer, services.action_confirm_done)

    @extend_schema(request=DeclineDoneSerializer, responses={200: ActionSerializer}, examples=examples.DECLINE_DONE)
    @action(detail=True, methods=["post"], url_path="decline-done", url_name="decline-done")
    def decline_done(self, request, pk=None):
        """Do not take an action as done: it is open again, and the lead organization's focal points are
        mailed the comment. Secretariat only; needs If-Match."""
        return self._step(request, DeclineDoneSerializer, services.action_decline_done)


class CallViewSet(ConditionalWriteMixin, IdempotentPostMixin, viewsets.ReadOnlyModelViewSet):
    """Calls for inputs: title, deadline and addressees. The secretariat opens one (POST): an input
    request per addressee, and a mail to each addressed organization's focal points; and closes it
    (POST .../close/, with If-Match)."""

    queryset = CallForInputs.objects.prefetch_related(
        Prefetch("input_requests", queryset=InputRequest.objects.only("id", "call_id", "organization_id")), "prompts"
    )
    serializer_class = CallSerializer
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = ("board", "compiled_docx", "compiled_markdown", "close")
    filterset_fields = ["status", "obligation"]
    search_fields = ["title"]
    ordering_fields = ["deadline", "title"]
    ordering = ["-deadline", "id"]

    def _for_secretariat(self):
        """A call's answers, all organizations' together: for the secretariat only."""
        return call_answers_for(self.request.user, self.get_object())

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cutoff",
                OpenApiTypes.DATE,
                description="A day (YYYY-MM-DD): also count, per report category, who had answered or declined "
                "by the end of it (in the secretariat's time zone).",
            )
        ],
        responses={
            200: BoardSerializer,
            400: _refused("The cut-off is not a day of the calendar (YYYY-MM-DD)."),
            422: _refused("The cut-off is a day outside the years the tool keeps (1900 to 2999)."),
        },
        examples=examples.BOARD,
    )
    @action(detail=True, methods=["get"])
    def board(self, request, pk=None):
        """Who has answered: counts, answers over time, and per organization its timeliness; with
        ?cutoff=, per report category who had answered by the end of that day."""
        call = self._for_secretariat()
        query = BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cutoff = query.validated_data["cutoff"]
        board = call_board(call)
        board.answers_by_day = [{"day": day, "answered": count} for day, count in board.answers_by_day]
        board.answered_by = None if cutoff is None else {"cutoff": cutoff, "categories": answered_by(board, cutoff)}
        return Response(BoardSerializer(board).data)

    @extend_schema(
        request=CallCloseSerializer,
        responses={200: CallClosedSerializer},
        examples=examples.CALL_CLOSE,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an open call: the organizations that have not answered are no longer asked (their
        requests waived with the reason, their reminders stopped); answers already in are kept.
        Secretariat only; needs If-Match."""
        call = self.get_object()
        expected = self.if_match(request)
        form = CallCloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        waived = services.call_close(
            call=call, by=request.user, reason=form.validated_data["reason"], expected_version=expected
        )
        self.written_object = self.get_queryset().get(pk=call.pk)
        return Response(CallClosedSerializer({"call": self.written_object, "waived": waived}).data)

    def _compiled(self, render, extension: str, content_type: str) -> HttpResponse:
        call = self._for_secretariat()
        response = HttpResponse(render(compilation_for(call)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-compilation.{extension}"'
        return response

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="compilation.docx")
    def compiled_docx(self, request, pk=None):
        """The call's draft report (Word), in the Secretary-General's reports' order: the accepted answers, those
        received but not yet reviewed in a marked section, and an annex of who has not answered or declined."""
        return self._compiled(compilation_docx, "docx", DOCX)

    @extend_schema(responses={(200, "text/markdown"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"], url_path="compilation.md")
    def compiled_markdown(self, request, pk=None):
        """The same draft report as Markdown."""
        return self._compiled(compilation_markdown, "md", "text/markdown; charset=utf-8")

    @extend_schema(request=CallOpenSerializer, responses={201: CallSerializer})
    def create(self, request, *args, **kwargs):
        form = CallOpenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        call = services.call_create(by=request.user, **form.validated_data)
        self.written_object = self.get_queryset().get(pk=call.pk)
        return Response(CallSerializer(self.written_object).data, status=201)


class InputRequestFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=InputRequestStatus.choices)

    class Meta:
        model = InputRequest
        fields = ["organization", "call", "status"]


class InputRequestViewSet(
    ConditionalWriteMixin, IdempotentPostMixin, DeadlineViewSetMixin, viewsets.ReadOnlyModelViewSet
):
    """One organization's part of a call: the secretariat sees all, a focal point its organizations'."""

    queryset = InputRequest.objects.select_related("organization")
    serializer_class = InputRequestSerializer
    secretariat_only_actions = ("waive",)
    filterset_class = InputRequestFilter
    ordering_fields = ["due_date", "updated_at"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())

    @extend_schema(request=DeclineSerializer, responses={200: InputRequestSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """A nil return: the organization has nothing to report. Needs If-Match."""
        input_request = self.get_object()
        form = DeclineSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        self.written_object = services.input_request_decline(
            input_request=input_request,
            by=request.user,
            reason=form.validated_data["reason"],
            expected_version=self.if_match(request),
        )
        return Response(InputRequestSerializer(self.get_queryset().get(pk=input_request.pk)).data)

    @extend_schema(
        request=WaiveSerializer,
        responses={200: InputRequestSerializer},
        examples=examples.INPUT_REQUEST_WAIVE,
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        """The secretariat stops asking the organization (answered another way, asked by mistake ...):
        the request is waived with the reason and its reminders stop. Secretariat only; needs If-Match."""
        input_request = self.get_object()
        expected = self.if_match(request)
        form = WaiveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        self.written_object = services.input_request_waive(
            input_request=input_request,
            by=request.user,
            reason=form.validated_data["reason"],
            expected_version=expected,
        )
        return Response(InputRequestSerializer(self.get_queryset().get(pk=input_request.pk)).data)


class UpdateFilter(FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=UpdateStatus.choices)
    call = RelatedIdFilter(field_name="input_request__call")

    class Meta:
        model = ActivityUpdate
        fields = ["organization", "status", "input_request", "action", "call"]


class UpdateViewSet(ConditionalWriteMixin, IdempotentPostMixin, viewsets.ModelViewSet):
    """Activity updates: the secretariat sees all, a focal point its organizations'.

    Workflow: draft → submitted → accepted, or returned (with a comment) and resubmitted. A
    submitted update is read-only for its author. Writes to an update need If-Match.
    """

    queryset = ActivityUpdate.objects.select_related("organization").prefetch_related(
        Prefetch("answers", queryset=PromptAnswer.objects.select_related("prompt")),
        Prefetch("events", queryset=UpdateEvent.objects.select_related("by")),
    )
    serializer_class = UpdateSerializer
    permission_classes = [WritesUpdates]
    filterset_class = UpdateFilter
    search_fields = ["title", "body"]
    # Newest first, always: the cursor pagination keeps a fixed order and counts nothing.
    pagination_class = NewestFirstCursorPagination
    filter_backends = [FilterBackend, SearchFilter]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        queryset = visible_to(self.request.user, super().get_queryset())
        if self.action == "list":
            # Lists leave the answers and workflow events out (fetched with each update on its own page).
            queryset = queryset.prefetch_related(None)
        return queryset

    def get_serializer_class(self):
        return UpdateListSerializer if self.action == "list" else UpdateSerializer

    def list(self, request, *args, **kwargs):
        # One query for the page, written out by a plain function (update_rows.py), not the serializer.
        rows = self.filter_queryset(self.get_queryset()).values(*UPDATE_ROW_COLUMNS)
        return self.get_paginated_response(update_rows(self.paginate_queryset(rows)))

    def _answer(self, update, status: int = 200) -> Response:
        self.written_object = update
        return Response(UpdateSerializer(self.get_queryset().get(pk=update.pk)).data, status=status)

    @extend_schema(request=UpdateWriteSerializer, responses={201: UpdateSerializer})
    def create(self, request, *args, **kwargs):
        form = UpdateWriteSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return self._answer(services.update_create(by=request.user, **form.validated_data), status=201)

    @extend_schema(request=UpdateWriteSerializer, responses={200: UpdateSerializer})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(request=UpdateWriteSerializer, responses={200: UpdateSerializer})
    def update(self, request, *args, **kwargs):
        update = self.get_object()
        expected = self.if_match(request)
        form = UpdateWriteSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        return self._answer(
            services.update_edit(update=update, by=request.user, changes=changes, expected_version=expected)
        )

    def _step(self, request, step, **arguments):
        """A workflow step on one update, with the version the client saw (If-Match)."""
        update = self.get_object()
        expected = self.if_match(request)
        return self._answer(step(update=update, by=request.user, expected_version=expected, **arguments))

    @extend_schema(request=None, responses={200: UpdateSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.update_submit)

    @extend_schema(request=None, responses={200: UpdateSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, services.update_accept)

    @extend_schema(request=ReturnSerializer, responses={200: UpdateSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        form = ReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._step(request, services.update_return, comment=form.validated_data["comment"])

    @extend_schema(request=WithdrawSerializer, responses={200: UpdateSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The secretariat takes an answer out of the record without deleting it: it leaves the
        compilation, an input request it alone answered opens again, and the reason is kept in its
        events. Secretariat only; needs If-Match."""
        form = WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._step(request, services.update_withdraw, reason=form.validated_data["reason"])
