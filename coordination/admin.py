from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .choices import DeadlineState
from .deadlines import secretariat_today
from .models import (
    ActivityUpdate,
    CalendarFeed,
    CallForInputs,
    DeadlineExtension,
    FollowUpAction,
    IdempotencyRecord,
    InputRequest,
    Mandate,
    OutboxMessage,
    Provenance,
    ReminderDelivery,
    ReminderEntry,
    ReminderPolicy,
    ReminderRun,
    ReportingObligation,
    Session,
    UpdateEvent,
)
from .reminders.calendars import calendar_feed_create


class DeadlineStateFilter(admin.SimpleListFilter):
    """Filter by DESIGN's deadline state, through the same conditions as the annotation."""

    title = "deadline"
    parameter_name = "deadline_state"

    def lookups(self, request, model_admin):
        return DeadlineState.choices

    def queryset(self, request, queryset):
        if self.value() in DeadlineState.values:
            return queryset.in_deadline_state(self.value(), today=secretariat_today())
        return queryset


class DeadlineColumnsMixin:
    @admin.display(description="deadline", ordering="due_date")
    def deadline(self, obj) -> str:
        state = obj.deadline_state_on(secretariat_today())
        if obj.due_date is None or state == DeadlineState.CLOSED:
            return state.label
        days = (obj.due_date - secretariat_today()).days
        when = f"in {days} days" if days >= 0 else f"{-days} days late"
        return f"{state.label} ({when})"


class ObligationInline(admin.TabularInline):
    model = ReportingObligation
    extra = 0
    fields = ["description", "addressee", "due_precision", "due_session", "due_date", "status", "fulfilled_by"]
    autocomplete_fields = ["addressee", "due_session", "fulfilled_by"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "number", "year", "opening_date"]
    list_filter = ["body"]
    search_fields = ["body__name", "body__acronym", "number"]
    list_select_related = ["body"]
    autocomplete_fields = ["body", "meeting"]
    readonly_fields = ["opening_date"]


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "body", "adoption_date", "title"]
    list_filter = ["kind", "body"]
    search_fields = ["number", "title", "body__acronym"]
    date_hierarchy = "adoption_date"
    list_select_related = ["body"]
    autocomplete_fields = ["body", "session", "document"]
    inlines = [ObligationInline]


@admin.register(ReportingObligation)
class ReportingObligationAdmin(DeadlineColumnsMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "addressee", "due_date", "deadline", "status", "responsible_officer", "fulfilled_by"]
    list_filter = [DeadlineStateFilter, "status", "recurrence", "is_demo"]
    search_fields = ["description", "mandate__number", "fulfilled_by__symbol"]
    date_hierarchy = "due_date"
    list_select_related = ["mandate__body", "addressee", "responsible_officer", "fulfilled_by"]
    autocomplete_fields = ["mandate", "addressee", "due_session", "responsible_officer", "fulfilled_by"]
    readonly_fields = ["due_date"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(DeadlineColumnsMixin, SimpleHistoryAdmin):
    list_display = ["title", "lead_organization", "due_date", "deadline", "status", "responsible_officer"]
    list_filter = [DeadlineStateFilter, "status", "lead_organization__category", "is_demo"]
    search_fields = ["title", "description", "lead_organization__name", "lead_organization__acronym"]
    date_hierarchy = "due_date"
    list_select_related = ["lead_organization", "responsible_officer"]
    autocomplete_fields = [
        "origin_meeting",
        "origin_mandate",
        "origin_document",
        "lead_organization",
        "supporting_organizations",
        "responsible_officer",
        "due_session",
    ]
    readonly_fields = ["due_date"]


class InputRequestInline(admin.TabularInline):
    model = InputRequest
    extra = 0
    fields = ["organization", "status", "due_date", "declined_reason"]
    readonly_fields = ["due_date"]
    autocomplete_fields = ["organization"]


@admin.register(CallForInputs)
class CallForInputsAdmin(SimpleHistoryAdmin):
    list_display = ["title", "deadline", "status", "obligation", "responsible_officer"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "instructions"]
    date_hierarchy = "deadline"
    list_select_related = ["obligation__mandate__body", "responsible_officer"]
    autocomplete_fields = ["obligation", "responsible_officer"]
    inlines = [InputRequestInline]


@admin.register(InputRequest)
class InputRequestAdmin(DeadlineColumnsMixin, SimpleHistoryAdmin):
    list_display = ["organization", "call", "status", "due_date", "deadline"]
    list_filter = [DeadlineStateFilter, "status", "organization__category"]
    search_fields = ["organization__name", "organization__acronym", "call__title"]
    list_select_related = ["organization", "call"]
    autocomplete_fields = ["call", "organization", "due_session"]
    readonly_fields = ["due_date"]


class UpdateEventInline(admin.TabularInline):
    model = UpdateEvent
    extra = 0
    fields = ["at", "event", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActivityUpdate)
class ActivityUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "status", "received_via", "period_start", "period_end", "document"]
    list_filter = ["status", "received_via", "organization__category", "is_demo"]
    search_fields = ["title", "body", "organization__name", "organization__acronym"]
    list_select_related = ["organization", "document"]
    autocomplete_fields = ["organization", "author", "input_request", "action", "document", "meeting"]
    inlines = [UpdateEventInline]


@admin.register(UpdateEvent)
class UpdateEventAdmin(admin.ModelAdmin):
    list_display = ["at", "update", "event", "by", "comment"]
    list_filter = ["event"]
    search_fields = ["update__title", "by__username", "comment"]
    list_select_related = ["update", "by"]
    readonly_fields = ["update", "event", "by", "at", "comment"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "key", "method_and_path", "response_status"]
    search_fields = ["key", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["record_label", "content_type", "document", "paragraph", "field", "value_as_stated"]
    list_filter = ["content_type", "document"]
    search_fields = ["paragraph", "field", "value_as_stated", "document__symbol"]
    list_select_related = ["content_type", "document"]
    autocomplete_fields = ["document"]

    @admin.display(description="record")
    def record_label(self, obj) -> str:
        return f"{obj.content_type.model} #{obj.object_id}"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to_email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


# --- Reminders ------------------------------------------------------------------------------------


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_active",
        "early_days",
        "last_call_days",
        "on_due_day",
        "overdue_days",
        "escalation_days",
    ]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ["extended_at", "item_kind", "item_id", "old_due_date", "new_due_date", "reason", "extended_by"]
    list_filter = ["item_kind"]
    search_fields = ["reason"]
    date_hierarchy = "extended_at"
    list_select_related = ["extended_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a record of what happened; extend again to move a deadline


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "now",
        "finished_at",
        "items_considered",
        "pending",
        "skipped",
        "missed",
        "muted",
        "no_recipient",
        "deliveries",
    ]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in ReminderRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReminderEntry)
class ReminderEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "item_kind",
        "item_id",
        "organization",
        "point",
        "due_date",
        "recipient",
        "status",
        "reason",
        "send_after",
    ]
    list_filter = ["status", "point", "item_kind", "critical", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "organization__name",
        "organization__acronym",
        "recipient__username",
        "recipient__email",
        "reason",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["organization", "recipient"]
    autocomplete_fields = ["organization"]
    readonly_fields = [f.name for f in ReminderEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to_email",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "possible_duplicate",
        "last_error",
    ]
    list_filter = ["status", "possible_duplicate"]
    search_fields = ["to_email", "subject", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ReminderDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "label", "created_at", "revoked_at", "created_by"]
    list_filter = ["revoked_at"]
    search_fields = ["organization__name", "organization__acronym", "label"]
    list_select_related = ["organization", "created_by"]
    readonly_fields = ["token_digest", "created_at", "created_by"]
    fields = ["organization", "label", "revoked_at", "token_digest", "created_at", "created_by"]
    autocomplete_fields = ["organization"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # The secret exists only in this message: the database keeps its digest.
        feed, url = calendar_feed_create(organization=obj.organization, label=obj.label, created_by=request.user)
        obj.pk = feed.pk
        obj.token_digest = feed.token_digest
        messages.warning(request, f"Copy this calendar address now; it will not be shown again: {url}")
