"""The coordination app's models, by concern; import them from here."""

from .api import IdempotencyRecord
from .attachments import Attachment
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
    UpdateEvent,
)
from .operations import WorkerHeartbeat
from .outbox import OutboxMessage
from .prompts import CallPrompt, PromptAnswer
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
    "Attachment",
    "CalendarFeed",
    "CallForInputs",
    "CallPrompt",
    "DeadlineExtension",
    "DueDateFields",
    "FollowUpAction",
    "IdempotencyRecord",
    "InputRequest",
    "Mandate",
    "OutboxMessage",
    "PromptAnswer",
    "Provenance",
    "ReminderDelivery",
    "ReminderEntry",
    "ReminderPolicy",
    "ReminderRun",
    "ReportingObligation",
    "Session",
    "UpdateEvent",
    "WorkerHeartbeat",
]
