"""The coordination app's models, by concern; import them from here."""

from .attachments import Attachment
from .carry_over import CarriedOverAction
from .domain import (
    ActionEvent,
    ActivityUpdate,
    CallForInputs,
    DueDateFields,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    Provenance,
    ReportingObligation,
    Session,
    UpdateEvent,
)
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
    "ActionEvent",
    "ActivityUpdate",
    "Attachment",
    "CalendarFeed",
    "CallForInputs",
    "CallPrompt",
    "CarriedOverAction",
    "DeadlineExtension",
    "DueDateFields",
    "FollowUpAction",
    "InputRequest",
    "Mandate",
    "OperativeParagraph",
    "PromptAnswer",
    "Provenance",
    "ReminderDelivery",
    "ReminderEntry",
    "ReminderPolicy",
    "ReminderRun",
    "ReportingObligation",
    "Session",
    "UpdateEvent",
]
