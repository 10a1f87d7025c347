"""The coordination app's models, by concern; import them from here."""

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
    "IngestedDocument",
    "InputRequest",
    "Mandate",
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
]
