"""Meetings, their agenda items and participants, and documents (a meeting's papers among them).

Any logged-in user reads them; the secretariat creates (``POST``, with an optional
``Idempotency-Key``), changes (``PUT``/``PATCH`` with ``If-Match``) and deletes them, through the
services the admin and the spreadsheets use (``meetings/services.py``). Agenda items, participants
and papers are resources of their own, each with its own ETag (docs/decisions/0015-api-writes.md).
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.filters import FilterSet
from core.api.records import ServiceWritesMixin
from core.api.schema import ERROR_BODY, THE_RECORD
from core.api.search import RankedSearchMixin
from core.api.writes import ConditionalWriteMixin, IdempotentPostMixin
from core.errors import NotPermitted

from .. import services
from ..choices import DocumentKind, MeetingKind, MeetingStatus, ParticipantRole
from ..models import AgendaItem, Document, Meeting, Participant
from ..search import document_excerpts, documents_matching
from . import examples
from .serializers import (
    AgendaItemSerializer,
    AgendaItemWriteSerializer,
    DocumentSerializer,
    DocumentWriteSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MeetingWriteSerializer,
    ParticipantSerializer,
    ParticipantWriteSerializer,
)


class SecretariatRecords(BasePermission):
    """Any logged-in user reads; only the secretariat writes. A creation is refused before its body is
    read; a write to one record reaches the record first, as the steps on calls and actions do: 404
    for no such record, 428 without If-Match (400 for a DELETE's empty one), and only then 403
    (``RecordWritesMixin``, the services)."""

    message = services.SECRETARIAT_ONLY

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or view.detail or services.may_record_meetings(request.user)


class RecordWritesMixin(ServiceWritesMixin, ConditionalWriteMixin, IdempotentPostMixin):
    """Create and change one kind of record through its services, which apply ``changes`` (field name
    to value) to the locked row: a view names its ``write_serializer_class``, and ``save_record(record,
    data, *, expected_version)`` (``record`` None for a new one) and ``delete_record(record, *,
    expected_version)`` calling them. ``DELETE`` and the answer (the record as a GET shows it, with its
    ETag) are ``ServiceWritesMixin``'s, as for every resource."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        form = self.write_serializer_class(data=request.data)
        form.is_valid(raise_exception=True)
        record = self.save_record(None, dict(form.validated_data), expected_version=None)
        return self._answer(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return self._change(request, partial=kwargs.get("partial", False))

    def partial_update(self, request, *args, **kwargs):
        return self._change(request, partial=True)

    def _refuse_unless_secretariat(self) -> None:
        # The service refuses too; saying so here spares a focal point the checks of a body it may not send.
        if not services.may_record_meetings(self.request.user):
            raise NotPermitted(services.SECRETARIAT_ONLY)

    def _change(self, request, *, partial: bool) -> Response:
        record = self.get_object()
        expected = self.if_match(request)
        self._refuse_unless_secretariat()
        form = self.write_serializer_class(data=request.data, partial=partial)
        form.is_valid(raise_exception=True)
        return self._answer(self.save_record(record, dict(form.validated_data), expected_version=expected))

    def save_record(self, record, data: dict, *, expected_version):  # pragma: no cover - each view defines it
        raise NotImplementedError


def _writes(resource: str, write_serializer, create_examples=(), change_examples=()):
    """The schema of a resource's writes: what each takes and answers (the record as its GET shows it,
    whatever serializer the routed view reads it with), with examples."""
    return {
        "create": extend_schema(
            request=write_serializer,
            responses={
                201: THE_RECORD,
                409: OpenApiResponse(
                    ERROR_BODY, description="A record with the same symbol or number was stored at the same moment."
                ),
            },
            examples=list(create_examples),
            description=f"Record a {resource} (secretariat only). Send an Idempotency-Key to retry safely.",
        ),
        "update": extend_schema(
            request=write_serializer,
            responses={200: THE_RECORD},
            description=f"Replace a {resource}'s fields (those left out take their defaults). Needs If-Match.",
        ),
        "partial_update": extend_schema(
            request=write_serializer,
            responses={200: THE_RECORD},
            examples=list(change_examples),
            description=f"Change the fields of a {resource} the body names. Needs If-Match.",
        ),
        "destroy": extend_schema(
            # If-Match, optional, with its 400 and 412: core.api.schema, as for every DELETE.
            responses={
                204: None,
                403: OpenApiResponse(ERROR_BODY, description="Only the secretariat deletes it."),
                409: OpenApiResponse(ERROR_BODY, description="Another record still refers to it: change that first."),
            },
            description=f"Delete a {resource} recorded by mistake, as the admin does (secretariat only).",
        ),
    }


class MeetingFilter(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["series", "organizer", "kind", "status"]


@extend_schema_view(
    **_writes(
        "meeting",
        MeetingWriteSerializer,
        create_examples=examples.MEETING_CREATE,
        change_examples=examples.MEETING_CHANGE,
    )
)
class MeetingViewSet(RecordWritesMixin, viewsets.ModelViewSet):
    """Coordination meetings, conferences, forums, workshops and hearings, held or planned. One
    meeting's page lists its agenda, participants and papers; each is written at /agenda-items/,
    /participants/ and /documents/."""

    queryset = Meeting.objects.select_related("organizer", "series").prefetch_related("co_organizers")
    serializer_class = MeetingSerializer
    detail_serializer_class = MeetingDetailSerializer  # one meeting's page, and the answer to a write
    permission_classes = [SecretariatRecords]
    write_serializer_class = MeetingWriteSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "venue"]
    ordering_fields = ["start_date", "title", "updated_at"]
    ordering = ["-start_date", "id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "agenda_items",
                Prefetch("participants", queryset=Participant.objects.select_related("organization")),
                Prefetch("documents", queryset=Document.objects.select_related("author")),
            )
        return queryset

    def get_serializer_class(self):
        return self.serializer_class if self.action == "list" else self.detail_serializer_class

    def save_record(self, record, data, *, expected_version):
        co_organizers = data.pop("co_organizers", None)
        if record is None:
            return services.meeting_save(meeting=Meeting(**data), by=self.request.user, co_organizers=co_organizers)
        return services.meeting_save(
            meeting=record,
            by=self.request.user,
            changes=data,
            co_organizers=co_organizers,
            expected_version=expected_version,
        )

    def delete_record(self, record, *, expected_version):
        services.meeting_delete(meeting=record, by=self.request.user, expected_version=expected_version)


@extend_schema_view(
    **_writes(
        "agenda item",
        AgendaItemWriteSerializer,
        create_examples=examples.AGENDA_ITEM_CREATE,
    )
)
class AgendaItemViewSet(RecordWritesMixin, viewsets.ModelViewSet):
    """Items of meetings' agendas, in order (?meeting= for one meeting's)."""

    queryset = AgendaItem.objects.all()
    serializer_class = AgendaItemSerializer
    permission_classes = [SecretariatRecords]
    write_serializer_class = AgendaItemWriteSerializer
    filterset_fields = ["meeting"]
    search_fields = ["title", "notes"]
    ordering_fields = ["position", "title", "updated_at"]
    ordering = ["meeting_id", "position", "id"]

    def save_record(self, record, data, *, expected_version):
        if record is None:
            return services.agenda_item_save(item=AgendaItem(**data), by=self.request.user)
        return services.agenda_item_save(
            item=record, by=self.request.user, changes=data, expected_version=expected_version
        )

    def delete_record(self, record, *, expected_version):
        services.agenda_item_delete(item=record, by=self.request.user, expected_version=expected_version)


class ParticipantFilter(FilterSet):
    role = django_filters.MultipleChoiceFilter(choices=ParticipantRole.choices)

    class Meta:
        model = Participant
        fields = ["meeting", "organization", "role", "agenda_item"]


@extend_schema_view(
    **_writes(
        "participant",
        ParticipantWriteSerializer,
        create_examples=examples.PARTICIPANT_CREATE,
    )
)
class ParticipantViewSet(RecordWritesMixin, viewsets.ModelViewSet):
    """Who took part in meetings, in what role (?meeting= for one meeting's)."""

    queryset = Participant.objects.select_related("organization")
    serializer_class = ParticipantSerializer
    permission_classes = [SecretariatRecords]
    write_serializer_class = ParticipantWriteSerializer
    filterset_class = ParticipantFilter
    search_fields = ["person", "function", "organization__name", "organization__acronym"]
    ordering_fields = ["person", "updated_at"]
    ordering = ["meeting_id", "organization__name", "person", "id"]

    def save_record(self, record, data, *, expected_version):
        if record is None:
            return services.participant_save(participant=Participant(**data), by=self.request.user)
        return services.participant_save(
            participant=record, by=self.request.user, changes=data, expected_version=expected_version
        )

    def delete_record(self, record, *, expected_version):
        services.participant_delete(participant=record, by=self.request.user, expected_version=expected_version)


class DocumentFilter(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=DocumentKind.choices)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    symbol = django_filters.CharFilter(field_name="symbol", lookup_expr="iexact")

    class Meta:
        model = Document
        fields = ["kind", "author", "meeting", "symbol"]


@extend_schema_view(
    **_writes(
        "document",
        DocumentWriteSerializer,
        create_examples=examples.DOCUMENT_CREATE,
        change_examples=examples.DOCUMENT_CHANGE,
    )
)
class DocumentViewSet(RankedSearchMixin, RecordWritesMixin, viewsets.ModelViewSet):
    """Resolution texts, reports, papers and letters (?meeting= for one meeting's papers;
    ?symbol= finds one by its symbol, in capitals or not; ?q= searches symbols and titles, best first)."""

    queryset = Document.objects.select_related("author").defer("search_vector")
    search_selector = documents_matching
    excerpt_selector = document_excerpts
    serializer_class = DocumentSerializer
    permission_classes = [SecretariatRecords]
    write_serializer_class = DocumentWriteSerializer
    filterset_class = DocumentFilter
    search_fields = ["symbol", "title"]
    ordering_fields = ["date", "symbol", "updated_at"]
    ordering = ["-date", "id"]

    def save_record(self, record, data, *, expected_version):
        if record is None:
            return services.document_save(document=Document(**data), by=self.request.user)
        return services.document_save(
            document=record, by=self.request.user, changes=data, expected_version=expected_version
        )

    def delete_record(self, record, *, expected_version):
        services.document_delete(document=record, by=self.request.user, expected_version=expected_version)
