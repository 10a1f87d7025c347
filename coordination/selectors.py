"""Reads every door shares: who may see what, which items are open, the kinds of items with a deadline.

Visibility is decided here once (docs/design.md, "Visibility"): the API's querysets, the focal
points' page, attachment downloads and reminder links all ask these functions, so an object one door
hides is hidden by every door, and answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from agencies.models import FocalPoint, Membership, Organization
from agencies.selectors import is_secretariat, organization_ids_for
from core.errors import NotPermitted

from .choices import DeadlineState, InputRequestStatus, ReminderItemKind, UpdateStatus
from .dates_in_words import due_in_words
from .models import (
    ActivityUpdate,
    Attachment,
    CallForInputs,
    FollowUpAction,
    InputRequest,
    OperativeParagraph,
    PromptAnswer,
    Provenance,
    ReportingObligation,
    UpdateEvent,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


# --- The kinds of items with a deadline ------------------------------------------------------------


@dataclass(frozen=True)
class ItemKind:
    """An item with a deadline: how reminders, the dashboard, calendars and item pages see it."""

    kind: str
    label: str  # plural, as the dashboard's columns say it
    model: type[models.Model]
    # The organization whose focal points are reminded (None: the responsible officer is).
    organization_field: str | None
    # The organization the dashboard groups the item under (an obligation: the body it reports to).
    listed_organization_field: str
    officer_field: str
    select_related: tuple[str, ...]
    no_organization_label: str = ""

    @property
    def key(self) -> str:
        """The dashboard's name for the column (and its links' ``upcoming_urls`` key)."""
        return DASHBOARD_KEYS[self.kind]

    def open_items(self) -> models.QuerySet:
        return open_items(self.model)

    def items_to_remind(self) -> models.QuerySet:
        return items_to_remind(self.model)

    def organization_id(self, item) -> int | None:
        return getattr(item, f"{self.organization_field}_id") if self.organization_field else None

    def officer(self, item):
        obj = item
        for part in self.officer_field.split("__"):
            obj = getattr(obj, part) if obj is not None else None
        return obj

    def changelist(self) -> str:
        return reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist")

    def organization_params(self, organization_id: int | None) -> dict[str, str]:
        """The admin changelist's parameters that filter by one listed organization (or by none)."""
        field = self.listed_organization_field
        if organization_id is None:
            return {f"{field}__isnull": "True"}
        return {f"{field}__id__exact": str(organization_id)}


DASHBOARD_KEYS = {
    ReminderItemKind.ACTION: "actions",
    ReminderItemKind.OBLIGATION: "obligations",
    ReminderItemKind.INPUT_REQUEST: "input_requests",
}

# In the dashboard's column order.
ITEM_KINDS: dict[str, ItemKind] = {
    ReminderItemKind.ACTION: ItemKind(
        ReminderItemKind.ACTION,
        "Follow-up actions",
        FollowUpAction,
        "lead_organization",
        "lead_organization",
        "responsible_officer",
        (
            "lead_organization",
            "responsible_officer__profile",
            "origin_meeting",
            "origin_mandate__body",
            "origin_document",
        ),
        no_organization_label="no lead organization",
    ),
    ReminderItemKind.OBLIGATION: ItemKind(
        ReminderItemKind.OBLIGATION,
        "Reporting obligations",
        ReportingObligation,
        None,
        "addressee",
        "responsible_officer",
        ("mandate__body", "addressee", "responsible_officer__profile", "due_session"),
    ),
    ReminderItemKind.INPUT_REQUEST: ItemKind(
        ReminderItemKind.INPUT_REQUEST,
        "Input requests",
        InputRequest,
        "organization",
        "organization",
        "call__responsible_officer",
        ("organization", "call__responsible_officer__profile", "call__obligation__mandate__body"),
    ),
}


def item_kind_of(item) -> ItemKind:
    for spec in ITEM_KINDS.values():
        if isinstance(item, spec.model):
            return spec
    raise TypeError(f"{type(item).__name__} has no deadline")


def open_items(model: type[models.Model]) -> models.QuerySet:
    """Items not closed: an action or obligation neither done nor cancelled; an input request
    neither answered, declined nor waived (the deadline state's "closed" is the complement)."""
    return model._default_manager.exclude(status__in=model.CLOSED_STATUSES)


def items_to_remind(model: type[models.Model]) -> models.QuerySet:
    """Open items whose organization is chased: not those waiting for the secretariat (an action a
    focal point says is done, until the secretariat confirms or declines it)."""
    return open_items(model).exclude(status__in=getattr(model, "WAITING_STATUSES", ()))


def open_items_due_between(model: type[models.Model], first: dt.date, last: dt.date) -> models.QuerySet:
    """Open items due from ``first`` to ``last``, through the index on the due date."""
    return open_items(model).filter(due_date__gte=first, due_date__lte=last)


# --- Who may see what ------------------------------------------------------------------------------


def visible_to(user: User | None, queryset: models.QuerySet, *, organization_field: str = "organization"):
    """Rows of an organization's own (input requests, activity updates and what hangs from them):
    all for the secretariat, its organizations' for a focal point, none for anyone else."""
    if is_secretariat(user):
        return queryset
    return queryset.filter(**{f"{organization_field}__in": organization_ids_for(user)})


def may_write_updates(user: User | None) -> bool:
    """The secretariat, and focal points of an organization: who may write activity updates at all."""
    return is_secretariat(user) or bool(organization_ids_for(user))


def input_requests_visible_to(user: User | None) -> models.QuerySet:
    return visible_to(user, InputRequest.objects.all())


def attachments_visible_to(user: User | None) -> models.QuerySet:
    return visible_to(user, Attachment.objects.all(), organization_field="update__organization")


def item_visible_to(user: User | None, kind: str, item_id: int):
    """The item a reminder links to, if ``user`` may see it: the secretariat every item, a focal
    point those of its organizations. ``None`` otherwise (the door answers 404)."""
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        return None
    item = spec.model._default_manager.select_related(*spec.select_related).filter(pk=item_id).first()
    if item is None:
        return None
    if not is_secretariat(user) and spec.organization_id(item) not in organization_ids_for(user):
        return None
    return item


# --- The focal points' page ------------------------------------------------------------------------


def open_input_requests_of(organization_ids, *, today: dt.date) -> models.QuerySet:
    return (
        InputRequest.objects.filter(organization__in=organization_ids, status=InputRequestStatus.OPEN)
        .select_related("call", "organization")
        .with_deadline_state(today=today)
        .order_by("due_date", "pk")
    )


def open_actions_led_by(organization_ids, *, today: dt.date) -> models.QuerySet:
    return (
        open_items(FollowUpAction)
        .filter(lead_organization__in=organization_ids)
        .select_related("lead_organization")
        .with_deadline_state(today=today)
        .order_by("due_date", "pk")
    )


def updates_in_progress_of(organization_ids, *, limit: int = 50) -> list[ActivityUpdate]:
    return list(
        ActivityUpdate.objects.filter(organization__in=organization_ids)
        .exclude(status__in=[UpdateStatus.ACCEPTED, UpdateStatus.WITHDRAWN])
        .select_related("organization", "input_request__call")
        .prefetch_related("attachments")
        .order_by("-updated_at")[:limit]
    )


def update_being_written(input_request: InputRequest) -> ActivityUpdate | None:
    """The draft (or returned update) answering ``input_request``, if one is being written."""
    return (
        ActivityUpdate.objects.filter(
            input_request=input_request, status__in=[UpdateStatus.DRAFT, UpdateStatus.RETURNED]
        )
        .order_by("-updated_at")
        .first()
    )


def action_progress_being_written(action: FollowUpAction, organization_ids) -> ActivityUpdate | None:
    """The progress report (a draft, or one returned) on ``action`` that one of these organizations is
    writing, if any."""
    return (
        ActivityUpdate.objects.filter(
            action=action, organization__in=organization_ids, status__in=[UpdateStatus.DRAFT, UpdateStatus.RETURNED]
        )
        .order_by("-updated_at")
        .first()
    )


def action_events(action: FollowUpAction) -> list:
    """The "done, to be confirmed" exchange on ``action``, oldest first."""
    return list(action.events.select_related("by").order_by("at", "pk"))


# --- Calls -----------------------------------------------------------------------------------------


def _members_on(groups, on: dt.date) -> models.QuerySet:
    return Membership.objects.filter(group__in=list(groups)).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def call_addressees(*, organizations=(), categories=(), groups=(), on: dt.date) -> list[Organization]:
    """The organizations a call asks: those chosen, the organizations of the chosen categories
    (not their sub-units: the International Labour Office is asked through ILO unless chosen), and
    the members of the chosen groups (the Global Migration Group ...) on the day ``on``."""
    return [row.organization for row in call_addressees_preview(
        organizations=organizations, categories=categories, groups=groups, on=on
    )]  # fmt: skip


@dataclass(frozen=True)
class Addressee:
    """One organization a call would ask, why, and whether anybody would receive the mail."""

    organization: Organization
    chosen: bool  # named on the call
    by_category: bool
    by_group: bool
    focal_points: int  # active focal points: none means nobody is told, and nobody reminded


def call_addressees_preview(*, organizations=(), categories=(), groups=(), on: dt.date) -> list[Addressee]:
    """``call_addressees`` with the reason each organization is asked and its active focal points,
    by name; one query."""
    chosen = [o.pk for o in organizations]
    members = _members_on(groups, on).values("member_id")
    by_category = Q(category__in=list(categories), parent__isnull=True)
    rows = (
        Organization.objects.filter(Q(pk__in=chosen) | by_category | Q(pk__in=members))
        .annotate(
            by_category=models.ExpressionWrapper(by_category, output_field=models.BooleanField()),
            by_group=models.ExpressionWrapper(Q(pk__in=members), output_field=models.BooleanField()),
            active_focal_points=Coalesce(
                models.Subquery(
                    FocalPoint.objects.active()
                    .filter(organization=models.OuterRef("pk"))
                    .order_by()
                    .values("organization")
                    .annotate(n=models.Count("*"))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .order_by("name")
    )
    return [
        Addressee(
            organization=row,
            chosen=row.pk in chosen,
            by_category=row.by_category,
            by_group=row.by_group,
            focal_points=row.active_focal_points,
        )
        for row in rows
    ]


def answers_to_review() -> models.QuerySet:
    """Answers submitted and waiting for the secretariat's review, oldest first."""
    return (
        ActivityUpdate.objects.filter(status=UpdateStatus.SUBMITTED)
        .select_related("organization", "input_request__call", "action")
        .order_by("submitted_at", "pk")
    )


def call_answers_for(user: User | None, call: CallForInputs) -> CallForInputs:
    """``call``, if ``user`` may read all organizations' answers to it together (its board and its
    compilation): the secretariat only."""
    if not is_secretariat(user):
        raise NotPermitted("Only the secretariat sees all organizations' answers to a call.")
    return call


# --- The focal points' page: what is to do, sorted by deadline ----------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """One open item on a focal point's page: an input request to answer, or an action to report on.
    The words for its deadline are the template's; this says the state and how many days."""

    item: InputRequest | FollowUpAction
    kind: str  # a ReminderItemKind: the item page's kind
    title: str
    organization: Organization
    due: str  # at the precision the source gave it ("Q3 2004", "3 December 2026")
    state: str  # a DeadlineState
    days_left: int | None  # negative when late; None when undated
    waiting: bool  # the secretariat has the next step (an action said to be done, to be confirmed)

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None else 0

    @property
    def is_request(self) -> bool:
        return self.kind == ReminderItemKind.INPUT_REQUEST


@dataclass(frozen=True)
class FocalPointAgenda:
    to_do: list[AgendaEntry]  # open and dated, the soonest due first (the overdue lead), then the undated
    no_longer_chased: list[AgendaEntry]  # lapsed: overdue beyond the staleness horizon, the latest due first


def _agenda_entry(item, *, kind: str, title: str, organization: Organization, today: dt.date) -> AgendaEntry:
    due = due_in_words(item.due_date, item.due_precision or "day", as_stated=item.due_as_stated)
    return AgendaEntry(
        item=item,
        kind=kind,
        title=title,
        organization=organization,
        due=due,
        state=item.deadline_state,
        days_left=(item.due_date - today).days if item.due_date else None,
        waiting=item.status in getattr(type(item), "WAITING_STATUSES", ()),
    )


def focal_point_agenda(organization_ids, *, today: dt.date) -> FocalPointAgenda:
    """My organizations' open input requests and the open actions they lead, as one list sorted by
    deadline (docs/design.md, "Shown and sorted"), the lapsed set apart; two queries."""
    entries = [
        *(
            _agenda_entry(r, kind=ReminderItemKind.INPUT_REQUEST, title=r.call.title, organization=r.organization,
                          today=today)
            for r in open_input_requests_of(organization_ids, today=today)
        ),
        *(
            _agenda_entry(a, kind=ReminderItemKind.ACTION, title=a.title, organization=a.lead_organization,
                          today=today)
            for a in open_actions_led_by(organization_ids, today=today)
        ),
    ]  # fmt: skip
    lapsed = [e for e in entries if e.state == DeadlineState.LAPSED]
    to_do = [e for e in entries if e.state != DeadlineState.LAPSED]
    to_do.sort(key=lambda e: (e.item.due_date is None, e.item.due_date or dt.date.max, e.title.casefold()))
    lapsed.sort(key=lambda e: (e.item.due_date, e.title.casefold()), reverse=True)
    return FocalPointAgenda(to_do=to_do, no_longer_chased=lapsed)


def answers_of(organization_ids, *, limit: int = 50) -> list[ActivityUpdate]:
    """My organizations' answers and reports in every state, the latest changed first; two queries."""
    return list(
        ActivityUpdate.objects.filter(organization__in=organization_ids)
        .select_related("organization", "input_request__call", "action")
        .prefetch_related("attachments")
        .order_by("-updated_at", "-pk")[:limit]
    )


def declined_requests_of(organization_ids, *, limit: int = 50) -> list[InputRequest]:
    """My organizations' nil returns, the latest first: a decline stays readable after its message."""
    return list(
        InputRequest.objects.filter(organization__in=organization_ids, status=InputRequestStatus.DECLINED)
        .select_related("call", "organization")
        .order_by("-closed_at", "-pk")[:limit]
    )


def update_to_reread(user: User | None, update_id: int) -> ActivityUpdate | None:
    """One of my organizations' answers, with what its page shows (its questions and answers, files
    and steps); ``None`` for anyone else's (the door answers 404). The secretariat reads answers in the
    admin: this page is the focal points'."""
    mine = organization_ids_for(user)
    return (
        visible_to(user, ActivityUpdate.objects.all())
        .filter(pk=update_id, organization__in=mine)
        .select_related("organization", "input_request__call", "action")
        .prefetch_related(
            "attachments",
            models.Prefetch(
                "answers", queryset=PromptAnswer.objects.select_related("prompt").order_by("prompt__position")
            ),
            models.Prefetch("events", queryset=UpdateEvent.objects.select_related("by").order_by("at", "pk")),
        )
        .first()
    )


# --- Where records come from, and what a mandate's paragraphs became ---------------------------------

PROVENANCE_ROWS = "provenance_rows"


def provenance_of(records: Iterable[models.Model]) -> None:
    """Set on each record its provenance rows (document, paragraph, field, value as stated; the document
    selected with them) as ``provenance_rows``: one query per model for a whole page of records, none
    for a record that has them already."""
    waiting: dict[type[models.Model], list[models.Model]] = {}
    for record in records:
        if not hasattr(record, PROVENANCE_ROWS):
            waiting.setdefault(type(record), []).append(record)
    for model, group in waiting.items():
        rows: dict[int, list[Provenance]] = {record.pk: [] for record in group}
        statements = Provenance.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(rows)
        ).select_related("document")
        for statement in statements.order_by("pk"):
            rows[statement.object_id].append(statement)
        for record in group:
            setattr(record, PROVENANCE_ROWS, rows[record.pk])


def provenance_rows(record: models.Model) -> list[Provenance]:
    """A record's provenance rows, read now unless ``provenance_of`` read them with its page."""
    provenance_of([record])
    return getattr(record, PROVENANCE_ROWS)


def what_paragraphs_became(paragraphs: models.QuerySet[OperativeParagraph]) -> models.QuerySet[OperativeParagraph]:
    """Operative paragraphs, each with the keys of the obligations and actions it became (two queries
    more for a whole page), their search vectors left in the database."""
    return paragraphs.defer("search_vector").prefetch_related(
        models.Prefetch("obligations", queryset=ReportingObligation.objects.only("id", "paragraph_id").order_by("pk")),
        models.Prefetch("actions", queryset=FollowUpAction.objects.only("id", "origin_paragraph_id").order_by("pk")),
    )


def paragraphs_with_what_they_became() -> models.Prefetch:
    """A mandate's operative paragraphs in order, each with the keys of the obligations and actions it
    became (three queries for a whole page of mandates)."""
    return models.Prefetch(
        "paragraphs", queryset=what_paragraphs_became(OperativeParagraph.objects.order_by("position", "pk"))
    )


def updates_on_item(user: User | None, item) -> list[ActivityUpdate]:
    """The answers to an input request, or the reports on an action, that ``user`` may read."""
    field = "input_request" if isinstance(item, InputRequest) else "action"
    return list(
        visible_to(user, ActivityUpdate.objects.filter(**{field: item}))
        .select_related("organization")
        .order_by("-updated_at", "-pk")
    )
