"""A mandate's operative paragraphs: on the mandate's page (in order, each with what it asks of whom and
the obligations, actions and meeting it became) and in a list of their own, searchable across mandates
("which resolutions ask for a report on remittances?")."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.admin import ServiceRefusalsAdminMixin, TypedLookupsAdminMixin, abbreviated
from core.admin_search import RankedSearchAdminMixin

from .. import services
from ..models import FollowUpAction, OperativeParagraph, ReportingObligation
from ..search import paragraph_excerpts, paragraphs_matching, similar_paragraphs
from .provenance import ProvenanceInline, ShownOnlyInlineFormSet, ShownOnlyInlineMixin
from .similar import similar_requests_html


def _link(url_name: str, record, label: str) -> tuple[str, str, str]:
    return label, reverse(url_name, args=[record.pk]), abbreviated(str(record), 80)


def _action_label(action) -> str:
    # "calls upon ECA and ILO to ..." becomes one action per organization, all with the same title: each
    # link says whose it is.
    lead = action.lead_organization
    return f"Follow-up action ({lead.short_name})" if lead else "Follow-up action"


def what_it_became(paragraph: OperativeParagraph) -> str:
    """Links to the records a paragraph became: its reporting obligations, its follow-up actions (each
    with its lead organization), the meeting it convenes. Reads what the caller prefetched
    (``obligations``, ``actions`` with their lead organizations, ``meeting``)."""
    rows = [
        *(_link("admin:coordination_reportingobligation_change", o, "Reporting obligation") for o in
          paragraph.obligations.all()),
        *(_link("admin:coordination_followupaction_change", a, _action_label(a)) for a in paragraph.actions.all()),
    ]  # fmt: skip
    if paragraph.meeting_id:
        rows.append(_link("admin:meetings_meeting_change", paragraph.meeting, "Meeting"))
    if not rows:
        return "Nothing recorded from it yet."
    return format_html_join(mark_safe("<br>"), '{}: <a href="{}">{}</a>', rows)


def with_what_it_became(queryset):
    obligations = Prefetch("obligations", queryset=ReportingObligation.objects.select_related("mandate__body"))
    actions = Prefetch("actions", queryset=FollowUpAction.objects.select_related("lead_organization"))
    return queryset.select_related("mandate__body", "meeting").prefetch_related(obligations, actions)


class ParagraphInline(ShownOnlyInlineMixin, admin.TabularInline):
    """The mandate's operative paragraphs, in the document's order; each opens on its own page."""

    model = OperativeParagraph
    formset = ShownOnlyInlineFormSet
    fields = ["number", "verb", "addressee", "kind", "paragraph", "became"]
    readonly_fields = fields
    show_change_link = True
    verbose_name, verbose_name_plural = "operative paragraph", "operative paragraphs (and what each became)"

    def get_queryset(self, request):
        return with_what_it_became(super().get_queryset(request)).order_by("position", "pk")

    @admin.display(description="text")
    def paragraph(self, paragraph) -> str:
        return abbreviated(paragraph.text, 240)

    @admin.display(description="became")
    def became(self, paragraph) -> str:
        return what_it_became(paragraph)


@admin.register(OperativeParagraph)
class OperativeParagraphAdmin(
    RankedSearchAdminMixin, ServiceRefusalsAdminMixin, TypedLookupsAdminMixin, admin.ModelAdmin
):
    """Every mandate's operative paragraphs, searchable by their text, verb and addressee (ranked, with
    excerpts); a paragraph's page shows the existing requests most like it."""

    search_selector = paragraphs_matching
    excerpt_selector = paragraph_excerpts

    list_display = ["__str__", "verb", "addressee_column", "kind", "text_column", "became"]
    list_filter = ["kind", ("mandate__body", admin.RelatedOnlyFieldListFilter), "verb"]
    search_fields = ["text", "addressee", "verb", "mandate__number", "mandate__title"]
    list_select_related = ["mandate__body", "meeting"]
    autocomplete_fields = ["mandate", "meeting"]
    fields = [
        "mandate", "number", "position", "verb", "addressee", "kind", "text", "meeting", "became", "similar_requests",
    ]  # fmt: skip
    readonly_fields = ["became", "similar_requests"]
    inlines = [ProvenanceInline]
    ordering = ["mandate__body__name", "mandate__number", "position"]

    def get_queryset(self, request):
        return with_what_it_became(super().get_queryset(request)).defer("search_vector")

    @admin.display(description="similar existing requests")
    def similar_requests(self, paragraph) -> str:
        if paragraph.pk is None:
            return "Shown once the paragraph is saved."
        return similar_requests_html(similar_paragraphs(paragraph.text, exclude=paragraph.pk))

    @admin.display(description="addressee", ordering="addressee")
    def addressee_column(self, paragraph) -> str:
        return abbreviated(paragraph.addressee, 60)

    @admin.display(description="text")
    def text_column(self, paragraph) -> str:
        return abbreviated(paragraph.text, 120)

    @admin.display(description="became")
    def became(self, paragraph) -> str:
        if paragraph.pk is None:
            return "—"
        return what_it_became(paragraph)

    def save_model(self, request, obj, form, change) -> None:
        services.paragraph_save(paragraph=obj, by=request.user)
        if not change or "text" in form.changed_data:
            similar = similar_paragraphs(obj.text, exclude=obj.pk)
            if similar:
                self.message_user(
                    request,
                    format_html("Similar existing requests: {}", similar_requests_html(similar)),
                    messages.WARNING,
                )

    def delete_model(self, request, obj) -> None:
        services.paragraph_delete(paragraph=obj, by=request.user)
