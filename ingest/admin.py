"""The ingest review queue in the admin: upload a document (text, PDF, Word), then accept or reject
what it proposes. Registered from coordination/admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from coordination.admin.similar import similar_requests_html
from coordination.models import OperativeParagraph
from coordination.search import similar_paragraphs_for
from core.admin import FormActionMixin
from core.admin_search import PageRowsAdminMixin

from .choices import ProposalKind, ProposalStatus
from .formats import check_size
from .models import IngestedDocument, Proposal
from .services import document_ingest_file, proposal_accept, proposal_reject


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="A UN document as PDF (.pdf, with its text: not a scan), Word (.docx) or plain text (.txt, UTF-8): "
        "a resolution, a report, proceedings."
    )

    def clean_file(self) -> bytes:
        uploaded = self.cleaned_data["file"]
        check_size(uploaded.size)  # before it is read into memory
        return uploaded.read()


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is wrong (wrong date, not a meeting, already recorded as ...): kept with the proposal.",
    )


@admin.register(IngestedDocument)
class IngestedDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "filename", "date", "paragraphs", "to_review", "ingested_at", "ingested_by"]
    search_fields = ["symbol", "filename"]
    list_select_related = ["ingested_by"]
    readonly_fields = [
        "document", "filename", "symbol", "date", "session", "body", "paragraphs", "ingested_by", "ingested_at",
        "file_digest", "text_digest", "text",
    ]  # fmt: skip

    def get_queryset(self, request):
        pending = Count("proposals", filter=Q(proposals__status=ProposalStatus.PENDING))
        return super().get_queryset(request).annotate(pending=pending)

    @admin.display(description="to review", ordering="pending")
    def to_review(self, ingested) -> str:
        url = reverse("admin:ingest_proposal_changelist")
        return format_html('<a href="{}?ingested__id__exact={}&status__exact=pending">{}</a>', url, ingested.pk,
                           ingested.pending)  # fmt: skip

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Upload instead of a form of fields: the reader fills everything in."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = document_ingest_file(content=form.cleaned_data["file"], filename=request.FILES["file"].name,
                                               by=request.user)  # fmt: skip
            except ValidationError as error:
                form.add_error("file", error)
            else:
                ingested = outcome.ingested
                if outcome.created:
                    pages = f" ({outcome.pages} pages, running heads and feet left out)" if outcome.pages else ""
                    found = f"{ingested}{pages}: {outcome.proposed} proposals to review."
                    self.message_user(request, found, messages.SUCCESS)
                else:
                    self.message_user(request, f"{ingested} was read before: nothing new.", messages.WARNING)
                url = reverse("admin:ingest_proposal_changelist")
                return HttpResponseRedirect(f"{url}?ingested__id__exact={ingested.pk}&status__exact=pending")
        context = {
            **self.admin_site.each_context(request),
            "title": "Read a document",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/coordination/ingest_upload.html", context)


def paragraph_text(proposal: Proposal) -> str:
    data = proposal.data if isinstance(proposal.data, dict) else {}
    return str(data.get("text") or proposal.matched_text)


def accepted_paragraph(proposal: Proposal) -> int | None:
    """The paragraph an accepted proposal became (not a duplicate of itself)."""
    if proposal.record_id and proposal.record_type_id and proposal.record_type.model_class() is OperativeParagraph:
        return proposal.record_id
    return None


@admin.register(Proposal)
class ProposalAdmin(PageRowsAdminMixin, FormActionMixin, admin.ModelAdmin):
    list_display = [
        "summary", "kind", "paragraph", "confidence", "status", "ingested", "record_link", "similar_requests",
    ]  # fmt: skip
    list_filter = ["status", "kind", ("ingested", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["matched_text", "ingested__symbol"]
    list_select_related = ["ingested", "record_type"]
    readonly_fields = [
        "ingested", "kind", "paragraph", "matched_text", "confidence", "data", "status", "reject_reason",
        "decided_by", "decided_at", "record_link", "similar_requests",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["accept", "reject"]

    def prepare_page_rows(self, request, rows: list) -> None:
        """The similar existing requests of the page's paragraphs waiting for review (any paragraph on its own
        page), in one go (docs/admin.md)."""
        own_page = len(rows) == 1
        waiting = [
            p for p in rows if p.kind == ProposalKind.PARAGRAPH and (own_page or p.status == ProposalStatus.PENDING)
        ]
        similar = similar_paragraphs_for(
            {p.pk: paragraph_text(p) for p in waiting},
            exclude={p.pk: accepted_paragraph(p) for p in rows},
        )
        for proposal in rows:
            proposal.similar = similar.get(proposal.pk)

    @admin.display(description="similar existing requests")
    def similar_requests(self, proposal) -> str:
        if not hasattr(proposal, "similar"):  # its own page
            self.prepare_page_rows(None, [proposal])
        if proposal.similar is None:  # not a paragraph, or one already decided
            return "\u2014"
        return similar_requests_html(proposal.similar)

    def has_add_permission(self, request) -> bool:
        return False  # proposals come from reading a document

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="record")
    def record_link(self, proposal) -> str:
        if not proposal.record_type_id:
            return "—"
        model = proposal.record_type
        url = reverse(f"admin:{model.app_label}_{model.model}_change", args=[proposal.record_id])
        return format_html('<a href="{}">{} #{}</a>', url, model.name, proposal.record_id)

    @admin.action(description="Accept: create or update the records")
    def accept(self, request, queryset):
        self._apply_each(
            request,
            queryset.select_related("ingested"),
            verb="Accepted",
            refused_verb="accepted",
            apply=lambda proposal: proposal_accept(proposal=proposal, by=request.user),
        )

    @admin.action(description="Reject (say why)")
    def reject(self, request, queryset):
        return self._each_with_form(
            request,
            queryset,
            form_class=RejectForm,
            title="Reject the proposals",
            verb="Rejected",
            apply=lambda proposal, data: proposal_reject(proposal=proposal, by=request.user, reason=data["reason"]),
        )
