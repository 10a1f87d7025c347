"""The admin of organizations and focal points.

The coordination app extends these pages with what it holds about them (open items, answers,
bounced mail, reminders): ``coordination/admin_extensions.py``. Nothing here imports it.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Func, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import (
    RECORD_FIELDSET,
    HistoryAdmin,
    ServiceRefusalsAdminMixin,
    SpreadsheetAdminMixin,
    TypedLookupsAdminMixin,
    short_name_column,
)
from core.services.second_factor import second_factor_of, second_factor_reset

from .models import FocalPoint, Membership, Organization, UserProfile
from .resources import FocalPointResource, OrganizationResource
from .services import (
    focal_point_assign,
    focal_point_deactivate,
    focal_point_delete,
    focal_point_invite,
    focal_point_save,
    membership_delete,
    membership_save,
    organization_delete,
    organization_save,
)

# How many open items of each kind, and updates, an organization's page lists before "see all".
ITEMS_SHOWN = 20
UPDATES_SHOWN = 10


def subquery_count(queryset) -> Coalesce:
    """COUNT(*) of ``queryset`` (correlated with OuterRef) as an annotation: one query for a whole
    changelist page, and no row multiplication when several counts are annotated at once."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def changelist_link(url_name: str, params: dict, text) -> str:
    return format_html('<a href="{}?{}">{}</a>', reverse(url_name), urlencode(params), text)


class FocalPointInline(TypedLookupsAdminMixin, admin.TabularInline):
    """An organization's focal points. Who is active changes through the focal points list's
    actions (Deactivate, Reactivate), which also move their reminders."""

    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active", "since"]
    readonly_fields = ["is_active"]


class MembershipInline(TypedLookupsAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]
    fields = ["member", "start_date", "end_date", "as_of"]


@admin.register(Organization)
class OrganizationAdmin(ServiceRefusalsAdminMixin, SpreadsheetAdminMixin, HistoryAdmin):
    resource_classes = [OrganizationResource]
    list_display = [
        "name",
        "acronym",
        "category",
        short_name_column("parent", "part of"),
        "active_focal_points",
        "is_demo",
    ]
    list_filter = ["category", "is_demo"]
    search_fields = ["name", "acronym", "seed_key"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [FocalPointInline, MembershipInline]

    def get_search_results(self, request, queryset, search_term):
        """Searching "ILO" finds the International Labour Organization first: the exact acronym, then
        the exact name, then names that start with the words, then the rest (in the list and in
        every organization picker of the admin), unless a column of the list was clicked to sort."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and ORDER_VAR not in request.GET:
            queryset = queryset.annotate(
                search_rank=Case(
                    When(acronym__iexact=term, then=Value(0)),
                    When(name__iexact=term, then=Value(1)),
                    When(name__istartswith=term, then=Value(2)),
                    default=Value(3),
                    output_field=IntegerField(),
                )
            ).order_by("search_rank", *queryset.query.order_by)  # then as the list was sorted
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change) -> None:
        organization_save(organization=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        organization_delete(organization=obj, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Membership:
            formset.save(commit=False)
            for membership in formset.deleted_objects:
                membership_delete(membership=membership, by=request.user)
            for row in formset.forms:
                if row not in formset.deleted_forms and row.has_changed():
                    membership_save(membership=row.instance, by=request.user)
            return None
        if formset.model is not FocalPoint:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for focal_point in formset.deleted_objects:
            self.remove_focal_point(focal_point, by=request.user)
        for row in formset.forms:
            if row not in formset.deleted_forms and row.has_changed():
                focal_point_save(focal_point=row.instance, by=request.user)
        return None

    def remove_focal_point(self, focal_point: FocalPoint, *, by) -> None:
        focal_point_delete(focal_point=focal_point, by=by)

    readonly_fields = ["seed_key", "created_at", "updated_at"]
    # Read-only panels below the form, each under its heading (an app above adds its own).
    overview_fields: tuple[tuple[str, str], ...] = ()

    def get_queryset(self, request):
        active = FocalPoint.objects.active().filter(organization=OuterRef("pk"))
        return super().get_queryset(request).annotate(active_focal_point_count=subquery_count(active))

    def get_fieldsets(self, request, obj=None):
        panels = dict(self.overview_fields)
        fieldsets = [
            (name, {**options, "fields": [field for field in options["fields"] if field not in panels]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None:
            # Under the form, above the folded record's keys, which stay last.
            at = len(fieldsets) - (fieldsets[-1][0] == RECORD_FIELDSET)
            fieldsets[at:at] = [(heading, {"fields": [name]}) for name, heading in self.overview_fields]
        return fieldsets

    @admin.display(description="active focal points", ordering="active_focal_point_count")
    def active_focal_points(self, obj) -> int:
        return obj.active_focal_point_count


@admin.register(Membership)
class MembershipAdmin(ServiceRefusalsAdminMixin, HistoryAdmin):
    list_display = [short_name_column("member"), short_name_column("group"), "start_date", "end_date", "as_of"]
    list_filter = ["group"]
    search_fields = ["member__name", "member__acronym", "group__name", "group__acronym"]
    list_select_related = ["member", "group"]
    autocomplete_fields = ["group", "member"]

    def save_model(self, request, obj, form, change) -> None:
        membership_save(membership=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        membership_delete(membership=obj, by=request.user)


@admin.register(FocalPoint)
class FocalPointAdmin(ServiceRefusalsAdminMixin, SpreadsheetAdminMixin, HistoryAdmin):
    resource_classes = [FocalPointResource]
    list_display = ["user", "email", short_name_column("organization"), "role", "is_active", "since", "last_login"]
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

    @admin.display(description="e-mail", ordering="user__email")
    def email(self, obj) -> str:
        return obj.user.email

    @admin.display(description="last login", ordering=F("user__last_login").desc(nulls_last=True))
    def last_login(self, obj) -> str:
        return date_format(timezone.localtime(obj.user.last_login), "DATE_FORMAT") if obj.user.last_login else "never"

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
        for focal_point in focal_points:
            focal_point_deactivate(focal_point=focal_point, by=request.user)
        self.message_user(request, f"Deactivated {len(focal_points)}.", messages.SUCCESS)


@admin.register(UserProfile)
class UserProfileAdmin(HistoryAdmin):
    list_display = ["user", "time_zone", "reminder_preference", "mute_noncritical"]
    list_filter = ["reminder_preference", "mute_noncritical"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' failed logins, where the secretariat lifts a lockout. Its "Clean up expired
    attempts" raised: it reads the instant of a login attempt from the request, which only a login
    sets; here it is now."""

    @admin.action(description=AccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset) -> None:
        request.axes_attempt_time = timezone.now()
        super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LoginAttemptAdmin)


class SecretariatUserAdmin(UserAdmin):
    """Django's users, with each person's two-factor sign-in: whether it is set up, and its reset for a
    lost phone (a superuser's action; the person sets it up again at their next sign-in)."""

    actions = ["reset_second_factor"]
    fieldsets = (*UserAdmin.fieldsets, ("Two-factor sign-in", {"fields": ("second_factor",)}))
    readonly_fields = ("second_factor",)

    @admin.display(description="two-factor sign-in")
    def second_factor(self, obj) -> str:
        if obj.pk is None:
            return "-"
        factor = second_factor_of(user=obj)
        if not factor.enrolled:
            return "Not set up: a password alone."
        when = date_format(timezone.localtime(factor.enrolled_at), "DATE_FORMAT")
        return (
            f"Authenticator app set up on {when}; {factor.recovery_codes_left} recovery codes left. A lost phone: "
            "select this user in the list of users, action “Reset two-factor sign-in”."
        )

    def has_reset_second_factor_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description="Reset two-factor sign-in (lost phone)", permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset) -> None:
        reset = []
        for user in queryset:
            if second_factor_reset(user=user, by=request.user):
                self.log_change(request, user, "Reset two-factor sign-in.")
                reset.append(user.get_username())
        if reset:
            self.message_user(
                request,
                f"Two-factor sign-in reset for {', '.join(reset)}: they set it up again at their next sign-in. "
                "If a phone may be in someone else's hands, set a new password too.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "None of them had two-factor sign-in set up.", messages.WARNING)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, SecretariatUserAdmin)
# django-otp's own pages show anyone's key and recovery codes and let them be typed in by hand: each
# person sets up their own ("Two-factor sign-in"), and a superuser resets someone else's from the users.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
