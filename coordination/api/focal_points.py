"""Focal points through the API (issue #21): the secretariat's staff directory kept in step with the
tool. Each write goes through the service the admin's focal points page uses, so it has the same effect
on reminders: deactivating hands the reminders waiting for the person to the organization's next
recipient (``focal_point_rotate_out``), inviting activates an imported person's account (the next scan
reminds them), reactivating and changing a role take effect at the next scan, deleting one entered by
mistake hands their reminders over first (``focal_point_remove``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from agencies.api.permissions import ReadForMembersStepsForSecretariat
from agencies.api.serializers import OrganizationSummarySerializer
from agencies.choices import FocalPointRole
from agencies.models import FocalPoint, Organization
from agencies.selectors import is_secretariat, organization_ids_for
from agencies.services import focal_point_invite, focal_point_reactivate, focal_point_save, person_for_email
from core.api.fields import DayField
from core.api.filters import FilterSet, RelatedIdFilter
from core.api.records import ServiceWritesMixin
from core.api.writes import ConditionalWriteMixin, IdempotentPostMixin, StrictSerializerMixin
from core.validators import single_line

from .. import services


class FocalPointSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    can_log_in = serializers.SerializerMethodField(
        help_text="The person has set a password (after an invitation) and the account is active."
    )

    class Meta:
        model = FocalPoint
        fields = [
            "id", "organization", "user", "email", "first_name", "last_name", "role", "is_active", "since",
            "can_log_in", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_can_log_in(self, focal_point) -> bool:
        user = focal_point.user
        return bool(user.is_active and user.has_usable_password())


class FocalPointCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """A person named focal point of an organization, by e-mail address: someone not yet known gets
    an account, inactive and without a password until invited (as a spreadsheet row does)."""

    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    # A text, checked by the service as a spreadsheet's address is (a 422 in plain words), and at most
    # as long as a login name, which a new person's address becomes.
    email = serializers.CharField(max_length=150, validators=[single_line], help_text="The person's e-mail address.")
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, validators=[single_line])
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, validators=[single_line])
    role = serializers.ChoiceField(choices=FocalPointRole.choices, required=False)
    since = DayField(required=False, allow_null=True)


class FocalPointChangeSerializer(StrictSerializerMixin, serializers.Serializer):
    """A focal point's role and the day they took it; who is active changes through the steps."""

    role = serializers.ChoiceField(choices=FocalPointRole.choices, required=False)
    since = DayField(required=False, allow_null=True)


FOCAL_POINT_EXAMPLES = [
    OpenApiExample(
        "A new primary",
        request_only=True,
        value={"organization": 7, "email": "a.ndiaye@ilo.example.org", "first_name": "Awa", "last_name": "Ndiaye",
               "role": "primary", "since": "2026-11-01"},
    ),
]  # fmt: skip


class StrictBooleanField(forms.NullBooleanField):
    """``true`` or ``false`` (empty: no filter); anything else is a 400 naming the filter, where
    django-filter's own field took it as no filter at all."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError("Write true or false.")

    def validate(self, value):
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class FocalPointFilter(FilterSet):
    organization = RelatedIdFilter()
    role = django_filters.MultipleChoiceFilter(choices=FocalPointRole.choices)
    is_active = StrictBooleanFilter(widget=forms.TextInput, help_text="Active, or rotated out.")

    class Meta:
        model = FocalPoint
        fields = ["organization", "role", "is_active"]


class FocalPointViewSet(ServiceWritesMixin, ConditionalWriteMixin, IdempotentPostMixin, viewsets.ModelViewSet):
    """Focal points: who acts for each organization, in which role. The secretariat sees all; a focal
    point sees those of their own organizations (404 for the others). The secretariat names one (POST,
    by e-mail address), changes a role (PATCH with If-Match), invites by e-mail (.../invite/),
    deactivates one who rotated out (.../deactivate/: their waiting reminders go to the organization's
    next recipient), reactivates (.../reactivate/) and deletes one entered by mistake (DELETE)."""

    queryset = FocalPoint.objects.select_related("user", "organization")
    serializer_class = FocalPointSerializer
    write_serializer_class = FocalPointCreateSerializer
    permission_classes = [ReadForMembersStepsForSecretariat]
    secretariat_only_actions = ("update", "partial_update", "destroy", "invite", "deactivate", "reactivate")
    filterset_class = FocalPointFilter
    search_fields = ["user__email", "user__last_name", "user__first_name", "organization__acronym"]
    ordering_fields = ["since", "updated_at"]
    ordering = ["organization__name", "role", "id"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if is_secretariat(user):
            return queryset
        return queryset.filter(organization_id__in=organization_ids_for(user))

    def get_write_serializer(self, *args, **kwargs):
        serializer = FocalPointCreateSerializer if self.action == "create" else FocalPointChangeSerializer
        return serializer(*args, context=self.get_serializer_context(), **kwargs)

    def new_record(self, data: dict) -> FocalPoint:
        person = person_for_email(
            email=data.pop("email"), first_name=data.pop("first_name", ""), last_name=data.pop("last_name", "")
        )
        return FocalPoint(user=person)

    def save_record(self, instance, *, changed, expected_version):
        return focal_point_save(focal_point=instance, by=self.request.user, expected_version=expected_version)

    def delete_record(self, instance, *, expected_version) -> None:
        services.focal_point_remove(focal_point=instance, by=self.request.user, expected_version=expected_version)

    @extend_schema(
        request=FocalPointCreateSerializer, responses={201: FocalPointSerializer}, examples=FOCAL_POINT_EXAMPLES
    )
    def create(self, request, *args, **kwargs):
        """Name a person focal point of an organization (by e-mail address; a new person gets an account
        without a password: invite them). Secretariat only."""
        return super().create(request, *args, **kwargs)

    @extend_schema(request=FocalPointChangeSerializer, responses={200: FocalPointSerializer})
    def update(self, request, *args, **kwargs):
        """Change a focal point's role and since. Secretariat only; needs If-Match."""
        return super().update(request, *args, **kwargs)

    @extend_schema(
        request=FocalPointChangeSerializer,
        responses={200: FocalPointSerializer},
        examples=[OpenApiExample("Now the alternate", request_only=True, value={"role": "alternate"})],
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a focal point's role (primary, alternate, head): the next reminders follow it.
        Secretariat only; needs If-Match."""
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a focal point entered by mistake; the reminders waiting for them are handed over first
        (to rotate someone out, deactivate instead: the record stays). Secretariat only."""
        return super().destroy(request, *args, **kwargs)

    def _step(self, request, step):
        focal_point = self.get_object()
        expected = self.if_match(request)
        with transaction.atomic():
            step(focal_point=focal_point, by=request.user, expected_version=expected)
        return self._answer(focal_point)

    @extend_schema(request=None, responses={200: FocalPointSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Mail the person a link to set a password (it works once, for a limited number of days); an
        imported person's account is activated, and the next scan reminds them. Refused with a 409 for
        a focal point who rotated out or a person who already set a password, with a 422 for a person
        without an e-mail address. Secretariat only; needs If-Match."""
        return self._step(request, focal_point_invite)

    @extend_schema(request=None, responses={200: FocalPointSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """The person rotated out: they stop acting for the organization (the record and its history
        stay); the reminders waiting for them go to the organization's other primaries, or its
        alternates when no primary is left, and their calendar addresses stop. Secretariat only; needs
        If-Match."""
        return self._step(request, services.focal_point_rotate_out)

    @extend_schema(request=None, responses={200: FocalPointSerializer})
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        """Take back a focal point who rotated out, in the role they held: reminded again from the next
        scan. Secretariat only; needs If-Match."""
        return self._step(request, focal_point_reactivate)
