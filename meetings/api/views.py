import django_filters
from rest_framework import viewsets

from agencies.api.permissions import ReadForMembersWriteForSecretariat
from core.api.filters import FilterSet

from ..choices import MeetingKind, MeetingStatus
from ..models import Meeting
from .serializers import MeetingSerializer


class MeetingFilter(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["series", "organizer", "kind", "status"]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Coordination meetings, conferences, forums, workshops and hearings, held or planned."""

    queryset = Meeting.objects.select_related("organizer", "series")
    serializer_class = MeetingSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = MeetingFilter
    search_fields = ["title", "venue"]
    ordering_fields = ["start_date", "title", "updated_at"]
    ordering = ["-start_date", "id"]
