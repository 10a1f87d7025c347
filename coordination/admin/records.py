from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from core.admin import (
    FormActionMixin,
    HistoryAdmin,
    PageFirstAdminMixin,
    ReadOnlyAdminMixin,
    ServiceRefusalsAdminMixin,
    SpreadsheetAdminMixin,
    TypedLookupsAdminMixin,
    abbreviated,
    short_name_column,
)
from core.admin_search import RankedSearchAdminMixin
from core.admin_steps import ConfirmFirst, ObjectStep, ObjectStepsMixin
from core.periods import at_precision, reporting_period
from core.spreadsheets import CSV, XLSX
from meetings.choices import DatePrecision

from .. import services
from ..admin_forms import (
    CancelForm,
    CloseCallForm,
    ConfirmDoneForm,
    CutoffForm,
    DeclineDoneForm,
    DueDateForm,
    ExtendDeadlineForm,
    MarkDoneForm,
    NilReturnForm,
    OpenCallForm,
    RecordReceivedForm,
    RecordReportForm,
    ReturnForm,
    WaiveForm,
    WithdrawForm,
)
from ..board import CategoryCount, answered_by, call_board
from ..choices import ActionStatus, CallStatus, DeadlineState, InputRequestStatus, ItemStatus, UpdateStatus
from ..compilation import compilation_docx, compilation_for, compilation_markdown
from ..deadlines import deadline_conditions, secretariat_today
from ..models import (
    ActionEvent,
    ActivityUpdate,
    Attachment,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    Mandate,
    PromptAnswer,
    Provenance,
    ReportingObligation,
    Session,
    UpdateEvent,
)
from ..resources import (
    CallBoardResource,
    FollowUpActionResource,
    InputRequestResource,
    MandateResource,
    ReportingObligationResource,
)
from ..search import mandate_excerpts, mandates_matching
from ..selectors import call_addressees, call_addressees_preview
from ..services.items import WORKFLOW_FIELDS
from .paragraphs import ParagraphInline
from .provenance import ProvenanceInline

ITEM_MODELS = (FollowUpAction, ReportingObligation, InputRequest)
OPENING_DAY_UNKNOWN = "opening day unknown: fill the session's opening day"


def _workflow_fields(model) -> list[str]:
    """The fields of ``model`` that only a workflow step changes: shown, never edited in a form."""
    names = {field.name for field in model._meta.get_fields()}
    return sorted(WORKFLOW_FIELDS & names)


class ItemFormsetsMixin:
    """Actions, obligations and input requests edited in the rows of another record's page (a meeting,
    a mandate, a call) are stored through the items' service, like those edited on their own page."""

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model not in ITEM_MODELS:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for item in formset.deleted_objects:
            services.item_delete(item=item, by=request.user)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed() or row.instance is None:
                continue
            adding = row.instance._state.adding
            services.item_save(item=row.instance, by=request.user, changed=None if adding else row.changed_data)
        formset.save_m2m()
        return None


class WaitsForOpeningDayFilter(admin.SimpleListFilter):
    """Items due at a session whose opening day is not known: no due day, no reminders, until it is."""

    title = "due at a session"
    parameter_name = "opening_day"

    def lookups(self, request, model_admin):
        return [("unknown", "Opening day unknown")]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.filter(due_precision=DatePrecision.SESSION, due_date__isnull=True)
        return queryset


class DeadlineStateFilter(admin.SimpleListFilter):
    """Filter by the deadline state of docs/design.md, through the same conditions as the annotation."""

    title = "deadline"
    parameter_name = "deadline_state"

    def lookups(self, request, model_admin):
        return DeadlineState.choices

    def queryset(self, request, queryset):
        if self.value() in DeadlineState.values:
            return queryset.in_deadline_state(self.value(), today=secretariat_today())
        return queryset


class MandateBodyFilter(admin.RelatedFieldListFilter):
    """Items by the body that adopted the mandate asking for them: the bodies that adopted any, one index
    probe each. A choice per mandate used listed thousands at the UN's scale (40,000 mandates, about 9,000
    with actions; bench/scale.py) and took a third of a second to read; a mandate's items are on its page,
    and the list's search takes its number."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = "mandate adopted by"

    def field_choices(self, field, request, model_admin):
        adopted = Mandate.objects.filter(body=models.OuterRef("pk"))
        bodies = field.remote_field.model._default_manager.filter(models.Exists(adopted)).order_by("name")
        return [(body.pk, str(body)) for body in bodies]


class DeadlineItemAdmin(PageFirstAdminMixin, ServiceRefusalsAdminMixin, FormActionMixin, HistoryAdmin):
    """Actions, obligations and input requests: a deadline column, the deadline filter, and the
    daily actions (mark done, cancel, extend a deadline, send a reminder now), each through a service.
    The status and what closes an item are shown, not edited: they change through those steps."""

    form = DueDateForm
    actions = ["mark_done", "cancel", "extend_deadline", "send_reminder_now"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), *_workflow_fields(self.model)]

    def get_ordering(self, request):
        """By deadline: the open items with a date, the soonest due first (the overdue at the top); then
        the undated, the lapsed (overdue beyond the staleness horizon) and the closed, each the latest
        due first. A click on a column's head sorts by that column instead."""
        states = deadline_conditions(today=secretariat_today(), closed=models.Q(status__in=self.model.CLOSED_STATUSES))
        pending = ~(states[DeadlineState.CLOSED] | states[DeadlineState.LAPSED] | states[DeadlineState.UNDATED])
        rank = models.Case(
            models.When(states[DeadlineState.CLOSED], then=3),
            models.When(states[DeadlineState.LAPSED], then=2),
            models.When(states[DeadlineState.UNDATED], then=1),
            default=0,
            output_field=models.IntegerField(),
        )
        soonest = models.Case(models.When(pending, then="due_date"), output_field=models.DateField())
        return [rank.asc(), soonest.asc(nulls_last=True), models.F("due_date").desc(nulls_last=True), "-pk"]

    def save_model(self, request, obj, form, change) -> None:
        services.item_save(item=obj, by=request.user, changed=form.changed_data if change else None)

    def delete_model(self, request, obj) -> None:
        services.item_delete(item=obj, by=request.user)

    @admin.action(description="Cancel (it will not be done)")
    def cancel(self, request, queryset):
        return self._each_with_form(
            request,
            queryset,
            form_class=CancelForm,
            title="Cancel",
            verb="Cancelled",
            apply=lambda item, data: services.item_cancel(item=item, reason=data["reason"], by=request.user),
        )

    @admin.display(description="due", ordering=models.F("due_date").asc(nulls_last=True))
    def due(self, obj) -> str:
        """The due date at the precision the source gave it: "2010", "mid-2005", "Q3 2004"; due at a
        session whose opening day is not known, that said (the session's page is where to fill it)."""
        if getattr(obj, "waits_for_opening_day", False):
            return f"{obj.due_as_stated or 'at a session'} ({OPENING_DAY_UNKNOWN})"
        precision = getattr(obj, "due_precision", "") or "day"
        return at_precision(obj.due_date, precision, as_stated=getattr(obj, "due_as_stated", ""))

    @admin.display(description="deadline", ordering="due_date")
    def deadline(self, obj) -> str:
        state = obj.deadline_state_on(secretariat_today())
        if obj.due_date is None or state == DeadlineState.CLOSED:
            return state.label
        if state == DeadlineState.LAPSED:
            return format_html('<abbr title="{}">Lapsed</abbr>', state.label)
        days = (obj.due_date - secretariat_today()).days
        when = "today" if days == 0 else f"in {days} days" if days > 0 else f"{-days} days late"
        return f"{state.label} ({when})"

    @admin.action(description="Mark done (answered, for input requests)")
    def mark_done(self, request, queryset):
        return self._each_with_form(
            request,
            queryset,
            form_class=MarkDoneForm,
            title="Mark done",
            verb="Marked done",
            apply=lambda item, data: services.item_mark_done(
                item=item, completed_on=data["completed_on"], by=request.user
            ),
        )

    @admin.action(description="Extend the deadline")
    def extend_deadline(self, request, queryset):
        return self._each_with_form(
            request,
            queryset,
            form_class=ExtendDeadlineForm,
            title="Extend the deadline",
            verb="Extended",
            apply=lambda item, data: services.deadline_extend(
                item=item, new_due_date=data["new_due_date"], reason=data["reason"], by=request.user
            ),
        )

    @admin.action(description="Send a reminder now")
    def send_reminder_now(self, request, queryset):
        queued = services.reminder_send_now(items=queryset, by=request.user)
        if queued:
            self.message_user(
                request, f"{queued} reminder(s) queued; they go out with the next dispatch, within minutes."
            )
        else:
            self.message_user(
                request,
                "No reminder queued: the selected items are closed, undated, lapsed (overdue beyond the "
                "staleness horizon), or have nobody to send to "
                '(see the reminder ledger\'s "no recipient" rows).',
                messages.WARNING,
            )


class ObligationInline(TypedLookupsAdminMixin, admin.TabularInline):
    model = ReportingObligation
    form = DueDateForm
    extra = 0
    # The day first, as in the actions' rows: the precision's long labels widen the row past a laptop's screen.
    fields = ["description", "addressee", "due_date", "due_precision", "due_session", "status", "fulfilled_by"]
    readonly_fields = ["status", "fulfilled_by"]
    autocomplete_fields = ["addressee", "due_session"]
    show_change_link = True
    # Not the admin's large text box (48em by 10 rows), which pushed the rest of the row out of sight.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class ActionInline(TypedLookupsAdminMixin, admin.TabularInline):
    """Follow-up actions on the page of their origin (a meeting or a mandate)."""

    model = FollowUpAction
    form = DueDateForm
    extra = 0
    fields = [
        "title",
        "lead_organization",
        "due_date",
        "due_precision",
        "due_session",
        "status",
        "responsible_officer",
    ]
    readonly_fields = ["status"]
    autocomplete_fields = ["lead_organization", "due_session", "responsible_officer"]
    show_change_link = True


class OpeningDayFilter(admin.SimpleListFilter):
    """Sessions whose opening day is not known: the items due at them have no day until it is."""

    title = "opening day"
    parameter_name = "opening_day"

    def lookups(self, request, model_admin):
        return [("unknown", "Opening day unknown"), ("known", "Opening day known")]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.filter(opening_date__isnull=True)
        if self.value() == "known":
            return queryset.filter(opening_date__isnull=False)
        return queryset


@admin.register(Session)
class SessionAdmin(ServiceRefusalsAdminMixin, HistoryAdmin):
    """The secretariat fills in the opening day of other bodies' sessions ("Stated opening date"):
    saving gives the reports and actions due at the session their due day (services.session_save)."""

    list_display = ["__str__", short_name_column("body"), "number", "year", "opening_date"]
    list_filter = [OpeningDayFilter, "body"]
    search_fields = ["body__name", "body__acronym", "number"]
    list_select_related = ["body"]
    autocomplete_fields = ["body", "meeting"]
    readonly_fields = ["opening_date"]
    inlines = [ProvenanceInline]

    def save_model(self, request, obj, form, change) -> None:
        saved = services.session_save(session=obj, by=request.user)
        said = []
        if saved.dated:
            said.append(f"{saved.dated} item(s) due at this session now have their due day.")
        if saved.moved:
            said.append(f"{saved.moved} item(s) due at this session have a new due day.")
        if saved.waiting:
            said.append(
                f"{saved.waiting} item(s) due at this session have no due day: fill in its opening day "
                "(Stated opening date)."
            )
        if said:
            self.message_user(request, " ".join(said), messages.WARNING if saved.waiting else messages.SUCCESS)


@admin.register(Mandate)
class MandateAdmin(
    RankedSearchAdminMixin, SpreadsheetAdminMixin, ServiceRefusalsAdminMixin, ItemFormsetsMixin, HistoryAdmin
):
    resource_classes = [MandateResource]
    # The search box searches number, title and operative paragraphs, ranked, with excerpts (docs/admin.md).
    search_selector = mandates_matching
    excerpt_selector = mandate_excerpts
    list_display = ["number", "kind", short_name_column("body"), "adoption_date", "title"]
    # The bodies that adopted mandates, not every organization of the registry.
    list_filter = ["kind", ("body", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "title", "body__acronym", "document__symbol"]
    date_hierarchy = "adoption_date"
    list_select_related = ["body"]
    autocomplete_fields = ["body", "session", "document"]
    inlines = [ParagraphInline, ObligationInline, ActionInline, ProvenanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    def save_model(self, request, obj, form, change) -> None:
        services.mandate_save(mandate=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        services.mandate_delete(mandate=obj, by=request.user)


@admin.register(ReportingObligation)
class ReportingObligationAdmin(SpreadsheetAdminMixin, ObjectStepsMixin, DeadlineItemAdmin):
    resource_classes = [ReportingObligationResource]
    list_display = [
        "obligation",
        "due",
        "deadline",
        "status",
        short_name_column("addressee"),
        "responsible_officer",
        "report",
    ]
    list_filter = [
        DeadlineStateFilter,
        WaitsForOpeningDayFilter,
        "status",
        ("addressee", admin.RelatedOnlyFieldListFilter),
        ("mandate__body", MandateBodyFilter),
        "recurrence",
        "is_demo",
    ]
    search_fields = ["description", "mandate__number", "fulfilled_by__symbol", "addressee__acronym"]
    date_hierarchy = "due_date"
    list_select_related = ["mandate__body", "addressee", "responsible_officer", "fulfilled_by"]
    autocomplete_fields = [
        "mandate", "paragraph", "addressee", "due_session", "responsible_officer", "fulfilled_by",
    ]  # fmt: skip
    inlines = [ProvenanceInline]

    @admin.display(description="reporting obligation", ordering="mandate__number")
    def obligation(self, obligation):
        return abbreviated(f"Report under {obligation.mandate}: {obligation.description}", 120)

    @admin.display(description="fulfilled by", ordering="fulfilled_by__symbol")
    def report(self, obligation):
        report = obligation.fulfilled_by
        return None if report is None else abbreviated(report.symbol or report.title)

    object_steps = (
        ObjectStep(
            name="record_report",
            label="Record the report",
            done="Recorded",
            help="The report that fulfils this obligation: the obligation is marked done, the calls for inputs "
            "that served it are closed (nobody is asked or reminded any more), and a recurring obligation gets "
            "its next occurrence.",
            form=RecordReportForm,
            when=lambda obligation: obligation.status == ItemStatus.OPEN,
            apply=lambda request, obligation, data: _report_recorded(
                services.obligation_record_report(obligation=obligation, by=request.user, **data)
            ),
        ),
    )


def _report_recorded(recorded: services.ReportRecorded) -> str:
    said = [f"Recorded {recorded.document} for “{recorded.obligation}”: done."]
    if recorded.calls_closed:
        said.append(f"{recorded.calls_closed} call(s) for inputs closed.")
    if recorded.following is not None:
        following = recorded.following
        if following.waits_for_opening_day:
            said.append(f"The next report is due at {following.due_session} ({OPENING_DAY_UNKNOWN}).")
        else:
            due = at_precision(following.due_date, following.due_precision or "day", as_stated=following.due_as_stated)
            said.append(f"The next report is due {due}.")
    return " ".join(said)


class ActionEventInline(admin.TabularInline):
    """The "done, to be confirmed" exchange: who asked, who confirmed or declined, and their comments."""

    model = ActionEvent
    extra = 0
    fields = ["at", "event", "by", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "done, to be confirmed: asked, confirmed, declined"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SpreadsheetAdminMixin, ObjectStepsMixin, DeadlineItemAdmin):
    resource_classes = [FollowUpActionResource]
    inlines = [ActionEventInline, ProvenanceInline]

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)  # a new action has no exchange yet

    object_steps = (
        ObjectStep(
            name="confirm_done",
            label="Confirm done",
            done="Confirmed done",
            help="A focal point of the lead organization says this action is done (their comment is below the "
            "record): it is marked done on the day given, and the organization's focal points are told.",
            form=ConfirmDoneForm,
            when=lambda action: action.status == ActionStatus.DONE_PENDING,
            apply=lambda request, action, data: services.action_confirm_done(
                action=action, by=request.user, completed_on=data["completed_on"]
            ),
            bulk=True,
        ),
        ObjectStep(
            name="decline_done",
            label="Decline done (with a comment)",
            done="Not confirmed done",
            help="The action is not taken as done: it opens again, its reminders resume, and the lead "
            "organization's focal points receive your comment by mail.",
            form=DeclineDoneForm,
            when=lambda action: action.status == ActionStatus.DONE_PENDING,
            apply=lambda request, action, data: services.action_decline_done(
                action=action, by=request.user, comment=data["comment"]
            ),
            bulk=True,
        ),
    )
    list_display = [
        "title",
        "due",
        "deadline",
        "status",
        short_name_column("lead_organization", "lead"),
        "origin",
        "responsible_officer",
    ]
    list_filter = [
        DeadlineStateFilter,
        "status",
        "recurrence",
        ("lead_organization", admin.RelatedOnlyFieldListFilter),
        "lead_organization__category",
        "origin_meeting__series",
        ("origin_mandate__body", MandateBodyFilter),
        "is_demo",
    ]
    search_fields = [
        "title",
        "description",
        "lead_organization__name",
        "lead_organization__acronym",
        "origin_mandate__number",
        "origin_document__symbol",
        "origin_meeting__title",
    ]
    date_hierarchy = "due_date"
    list_select_related = [
        "lead_organization",
        "responsible_officer",
        "origin_meeting",
        "origin_mandate__body",
        "origin_document",
    ]
    autocomplete_fields = [
        "origin_meeting",
        "origin_mandate",
        "origin_document",
        "origin_paragraph",
        "lead_organization",
        "supporting_organizations",
        "responsible_officer",
        "due_session",
    ]

    @admin.display(description="origin")
    def origin(self, action):
        """The meeting, mandate or document it came from, by its symbol where it has one."""
        origin = action.origin
        return None if origin is None else abbreviated(getattr(origin, "symbol", "") or str(origin))


# The board's spreadsheet: the admin's own formats, which escape formulas (core.spreadsheets).
BOARD_FORMATS = {"xlsx": XLSX, "csv": CSV}


class WhileDraftInlineMixin:
    """Rows of a call that are written while it is a draft and kept as sent once it is opened."""

    def _draft(self, obj) -> bool:
        return obj is None or obj.status == CallStatus.DRAFT

    def has_add_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_delete_permission(request, obj)


class InputRequestInline(WhileDraftInlineMixin, TypedLookupsAdminMixin, admin.TabularInline):
    """The organizations a call asks: chosen by hand while it is a draft; opening adds the rest."""

    model = InputRequest
    form = DueDateForm
    extra = 0
    fields = ["organization", "status", "due_date", "declined_reason"]
    readonly_fields = ["status", "declined_reason"]
    autocomplete_fields = ["organization"]
    show_change_link = True


class CallPromptInline(WhileDraftInlineMixin, admin.TabularInline):
    """A call's questions: written while it is a draft, kept as sent once it is open."""

    model = CallPrompt
    verbose_name, verbose_name_plural = "question", "questions"
    extra = 0
    fields = ["position", "text"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}


ANSWERED_OR_DECLINED = (InputRequestStatus.ANSWERED, InputRequestStatus.DECLINED)


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


@admin.register(CallForInputs)
class CallForInputsAdmin(
    ObjectStepsMixin, ServiceRefusalsAdminMixin, ItemFormsetsMixin, FormActionMixin, HistoryAdmin
):
    list_display = ["title", "deadline", "status", "obligation", "responsible_officer"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "instructions"]
    date_hierarchy = "deadline"
    list_select_related = ["obligation__mandate__body", "responsible_officer"]
    autocomplete_fields = ["obligation", "responsible_officer"]
    inlines = [CallPromptInline, InputRequestInline]
    actions = ["compile_docx", "compile_markdown"]
    readonly_fields = ["status", "opened_at", "closed_at", "board"]
    object_steps = (
        ObjectStep(
            name="open",
            label="Open the call",
            done="Opened",
            help="Each organization below is asked (an input request, due on the call's deadline) and its active "
            "focal points receive the call by mail. Choose categories or groups to ask more, check the list, then "
            "open.",
            form=OpenCallForm,
            when=lambda call: call.status == CallStatus.DRAFT,
            template="admin/coordination/call_open.html",
            extra_context=lambda request, call, form: _open_preview(call, form),
            apply=lambda request, call, data: _open_previewed(request, call, data),
        ),
        ObjectStep(
            name="close",
            label="Close the call",
            done="Closed",
            help="The organizations that have not answered are no longer asked: their requests are waived with the "
            "reason below and their reminders stop. The answers already in are kept.",
            form=CloseCallForm,
            when=lambda call: call.status == CallStatus.OPEN,
            apply=lambda request, call, data: (
                f"Closed “{call}”: {services.call_close(call=call, by=request.user, reason=data['reason'])} "
                "request(s) still open were waived."
            ),
            bulk=True,
        ),
    )

    def get_urls(self):
        answered_by = path(
            "<path:object_id>/answered-by/",
            self.admin_site.admin_view(self.answered_by_view),
            name="coordination_callforinputs_answered_by",
        )
        board_export = path(
            "<path:object_id>/board.<str:extension>",
            self.admin_site.admin_view(self.board_export_view),
            name="coordination_callforinputs_board_export",
        )
        return [answered_by, board_export, *super().get_urls()]

    def object_links(self, obj) -> list[dict]:
        if obj.status == CallStatus.DRAFT:
            return []
        return [
            {
                "label": "Answered by a date",
                "url": reverse("admin:coordination_callforinputs_answered_by", args=[obj.pk]),
            },
            *(
                {
                    "label": f"The board as a spreadsheet ({extension.upper()})",
                    "url": reverse("admin:coordination_callforinputs_board_export", args=[obj.pk, extension]),
                }
                for extension in BOARD_FORMATS
            ),
        ]

    def board_export_view(self, request, object_id, extension):
        """The call's board, one row per organization asked, as the call's page shows it (export only)."""
        call = self.get_object(request, unquote(object_id))
        if call is None or extension not in BOARD_FORMATS:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, call):
            raise PermissionDenied
        file_format = BOARD_FORMATS[extension]()
        data = file_format.export_data(CallBoardResource().export(call_board(call).rows))
        response = HttpResponse(data, content_type=file_format.get_content_type())
        filename = f"call-{call.pk}-board-{secretariat_today():%Y-%m-%d}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def answered_by_view(self, request, object_id):
        """Who had answered by a cut-off day, per report category ("Governments: 64 of 120")."""
        call = self.get_object(request, unquote(object_id))
        if call is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = CutoffForm(request.GET or None, initial={"cutoff": secretariat_today()})
        cutoff = form.cleaned_data["cutoff"] if form.is_valid() else secretariat_today()
        board = call_board(call)
        counts = answered_by(board, cutoff)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Answered by {cutoff:%d %B %Y}: {call}",
            "opts": self.opts,
            "object": call,
            "form": form,
            "cutoff": cutoff,
            "counts": counts,
            "total": CategoryCount("", "All organizations asked", *(sum(getattr(c, n) for c in counts)
                                                                    for n in ("asked", "answered", "declined"))),
            "rows": [row for row in board.rows if row.answered_on and row.answered_on <= cutoff
                     and row.request.status == InputRequestStatus.ANSWERED],
            "change_url": reverse("admin:coordination_callforinputs_change", args=[call.pk]),
        }  # fmt: skip
        return TemplateResponse(request, "admin/coordination/call_answered_by.html", context)

    def save_model(self, request, obj, form, change) -> None:
        services.call_save(call=obj, by=request.user, changed=form.changed_data if change else None)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not CallPrompt:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # lists the rows changed, for the history message; writes nothing
        # The questions, in their order, replace the draft's: one service call for the whole list.
        rows = [row for row in formset.forms if row not in formset.deleted_forms and row.cleaned_data.get("text")]
        rows.sort(key=lambda row: row.cleaned_data.get("position") or 0)
        if formset.has_changed():
            services.call_prompts_set(
                call=form.instance, texts=[row.cleaned_data["text"] for row in rows], by=request.user
            )
        return None

    def delete_model(self, request, obj) -> None:
        services.call_delete(call=obj, by=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or obj.status == CallStatus.DRAFT) and super().has_delete_permission(request, obj)

    @admin.display(description="who has answered")
    def board(self, call) -> str:
        if call.pk is None:
            return "Shown once the call is saved."
        board = call_board(call)
        summary = format_html(
            "<p><strong>{} of {}</strong> answered, {} declined (nil return), {} waived, {} late without an answer."
            "</p><p>Answers over time: {}</p>",
            board.answered, board.asked, board.declined, board.waived, board.late,
            ", ".join(f"{count} by {_day(day)}" for day, count in board.answers_by_day) or "none yet",
        )  # fmt: skip
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    row.request.organization,
                    row.request.get_status_display(),
                    _day(row.answered_on) if row.request.status in ANSWERED_OR_DECLINED else "",
                    row.days_late or "",
                    row.reminders,
                    row.rounds_returned,
                )
                for row in board.rows
            ),
        )
        return format_html(
            "{}<table><thead><tr><th>organization</th><th>status</th><th>answered on</th><th>days late</th>"
            "<th>reminders sent</th><th>rounds returned</th></tr></thead><tbody>{}</tbody></table>",
            summary,
            rows,
        )

    def _compile(self, request, queryset, *, render, extension: str, content_type: str):
        if len(queryset) != 1:
            self.message_user(request, "Choose one call to compile.", messages.WARNING)
            return None
        call = queryset[0]
        response = HttpResponse(render(compilation_for(call)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-compilation.{extension}"'
        return response

    @admin.action(description="Compile the draft report (Word)")
    def compile_docx(self, request, queryset):
        return self._compile(
            request,
            queryset,
            render=compilation_docx,
            extension="docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    @admin.action(description="Compile the draft report (Markdown)")
    def compile_markdown(self, request, queryset):
        return self._compile(
            request, queryset, render=compilation_markdown, extension="md", content_type="text/markdown; charset=utf-8"
        )


def _selection(call, data: dict) -> dict:
    """Whom the open step would ask: the organizations listed on the draft, and the categories and groups chosen."""
    return {
        "organizations": [request.organization for request in call.input_requests.select_related("organization")],
        "categories": data.get("categories") or [],
        "groups": data.get("groups") or [],
    }


def _signature(call, data: dict) -> str:
    chosen = _selection(call, data)
    parts = [*sorted(chosen["categories"]), *sorted(str(group.pk) for group in chosen["groups"])]
    return ",".join(parts) or "-"


def _open_preview(call, form) -> dict:
    # The selection as read, also when the page is drawn again to be checked (a non-field error then).
    data = getattr(form, "cleaned_data", {}) if form is not None and form.is_bound else {}
    addressees = call_addressees_preview(**_selection(call, data), on=secretariat_today())
    return {
        "addressees": addressees,
        "without_focal_point": sum(1 for row in addressees if not row.focal_points),
        "previewed": _signature(call, data) if form is not None and form.is_bound else "",
    }


def _open_previewed(request, call, data: dict) -> str:
    if request.POST.get("previewed") != _signature(call, data):
        raise ConfirmFirst("Check who will be asked in the list below, then press “Open the call” again.")
    addressees = call_addressees(**_selection(call, data), on=secretariat_today())
    asked = services.call_open(call=call, addressees=addressees, by=request.user)
    return f"Opened “{call}”: {len(addressees)} organization(s) asked, {len(asked)} new request(s)."


@admin.register(InputRequest)
class InputRequestAdmin(SpreadsheetAdminMixin, ObjectStepsMixin, DeadlineItemAdmin):
    resource_classes = [InputRequestResource]
    list_display = [short_name_column("organization"), "call", "due", "deadline", "status"]
    list_filter = [
        DeadlineStateFilter,
        "status",
        ("organization", admin.RelatedOnlyFieldListFilter),
        "organization__category",
        ("call", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["organization__name", "organization__acronym", "call__title"]
    date_hierarchy = "due_date"
    list_select_related = ["organization", "call"]
    headline_fields = ("call", "organization")  # a request is one organization's share of a call
    autocomplete_fields = ["call", "organization", "due_session"]
    object_steps = (
        ObjectStep(
            name="waive",
            label="Waive",
            done="Waived",
            help="The organization is no longer asked: the request closes as waived, with the reason, and its "
            "reminders stop. It no longer counts among the answers expected.",
            form=WaiveForm,
            when=lambda request: request.status == InputRequestStatus.OPEN,
            apply=lambda request, item, data: services.input_request_waive(
                input_request=item, by=request.user, reason=data["reason"]
            ),
            bulk=True,
        ),
        ObjectStep(
            name="nil_return",
            label="Record a nil return",
            done="Recorded as declined",
            help="The organization said, by e-mail or letter, that it has nothing to report: the request closes "
            "as declined with its reason, and its reminders stop.",
            form=NilReturnForm,
            when=lambda request: request.status == InputRequestStatus.OPEN,
            apply=lambda request, item, data: services.input_request_decline(
                input_request=item, by=request.user, reason=data["reason"]
            ),
            bulk=True,
        ),
    )


class UpdateEventInline(admin.TabularInline):
    model = UpdateEvent
    extra = 0
    fields = ["at", "event", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    """The files an organization sent with its update (downloaded through the application only)."""

    model = Attachment
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="file")
    def download(self, attachment) -> str:
        return format_html('<a href="{}">{}</a>', reverse("my-attachment", args=[attachment.pk]), attachment)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "update", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "update__title", "update__organization__acronym"]
    list_select_related = ["update__organization", "uploaded_by"]
    readonly_fields = ["update", "download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    fields = readonly_fields

    @admin.display(description="file")
    def download(self, attachment) -> str:
        return AttachmentInline.download(self, attachment)


class PromptAnswerInline(admin.StackedInline):
    """The update's texts for its call's questions (only those questions are offered)."""

    model = PromptAnswer
    verbose_name, verbose_name_plural = "answer to a question", "answers to the call's questions"
    extra = 0
    fields = ["prompt", "text"]

    def get_formset(self, request, obj=None, **kwargs):
        self._call_id = obj.input_request.call_id if obj is not None and obj.input_request_id else None
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "prompt":
            kwargs["queryset"] = CallPrompt.objects.filter(call_id=getattr(self, "_call_id", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CallPrompt)
class CallPromptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every call's questions, searchable: "which call asked about remittances?"."""

    list_display = ["text", "position", "call"]
    list_filter = ["call__status"]
    search_fields = ["text", "call__title"]
    list_select_related = ["call"]
    readonly_fields = ["call"]


@admin.register(PromptAnswer)
class PromptAnswerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The organizations' texts for the calls' questions, searchable across calls."""

    list_display = ["prompt", "organization", "update"]
    list_filter = ["update__status", "prompt__call__status"]
    search_fields = ["text", "prompt__text", "update__organization__acronym", "update__organization__name"]
    list_select_related = ["prompt", "update__organization"]
    readonly_fields = ["update", "prompt"]
    fields = ["update", "prompt", "text"]

    @admin.display(description="organization", ordering="update__organization__name")
    def organization(self, answer) -> str:
        return str(answer.update.organization)


UPDATE_STEPS = (
    ObjectStep(
        name="accept",
        label="Accept",
        done="Accepted",
        help="The answer goes into the compilation as it is.",
        when=lambda update: update.status == UpdateStatus.SUBMITTED,
        apply=lambda request, update, data: services.update_accept(update=update, by=request.user),
        bulk=True,
    ),
    ObjectStep(
        name="return",
        label="Return with a comment",
        done="Returned",
        help="The answer goes back to its organization, whose focal points receive the comment by mail; its "
        "input request is open again until they submit a revised answer.",
        form=ReturnForm,
        when=lambda update: update.status == UpdateStatus.SUBMITTED,
        apply=lambda request, update, data: services.update_return(
            update=update, by=request.user, comment=data["comment"]
        ),
        bulk=True,
    ),
    ObjectStep(
        name="submit",
        label="Submit on the organization's behalf",
        done="Submitted",
        help="For a draft or a returned answer whose final text the organization sent by e-mail or letter: "
        "it is submitted as the organization's answer, and its input request counts as answered today.",
        when=lambda update: update.status in services.EDITABLE_BY_AUTHOR,
        apply=lambda request, update, data: services.update_submit(update=update, by=request.user),
    ),
    ObjectStep(
        name="withdraw",
        label="Withdraw",
        done="Withdrawn",
        help="The answer no longer counts: it leaves the compilation, and an input request it alone answered "
        "is open again. It is kept, with its files, marked withdrawn with your name and the reason.",
        form=WithdrawForm,
        when=lambda update: update.status != UpdateStatus.WITHDRAWN,
        apply=lambda request, update, data: services.update_withdraw(
            update=update, by=request.user, reason=data["reason"]
        ),
        bulk=True,
    ),
)


@admin.register(ActivityUpdate)
class ActivityUpdateAdmin(ObjectStepsMixin, ServiceRefusalsAdminMixin, FormActionMixin, HistoryAdmin):
    """Answers and activity updates. Adding one here records an answer that came by e-mail or letter
    (submitted at once, counted on the day it was received, with its files); the review is a step:
    Accept, or Return with a comment (mailed to the focal points). Nothing is deleted here: an answer
    that should not count is withdrawn, and kept. The status and what the workflow records are shown,
    never edited."""

    list_display = ["title", "status", short_name_column("organization"), "received_via", "received", "period"]
    list_filter = ["status", "received_via", "organization__category", "is_demo"]
    search_fields = ["title", "body", "organization__name", "organization__acronym"]
    list_select_related = ["organization", "document"]
    autocomplete_fields = ["organization", "input_request", "action", "document", "meeting"]
    inlines = [PromptAnswerInline, UpdateEventInline, AttachmentInline, ProvenanceInline]
    actions: list[str] = []
    object_steps = UPDATE_STEPS
    add_form = RecordReceivedForm
    add_fields = [
        "organization",
        "input_request",
        "received_via",
        "received_on",
        "title",
        "body",
        "period_start",
        "period_end",
        "attachments",
    ]
    # Who, how and when the answer came, and where the workflow stands: written by the steps.
    workflow_fields = [
        "organization",
        "author",
        "input_request",
        "received_via",
        "received_on",
        "status",
        "submitted_at",
        "return_comment",
    ]

    @admin.display(description="received", ordering="submitted_at")
    def received(self, update) -> str:
        day = update.received_on or (update.submitted_at and secretariat_today(update.submitted_at))
        return at_precision(day, "day") if day else ""

    @admin.display(description="reporting period", ordering="period_start")
    def period(self, update) -> str:
        return reporting_period(update.period_start, update.period_end)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            fields = [name for name in self.add_fields if name != "attachments"]
            kwargs = {**kwargs, "form": self.add_form, "fields": fields}
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": self.add_fields})]
        return [
            (None, {"fields": ["title", "body", "period_start", "period_end"]}),
            ("Where it stands and how it came", {"fields": self.workflow_fields}),
            ("What it reports on", {"fields": ["action", "document", "meeting"]}),
            ("Record", {"fields": ["seed_key", "is_demo"], "classes": ["collapse"]}),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        title = "Record an answer received by e-mail or letter"
        return super().add_view(request, form_url, {**(extra_context or {}), "title": title})

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [] if obj is None else [*super().get_readonly_fields(request, obj), *self.workflow_fields]

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            data = form.cleaned_data
            fields = {name: data.get(name) for name in self.add_fields if name != "attachments"}
            recorded = services.update_record_received(by=request.user, **fields)
            for uploaded in data.get("attachments") or ():
                services.attachment_add(update=recorded, uploaded=uploaded, by=request.user)
            obj.pk, obj._state.adding = recorded.pk, False
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            services.update_edit(update=obj, by=request.user, changes=changes)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not PromptAnswer:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # lists the rows changed, for the history message; writes nothing
        if formset.has_changed():
            answers = {
                row.cleaned_data["prompt"].pk: "" if row in formset.deleted_forms else row.cleaned_data["text"]
                for row in formset.forms
                if row.cleaned_data.get("prompt") is not None
            }
            services.update_edit(update=form.instance, by=request.user, changes={"answers": answers})
        return None

    def has_delete_permission(self, request, obj=None) -> bool:
        # Answers are withdrawn, never deleted, here; a focal point deletes its own draft on its page.
        return False


@admin.register(UpdateEvent)
class UpdateEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "update", "event", "by", "comment"]
    list_filter = ["event"]
    search_fields = ["update__title", "by__username", "comment"]
    list_select_related = ["update__organization", "by"]
    readonly_fields = ["update", "event", "by", "at", "comment"]


@admin.register(ActionEvent)
class ActionEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every "done, to be confirmed" exchange on the actions: who asked, confirmed or declined, and why."""

    list_display = ["at", "action", "event", "by", "comment"]
    list_filter = ["event"]
    search_fields = ["action__title", "by__username", "comment"]
    list_select_related = ["action", "by"]
    readonly_fields = ["action", "event", "by", "at", "comment"]


@admin.register(Provenance)
class ProvenanceAdmin(TypedLookupsAdminMixin, admin.ModelAdmin):
    list_display = ["record_label", "content_type", "document", "paragraph", "field", "value_as_stated"]
    list_filter = ["content_type", "document"]
    search_fields = ["paragraph", "field", "value_as_stated", "document__symbol"]
    list_select_related = ["content_type", "document"]
    autocomplete_fields = ["document"]

    @admin.display(description="record")
    def record_label(self, obj) -> str:
        return f"{obj.content_type.model} #{obj.object_id}"
