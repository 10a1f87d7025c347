"""The focal points' pages for a follow-up action: report progress on it (an activity update, drafted
then submitted to the secretariat, who reviews it like an answer) and ask the secretariat to mark it
done. An action neither led nor supported by one of the caller's organizations answers 404; each page
calls one service and shows its refusal on the form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.selectors import organization_ids_for

from . import services
from .choices import ActionEventKind, ReminderItemKind
from .focal_views import UpdateTextForm
from .models import FollowUpAction
from .selectors import action_events, action_progress_being_written


class ProgressForm(UpdateTextForm):
    class Meta(UpdateTextForm.Meta):
        widgets = {**UpdateTextForm.Meta.widgets, "body": forms.Textarea(attrs={"rows": 10})}
        labels = {**UpdateTextForm.Meta.labels, "body": gettext_lazy("What your organization has done")}


class RequestDoneForm(forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=5000,
        label=gettext_lazy("What was done (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "For the secretariat: the date, a document's symbol, a link ... It is kept with the action."
        ),
    )


def _my_action(request, action_id: int) -> FollowUpAction:
    """An action one of my organizations leads or supports; 404 for anyone else's."""
    mine = organization_ids_for(request.user)
    if not mine:
        raise Http404(_("You do not act for an organization."))
    actions = FollowUpAction.objects.select_related("lead_organization").filter(
        Q(lead_organization__in=mine) | Q(supporting_organizations__in=mine)
    )
    return get_object_or_404(actions.distinct(), pk=action_id)


def _item_page(action: FollowUpAction):
    return redirect("my-item", kind=ReminderItemKind.ACTION, item_id=action.pk)


@login_required
def my_action_progress(request, action_id: int):
    """Report progress on an action: save a draft, or submit it to the secretariat."""
    action = _my_action(request, action_id)
    draft = action_progress_being_written(action, organization_ids_for(request.user))
    form = ProgressForm(request.POST or None, request.FILES or None, instance=draft)
    submitting = "submit" in request.POST
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress_report(
                action=action,
                by=request.user,
                attachment=form.cleaned_data.get("attachment"),
                submit=submitting,
                **{name: form.cleaned_data[name] for name in ProgressForm.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            if submitting:
                messages.success(request, _("Your progress report is submitted to the secretariat."))
                return _item_page(action)
            messages.success(request, _("Draft saved: nobody else sees it until you submit it."))
            return redirect("my-action-progress", action_id=action.pk)
    return render(request, "coordination/my_action_progress.html", {"action": action, "form": form, "draft": draft})


@login_required
def my_action_request_done(request, action_id: int):
    """Ask the secretariat to mark an action done, with an optional comment."""
    action = _my_action(request, action_id)
    form = RequestDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_request_done(action=action, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error("comment" if hasattr(error, "error_dict") else None, ValidationError(error.messages))
        else:
            messages.success(request, _("Sent: the secretariat will confirm that it is done, or tell you why not."))
            return _item_page(action)
    declined = [event for event in action_events(action) if event.event == ActionEventKind.DONE_DECLINED]
    context = {"action": action, "form": form, "last_declined": declined[-1] if declined else None}
    return render(request, "coordination/my_action_request_done.html", context)
