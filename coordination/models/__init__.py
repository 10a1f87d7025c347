"""The coordination app's models, by concern; import them from here."""

from .domain import (
    ActivityUpdate,
    CallForInputs,
    DueDateFields,
    FollowUpAction,
    InputRequest,
    Mandate,
    Provenance,
    ReportingObligation,
    Session,
)
from .outbox import OutboxMessage
from .reminders import (
    CalendarFeed,
    DeadlineExtension,
    ReminderDelivery,
    ReminderEntry,
    ReminderPolicy,
    ReminderRun,
)

__all__ = [
    "ActivityUpdate",
    "CalendarFeed",
    "CallForInputs",
    "DeadlineExtension",
    "DueDateFields",
    "FollowUpAction",
    "InputRequest",
    "Mandate",
    "OutboxMessage",
    "Provenance",
    "ReminderDelivery",
    "ReminderEntry",
    "ReminderPolicy",
    "ReminderRun",
    "ReportingObligation",
    "Session",
]
