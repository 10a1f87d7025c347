"""The three kinds of items reminders are about, seen the same way by the scan, the dispatch,
the mail and the calendars."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from ..choices import InputRequestStatus, ItemStatus, ReminderItemKind
from ..models import FollowUpAction, InputRequest, ReportingObligation


@dataclass(frozen=True)
class ItemKind:
    kind: str
    model: type[models.Model]
    # The organization whose focal points are reminded (None: the responsible officer is).
    organization_field: str | None
    officer_field: str
    select_related: tuple[str, ...]

    def open_items(self) -> models.QuerySet:
        return self.model.objects.exclude(status__in=self.model.CLOSED_STATUSES)

    def organization_id(self, item) -> int | None:
        return getattr(item, f"{self.organization_field}_id") if self.organization_field else None

    def officer(self, item):
        obj = item
        for part in self.officer_field.split("__"):
            obj = getattr(obj, part) if obj is not None else None
        return obj


ITEM_KINDS: dict[str, ItemKind] = {
    ReminderItemKind.ACTION: ItemKind(
        ReminderItemKind.ACTION,
        FollowUpAction,
        "lead_organization",
        "responsible_officer",
        (
            "lead_organization",
            "responsible_officer__profile",
            "origin_meeting",
            "origin_mandate__body",
            "origin_document",
        ),
    ),
    ReminderItemKind.INPUT_REQUEST: ItemKind(
        ReminderItemKind.INPUT_REQUEST,
        InputRequest,
        "organization",
        "call__responsible_officer",
        ("organization", "call__responsible_officer__profile", "call__obligation__mandate__body"),
    ),
    ReminderItemKind.OBLIGATION: ItemKind(
        ReminderItemKind.OBLIGATION,
        ReportingObligation,
        None,
        "responsible_officer",
        ("mandate__body", "addressee", "responsible_officer__profile", "due_session"),
    ),
}

OPEN_STATUSES = {ItemStatus.OPEN, InputRequestStatus.OPEN}


def item_kind_of(item) -> ItemKind:
    for spec in ITEM_KINDS.values():
        if isinstance(item, spec.model):
            return spec
    raise TypeError(f"{type(item).__name__} has no reminders")


def item_title(item) -> str:
    if isinstance(item, InputRequest):
        return f"Answer to the call for inputs “{item.call.title}”"
    if isinstance(item, ReportingObligation):
        return f"Report under {item.mandate}: {item.description}"
    return item.title


def item_context(item) -> str:
    """For which mandate or meeting the item is."""
    if isinstance(item, FollowUpAction):
        origin = item.origin
        return f"agreed at {origin}" if item.origin_meeting_id else f"from {origin}"
    if isinstance(item, InputRequest):
        obligation = item.call.obligation
        return f"for the report under {obligation.mandate}" if obligation else "for a call for inputs"
    return f"to the {item.addressee.name}"
