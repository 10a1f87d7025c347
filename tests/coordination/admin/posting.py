"""What an admin page's form posts back, read from the page as drawn: every field with the value a
browser would send (one key per part of a split date and time, a list for a multiple choice, nothing
for an unticked box), each inline's rows with its management form, and a new inline row made from
the formset's empty form as "Add another" makes it. Tests change some values and post the rest as they
were, so a form is refused only for what the test means it to be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import INITIAL_FORM_COUNT, MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT, TOTAL_FORM_COUNT


def sort_of(form_field: forms.Field) -> str:
    """The sort of value a field takes: date, time, number, choice, json, boolean, file or text."""
    if isinstance(form_field, forms.DateTimeField | forms.DateField):
        return "date"
    if isinstance(form_field, forms.TimeField):
        return "time"
    if isinstance(form_field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return "number"
    if isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        return "choice"
    if isinstance(form_field, forms.JSONField):
        return "json"
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        return "boolean"
    if isinstance(form_field, forms.FileField):
        return "file"
    return "text"


@dataclass
class Slot:
    """One posted key: the sort of field behind it, what the page would send back, and where it is."""

    key: str
    sort: str
    baseline: str | list[str] | None  # None: the page sends nothing (an unticked box, no file)
    multiple: bool = False
    typed: bool = True  # False for what nobody types: hidden fields, a row's delete box and order
    where: str = ""


def _formatted(widget: forms.Widget, value) -> str:
    shown = widget.format_value(value)
    if isinstance(shown, list):  # select widgets
        shown = shown[0] if shown else ""
    return "" if shown is None else str(shown)


def slots_of(form: forms.BaseForm, *, where: str, rename: Callable[[str], str] = str) -> list[Slot]:
    slots = []
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        typed = not bound.is_hidden and bound.name not in ("DELETE", "ORDER")
        key, value = rename(bound.html_name), bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            subfields = getattr(bound.field, "fields", [bound.field] * len(widget.widgets))
            for suffix, subwidget, subfield, part in zip(
                widget.widgets_names, widget.widgets, subfields, parts, strict=False
            ):
                slots.append(Slot(key + suffix, sort_of(subfield), _formatted(subwidget, part), typed=typed))
        elif isinstance(widget, forms.CheckboxInput):
            slots.append(Slot(key, "boolean", "on" if widget.check_test(value) else None, typed=typed))
        elif getattr(widget, "allow_multiple_selected", False) or isinstance(widget, forms.MultipleHiddenInput):
            chosen = [str(each) for each in (value or [])]
            slots.append(Slot(key, sort_of(bound.field), chosen, multiple=True, typed=typed))
        elif isinstance(widget, forms.FileInput):
            slots.append(Slot(key, "file", None, typed=typed))
        else:
            slots.append(Slot(key, sort_of(bound.field), _formatted(widget, value), typed=typed))
    for slot in slots:
        slot.where = where
    return slots


@dataclass
class Inline:
    """An inline formset as posted: its rows' slots and its management form."""

    name: str
    prefix: str
    slots: list[Slot]
    management: dict[str, str]


def inline_of(inline_admin_formset) -> Inline:
    formset = inline_admin_formset.formset
    name = inline_admin_formset.opts.__class__.__name__
    slots = []
    for form in formset.forms:
        slots += slots_of(form, where=f"{name} row")
    rows = len(formset.forms)
    if inline_admin_formset.has_add_permission:
        number = str(rows)
        new_row = slots_of(
            formset.empty_form, where=f"{name} new row", rename=lambda key: key.replace("__prefix__", number)
        )
        slots += new_row
        rows += 1
    management = formset.management_form
    prefix = formset.prefix
    values = {
        f"{prefix}-{TOTAL_FORM_COUNT}": str(rows),
        f"{prefix}-{INITIAL_FORM_COUNT}": str(formset.initial_form_count()),
        f"{prefix}-{MIN_NUM_FORM_COUNT}": str(management[MIN_NUM_FORM_COUNT].value() or 0),
        f"{prefix}-{MAX_NUM_FORM_COUNT}": str(management[MAX_NUM_FORM_COUNT].value() or 1000),
    }
    return Inline(name, prefix, slots, values)


@dataclass
class Posting:
    """What a page's form posts: fixed keys (buttons, the selection), the fields, the inlines."""

    fixed: dict[str, object]
    slots: list[Slot]
    inlines: list[Inline] = field(default_factory=list)

    def all_slots(self) -> list[Slot]:
        return self.slots + [slot for inline in self.inlines for slot in inline.slots]

    def data(self, values: dict[str, object] | None = None, *, management: dict[str, str] | None = None) -> dict:
        """The page's own values, with ``values`` (by posted key) in their place."""
        data = dict(self.fixed)
        for inline in self.inlines:
            data.update(inline.management)
        data.update(management or {})
        for slot in self.all_slots():
            value = (values or {}).get(slot.key, slot.baseline)
            if value is None:
                continue
            if slot.sort == "file" and isinstance(value, str):
                value = SimpleUploadedFile("posted.txt", value.encode("utf-8", "surrogatepass"), "text/plain")
            data[slot.key] = [value] if slot.multiple and not isinstance(value, list) else value
        return data


def posting_of(response, fixed: dict[str, object]) -> Posting | None:
    """The form a page shows: an admin add or change form with its inlines, or a page's own form."""
    context = response.context
    if context is None:
        return None
    if "adminform" in context:
        inlines = [inline_of(formset) for formset in context.get("inline_admin_formsets", [])]
        return Posting(fixed, slots_of(context["adminform"].form, where="the form's"), inlines)
    form = context.get("form")
    if isinstance(form, forms.BaseForm):
        return Posting(fixed, slots_of(form, where="the form's"))
    return None


def form_data(client, url: str, **values) -> dict:
    """What the page at ``url`` posts when saved, with ``values`` typed into it (by posted key)."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return posting_of(response, {"_save": "Save"}).data(values)
