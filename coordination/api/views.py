import django_filters
from django.db.models import Prefetch
from rest_framework import viewsets

from ..choices import DeadlineState, InputRequestStatus, ItemStatus, UpdateStatus
from ..deadlines import secretariat_today
from ..models import ActivityUpdate, CallForInputs, FollowUpAction, InputRequest, Mandate, ReportingObligation
from ..visibility import ReadForMembersWriteForSecretariat, restricted_to_organizations
from .serializers import (
    ActionSerializer,
    CallSerializer,
    InputRequestSerializer,
    MandateSerializer,
    ObligationSerializer,
    UpdateSerializer,
)


class DeadlineFilterSet(django_filters.FilterSet):
    """Filters shared by everything with a deadline: its state (DESIGN's definition) and due-date range."""

    deadline_state = django_filters.MultipleChoiceFilter(choices=DeadlineState.choices, method="filter_deadline_state")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    def filter_deadline_state(self, queryset, name, value):
        return queryset.in_deadline_state(value, today=secretariat_today()) if value else queryset


class DeadlineViewSetMixin:
    def get_queryset(self):
        return super().get_queryset().with_deadline_state(today=secretariat_today())


class MandateFilter(django_filters.FilterSet):
    adopted_after = django_filters.DateFilter(field_name="adoption_date", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adoption_date", lookup_expr="lte")

    class Meta:
        model = Mandate
        fields = ["body", "kind", "number"]


class MandateViewSet(viewsets.ReadOnlyModelViewSet):
    """Resolutions and decisions of intergovernmental bodies."""

    queryset = Mandate.objects.select_related("body")
    serializer_class = MandateSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = MandateFilter
    search_fields = ["number", "title"]
    ordering_fields = ["adoption_date", "number"]
    ordering = ["-adoption_date", "id"]


class ObligationFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices)

    class Meta:
        model = ReportingObligation
        fields = ["mandate", "status", "addressee"]


class ObligationViewSet(DeadlineViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reports the mandates ask of the Secretary-General, with their due dates."""

    queryset = ReportingObligation.objects.select_related("addressee")
    serializer_class = ObligationSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = ObligationFilter
    search_fields = ["description", "mandate__number"]
    ordering_fields = ["due_date", "updated_at"]
    ordering = ["due_date", "id"]


class ActionFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices)
    organization = django_filters.NumberFilter(field_name="lead_organization")
    meeting = django_filters.NumberFilter(field_name="origin_meeting")
    mandate = django_filters.NumberFilter(field_name="origin_mandate")

    class Meta:
        model = FollowUpAction
        fields = ["organization", "status", "meeting", "mandate"]


class ActionViewSet(DeadlineViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Follow-up actions agreed at meetings or asked by mandates and documents."""

    queryset = FollowUpAction.objects.select_related("lead_organization").prefetch_related("supporting_organizations")
    serializer_class = ActionSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = ActionFilter
    search_fields = ["title", "description"]
    ordering_fields = ["due_date", "title", "updated_at"]
    ordering = ["due_date", "id"]


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls for inputs: title, deadline and addressees (opening one comes with the calls issue)."""

    queryset = CallForInputs.objects.prefetch_related(
        Prefetch("input_requests", queryset=InputRequest.objects.only("id", "call_id", "organization_id"))
    )
    serializer_class = CallSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_fields = ["status", "obligation"]
    search_fields = ["title"]
    ordering_fields = ["deadline", "title"]
    ordering = ["-deadline", "id"]


class InputRequestFilter(DeadlineFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=InputRequestStatus.choices)

    class Meta:
        model = InputRequest
        fields = ["organization", "call", "status"]


class InputRequestViewSet(DeadlineViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """One organization's part of a call: the secretariat sees all, a focal point its organizations'."""

    queryset = InputRequest.objects.select_related("organization")
    serializer_class = InputRequestSerializer
    filterset_class = InputRequestFilter
    ordering_fields = ["due_date", "updated_at"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return restricted_to_organizations(super().get_queryset(), self.request.user)


class UpdateFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=UpdateStatus.choices)
    call = django_filters.NumberFilter(field_name="input_request__call")

    class Meta:
        model = ActivityUpdate
        fields = ["organization", "status", "input_request", "action", "call"]


class UpdateViewSet(viewsets.ReadOnlyModelViewSet):
    """Activity updates: the secretariat sees all, a focal point its organizations'."""

    queryset = ActivityUpdate.objects.select_related("organization")
    serializer_class = UpdateSerializer
    filterset_class = UpdateFilter
    search_fields = ["title", "body"]
    ordering_fields = ["updated_at", "submitted_at"]
    ordering = ["-updated_at", "-id"]

    def get_queryset(self):
        return restricted_to_organizations(super().get_queryset(), self.request.user)
