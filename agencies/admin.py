from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FocalPoint, Membership, Organization, UserProfile


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active", "since"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]
    fields = ["member", "start_date", "end_date", "as_of"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "category", "parent", "is_demo"]
    list_filter = ["category", "is_demo"]
    search_fields = ["name", "acronym", "seed_key"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [FocalPointInline, MembershipInline]
    readonly_fields = ["seed_key", "created_at", "updated_at"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member", "group", "start_date", "end_date", "as_of"]
    list_filter = ["group"]
    search_fields = ["member__name", "member__acronym", "group__name", "group__acronym"]
    list_select_related = ["member", "group"]
    autocomplete_fields = ["group", "member"]


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "is_active", "since"]
    list_filter = ["role", "is_active", "organization__category"]
    search_fields = ["user__username", "user__email", "user__last_name", "organization__name", "organization__acronym"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(UserProfile)
class UserProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "time_zone", "reminder_preference", "mute_noncritical"]
    list_filter = ["reminder_preference", "mute_noncritical"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
