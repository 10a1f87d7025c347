"""The ingest review queue in the admin: upload a document (text, PDF, Word), then accept or reject
what it proposes. Registered from coordination/admin.py."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from agencies.models import Organization
from coordination.admin.similar import similar_requests_html
from coordination.models import OperativeParagraph
from coordination.search import similar_paragraphs_for
from core.admin import FormActionMixin, KeyRangeModelChoiceField
from core.admin_search import PageRowsAdminMixin
from core.admin_steps import ObjectStep, ObjectStepsMixin
from core.periods import at_precision, span_at_precision
from meetings.choices import CALENDAR_PRECISIONS

from .choices import ProposalKind, ProposalStatus
from .formats import check_size
from .matching import RecordedMatch, recorded_matches
from .models import IngestedDocument, Proposal
from .services import document_ingest_file, proposal_accept, proposal_reject, proposals_accept


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


class LeadOrganizationField(KeyRangeModelChoiceField):
    def label_from_instance(self, organization) -> str:
        # A name of 150 characters would widen the page beyond the screen (inline styles are refused by the
        # content security policy): the acronym and the name's start, the whole name in the registry.
        label = str(organization)
        return label if len(label) <= 80 else f"{label[:79].rsplit(' ', 1)[0]}…"


class AcceptForm(forms.Form):
    """Accepting one proposal on its page: for a meeting or an action recorded already, whether it is that
    one; for an action, its lead organization. Fields that do not apply to the proposal are left out."""

    record = forms.ChoiceField(label="Record", widget=forms.RadioSelect, initial="recorded")
    lead_organization = LeadOrganizationField(
        Organization.objects.order_by("name"),
        required=False,
        help_text="Needed for a new action whose request names no organization of the registry (“the United "
        "Nations system”): it leads the action and its reminders go to it.",
    )

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        initial = initial or {}
        proposal, match = initial.get("proposal"), initial.get("match")
        if match is None:
            del self.fields["record"]
        else:
            self.fields["record"].choices = [
                ("recorded", f"Already recorded: {match.label} ({match.reason}): link the paragraph to it"),
                ("new", "A new one: the text speaks of another"),
            ]
        if proposal is None or proposal.kind != ProposalKind.ACTION:
            del self.fields["lead_organization"]


def _accept_on_page(request, proposal, data) -> str:
    record = proposal_accept(
        proposal=proposal, by=request.user, lead=data.get("lead_organization"), as_new=data.get("record") == "new"
    )
    return f"Accepted: {proposal}. It is {record._meta.verbose_name} “{record}”."


def _reject_on_page(request, proposal, data) -> None:
    proposal_reject(proposal=proposal, by=request.user, reason=data["reason"])


def _pending(proposal) -> bool:
    return proposal.status == ProposalStatus.PENDING


PROPOSAL_STEPS = (
    ObjectStep(
        name="accept",
        label="Accept",
        apply=_accept_on_page,
        done="Accepted",
        form=AcceptForm,
        when=_pending,
        help="Creates or updates the record the proposal describes, with provenance (docs/ingest.md).",
        initial=lambda proposal: {
            "proposal": proposal,
            "match": recorded_matches([proposal]).get(proposal.pk),
            "record": "recorded",
        },
    ),
    ObjectStep(
        name="reject",
        label="Reject",
        apply=_reject_on_page,
        done="Rejected",
        form=RejectForm,
        when=_pending,
        help="Records nothing; the reason is kept with the proposal.",
    ),
)

# The reader's fields, as the review page labels them (docs/ingest.md); others are shown by their name.
DATA_LABELS = {
    "name": "Name", "start_date": "First day", "end_date": "Last day", "precision": "Dates stated to the",
    "venue": "Venue", "organizer": "Organizer", "body": "Body", "kind": "Kind", "role": "Role",
    "number": "Number", "adoption_date": "Adopted on", "title": "Title", "verb": "Verb",
    "addressee": "Addressed to (as stated)", "lead_organization": "Lead organization", "acronym": "Acronym",
    "key": "In the registry", "mandate": "Resolution", "recurrence": "Recurrence", "due_date": "Due",
    "due_precision": "Due date stated to the", "due_as_stated": "Due (as stated)", "target_session": "Due at session",
    "target_session_year": "Due at the session of", "target_body": "Session of", "action": "Asks to",
    "subject": "Subject", "due_note": "Note", "fulfilled_by_this_document": "Answered by this document",
    "symbol": "Symbol", "position": "Position", "text": "Text",
}  # fmt: skip
DATA_VALUES = {
    "role": {"this_document": "the document itself", "cited": "cited by it"},
    "key": {None: "no"},
}


def _value(key: str, value) -> str:
    if key in DATA_VALUES and isinstance(value, str | None) and value in DATA_VALUES[key]:
        return DATA_VALUES[key][value]
    if value is None or value == "":
        return "not stated"
    if value is True or value is False:
        return "yes" if value else "no"
    if key == "key":
        return f"yes (#{value})"
    return str(value).replace("_", " ") if key in ("precision", "due_precision", "kind") else str(value)


DATED_KINDS = (ProposalKind.MEETING, ProposalKind.ACTION, ProposalKind.OBLIGATION)


def _meeting_dates(data: dict) -> str:
    start, end = data.get("start_date"), data.get("end_date")
    if not start:
        return "not stated"
    precision = data.get("precision") if data.get("precision") in CALENDAR_PRECISIONS else "day"
    return span_at_precision(dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None, precision)


def recorded_html(match: RecordedMatch) -> str:
    record = match.record
    url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    return format_html('already recorded: <a href="{}" title="Matched on {}">{}</a>', url, match.reason, match.label)


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
class ProposalAdmin(ObjectStepsMixin, PageRowsAdminMixin, FormActionMixin, admin.ModelAdmin):
    """The review queue. A proposal is changed by its steps only (Accept, Reject: the services the list's
    actions use) and never deleted: it is the record of what the reader proposed and what the reviewer
    decided, and a wrong one is rejected with the reason (docs/ingest.md)."""

    list_display = [
        "summary", "kind", "paragraph", "confidence", "status", "ingested", "already_recorded", "record_link",
        "similar_requests",
    ]  # fmt: skip
    list_filter = ["status", "kind", ("ingested", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["matched_text", "ingested__symbol"]
    list_select_related = ["ingested", "record_type"]
    readonly_fields = [
        "ingested", "kind", "paragraph", "matched_text", "confidence", "read_as", "status", "reject_reason",
        "decided_by", "decided_at", "already_recorded", "record_link", "similar_requests",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["accept", "reject"]
    object_steps = PROPOSAL_STEPS
    change_form_template = "admin/coordination/change_form_steps.html"

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
        recorded = recorded_matches(rows)
        for proposal in rows:
            proposal.similar = similar.get(proposal.pk)
            proposal.recorded = recorded.get(proposal.pk)

    @admin.display(description="already recorded")
    def already_recorded(self, proposal) -> str:
        if not hasattr(proposal, "recorded"):  # its own page
            self.prepare_page_rows(None, [proposal])
        return recorded_html(proposal.recorded) if proposal.recorded else "\u2014"

    @admin.display(description="read as")
    def read_as(self, proposal) -> str:
        """The reader's data as labelled fields, in the order it gives them."""
        data = proposal.data if isinstance(proposal.data, dict) else {}
        rows = []
        for key, value in data.items():
            if key in ("start_date", "end_date", "precision", "due_precision") and proposal.kind in DATED_KINDS:
                continue  # one row of dates, at the precision the text states them
            rows.append((DATA_LABELS.get(key, key.replace("_", " ").capitalize()), _value(key, value)))
        if proposal.kind == ProposalKind.MEETING:
            rows.insert(1, ("Dates", _meeting_dates(data)))
        elif proposal.kind in DATED_KINDS and data.get("due_date"):
            due = dt.date.fromisoformat(data["due_date"])
            rows = [(label, at_precision(due, data.get("due_precision") or "day") if label == "Due" else shown)
                    for label, shown in rows]  # fmt: skip
        return format_html(
            '<table class="proposal-data"><tbody>{}</tbody></table>',
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
        )

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
        return False  # no form of fields: the page shows the proposal, its steps change it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_step_permission(self, request, obj) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    @admin.display(description="record")
    def record_link(self, proposal) -> str:
        if not proposal.record_type_id:
            return "—"
        model = proposal.record_type
        url = reverse(f"admin:{model.app_label}_{model.model}_change", args=[proposal.record_id])
        return format_html('<a href="{}">{} #{}</a>', url, model.name, proposal.record_id)

    @admin.action(description="Accept: create or update the records")
    def accept(self, request, queryset):
        """Each in its own transaction (``proposals_accept``); one accepted along with another of the selection
        (a paragraph with the action read from it) before its turn counts as accepted, and is named."""
        selected = list(queryset.select_related("ingested"))
        outcome = proposals_accept(proposals=selected, by=request.user)
        accepted = len(outcome.accepted) + len(outcome.along)
        if accepted:
            message = f"Accepted {accepted} of {len(selected)}."
            if outcome.along:
                names = ", ".join(f"{p.get_kind_display().lower()} {p.paragraph}" for p in outcome.along)
                message += (
                    f" {len(outcome.along)} of them along with another of the selection they belong to: {names}."
                )
            self.message_user(request, message, messages.SUCCESS)
        for proposal, reason in outcome.refused:
            self.message_user(request, f"Not accepted: {proposal}: {reason}", messages.ERROR)

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
