"""Admin building blocks every app uses."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.results import RowResult
from import_export.tmp_storages import CacheStorage
from simple_history.admin import SimpleHistoryAdmin

from .models import IdempotencyRecord, OutboxMessage, SeededModel, WorkerHeartbeat
from .spreadsheets import CSV, XLSX, SpreadsheetRefused


def short_name_column(field: str, description: str | None = None, *, ordering: str | None = None):
    """A list column that names a related record by its short name (an organization by its acronym,
    "ILO"), the full name in the tooltip; an organization without an acronym keeps its name.

    Django keeps a foreign key's cell on one line (the changelist's ``nowrap``), so a column of full
    names ("UNHCR (Office of the United Nations High Commissioner for Refugees)") widens the table beyond
    the screen. The admin naming the column lists ``field`` in ``list_select_related``."""

    @admin.display(description=description or field.replace("_", " "), ordering=ordering or f"{field}__name")
    def column(obj):
        related = getattr(obj, field)
        if related is None:
            return None  # the admin's "-"
        short, full = getattr(related, "short_name", str(related)), str(related)
        return short if short == full else format_html('<abbr title="{}">{}</abbr>', full, short)

    column.__name__ = field  # the cell's class: field-<name>, as for the field itself
    return column


def abbreviated(text: str, limit: int = 60):
    """A long name cut at a word for a list's cell ("Second letter to all Permanent Representatives…"),
    whole in the tooltip."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return format_html('<span title="{}">{}…</span>', text, cut)


class ReadOnlyAdminMixin:
    """A record of what happened (a log, a ledger, a message): listed and read, never added, changed
    or deleted by hand. Its rows are written by the services that did the thing."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _is_key(field, value) -> bool:
    """Whether ``value``, as posted, could be a value of the key ``field`` (an id, for most models)."""
    if "\x00" in str(value) or not _in_key_range(field, value):
        return False
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class _KeysOnlyAutocomplete:
    """Django's autocomplete widget, redrawn after a refused POST, looks the posted values up as keys:
    a value that is not one ("abc" for an id) raised instead of showing the field's own error. Such a
    value is redrawn as nothing chosen; the field still says "Select a valid choice"."""

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        return super().optgroups(name, [each for each in value if _is_key(key, each)], attr)


class KeysOnlyAutocompleteSelect(_KeysOnlyAutocomplete, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(_KeysOnlyAutocomplete, AutocompleteSelectMultiple):
    pass


# The largest key a database holds: SQLite refuses a bigger integer as a parameter (OverflowError).
LARGEST_KEY = 2**63 - 1


def _in_key_range(field, value) -> bool:
    if value in (None, "") or not isinstance(field, models.AutoField | models.IntegerField):
        return True
    try:
        return abs(int(str(value).strip())) <= LARGEST_KEY
    except ValueError:
        return True  # not a number at all: the field's own check says so


class KeyRangeModelChoiceField(forms.ModelChoiceField):
    """A choice of a related record that refuses, as "not one of the choices", a key no database
    holds (10**20 for an id), before it reaches the query."""

    def to_python(self, value):
        opts = self.queryset.model._meta
        if not _in_key_range(opts.get_field(self.to_field_name) if self.to_field_name else opts.pk, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class KeyRangeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for each in value:
            if not _in_key_range(key, each):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": each}
                )
        return super()._check_values(value)


class TypedLookupsAdminMixin:
    """What is typed into a lookup is answered as a field error or as nothing found, never as a server
    error: autocomplete fields redraw a posted non-key as nothing chosen, and a search holding a NUL
    finds nothing (PostgreSQL text cannot hold one, and refuses the query). The list's search box
    refuses a NUL itself (Django's search form); the autocomplete lookups pass their term straight to
    ``get_search_results`` of the admin searched. For model admins and inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", KeyRangeModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # An address typed without its scheme ("www.ilo.org") is taken as https, as Django 6 will.
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", KeyRangeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        # Django filters the list by the posted selection as it is: "abc", a NUL or 10**30 would
        # raise while the query runs. Our keys are whole numbers the database can hold.
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            if not (value.isascii() and value.isdigit() and int(value) < 2**63):
                self.message_user(
                    request, "The selection was not understood: choose the records again.", messages.ERROR
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class PageFirstChangeList(ChangeList):
    """A changelist that picks its page's rows by primary key before reading their relations.

    Django sorts and slices the whole joined query: with ``list_select_related`` the database joins every
    row of the table (20,000 follow-up actions with their mandates, meetings, documents, organizations and
    officers) before sorting them and keeping a page of 100 (0.4 s for 20,000 actions; bench/scale.py). Here
    the page's keys come from a subquery on the table alone (sorted and sliced, with only the joins the
    ordering needs), and only those rows are joined to their relations, in the same query and the same order.
    """

    def get_results(self, request):
        super().get_results(request)
        page = self.result_list
        if isinstance(page, models.QuerySet) and page.query.is_sliced:
            self.result_list = self.queryset.filter(pk__in=page.values("pk"))


class PageFirstAdminMixin:
    """Lists of large tables: the page's rows chosen before their relations are joined (``PageFirstChangeList``),
    and each row's checkbox written directly."""

    def get_changelist(self, request, **kwargs):
        return PageFirstChangeList

    def action_checkbox(self, obj):
        """Django's checkbox, as Django writes it in English (the admin's language), without rendering a form
        widget's template for each row: that was a third of the time of a list of 100 actions (bench/scale.py)."""
        label = format_html("Select this object for an action - {}", str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


class ServiceRefusalsAdminMixin:
    """Shows a service's refusal on the form that asked for the step, with everything typed kept.

    The admin saves through services (``save_model``, ``save_formset``, ``delete_model``); a service
    that refuses raises a ``ValidationError`` after the form was found valid. The whole attempt is
    rolled back and the page is drawn again from the same POST, with the refusal as the form's
    error: under its field when the form has that field, at the top otherwise.
    """

    def _changeform_view(self, request, object_id, form_url, extra_context):
        try:
            with transaction.atomic():
                return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            if getattr(request, "_service_refusal", None) is not None:
                raise
            request._service_refusal = refusal
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))

    def delete_queryset(self, request, queryset) -> None:
        """Each through ``delete_model`` (so through its service); refusals are listed, the rest go."""
        for obj in queryset:
            try:
                with transaction.atomic():
                    self.delete_model(request, obj)
            except ValidationError as refusal:
                self.message_user(request, f"Not deleted: {obj}: {' '.join(refusal.messages)}", messages.ERROR)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                data = super().clean()
                for field, errors in _by_field(refusal).items():
                    self.add_error(field if field in self.fields else None, errors)
                return data

        return RefusedForm


def _by_field(refusal: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(refusal, "error_dict"):
        return {None if field == NON_FIELD_ERRORS else field: errors for field, errors in refusal.message_dict.items()}
    return {None: refusal.messages}


class FormActionMixin:
    """Admin actions with a page of their own (a form for the selection, then applied)."""

    def _apply_each(self, request, items, *, verb: str, apply, refused_verb: str = "changed") -> None:
        """Apply a service to each item in its own transaction; say how many, and why any was refused."""
        items = list(items)
        done, refused = 0, []
        for item in items:
            try:
                with transaction.atomic():
                    apply(item)
                done += 1
            except ValidationError as error:
                refused.append(f"{item}: {' '.join(error.messages)}")
        if done:
            self.message_user(request, f"{verb} {done} of {len(items)}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not {refused_verb}: {line}", messages.ERROR)

    def _each_with_form(self, request, queryset, *, form_class, title: str, verb: str, apply):
        """An action with a page of its own: show the form for the selection, then apply it to each
        item in its own transaction; items the service refuses are listed with its reason."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply_each(request, queryset, verb=verb, apply=lambda item: apply(item, form.cleaned_data))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "items": queryset,
            "opts": self.model._meta,
            "action": request.POST.get("action", ""),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/coordination/item_action.html", context)


class SpreadsheetAdminMixin(ImportExportMixin, ExportActionMixin):
    """Import from CSV or XLSX with a preview and per-row errors; export the list (filtered) or a
    selection (the "Export selected" action), with the resources of ``core.spreadsheets``."""

    # Formats that refuse an oversized file before reading it, and escape formulas on export.
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # The page of a record with workflow steps shows them too (core.admin_steps.ObjectStepsMixin).
    change_form_template = "admin/coordination/change_form_steps.html"
    # The message only, never the traceback: the reader is a secretariat officer.
    import_error_display = ("message",)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetRefused):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                "This file could not be read in the format chosen: choose CSV for a .csv file and XLSX for an "
                "Excel workbook (.xlsx; an older .xls must first be saved as .xlsx).",
            )

    def process_import(self, request, **kwargs):
        # The upload waits in the shared cache between preview and confirmation (settings:
        # IMPORT_EXPORT_TMP_STORAGE_CLASS); a second click, or a wait of more than a day, finds it gone.
        name = request.POST.get("import_file_name", "")
        cached = issubclass(self.get_tmp_storage_class(), CacheStorage)
        if request.method == "POST" and cached and (not name or CacheStorage(name=name).read() is None):
            messages.error(request, "That upload is no longer waiting to be confirmed: import the file again.")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_import(request, **kwargs)

    def choose_import_resource_class(self, form, request):
        chosen = super().choose_import_resource_class(form, request)
        request.imported_model = chosen._meta.model  # what the success message names
        return chosen

    def add_success_message(self, result, request):
        """The library's message, naming what was imported: a meeting list imports participants too."""
        model = getattr(request, "imported_model", None) or self.model
        new, updated, deleted, skipped = (
            result.totals[kind]
            for kind in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_DELETE,
                         RowResult.IMPORT_TYPE_SKIP)
        )  # fmt: skip
        messages.success(
            request,
            f"Import finished: {new} new, {updated} updated, {deleted} deleted and {skipped} skipped "
            f"{model._meta.verbose_name_plural}.",
        )

    def get_valid_export_item_pks(self, request):
        # The library's default lists every row of the table to validate the selection. A posted value
        # that is not an id selects nothing (filtering by it would raise).
        chosen = [value for value in request.POST.getlist("export_items") if _is_key(self.model._meta.pk, value)]
        return self.get_queryset(request).filter(pk__in=chosen).values_list("pk", flat=True)


RECORD_FIELDSET = "Record"


def _without(fields, names) -> list:
    """``fields`` of a fieldset (names, or tuples of names shown on one line) without ``names``."""
    kept = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            entry = [name for name in entry if name not in names]
            if entry:
                kept.append(entry[0] if len(entry) == 1 else tuple(entry))
        elif entry not in names:
            kept.append(entry)
    return kept


class SeededRecordAdminMixin:
    """A page of a seeded record (``core.models.SeededModel``) opens on what the record is about, and
    keeps what the seed loader writes, its seed key and demo flag, read only at the end, folded away
    in a "Record" fieldset with the record's timestamps when the page shows them.

    Django's default order is the model's, and the fields a model inherits come first: the seed key
    and the demo flag, then a due date (``DueDateFields``). So, unless the admin chose its own order
    (``fields``), the first of ``headline_fields`` the page shows is moved to the top. A page that
    declares its fieldsets keeps them, minus the record's fields, which go to the end."""

    record_fields = ("seed_key", "is_demo")
    record_timestamps = ("created_at", "updated_at")
    headline_fields = ("title", "name", "description", "symbol", "number")

    def _seeded(self) -> bool:
        return issubclass(self.model, SeededModel)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._seeded():
            fields += [name for name in self.record_fields if name not in fields]
        return fields

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self._seeded():
            return fields
        if self.fields is None:
            headline = next((name for name in self.headline_fields if name in fields), None)
            if headline is not None:
                fields = [headline, *(name for name in fields if name != headline)]
        record = (*self.record_fields, *self.record_timestamps)
        return [name for name in fields if name not in record] + [name for name in fields if name in record]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._seeded():
            return fieldsets
        shown = set(flatten_fieldsets(fieldsets))
        record = [*self.record_fields, *(name for name in self.record_timestamps if name in shown)]
        kept = [(name, {**options, "fields": _without(options["fields"], record)}) for name, options in fieldsets]
        kept = [(name, options) for name, options in kept if options["fields"]]
        if obj is None:
            return kept  # a record being added has no seed key and is no demo
        return [*kept, (RECORD_FIELDSET, {"fields": record, "classes": ["collapse"]})]


class HistoryAdmin(SeededRecordAdminMixin, TypedLookupsAdminMixin, SimpleHistoryAdmin):
    """django-simple-history's admin, for reading a record's history only. Its "Revert" would write an
    old version of the whole row around every rule of the services (an accepted answer back to
    submitted, with no event); ``SIMPLE_HISTORY_REVERT_DISABLED`` hides the button, and this refuses
    the form's POST too, so no request can revert. Steps undo what steps did.

    The domain's record admins all derive from it, so it also carries what each of their pages needs:
    a seeded record's field order, and lookups that take bad input without a server error."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("A record's history is read here, not restored: change the record itself.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "key", "method_and_path", "response_status"]
    search_fields = ["key", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "to_email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which Celery workers ran the outbox sender, and when (see also /status)."""

    list_display = ["hostname", "seen_at", "pid"]
    search_fields = ["hostname"]
    readonly_fields = ["hostname", "seen_at", "pid"]
