"""Every admin page, found from the registry, takes bad values in every field without a 5xx.

The pages are discovered, not listed: for each model admin of the secretariat's site, its add page
(when the secretariat may add), the change page of one record (when it may change), every inline
of those pages (a new row, and the rows a record already has, with their management forms so the
rows are really validated), every list action (and the form of those that have a page of their
own, applied), the admin's own pages (a workflow step, import, export), the list's search and the
autocomplete lookups. An admin whose permissions say it is read-only gets only its list.

Each page is posted one request per kind of bad value, that value in every field at once (inline
rows included), and one request per date field of the form with a bad day in that field alone (a
form whose ``clean`` reads another field's value must cope with that field having failed). Every
value of every field in its own request would take minutes; see ``_variants``. A 5xx, or an
exception, is a failure that names the page, the kind of value and the field; so is a database
constraint's own text ("Constraint “...” is violated") reaching the page instead of a sentence
saying what to fix.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models, transaction
from django.test import RequestFactory
from django.urls import URLPattern, reverse

from agencies.apps import SECRETARIAT_APP_LABELS

from .admin_records import record_for
from .posting import Posting, posting_of

pytestmark = pytest.mark.django_db

CONTROL_CHARACTERS = "\x00\x0b\x0c\x1b"

# One request per kind: the kind's value for each sort of field, in every field at once.
BAD_VALUES: dict[str, dict[str, str]] = {
    "empty": dict.fromkeys(("date", "time", "number", "choice", "json", "text", "boolean", "file"), ""),
    "malformed": {
        "date": "not a date",
        "time": "not a time",
        "number": "abc",
        "choice": "abc",
        "json": "{not json",
        "text": "abc",
        "boolean": "abc",
        "file": "abc",
    },
    "impossible": {
        "date": "31 Feb 2027",
        "time": "25:61",
        "number": str(10**20),
        "choice": str(10**20),
        "json": "1" * 5000,
        "text": "x" * 100_000,
        "boolean": "x" * 100_000,
        "file": "x" * 100_000,
    },
    "control characters": {
        **dict.fromkeys(("date", "time", "number", "choice", "text", "boolean", "file"), CONTROL_CHARACTERS),
        # Valid JSON whose string holds a NUL: PostgreSQL's jsonb refuses it.
        "json": '["\\u0000\\u000b"]',
    },
}
# Then one request per date field, that field alone given one of these in turn (the others keep their
# values): a day that does not exist, and year 0.
BAD_DAYS = ("2027-02-31", "0000-01-01")
# What a constraint says when it has no message of its own: never for a secretariat officer's eyes.
CONSTRAINT_JARGON = ("Constraint “", "is violated")


# --- Discovering the pages -------------------------------------------------------------------------


class _SecretariatOfficer:
    """What the admin's permission checks ask of a user, answered as for the secretariat group
    (every permission of ``SECRETARIAT_APP_LABELS``), without a database: the pages are collected
    before any test runs. Each test then acts as the real ``secretariat_user``."""

    is_active = is_staff = is_authenticated = True
    is_superuser = is_anonymous = False
    pk = id = None

    def has_perm(self, perm: str, obj=None) -> bool:
        return perm.split(".")[0] in SECRETARIAT_APP_LABELS

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(perm) for perm in perms)

    def has_module_perms(self, app_label: str) -> bool:
        return app_label in SECRETARIAT_APP_LABELS


STANDARD_VIEWS = ("changelist", "add", "history", "delete", "change")


@dataclass(frozen=True)
class Page:
    model_admin: admin.ModelAdmin
    kind: str  # changelist, add, change, action, page
    id: str
    name: str = ""  # an action's name, or a page's URL name
    needs_object: bool = False

    @property
    def model(self) -> type[models.Model]:
        return self.model_admin.model


def _own_pages(model_admin) -> Iterator[URLPattern]:
    """The admin's own URLs (steps, import, export) that take at most the record's id (not a history
    version: its POST is refused by design, see core.admin.HistoryAdmin)."""
    opts = model_admin.model._meta
    standard = {f"{opts.app_label}_{opts.model_name}_{view}" for view in STANDARD_VIEWS}
    for pattern in model_admin.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name not in standard:
            regex = pattern.pattern.regex
            if set(regex.groupindex) <= {"object_id"} and regex.groups == len(regex.groupindex):
                yield pattern


def _pages() -> list[Page]:
    request = RequestFactory().get("/admin/")
    request.user = _SecretariatOfficer()
    pages = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin/{opts.app_label}/{opts.model_name}/"
        if not model_admin.has_view_or_change_permission(request):
            continue
        pages.append(Page(model_admin, "changelist", base))
        if model_admin.has_add_permission(request):
            pages.append(Page(model_admin, "add", f"{base}add/"))
        # An unsaved record stands for one: permissions that depend on the record read its fields.
        if model_admin.has_change_permission(request, model()):
            pages.append(Page(model_admin, "change", f"{base}<id>/change/", needs_object=True))
        for name in model_admin.get_actions(request):
            pages.append(Page(model_admin, "action", f"{base}?action={name}", name=name, needs_object=True))
        for pattern in _own_pages(model_admin):
            has_id = "object_id" in pattern.pattern.converters
            route = str(pattern.pattern).replace("<path:object_id>", "<id>")
            pages.append(Page(model_admin, "page", f"{base}{route}", name=pattern.name, needs_object=has_id))
    return pages


PAGES = _pages()


# --- The bad values put in what the page posts ------------------------------------------------------


def _variants(posting: Posting) -> Iterator[tuple[str, dict]]:
    """(what was posted, the data): each kind of value in every typed field at once, of the form and of
    its inline rows, the malformed one in the hidden fields too (what no browser sends but a request
    may: a row's id, its parent, an export's selection); then a bad day in each date field of the form
    alone, the bad days in turn (so a ``clean`` that compares dates meets one that failed while the
    others are valid); then the inlines' management forms broken."""
    typed = [slot for slot in posting.all_slots() if slot.typed]
    hidden = [slot for slot in posting.all_slots() if not slot.typed]
    for kind, by_sort in BAD_VALUES.items():
        values = {slot.key: by_sort[slot.sort] for slot in typed}
        where = "every field"
        if kind == "malformed" and hidden:
            values |= {slot.key: by_sort[slot.sort] for slot in hidden}
            where = "every field, hidden ones too"
        yield f"{kind} values in {where}", posting.data(values)
    dates = [slot for slot in posting.slots if slot.typed and slot.sort == "date"]
    for day, slot in zip(itertools.cycle(BAD_DAYS), dates, strict=False):
        yield f"{day!r} in {slot.where} field {slot.key!r}", posting.data({slot.key: day})
    if posting.inlines:
        broken = {key: "abc" for inline in posting.inlines for key in inline.management}
        yield "'abc' in the inlines' management forms", posting.data(management=broken)


# --- Asking, and what counts as a failure -----------------------------------------------------------


@dataclass
class Asker:
    client: object
    failures: list[str] = field(default_factory=list)
    posted: list[str] = field(default_factory=list)  # what was posted, for the test of the discovery itself

    def __call__(self, method: str, url: str, what: str, data=None):
        """One request in its own savepoint, so a database error fails this request only."""
        if method == "post":
            self.posted.append(what)
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(url, data or {})
        except Exception as error:
            self.failures.append(f"{method.upper()} {url} with {what}: {type(error).__name__}: {error}"[:600])
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url} with {what}: status {response.status_code}")
        elif any(jargon in response.content.decode(errors="replace") for jargon in CONSTRAINT_JARGON):
            self.failures.append(f"{method.upper()} {url} with {what}: a constraint's name shown instead of a message")
        return response

    def fuzz(self, url: str, posting: Posting) -> None:
        for what, data in _variants(posting):
            response = self("post", url, what, data)
            if response is not None and what.startswith("control characters") and posting.inlines:
                self._check_rows_validated(url, posting, response)

    def _check_rows_validated(self, url: str, posting: Posting, response) -> None:
        # Every row was given NULs: each inline with a fuzzed row must come back with errors, or its
        # management form was wrong and the rows were never looked at.
        shown = {
            formset.formset.prefix: formset.formset for formset in response.context.get("inline_admin_formsets", [])
        }
        for inline in posting.inlines:
            if not any(slot.typed for slot in inline.slots):
                continue
            formset = shown.get(inline.prefix)
            if formset is None or not (any(formset.errors) or formset.non_form_errors()):
                self.failures.append(f"POST {url}: the rows of {inline.name} were not validated")

    def finish(self, page: Page) -> None:
        if self.failures:
            pytest.fail(f"{page.id}: {len(self.failures)} failure(s):\n" + "\n".join(self.failures[:30]))


def _url(page: Page, view: str, *args) -> str:
    opts = page.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _changelist(ask: Asker, page: Page) -> None:
    url = _url(page, "changelist")
    for what, value in (("NULs", CONTROL_CHARACTERS), ("100,000 characters", "x" * 100_000)):
        search = {"q": value} if page.model_admin.search_fields else {}
        response = ask("get", url, f"a search, an ordering and a page of {what}", {**search, "o": value, "p": value})
        assert response is None or response.status_code == 200, f"{url} answered {response.status_code}"
    # The lookups behind the autocomplete fields, each searching the related model's admin.
    opts = page.model._meta
    for name in page.model_admin.autocomplete_fields:
        lookup = {"app_label": opts.app_label, "model_name": opts.model_name, "field_name": name}
        ask(
            "get",
            reverse("admin:autocomplete"),
            f"an autocomplete lookup of NULs for {name!r}",
            {**lookup, "term": CONTROL_CHARACTERS},
        )


def _form_page(ask: Asker, page: Page, url: str) -> None:
    response = ask("get", url, "nothing")
    assert response is not None, ask.failures
    if response.status_code != 200:
        return  # a page that only redirects or refuses a GET (process_import): nothing to fill in
    posting = posting_of(response, {"_save": "Save"})
    if posting is not None:
        ask.fuzz(url, posting)


def _action(ask: Asker, page: Page, obj) -> None:
    url = _url(page, "changelist")
    selection = {"action": page.name, helpers.ACTION_CHECKBOX_NAME: [str(obj.pk)], "index": "0", "select_across": "0"}
    response = ask("post", url, "the record selected", selection)
    # An action with a page of its own (core.admin.FormActionMixin._each_with_form) shows its form;
    # its page posts the form back with "apply".
    if response is None or response.context is None or response.context.get("action") != page.name:
        return
    posting = posting_of(response, {**selection, "apply": "1"})
    if posting is not None:
        ask.fuzz(url, posting)


def _try(ask: Asker, page: Page, user) -> None:
    obj = record_for(page.model, user) if page.needs_object else None
    if page.kind == "changelist":
        _changelist(ask, page)
    elif page.kind == "add":
        _form_page(ask, page, _url(page, "add"))
    elif page.kind == "change":
        _form_page(ask, page, _url(page, "change", obj.pk))
    elif page.kind == "action":
        _action(ask, page, obj)
    else:
        _form_page(ask, page, reverse(f"admin:{page.name}", args=[obj.pk] if obj is not None else []))


# Not "page": that is pytest-playwright's fixture.
@pytest.mark.parametrize("admin_page", PAGES, ids=[page.id for page in PAGES])
def test_admin_page_answers_bad_values_without_a_server_error(admin_page, client, secretariat_user):
    client.force_login(secretariat_user)
    ask = Asker(client)
    _try(ask, admin_page, secretariat_user)
    ask.finish(admin_page)


def test_the_pages_cover_every_kind():
    """The discovery finds what the secretariat works with, so a mistake in it cannot pass as "no 5xx"."""
    ids = {page.id for page in PAGES}
    assert "admin/coordination/followupaction/add/" in ids
    assert "admin/meetings/meeting/<id>/change/" in ids
    assert "admin/coordination/followupaction/?action=mark_done" in ids
    assert "admin/ingest/proposal/?action=reject" in ids
    assert "admin/coordination/followupaction/import/" in ids
    assert not any(page.id.startswith("admin/core/outboxmessage/") and page.kind != "changelist" for page in PAGES)


@pytest.mark.parametrize(
    ("page_id", "posted"),
    [
        # An action's own page: its form is found and posted back, applied, with a bad day in its date.
        ("admin/coordination/followupaction/?action=mark_done", "'2027-02-31' in the form's field 'completed_on'"),
        ("admin/ingest/proposal/?action=reject", "control characters values in every field"),
        # The inline rows of a change page, with their management forms.
        ("admin/meetings/meeting/<id>/change/", "'abc' in the inlines' management forms"),
    ],
)
def test_the_forms_found_are_really_posted(client, secretariat_user, page_id, posted):
    client.force_login(secretariat_user)
    ask = Asker(client)
    _try(ask, next(page for page in PAGES if page.id == page_id), secretariat_user)
    assert posted in ask.posted
    assert not ask.failures
