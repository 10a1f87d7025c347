import django_filters
from rest_framework import viewsets

from core.api.filters import FilterSet, RelatedIdFilter

from ..choices import OrganizationCategory
from ..models import Organization
from .permissions import ReadForMembersWriteForSecretariat
from .serializers import OrganizationSerializer


class OrganizationFilter(FilterSet):
    category = django_filters.MultipleChoiceFilter(choices=OrganizationCategory.choices)
    parent = RelatedIdFilter()

    class Meta:
        model = Organization
        fields = ["category", "parent", "acronym"]


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organizations: UN entities, other intergovernmental organizations, Governments, institutes ..."""

    queryset = Organization.objects.with_report_order().select_related("parent")
    serializer_class = OrganizationSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = OrganizationFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "acronym", "category_order", "updated_at"]
    ordering = ["category_order", "name"]
