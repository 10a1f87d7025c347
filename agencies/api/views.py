import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import viewsets

from core.api.filters import FilterSet, RelatedIdFilter
from core.api.records import ServiceWritesMixin
from core.api.schema import THE_RECORD
from core.api.writes import ConditionalWriteMixin, IdempotentPostMixin

from ..choices import OrganizationCategory
from ..models import Membership, Organization
from ..services import membership_delete, membership_save, organization_delete, organization_save
from .permissions import ReadForMembersStepsForSecretariat
from .serializers import (
    MembershipSerializer,
    MembershipWriteSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
)

# Changes and deletions reach the view whoever sends them (after the 404 and the 428): the service
# refuses anyone but the secretariat with a 403.
RECORD_WRITES = ("update", "partial_update", "destroy")
WRITE_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"]

ORGANIZATION_EXAMPLES = [
    OpenApiExample(
        "A division",
        request_only=True,
        value={"acronym": "UN DESA/PD", "name": "Population Division", "category": "secretariat", "parent": 12,
               "website": "https://www.un.org/development/desa/pd/"},
    ),
    OpenApiExample(
        "A group",
        request_only=True,
        value={"acronym": "GMG", "name": "Global Migration Group", "category": "interagency_group"},
    ),
]  # fmt: skip
MEMBERSHIP_EXAMPLES = [
    OpenApiExample(
        "Joined in 2006",
        request_only=True,
        value={"group": 41, "member": 7, "start_date": "2006-05-01", "end_date": None, "as_of": "2010-01-01"},
    ),
]


class OrganizationFilter(FilterSet):
    category = django_filters.MultipleChoiceFilter(choices=OrganizationCategory.choices)
    parent = RelatedIdFilter()

    class Meta:
        model = Organization
        fields = ["category", "parent", "acronym"]


class OrganizationViewSet(ServiceWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, viewsets.ModelViewSet):
    """Organizations: UN entities, other intergovernmental organizations, Governments, institutes,
    inter-agency groups ... The secretariat adds one (POST), corrects it (PUT, PATCH with If-Match:
    name, acronym, category, the department it belongs to) and deletes one entered by mistake
    (DELETE: refused with a 409 while anything refers to it)."""

    queryset = Organization.objects.with_report_order().select_related("parent")
    serializer_class = OrganizationSerializer
    write_serializer_class = OrganizationWriteSerializer
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = RECORD_WRITES
    filterset_class = OrganizationFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "acronym", "category_order", "updated_at"]
    ordering = ["category_order", "name"]
    http_method_names = WRITE_METHODS

    def save_record(self, instance, *, changed, expected_version):
        return organization_save(organization=instance, by=self.request.user, expected_version=expected_version)

    def delete_record(self, instance, *, expected_version) -> None:
        organization_delete(organization=instance, by=self.request.user, expected_version=expected_version)

    @extend_schema(request=OrganizationWriteSerializer, responses={201: THE_RECORD}, examples=ORGANIZATION_EXAMPLES)
    def create(self, request, *args, **kwargs):
        """Add an organization. Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=OrganizationWriteSerializer, responses={200: THE_RECORD})
    def update(self, request, *args, **kwargs):
        """Correct an organization. Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(request=OrganizationWriteSerializer, responses={200: THE_RECORD})
    def partial_update(self, request, *args, **kwargs):
        """Correct some fields of an organization. Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete an organization entered by mistake (409 while anything refers to it). Secretariat only."""
        return super().destroy(request, *args, **kwargs)


class MembershipFilter(FilterSet):
    group = RelatedIdFilter()
    member = RelatedIdFilter()
    on = django_filters.DateFilter(method="filter_on", help_text="Members on this day (YYYY-MM-DD).")

    class Meta:
        model = Membership
        fields = ["group", "member"]

    def filter_on(self, queryset, name, value):
        if value is None:
            return queryset
        started = Q(start_date__isnull=True) | Q(start_date__lte=value)
        not_ended = Q(end_date__isnull=True) | Q(end_date__gte=value)
        return queryset.filter(started & not_ended)


class MembershipViewSet(ServiceWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, viewsets.ModelViewSet):
    """Organizations' memberships of inter-agency groups (the Global Migration Group ...), with their
    dates: who is a member on a day is ``?group=41&on=2026-12-01``. The secretariat adds one (POST),
    corrects its dates (PUT, PATCH with If-Match; a membership that ended keeps its end date) and
    deletes one entered by mistake (DELETE)."""

    queryset = Membership.objects.select_related("group", "member")
    serializer_class = MembershipSerializer
    write_serializer_class = MembershipWriteSerializer
    clean_exclude = ("group",)  # the service says why a group must be an inter-agency group
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = RECORD_WRITES
    filterset_class = MembershipFilter
    search_fields = ["member__name", "member__acronym", "group__name", "group__acronym"]
    ordering_fields = ["start_date", "end_date", "updated_at"]
    ordering = ["group__name", "member__name", "id"]
    http_method_names = WRITE_METHODS

    def save_record(self, instance, *, changed, expected_version):
        return membership_save(membership=instance, by=self.request.user, expected_version=expected_version)

    def delete_record(self, instance, *, expected_version) -> None:
        membership_delete(membership=instance, by=self.request.user, expected_version=expected_version)

    @extend_schema(request=MembershipWriteSerializer, responses={201: THE_RECORD}, examples=MEMBERSHIP_EXAMPLES)
    def create(self, request, *args, **kwargs):
        """Record that an organization is (or was) a member of a group. Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=MembershipWriteSerializer, responses={200: THE_RECORD})
    def update(self, request, *args, **kwargs):
        """Correct a membership. Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(request=MembershipWriteSerializer, responses={200: THE_RECORD})
    def partial_update(self, request, *args, **kwargs):
        """Correct some fields of a membership (its end date, say). Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a membership entered by mistake. Secretariat only."""
        return super().destroy(request, *args, **kwargs)
