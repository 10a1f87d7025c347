"""The organizations', memberships', meetings', agenda items', participants' and documents' resources,
with where their facts come from: each record's ``provenance`` (document, paragraph, field, value as
stated), as mandates, obligations and actions show theirs, and as their admin pages do.

agencies/ and meetings/ know nothing of coordination/, where provenance is kept; here their
serializers and views are extended and routed in place of theirs (config/api_router.py), as
coordination/admin/extensions.py does for their admin pages. The URLs, permissions, filters and writes
stay theirs; a list reads its page's provenance in one query, whatever the page's size.

The extended serializers keep their bases' names, so the schema's components keep theirs ("Meeting",
"Document" ...); a write answers with the record as the routed view reads it
(``core.api.schema.THE_RECORD``), its provenance included.
"""

from __future__ import annotations

from rest_framework import serializers

from agencies.api import serializers as agencies_serializers
from agencies.api import views as agencies_views
from meetings.api import serializers as meetings_serializers
from meetings.api import views as meetings_views

from .serializers import ProvenanceField, WithProvenanceListSerializer


def with_provenance(serializer: type[serializers.ModelSerializer], **fields) -> type[serializers.ModelSerializer]:
    """``serializer`` with the record's provenance as its last field (and ``fields`` in place of its own
    of the same names), under the same name."""
    meta = type(
        "Meta",
        (serializer.Meta,),
        {
            "fields": [*serializer.Meta.fields, "provenance"],
            "read_only_fields": [*serializer.Meta.fields, "provenance"],
            "list_serializer_class": WithProvenanceListSerializer,
        },
    )
    attributes = {"__module__": __name__, "__doc__": serializer.__doc__, "Meta": meta, "provenance": ProvenanceField()}
    return type(serializer.__name__, (serializer,), {**attributes, **fields})


OrganizationSerializer = with_provenance(agencies_serializers.OrganizationSerializer)
MembershipSerializer = with_provenance(agencies_serializers.MembershipSerializer)
AgendaItemSerializer = with_provenance(meetings_serializers.AgendaItemSerializer)
ParticipantSerializer = with_provenance(meetings_serializers.ParticipantSerializer)
DocumentSerializer = with_provenance(meetings_serializers.DocumentSerializer)
MeetingSerializer = with_provenance(meetings_serializers.MeetingSerializer)
# One meeting's page: its agenda, participants and papers as their own resources show them (one query
# more for each list's provenance).
MeetingDetailSerializer = with_provenance(
    meetings_serializers.MeetingDetailSerializer,
    agenda_items=AgendaItemSerializer(many=True, read_only=True),
    participants=ParticipantSerializer(many=True, read_only=True),
    papers=DocumentSerializer(many=True, read_only=True, source="documents"),
)


def _routed(view: type, **serializers_of) -> type:
    """``view`` answering with the serializers given, under the same name and description."""
    return type(view.__name__, (view,), {"__module__": __name__, "__doc__": view.__doc__, **serializers_of})


OrganizationViewSet = _routed(agencies_views.OrganizationViewSet, serializer_class=OrganizationSerializer)
MembershipViewSet = _routed(agencies_views.MembershipViewSet, serializer_class=MembershipSerializer)
MeetingViewSet = _routed(
    meetings_views.MeetingViewSet,
    serializer_class=MeetingSerializer,
    detail_serializer_class=MeetingDetailSerializer,
)
AgendaItemViewSet = _routed(meetings_views.AgendaItemViewSet, serializer_class=AgendaItemSerializer)
ParticipantViewSet = _routed(meetings_views.ParticipantViewSet, serializer_class=ParticipantSerializer)
DocumentViewSet = _routed(meetings_views.DocumentViewSet, serializer_class=DocumentSerializer)
