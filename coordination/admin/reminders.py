"""The reminders' admin: the policy, the ledger, the runs and deliveries, deadline extensions, and
the calendar feeds. Everything but the policy and new feeds is a record of what happened: read only."""

from __future__ import annotations

from django.contrib import admin, messages

from core.admin import ReadOnlyAdminMixin, TypedLookupsAdminMixin, short_name_column

from ..admin_forms import ReminderPolicyForm
from ..models import CalendarFeed, DeadlineExtension, ReminderDelivery, ReminderEntry, ReminderPolicy, ReminderRun
from ..reminders.calendars import calendar_feed_create, calendar_feed_revoke


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    form = ReminderPolicyForm
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
class DeadlineExtensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["extended_at", "item_kind", "item_id", "old_due_date", "new_due_date", "reason", "extended_by"]
    list_filter = ["item_kind"]
    search_fields = ["reason"]
    date_hierarchy = "extended_at"
    list_select_related = ["extended_by"]


@admin.register(ReminderRun)
class ReminderRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(ReminderEntry)
class ReminderEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "item_kind",
        "item_id",
        short_name_column("organization"),
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


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(CalendarFeed)
class CalendarFeedAdmin(TypedLookupsAdminMixin, admin.ModelAdmin):
    """Secret calendar addresses of deadlines. Made here (the address is shown once), revoked by the
    action; a feed is never edited, so an address once given out means one thing."""

    list_display = ["__str__", short_name_column("organization"), "label", "created_at", "revoked_at", "created_by"]
    list_filter = ["revoked_at"]
    search_fields = ["organization__name", "organization__acronym", "label"]
    list_select_related = ["organization", "created_by"]
    readonly_fields = ["token_digest", "created_at", "created_by", "revoked_at"]
    fields = ["organization", "label", "revoked_at", "token_digest", "created_at", "created_by"]
    autocomplete_fields = ["organization"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, not deleted: the list shows who had which address until when

    def save_model(self, request, obj, form, change) -> None:
        # The secret exists only in this message: the database keeps its digest.
        feed, url = calendar_feed_create(organization=obj.organization, label=obj.label, by=request.user)
        obj.pk = feed.pk
        obj.token_digest = feed.token_digest
        messages.warning(request, f"Copy this calendar address now; it will not be shown again: {url}")

    @admin.action(description="Revoke (the address stops working)", permissions=["view"])
    def revoke(self, request, queryset) -> None:
        feeds = list(queryset.filter(revoked_at__isnull=True))
        for feed in feeds:
            calendar_feed_revoke(feed=feed)
        self.message_user(request, f"Revoked {len(feeds)} calendar address{'es' if len(feeds) != 1 else ''}.")
