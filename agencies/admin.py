"""The admin of organizations and focal points.

The organization page and the focal points list also show what the coordination app holds about
them (open items, updates, bounced mail); those models are imported where used, so that the
agencies app stays importable on its own.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from core.admin import HistoryAdmin, ServiceRefusalsAdminMixin

from .choices import FocalPointRole
from .models import FocalPoint, Membership, Organization, UserProfile
from .resources import FocalPointResource, OrganizationResource
from .services import (
    focal_point_assign,
    focal_point_deactivate,
    focal_point_delete,
    focal_point_invite,
    focal_point_save,
    organization_save,
)

# How many open items of each kind, and updates, an organization's page lists before "see all".
ITEMS_SHOWN = 20
UPDATES_SHOWN = 10


class SpreadsheetAdminMixin(ImportExportMixin, ExportActionMixin):
    """Import from CSV or XLSX with a preview and per-row errors; export the list (filtered) or a
    selection (the "Export selected" action). Also used by the follow-up actions' admin."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # The message only, never the traceback: the reader is a secretariat officer.
    import_error_display = ("message",)

    def process_import(self, request, **kwargs):
        # The upload waits in the shared cache between preview and confirmation (settings:
        # IMPORT_EXPORT_TMP_STORAGE_CLASS); a second click, or a wait of more than a day, finds it gone.
        from import_export.tmp_storages import CacheStorage

        name = request.POST.get("import_file_name", "")
        cached = issubclass(self.get_tmp_storage_class(), CacheStorage)
        if request.method == "POST" and cached and (not name or CacheStorage(name=name).read() is None):
            messages.error(request, "That upload is no longer waiting to be confirmed: import the file again.")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_import(request, **kwargs)

    def get_valid_export_item_pks(self, request):
        # The library's default lists every row of the table to validate the selection.
        chosen = request.POST.getlist("export_items")
        return self.get_queryset(request).filter(pk__in=chosen).values_list("pk", flat=True)


def subquery_count(queryset) -> Coalesce:
    """COUNT(*) of ``queryset`` (correlated with OuterRef) as an annotation: one query for a whole
    changelist page, and no row multiplication when several counts are annotated at once."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def _changelist_link(url_name: str, params: dict, text) -> str:
    return format_html('<a href="{}?{}">{}</a>', reverse(url_name), urlencode(params), text)


class FocalPointInline(admin.TabularInline):
    """An organization's focal points. Who is active changes through the focal points list's
    actions (Deactivate, Reactivate), which also move their reminders."""

    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active", "since"]
    readonly_fields = ["is_active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]
    fields = ["member", "start_date", "end_date", "as_of"]


@admin.register(Organization)
class OrganizationAdmin(ServiceRefusalsAdminMixin, SpreadsheetAdminMixin, HistoryAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "category", "parent", "active_focal_points", "is_demo"]
    list_filter = ["category", "is_demo"]
    search_fields = ["name", "acronym", "seed_key"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [FocalPointInline, MembershipInline]

    def save_model(self, request, obj, form, change) -> None:
        organization_save(organization=obj, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not FocalPoint:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for focal_point in formset.deleted_objects:
            focal_point_delete(focal_point=focal_point, by=request.user)
        for row in formset.forms:
            if row not in formset.deleted_forms and row.has_changed():
                focal_point_save(focal_point=row.instance, by=request.user)
        return None

    readonly_fields = ["seed_key", "created_at", "updated_at", "open_items", "latest_updates"]
    # Websites are written without a scheme in the documents; https is the one to assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    OVERVIEW_FIELDS = ("open_items", "latest_updates")

    def get_queryset(self, request):
        active = FocalPoint.objects.active().filter(organization=OuterRef("pk"))
        return super().get_queryset(request).annotate(active_focal_point_count=subquery_count(active))

    def get_fieldsets(self, request, obj=None):
        fields = [name for name in self.get_fields(request, obj) if name not in self.OVERVIEW_FIELDS]
        fieldsets = [(None, {"fields": fields})]
        if obj is not None:
            fieldsets += [
                ("Open items", {"fields": ["open_items"]}),
                ("Latest activity updates", {"fields": ["latest_updates"]}),
            ]
        return fieldsets

    @admin.display(description="active focal points", ordering="active_focal_point_count")
    def active_focal_points(self, obj) -> int:
        return obj.active_focal_point_count

    @admin.display(description="open items")
    def open_items(self, obj) -> str:
        """What the organization owes: actions it leads, its open input requests, the reports
        addressed to it. One query per kind, whatever the number of items."""
        from coordination.choices import InputRequestStatus, ItemStatus
        from coordination.deadlines import secretariat_today
        from coordination.models import FollowUpAction, InputRequest, ReportingObligation
        from coordination.selectors import open_items

        if obj is None or obj.pk is None:
            return "—"
        today = secretariat_today()
        by_deadline = (F("due_date").asc(nulls_last=True), "pk")
        sections = [
            (
                "Follow-up action it leads",
                open_items(FollowUpAction).filter(lead_organization=obj).order_by(*by_deadline),
                "admin:coordination_followupaction",
                {"lead_organization__id__exact": obj.pk, "status__exact": ItemStatus.OPEN},
                lambda action: action.title,
            ),
            (
                "Input request",
                open_items(InputRequest).filter(organization=obj).select_related("call").order_by(*by_deadline),
                "admin:coordination_inputrequest",
                {"organization__id__exact": obj.pk, "status__exact": InputRequestStatus.OPEN},
                lambda input_request: input_request.call.title,
            ),
            (
                "Report addressed to it",
                open_items(ReportingObligation)
                .filter(addressee=obj)
                .select_related("mandate__body")
                .order_by(*by_deadline),
                "admin:coordination_reportingobligation",
                {"addressee__id__exact": obj.pk, "status__exact": ItemStatus.OPEN},
                str,
            ),
        ]
        rows, see_all = [], []
        for kind, queryset, url_base, params, label in sections:
            items = list(queryset[: ITEMS_SHOWN + 1])
            rows += [
                (
                    kind,
                    reverse(f"{url_base}_change", args=[item.pk]),
                    label(item),
                    date_format(item.due_date) if item.due_date else "undated",
                    item.deadline_state_on(today).label,
                )
                for item in items[:ITEMS_SHOWN]
            ]
            if len(items) > ITEMS_SHOWN:
                see_all.append(_changelist_link(f"{url_base}_changelist", params, f"all open: {kind.lower()}s"))
        if not rows:
            return "Nothing open."
        table = format_html(
            "<table><thead><tr><th>kind</th><th>item</th><th>due</th><th>deadline</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>', rows),
        )
        if see_all:
            table += format_html(
                "<p>Showing the first {} of each kind; see {}.</p>",
                ITEMS_SHOWN,
                format_html_join(", ", "{}", ((link,) for link in see_all)),
            )
        return table

    @admin.display(description="latest activity updates")
    def latest_updates(self, obj) -> str:
        from coordination.models import ActivityUpdate

        if obj is None or obj.pk is None:
            return "—"
        updates = list(ActivityUpdate.objects.filter(organization=obj).order_by("-updated_at", "-pk")[:UPDATES_SHOWN])
        if not updates:
            return "No activity updates yet."
        table = format_html(
            "<table><thead><tr><th>update</th><th>status</th><th>last changed</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
                (
                    (
                        reverse("admin:coordination_activityupdate_change", args=[update.pk]),
                        update.title,
                        update.get_status_display(),
                        date_format(timezone.localtime(update.updated_at), "DATE_FORMAT"),
                    )
                    for update in updates
                ),
            ),
        )
        return table + format_html(
            "<p>{}</p>",
            _changelist_link(
                "admin:coordination_activityupdate_changelist",
                {"organization__id__exact": obj.pk},
                "All updates of this organization",
            ),
        )


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["member", "group", "start_date", "end_date", "as_of"]
    list_filter = ["group"]
    search_fields = ["member__name", "member__acronym", "group__name", "group__acronym"]
    list_select_related = ["member", "group"]
    autocomplete_fields = ["group", "member"]


@admin.register(FocalPoint)
class FocalPointAdmin(ServiceRefusalsAdminMixin, SpreadsheetAdminMixin, HistoryAdmin):
    resource_classes = [FocalPointResource]
    list_display = ["user", "email", "organization", "role", "is_active", "since", "last_login", "bounces"]
    list_filter = ["role", "is_active", "organization__category"]
    search_fields = ["user__username", "user__email", "user__last_name", "organization__name", "organization__acronym"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["is_active"]
    actions = ["invite", "deactivate", "reactivate"]

    def save_model(self, request, obj, form, change) -> None:
        focal_point_save(focal_point=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        focal_point_delete(focal_point=obj, by=request.user)

    @admin.action(description="Reactivate", permissions=["change"])
    def reactivate(self, request, queryset) -> None:
        done = 0
        for focal_point in queryset.select_related("user", "organization"):
            try:
                focal_point_assign(user=focal_point.user, organization=focal_point.organization, role=focal_point.role)
            except ValidationError as error:
                self.message_user(request, f"{focal_point}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Reactivated {done}: they are reminded again from the next scan.")

    def get_queryset(self, request):
        from coordination.choices import DeliveryStatus, OutboxStatus
        from coordination.models import OutboxMessage, ReminderDelivery

        # A bounce: a mail to the address that failed for good (all retries spent).
        notices = OutboxMessage.objects.filter(to_email__iexact=OuterRef("user__email"), status=OutboxStatus.FAILED)
        reminders = ReminderDelivery.objects.filter(
            to_email__iexact=OuterRef("user__email"), status=DeliveryStatus.FAILED
        )
        return (
            super()
            .get_queryset(request)
            .annotate(bounced_notices=subquery_count(notices), bounced_reminders=subquery_count(reminders))
        )

    @admin.display(description="e-mail", ordering="user__email")
    def email(self, obj) -> str:
        return obj.user.email

    @admin.display(description="last login", ordering=F("user__last_login").desc(nulls_last=True))
    def last_login(self, obj) -> str:
        return date_format(timezone.localtime(obj.user.last_login), "DATE_FORMAT") if obj.user.last_login else "never"

    @admin.display(description="bounces")
    def bounces(self, obj) -> str:
        if not obj.user.email or not (obj.bounced_notices or obj.bounced_reminders):
            return "0"
        parts = []
        if obj.bounced_notices:
            parts.append(
                _changelist_link(
                    "admin:coordination_outboxmessage_changelist",
                    {"status__exact": "failed", "to_email__iexact": obj.user.email},
                    f"{obj.bounced_notices} notice{'s' if obj.bounced_notices != 1 else ''}",
                )
            )
        if obj.bounced_reminders:
            parts.append(
                _changelist_link(
                    "admin:coordination_reminderdelivery_changelist",
                    {"status__exact": "failed", "to_email__iexact": obj.user.email},
                    f"{obj.bounced_reminders} reminder{'s' if obj.bounced_reminders != 1 else ''}",
                )
            )
        return format_html_join(", ", "{}", ((part,) for part in parts))

    @admin.action(description="Invite by e-mail", permissions=["change"])
    def invite(self, request, queryset) -> None:
        invited: dict[int, str] = {}
        for focal_point in queryset.select_related("user", "organization").order_by("-is_active", "pk"):
            if focal_point.user_id in invited:
                continue  # one person, several organizations: one mail
            try:
                focal_point_invite(focal_point=focal_point, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                invited[focal_point.user_id] = focal_point.user.email
        if invited:
            self.message_user(
                request,
                f"Invitation queued for {', '.join(invited.values())}. The link to set a password works once, "
                f"for {settings.INVITATION_TIMEOUT_DAYS} days.",
                messages.SUCCESS,
            )

    @admin.action(description="Deactivate (rotated out)", permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        focal_points = list(queryset.select_related("user", "organization"))
        cancelled = sum(focal_point_deactivate(focal_point=fp, by=request.user) for fp in focal_points)
        self.message_user(
            request,
            f"Deactivated {len(focal_points)} focal point{'s' if len(focal_points) != 1 else ''}: "
            "the next reminders go to the organization's other primary focal points, or to its alternates "
            f"when no primary is left. Reminders waiting to be sent to them: {cancelled} cancelled.",
            messages.SUCCESS,
        )
        reachable = FocalPoint.objects.active().filter(role__in=[FocalPointRole.PRIMARY, FocalPointRole.ALTERNATE])
        uncovered = (
            Organization.objects.filter(pk__in={fp.organization_id for fp in focal_points})
            .exclude(pk__in=reachable.values("organization_id"))
            .order_by("name")
        )
        for organization in uncovered:
            self.message_user(
                request,
                f"{organization} has no active primary or alternate focal point left: its reminders will be "
                "recorded as “no recipient” until someone is assigned.",
                messages.WARNING,
            )


@admin.register(UserProfile)
class UserProfileAdmin(HistoryAdmin):
    list_display = ["user", "time_zone", "reminder_preference", "mute_noncritical"]
    list_filter = ["reminder_preference", "mute_noncritical"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
