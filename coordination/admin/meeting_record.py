"""A meeting's record in the admin: a page to read (agenda, participants, papers, conclusions, the
follow-up actions agreed), beside the form to edit, and carry-over of the open actions of the series'
earlier meetings onto its agenda. docs/admin.md, "A meeting's record"; decision 0012.

Mixed into the meeting admin that coordination registers (``extensions.CoordinationMeetingAdmin``):
the page shows follow-up actions, which meetings/ knows nothing of.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import HistoryAdmin, KeyRangeModelMultipleChoiceField, ReadOnlyAdminMixin

from .. import services
from ..deadlines import secretariat_today
from ..meeting_record import meeting_record
from ..models import CarriedOverAction, FollowUpAction


class CarryOverForm(forms.Form):
    # Any action: the service says why one it does not carry over (closed, of another series) is refused.
    actions = KeyRangeModelMultipleChoiceField(
        queryset=FollowUpAction.objects.all(),
        error_messages={
            "required": "Choose at least one action to add to the agenda.",
            "invalid_choice": "One of the actions chosen no longer exists: choose again from the list below.",
            "invalid_pk_value": "The selection was not understood: choose the actions again.",
            "invalid_list": "The selection was not understood: choose the actions again.",
        },
    )


def _added_message(result: services.CarryOver) -> str:
    parts = []
    if result.added:
        items = "; ".join(f"{item.position}. {item.title}" for item in result.added)
        parts.append(f"Added to the agenda: {items}.")
    if result.already:
        titles = "; ".join(f"“{action}”" for action in result.already)
        parts.append(f"Already on the agenda, not added again: {titles}.")
    return " ".join(parts)


class MeetingRecordAdminMixin:
    """The record page (``admin:meetings_meeting_record``), linked from the list, from the edit form
    ("View record") and from the dashboard; the edit form stays for editing."""

    change_form_template = "admin/coordination/change_form_steps.html"

    def get_urls(self):
        record = path(
            "<path:object_id>/record/",
            self.admin_site.admin_view(self.record_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_record",
        )
        return [record, *super().get_urls()]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        at = columns.index("title") + 1 if "title" in columns else len(columns)
        return [*columns[:at], "record", *columns[at:]]

    @admin.display(description="record")
    def record(self, meeting) -> str:
        return format_html(
            '<a href="{}" class="record-link" aria-label="The record of {}">Read</a>',
            reverse("admin:meetings_meeting_record", args=[meeting.pk]),
            meeting.title,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        links = [{"label": "View record", "url": reverse("admin:meetings_meeting_record", args=[unquote(object_id)])}]
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "object_steps": links})

    def record_view(self, request, object_id):
        """The record; a POST carries the chosen actions over onto the agenda (change permission)."""
        meeting = self.get_object(request, unquote(object_id))
        # As the admin's own pages: no view permission is a 403, a record that is not there goes back
        # to the index with the admin's message.
        if not self.has_view_or_change_permission(request, meeting):
            raise PermissionDenied
        if meeting is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        may_change = self.has_change_permission(request, meeting)
        refusals: list[str] = []
        chosen: list[str] = []
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            form = CarryOverForm(request.POST)
            chosen = request.POST.getlist("actions")
            if form.is_valid():
                try:
                    result = services.meeting_carry_over(
                        meeting=meeting, actions=form.cleaned_data["actions"], by=request.user
                    )
                except ValidationError as refusal:
                    refusals = refusal.messages
                else:
                    self.message_user(request, _added_message(result), messages.SUCCESS)
                    return HttpResponseRedirect(f"{request.path}#agenda")
            else:
                refusals = [error for errors in form.errors.values() for error in errors]
        record = meeting_record(meeting_id=meeting.pk, today=secretariat_today())
        context = {
            **self.admin_site.each_context(request),
            "title": record.meeting.title,
            "subtitle": "Record",
            "opts": self.opts,
            "object": record.meeting,
            "record": record,
            "when": self.when(record.meeting),
            "may_change": may_change,
            "refusals": refusals,
            "chosen": set(chosen),
            "change_url": reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            "history_url": reverse("admin:meetings_meeting_history", args=[meeting.pk]),
        }
        return TemplateResponse(request, "admin/coordination/meeting_record.html", context)


@admin.register(CarriedOverAction)
class CarriedOverActionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Which agenda item brought which action forward, by whom and when: written by carry-over only
    (``meeting_carry_over``); deleting the agenda item in the meeting's form removes its row."""

    list_display = ["action", "meeting", "agenda_item", "carried_over_by", "carried_over_at"]
    list_select_related = ["action", "meeting", "agenda_item", "carried_over_by"]
    search_fields = ["action__title", "meeting__title"]
    date_hierarchy = "carried_over_at"
    readonly_fields = ["meeting", "agenda_item", "action", "carried_over_by", "carried_over_at"]
