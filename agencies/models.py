"""Organizations, the groups they form, the people who act for them, and user profiles.

The ground floor of the project: nothing here imports from the other apps.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from core.models import SeededModel, TimeStampedModel
from core.validators import multi_line, single_line

from .choices import (
    CATEGORY_REPORT_ORDER,
    FocalPointRole,
    Language,
    OrganizationCategory,
    ReminderPreference,
    SessionRule,
)


class OrganizationQuerySet(models.QuerySet):
    def with_report_order(self) -> OrganizationQuerySet:
        """Annotate ``category_order``: the position of the category in the Secretary-General's reports."""
        whens = [
            models.When(category=value, then=models.Value(order)) for value, order in CATEGORY_REPORT_ORDER.items()
        ]
        return self.annotate(category_order=models.Case(*whens, output_field=models.IntegerField()))

    def in_report_order(self) -> OrganizationQuerySet:
        return self.with_report_order().order_by("category_order", "name")


class Organization(SeededModel):
    """Any UN entity, other intergovernmental organization, regional process, Government,
    institute, NGO or intergovernmental body; divisions point to their department as parent."""

    acronym = models.CharField(
        max_length=40, blank=True, default="", help_text="As the documents use it; unique.", validators=[single_line]
    )
    name = models.CharField(max_length=300, validators=[single_line])
    category = models.CharField(max_length=40, choices=OrganizationCategory.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Department of a division.",
    )
    session_rule = models.CharField(
        max_length=20,
        choices=SessionRule.choices,
        default=SessionRule.EXPLICIT,
        help_text="For intergovernmental bodies: how the opening day of their sessions is known.",
    )
    website = models.URLField(blank=True, default="")
    notes = models.TextField(blank=True, default="", validators=[multi_line])

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            *SeededModel.Meta.constraints,
            models.UniqueConstraint(
                Lower("acronym"),
                condition=~models.Q(acronym=""),
                name="agencies_organization_acronym_unique",
                violation_error_message="Another organization has this acronym (in capitals or not): check it is not "
                "already recorded.",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="agencies_organization_top_name_unique",
                violation_error_message="Another organization has this name: check it is not already recorded, or "
                "choose the department it belongs to.",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="agencies_organization_child_name_unique",
                violation_error_message="This department already has a division of this name.",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="agencies_organization_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=OrganizationCategory.values),
                name="agencies_organization_category_valid",
                violation_error_message="Choose a category from the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} ({self.name})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    @property
    def report_order(self) -> int:
        return CATEGORY_REPORT_ORDER[self.category]


class Membership(SeededModel):
    """An organization's membership of a group (the Global Migration Group ...), with its dates."""

    group = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"category": OrganizationCategory.INTERAGENCY_GROUP},
    )
    member = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="group_memberships")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True, help_text="The date a source states the membership.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "member__name"]
        constraints = [
            *SeededModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["group", "member", "start_date"],
                name="agencies_membership_unique",
                violation_error_message="This organization is already a member of this group from that day.",
            ),
            models.CheckConstraint(
                condition=~models.Q(group=models.F("member")),
                name="agencies_membership_not_self",
                violation_error_message="A group cannot be a member of itself.",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="agencies_membership_end_after_start",
                violation_error_message="The membership ends before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.short_name} in {self.group.short_name}"


class FocalPointQuerySet(models.QuerySet):
    def active(self) -> FocalPointQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class FocalPoint(SeededModel):
    """A user acting for an organization, as its primary or alternate focal point or its head.

    Focal points are never staff: the admin is the secretariat's, and a focal point reaches the
    tool through the API or the focal points' page.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_points")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="focal_points")
    role = models.CharField(max_length=20, choices=FocalPointRole.choices, default=FocalPointRole.PRIMARY)
    is_active = models.BooleanField(default=True, help_text="Off when the person rotates out.")
    since = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = FocalPointQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "role", "user__username"]
        constraints = [
            *SeededModel.Meta.constraints,
            # One role per person and organization.
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="agencies_focalpoint_one_role",
                violation_error_message="This person is already a focal point of this organization: change their "
                "role there.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=FocalPointRole.values),
                name="agencies_focalpoint_role_valid",
                violation_error_message="Choose a role from the list (primary, alternate, head).",
            ),
        ]

    def __str__(self) -> str:
        person = self.user.get_full_name() or self.user.get_username()
        return f"{person}, {self.get_role_display()} of {self.organization.short_name}"

    def clean(self) -> None:
        if self.user_id and self.user.is_staff:
            raise ValidationError(
                {"user": "Staff users cannot be focal points: the admin is for the secretariat only."}
            )


def default_time_zone() -> str:
    return settings.SECRETARIAT_TIME_ZONE


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a known time zone (for example Europe/Zurich).") from None


class UserProfile(TimeStampedModel):
    """What belongs to the person rather than to a role: language, time zone and reminder preference."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        blank=True,
        default="",
        help_text="The language of the focal points' pages and mails; empty: the browser's.",
    )
    time_zone = models.CharField(max_length=64, default=default_time_zone, validators=[validate_time_zone])
    reminder_preference = models.CharField(
        max_length=20, choices=ReminderPreference.choices, default=ReminderPreference.IMMEDIATE
    )
    mute_noncritical = models.BooleanField(
        default=False, help_text="Skip the reminders 14 and 7 days before a deadline."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_preference__in=ReminderPreference.values),
                name="agencies_userprofile_preference_valid",
                violation_error_message="Choose how reminders come from the list.",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["", *Language.values]),
                name="agencies_userprofile_language_valid",
                violation_error_message="Choose a language from the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user.get_username()}"
