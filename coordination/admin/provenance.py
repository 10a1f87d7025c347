"""Where a record's facts come from, on the record's own page: the provenance rows (document,
paragraph, the value as the source stated it) of a mandate, an obligation, an action, a meeting, an
organization ... in one read-only inline, the same on every page.

Rows shown are never posted back: the inline's formset is unbound whatever the request carries, valid,
and saves nothing, so a page's form posted without them (a test's, a script's, an older browser tab's)
is read exactly as before the inline was added.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from ..models import Provenance


class ShownOnlyFormSetMixin:
    """Rows shown, never read from a POST: unbound, valid, saving nothing."""

    def __init__(self, data=None, files=None, **kwargs) -> None:
        super().__init__(None, None, **kwargs)

    def is_valid(self) -> bool:
        return True

    def has_changed(self) -> bool:
        return False

    def save(self, commit: bool = True) -> list:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []

    def save_m2m(self) -> None:
        pass


class ShownOnlyGenericFormSet(ShownOnlyFormSetMixin, BaseGenericInlineFormSet):
    pass


class ShownOnlyInlineFormSet(ShownOnlyFormSetMixin, BaseInlineFormSet):
    pass


class ShownOnlyInlineMixin:
    """An inline that lists rows on a record's page: nothing added, changed or deleted there, and not
    drawn on the add page (a new record has none)."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is not None and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        # Whether the rows are shown is decided with the record (has_view_permission(request, obj)):
        # InlineModelAdmin's own check, asked without it, would empty them.
        return admin.options.BaseModelAdmin.get_queryset(self, request)


def document_link(document) -> str:
    label = document.symbol or document.title or f"document #{document.pk}"
    return format_html('<a href="{}">{}</a>', reverse("admin:meetings_document_change", args=[document.pk]), label)


class ProvenanceInline(ShownOnlyInlineMixin, GenericTabularInline):
    """The record's provenance: each statement of a source about it, with the document and paragraph."""

    model = Provenance
    formset = ShownOnlyGenericFormSet
    ct_field, ct_fk_field = "content_type", "object_id"
    fields = ["source", "paragraph", "supports", "value_as_stated", "note"]
    readonly_fields = fields
    verbose_name, verbose_name_plural = "source", "provenance: where this comes from (document, paragraph, as stated)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")

    @admin.display(description="document")
    def source(self, statement) -> str:
        return document_link(statement.document)

    @admin.display(description="supports")
    def supports(self, statement) -> str:
        return what_it_supports(statement)


# What a statement read by the reader supports (its ``field`` is "ingest:<kind of proposal>").
READ_AS = {
    "mandate": "the mandate, as read",
    "paragraph": "the paragraph, as read",
    "obligation": "the reporting obligation, as read",
    "action": "the follow-up action, as read",
    "meeting": "the meeting, as read",
    "organization": "the organization, as read",
    "symbol": "the document cited, as read",
}


def what_it_supports(statement: Provenance) -> str:
    """The record's fact a statement supports, in words: a field by its label ("adoption date"), what the
    reader proposed from it ("the mandate, as read"), or the record as a whole (a document that mentions
    it) when it names no field."""
    field = statement.field
    if not field:
        return "the record (mentioned)"
    if field.startswith("ingest:"):
        kind = field.removeprefix("ingest:")
        return READ_AS.get(kind, f"the {kind.replace('_', ' ')}, as read")
    model = ContentType.objects.get_for_id(statement.content_type_id).model_class()
    try:
        return str(model._meta.get_field(field).verbose_name) if model else field
    except FieldDoesNotExist:
        return field.replace("_", " ")
