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
from .ingest import IngestedDocument, Proposal
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
    "IngestedDocument",
    "InputRequest",
    "Mandate",
    "OutboxMessage",
    "PromptAnswer",
    "Proposal",
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
