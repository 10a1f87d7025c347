"""Operative paragraphs across mandates, read-only (``/api/v1/paragraphs/``): the registry's requests,
searchable with ``?q=`` ("which resolutions ask for a report on remittances?"), each with what it became
and where it was read. A paragraph is recorded and changed with its mandate (the admin, the ingest
review)."""

import django_filters
from rest_framework import serializers, viewsets

from agencies.api.permissions import ReadForMembersWriteForSecretariat
from core.api.filters import FilterSet, RelatedIdFilter
from core.api.search import ExcerptField, RankedSearchMixin

from ..choices import ParagraphKind
from ..models import OperativeParagraph
from ..search import paragraph_excerpts, paragraphs_matching
from ..selectors import what_paragraphs_became
from .serializers import ProvenanceField, WithProvenanceListSerializer


class OperativeParagraphSerializer(serializers.ModelSerializer):
    """A paragraph, with what it became (the ids of its reporting obligations, follow-up actions and the
    meeting it convenes) and its provenance (the document and paragraph it was read from)."""

    mandate_number = serializers.CharField(source="mandate.number", read_only=True)
    mandate_body = serializers.CharField(source="mandate.body.short_name", read_only=True)
    obligations = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The reporting obligations it became (/api/v1/obligations/{id}/)."
    )
    actions = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The follow-up actions it became (/api/v1/actions/{id}/)."
    )
    excerpt = ExcerptField()
    provenance = ProvenanceField()

    class Meta:
        model = OperativeParagraph
        fields = [
            "id", "mandate", "mandate_number", "mandate_body", "number", "position", "verb", "addressee", "kind",
            "text", "obligations", "actions", "meeting", "excerpt", "provenance",
        ]  # fmt: skip
        read_only_fields = fields
        list_serializer_class = WithProvenanceListSerializer


class OperativeParagraphFilter(FilterSet):
    mandate = RelatedIdFilter()
    body = RelatedIdFilter(field_name="mandate__body")
    kind = django_filters.ChoiceFilter(choices=ParagraphKind.choices)

    class Meta:
        model = OperativeParagraph
        fields = ["mandate", "body", "kind"]


class OperativeParagraphViewSet(RankedSearchMixin, viewsets.ReadOnlyModelViewSet):
    """Mandates' operative paragraphs: what each asks of whom (?mandate=, ?body=, ?kind=; ?q= searches
    their text, best first, each with an excerpt)."""

    queryset = what_paragraphs_became(OperativeParagraph.objects.select_related("mandate__body"))
    serializer_class = OperativeParagraphSerializer
    permission_classes = [ReadForMembersWriteForSecretariat]
    filterset_class = OperativeParagraphFilter
    search_fields = ["text", "addressee"]
    ordering_fields = ["position", "mandate__adoption_date"]
    ordering = ["mandate", "position", "id"]
    search_selector = paragraphs_matching
    excerpt_selector = paragraph_excerpts
