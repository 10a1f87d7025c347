"""Workflow steps in the admin: a button on a record's page, a page of its own, and the same step
for a selection in the list.

A step is one service call (accept an answer, close a call, record a report ...). Declared once on
the model admin as an ``ObjectStep``, it gets

- a button on the record's page, shown while ``when(obj)`` holds;
- a page at ``<id>/<name>/``: the step's form (or a confirmation) with the record summarised, then
  the service call; its refusal is shown on that page, under the field it names, with the input kept;
- a bulk action of the same name when ``bulk`` is set: the form once, then the step on each
  selected record in its own transaction, refusals listed per record (``FormActionMixin``).

After the step the page returns to ``next`` when it is a local address (the review panel of the
dashboard), else to the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, update_wrapper
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme


@dataclass(frozen=True)
class ObjectStep:
    name: str  # in the address and as the bulk action's name: "accept", "record_report"
    label: str  # on the button: "Accept", "Record the report"
    apply: Callable[[HttpRequest, Any, dict], Any]  # one service call; a str it returns is the message shown
    done: str  # past tense, for the message: "Accepted"
    form: type[forms.Form] | None = None  # None: a confirmation page
    when: Callable[[Any], bool] = lambda obj: True  # whether the record's page offers it
    bulk: bool = False
    help: str = ""  # one sentence on the step's page: what it does, what it changes
    initial: Callable[[Any], dict] | None = None  # the form's initial values for this record
    template: str = "admin/coordination/object_step.html"
    extra_context: Callable[[HttpRequest, Any, forms.Form | None], dict] | None = None


class ConfirmFirst(Exception):
    """Raised by a step's ``apply`` that wants the person to look at its page once more before it acts
    (opening a call shows who would be asked): the page is drawn again with the message as a note,
    not as an error, and nothing is written."""


def _refusal_on(form: forms.Form | None, refusal: ValidationError) -> list[str]:
    """Put a service's refusal under the form's fields it names; what no field shows is returned."""
    if form is None:
        return refusal.messages
    left = []
    for field, errors in (
        refusal.message_dict if hasattr(refusal, "error_dict") else {None: refusal.messages}
    ).items():
        if field in form.fields:
            form.add_error(field, errors)
        else:
            left.extend(errors)
    return left


class ObjectStepsMixin:
    """Declare ``object_steps``; see the module's docstring."""

    object_steps: tuple[ObjectStep, ...] = ()
    change_form_template = "admin/coordination/change_form_steps.html"

    def has_step_permission(self, request, obj) -> bool:
        """Whether the person may take the record's steps: who may change it, unless the record is changed
        by its steps alone (a proposal under review: no form of fields to save)."""
        return self.has_change_permission(request, obj)

    def _step_url_name(self, step: ObjectStep) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{step.name}"

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            return update_wrapper(wrapper, view)

        steps = [
            path(
                f"<path:object_id>/{step.name}/",
                wrap(partial(self.step_view, step=step)),
                name=self._step_url_name(step),
            )
            for step in self.object_steps
        ]
        return steps + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        for step in self.object_steps:
            if step.bulk:
                action = partial(self._bulk_step, step=step)
                actions[step.name] = (action, step.name, f"{step.label}…" if step.form else step.label)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        offered = []
        if obj is not None and self.has_step_permission(request, obj):
            offered = [
                {"label": step.label, "url": reverse(f"admin:{self._step_url_name(step)}", args=[obj.pk])}
                for step in self.object_steps
                if step.when(obj)
            ]
            offered += self.object_links(obj)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "object_steps": offered})

    def object_links(self, obj) -> list[dict]:
        """More buttons for the record's page that read rather than change: ``[{"label", "url"}]``."""
        return []

    def _next(self, request, obj) -> str:
        wanted = request.POST.get("next") or request.GET.get("next") or ""
        if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            return wanted
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def step_view(self, request, object_id, *, step: ObjectStep):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_step_permission(request, obj):
            raise PermissionDenied
        posted = request.method == "POST"
        form = None
        if step.form is not None:
            form = step.form(request.POST if posted else None, initial=step.initial(obj) if step.initial else None)
        refusals: list[str] = []
        notice = ""
        if posted and (form is None or form.is_valid()):
            try:
                with transaction.atomic():
                    result = step.apply(request, obj, form.cleaned_data if form is not None else {})
            except ConfirmFirst as asked:
                notice = str(asked)
            except ValidationError as refusal:
                refusals = _refusal_on(form, refusal)
            else:
                message = result if isinstance(result, str) else f"{step.done}: {obj}."
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self._next(request, obj))
        if form is not None and refusals:
            form.add_error(None, refusals)
            refusals = []
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.label}: {obj}",
            "opts": self.opts,
            "object": obj,
            "step": step,
            "form": form,
            "refusals": refusals,
            "notice": notice,
            "next": request.POST.get("next") or request.GET.get("next") or "",
            "change_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]),
            **(step.extra_context(request, obj, form) if step.extra_context else {}),
        }
        return TemplateResponse(request, step.template, context)

    def _bulk_step(self, modeladmin, request, queryset, *, step: ObjectStep):
        def apply(obj, data):
            step.apply(request, obj, data)

        if step.form is None:
            return self._apply_each(request, queryset.order_by("pk"), verb=step.done, apply=lambda obj: apply(obj, {}))
        return self._each_with_form(
            request, queryset.order_by("pk"), form_class=step.form, title=step.label, verb=step.done, apply=apply
        )
