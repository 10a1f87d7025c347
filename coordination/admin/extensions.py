"""The organizations', focal points' and meetings' pages, with what the coordination work holds
about them: an organization's open items and latest answers, a focal point's bounced mail and what
rotating them out does to their reminders, a meeting's follow-up actions.

agencies/ and meetings/ know nothing of coordination/; here their admin classes are extended and
registered again in place of theirs (the URLs, names and permissions stay theirs).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from agencies.admin import (
    ITEMS_SHOWN,
    UPDATES_SHOWN,
    FocalPointAdmin,
    MembershipAdmin,
    OrganizationAdmin,
    changelist_link,
    subquery_count,
)
from agencies.choices import FocalPointRole
from agencies.models import FocalPoint, Membership, Organization
from core.choices import OutboxStatus
from core.models import OutboxMessage
from meetings.admin import AgendaItemAdmin, DocumentAdmin, MeetingAdmin, MeetingSeriesAdmin, ParticipantAdmin
from meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Participant

from ..choices import DeliveryStatus, InputRequestStatus, ItemStatus
from ..deadlines import secretariat_today
from ..models import ActivityUpdate, FollowUpAction, InputRequest, ReminderDelivery, ReportingObligation
from ..selectors import open_items
from ..services import focal_point_remove, focal_point_rotate_out, person_contact_erase
from .meeting_record import MeetingRecordAdminMixin
from .provenance import ProvenanceInline
from .records import ActionInline, ItemFormsetsMixin


class CoordinationOrganizationAdmin(OrganizationAdmin):
    """An organization's page, with what it owes and what it answered."""

    overview_fields = (("open_items", "Open items"), ("latest_updates", "Latest activity updates"))
    inlines = [*OrganizationAdmin.inlines, ProvenanceInline]
    readonly_fields = [*OrganizationAdmin.readonly_fields, "open_items", "latest_updates"]

    def remove_focal_point(self, focal_point: FocalPoint, *, by) -> None:
        # A focal point removed from the page takes their waiting reminders with them.
        focal_point_remove(focal_point=focal_point, by=by)

    @admin.display(description="open items")
    def open_items(self, obj) -> str:
        """What the organization owes: actions it leads, its open input requests, the reports
        addressed to it. One query per kind, whatever the number of items."""
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
                see_all.append(changelist_link(f"{url_base}_changelist", params, f"all open: {kind.lower()}s"))
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
            changelist_link(
                "admin:coordination_activityupdate_changelist",
                {"organization__id__exact": obj.pk},
                "All updates of this organization",
            ),
        )


class CoordinationFocalPointAdmin(FocalPointAdmin):
    """Focal points, with their bounced mail; rotating one out moves their reminders."""

    list_display = [*FocalPointAdmin.list_display, "bounces"]

    def get_queryset(self, request):
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

    @admin.display(description="bounces")
    def bounces(self, obj) -> str:
        if not obj.user.email or not (obj.bounced_notices or obj.bounced_reminders):
            return "0"
        parts = []
        if obj.bounced_notices:
            parts.append(
                changelist_link(
                    "admin:core_outboxmessage_changelist",
                    {"status__exact": "failed", "to_email__iexact": obj.user.email},
                    f"{obj.bounced_notices} notice{'s' if obj.bounced_notices != 1 else ''}",
                )
            )
        if obj.bounced_reminders:
            parts.append(
                changelist_link(
                    "admin:coordination_reminderdelivery_changelist",
                    {"status__exact": "failed", "to_email__iexact": obj.user.email},
                    f"{obj.bounced_reminders} reminder{'s' if obj.bounced_reminders != 1 else ''}",
                )
            )
        return format_html_join(", ", "{}", ((part,) for part in parts))

    actions = [*FocalPointAdmin.actions, "erase_contact_data"]

    def delete_model(self, request, obj) -> None:
        focal_point_remove(focal_point=obj, by=request.user)

    @admin.action(description="Erase contact data (deactivated only)", permissions=["change"])
    def erase_contact_data(self, request, queryset) -> None:
        """The retention rule of docs/admin.md: a person who acts for no organization any more keeps
        their answers, without their name or address."""
        erased: set[int] = set()
        for focal_point in queryset.select_related("user", "organization").order_by("pk"):
            if focal_point.user_id in erased:
                continue
            if focal_point.is_active:
                self.message_user(
                    request, f"{focal_point}: still active; deactivate (rotated out) first.", messages.ERROR
                )
                continue
            try:
                person_contact_erase(user=focal_point.user, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                erased.add(focal_point.user_id)
        if erased:
            self.message_user(
                request,
                f"Contact data erased for {len(erased)} person{'s' if len(erased) != 1 else ''}: names, e-mail "
                "address and login name are blank; their answers and roles' history stay.",
                messages.SUCCESS,
            )

    @admin.action(description="Deactivate (rotated out)", permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        focal_points = list(queryset.select_related("user", "organization"))
        handovers = [focal_point_rotate_out(focal_point=fp, by=request.user) for fp in focal_points]
        handed = sum(h.handed_over for h in handovers)
        cancelled = sum(h.cancelled for h in handovers)
        successors = list(dict.fromkeys(who for h in handovers for who in h.successors))
        waiting = (
            f"Reminders waiting to be sent to them: {handed} handed over"
            + (f" (to the {', the '.join(successors)})" if successors else "")
            + f", {cancelled} cancelled (nobody to hand them to)."
        )
        self.message_user(
            request,
            f"Deactivated {len(focal_points)} focal point{'s' if len(focal_points) != 1 else ''}: "
            "the next reminders go to the organization's other primary focal points, or to its alternates "
            f"when no primary is left. {waiting}",
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


class CoordinationMeetingAdmin(MeetingRecordAdminMixin, ItemFormsetsMixin, MeetingAdmin):
    """A meeting's page, with the follow-up actions it agreed, and its record to read."""

    inlines = [*MeetingAdmin.inlines, ActionInline, ProvenanceInline]


def _with_provenance(model_admin: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """A page of agencies/ or meetings/ with where its facts come from (the seeds and the documents
    read state the memberships, meeting series, agenda items, participants and documents too)."""
    return type(model_admin.__name__, (model_admin,), {"inlines": [*model_admin.inlines, ProvenanceInline]})


for model, model_admin in (
    (Organization, CoordinationOrganizationAdmin),
    (FocalPoint, CoordinationFocalPointAdmin),
    (Meeting, CoordinationMeetingAdmin),
    (Membership, _with_provenance(MembershipAdmin)),
    (MeetingSeries, _with_provenance(MeetingSeriesAdmin)),
    (AgendaItem, _with_provenance(AgendaItemAdmin)),
    (Participant, _with_provenance(ParticipantAdmin)),
    (Document, _with_provenance(DocumentAdmin)),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
