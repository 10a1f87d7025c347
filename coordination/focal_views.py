"""The focal points' web page: what my organizations are asked, and answering it without a system
of our own. Every object is looked up within the caller's organizations: another organization's
request or update answers 404, as in the API."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Organization
from agencies.selectors import is_secretariat, organization_ids_for

from . import services
from .dates_in_words import period_in_words
from .deadlines import secretariat_today, staleness_horizon_days
from .models import ActivityUpdate, InputRequest
from .selectors import (
    answers_of,
    attachments_visible_to,
    declined_requests_of,
    focal_point_agenda,
    input_requests_visible_to,
    update_being_written,
    update_to_reread,
)


class UpdateTextForm(forms.ModelForm):
    """What an answer and a progress report share: a title, a text, a period and a file."""

    attachment = forms.FileField(
        label=gettext_lazy("Attachment"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, OpenDocument text, image or text; at most 10 MB."),
    )

    class Meta:
        model = ActivityUpdate
        fields = ["title", "body", "period_start", "period_end"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        labels = {
            "title": gettext_lazy("Title"),
            "body": gettext_lazy("Your organization's activities"),
            "period_start": gettext_lazy("Period start"),
            "period_end": gettext_lazy("Period end"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        for name in ("title", "body"):
            if name in data and not data[name].strip():
                self.add_error(name, _("Write something here."))
        return data


class AnswerForm(UpdateTextForm):
    def __init__(self, *args, prompts=(), answers=None, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = list(prompts)
        self.submitting = submitting
        answers = answers or {}
        for prompt in self.prompts:
            self.fields[self.prompt_field(prompt)] = forms.CharField(
                label=f"{prompt.position}. {prompt.text}",
                required=False,
                max_length=20_000,
                initial=answers.get(prompt.pk, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        if self.prompts:
            # The questions come right after the title and the general text.
            order = ["title", "body", *map(self.prompt_field, self.prompts)]
            self.order_fields(order)

    @staticmethod
    def prompt_field(prompt) -> str:
        return f"prompt_{prompt.pk}"

    def answers(self) -> dict[int, str]:
        return {prompt.pk: self.cleaned_data.get(self.prompt_field(prompt), "") for prompt in self.prompts}

    def clean(self):
        data = super().clean()
        if self.submitting:
            for prompt in self.prompts:
                name = self.prompt_field(prompt)
                if name in data and not data[name].strip():
                    self.add_error(name, _("Answer this question before you submit (or save a draft)."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The report lists who declined, and why."),
    )


def _mine(request) -> frozenset[int]:
    mine = organization_ids_for(request.user)
    if not mine:
        raise Http404(_("You do not act for an organization."))
    return mine


@login_required
def my_home(request):
    """What my organizations are asked, sorted by deadline (the lapsed set apart), then our answers
    in every state and our nil returns, each with a page to re-read it."""
    if is_secretariat(request.user):
        return redirect("admin:index")
    mine = organization_ids_for(request.user)
    today = secretariat_today()
    organizations = list(Organization.objects.filter(pk__in=mine).order_by("name"))
    context = {
        "organizations": organizations,
        "organization_names": ", ".join(o.short_name for o in organizations),
        "agenda": focal_point_agenda(mine, today=today),
        "answers": answers_of(mine),
        "declined": declined_requests_of(mine),
        "horizon_days": staleness_horizon_days(),
        "today": today,
    }
    return render(request, "coordination/my_home.html", context)


@login_required
def my_update(request, update_id: int):
    """An answer (or a report on an action) as it stands, to re-read: its text, questions and answers,
    files, the secretariat's comment and its steps. The organization's focal points only: 404 otherwise."""
    update = update_to_reread(request.user, update_id)
    if update is None:
        raise Http404(_("No such answer among your organizations'."))
    context = {"update": update, "period": period_in_words(update.period_start, update.period_end)}
    return render(request, "coordination/my_update.html", context)


def _my_input_request(request, request_id: int) -> InputRequest:
    """One of my organizations' input requests; 404 for anyone else's, as in the API."""
    return get_object_or_404(
        input_requests_visible_to(request.user).select_related("call", "organization"),
        pk=request_id,
        organization__in=_mine(request),
    )


@login_required
def my_answer(request, request_id: int):
    """Answer an input request: save a draft, or submit it to the secretariat; or decline it."""
    input_request = _my_input_request(request, request_id)
    draft = update_being_written(input_request)
    prompts = list(input_request.call.prompts.all())
    answers = dict(draft.answers.values_list("prompt_id", "text")) if draft else {}
    submitting = "submit" in request.POST
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        instance=draft,
        prompts=prompts,
        answers=answers,
        submitting=submitting,
    )
    decline = DeclineForm(prefix="decline")
    if request.method == "POST" and form.is_valid():
        try:
            services.input_request_answer(
                input_request=input_request,
                by=request.user,
                answers=form.answers(),
                attachment=form.cleaned_data.get("attachment"),
                submit=submitting,
                **{name: form.cleaned_data[name] for name in AnswerForm.Meta.fields},
            )
        except ValidationError as error:
            # The services name fields this form may not have (input_request, answers): say it all at the top.
            form.add_error(None, ValidationError(error.messages))
        else:
            if submitting:
                submitted = _("Your answer to “%(call)s” is submitted to the secretariat.")
                messages.success(request, submitted % {"call": input_request.call})
                return redirect("my-home")
            messages.success(request, _("Draft saved: nobody else sees it until you submit it."))
            return redirect("my-answer", request_id=input_request.pk)
    context = {"input_request": input_request, "form": form, "decline": decline, "draft": draft}
    return render(request, "coordination/my_answer.html", context)


@login_required
def my_decline(request, request_id: int):
    """A nil return: nothing to report, with the reason."""
    input_request = _my_input_request(request, request_id)
    if request.method != "POST":
        return redirect("my-answer", request_id=request_id)
    decline = DeclineForm(request.POST, prefix="decline")
    if decline.is_valid():
        try:
            services.input_request_decline(
                input_request=input_request, by=request.user, reason=decline.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded: nothing to report for “%(call)s”.") % {"call": input_request.call})
            return redirect("my-home")
    form = AnswerForm(prompts=input_request.call.prompts.all())
    context = {"input_request": input_request, "form": form, "decline": decline, "draft": None}
    return render(request, "coordination/my_answer.html", context, status=400)


@login_required
def my_attachment(request, attachment_id: int):
    """An attachment, to the secretariat and to the focal points of the update's organization only."""
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
