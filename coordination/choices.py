"""Enumerations of the coordination app."""

from django.db import models


class MandateKind(models.TextChoices):
    RESOLUTION = "resolution", "Resolution"
    DECISION = "decision", "Decision"


class ParagraphKind(models.TextChoices):
    """What an operative paragraph of a mandate asks for."""

    REPORT = "report", "Report"
    ACTION = "action", "Action"
    MEETING = "meeting", "Meeting"
    OTHER = "other", "Other"


class ItemStatus(models.TextChoices):
    """Status of a reporting obligation (a follow-up action has these and one more: ``ActionStatus``)."""

    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionStatus(models.TextChoices):
    """Status of a follow-up action: ``ItemStatus``'s values (the same strings), and "done, to be
    confirmed" while the secretariat checks a focal point's word that it is done. A report is recorded
    by the secretariat itself, so an obligation never waits in that state."""

    OPEN = ItemStatus.OPEN.value, ItemStatus.OPEN.label
    DONE_PENDING = "done_pending", "Done, to be confirmed"
    DONE = ItemStatus.DONE.value, ItemStatus.DONE.label
    CANCELLED = ItemStatus.CANCELLED.value, ItemStatus.CANCELLED.label


class ActionEventKind(models.TextChoices):
    DONE_REQUESTED = "done_requested", "Asked to be marked done"
    DONE_CONFIRMED = "done_confirmed", "Confirmed done"
    DONE_DECLINED = "done_declined", "Not confirmed done"


class Recurrence(models.TextChoices):
    NONE = "none", "Once"
    ANNUAL = "annual", "Every year"
    BIENNIAL = "biennial", "Every two years"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class InputRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined (nil return)"
    WAIVED = "waived", "Waived by the secretariat"


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"
    WITHDRAWN = "withdrawn", "Withdrawn by the secretariat"


class ReceivedVia(models.TextChoices):
    API = "api", "API"
    WEB = "web", "Focal points' page"
    EMAIL = "email", "E-mail (recorded by the secretariat)"
    LETTER = "letter", "Letter (recorded by the secretariat)"
    DOCUMENT = "document", "Reported in a document"


class DeadlineState(models.TextChoices):
    """docs/design.md, "Dates and deadline states": one definition for the API, admin, dashboard and reminders."""

    CLOSED = "closed", "Closed"
    UNDATED = "undated", "Undated"
    LAPSED = "lapsed", "Lapsed (overdue beyond the staleness horizon)"
    OVERDUE = "overdue", "Overdue"
    DUE_7 = "due_7", "Due within 7 days"
    DUE_30 = "due_30", "Due within 30 days"
    LATER = "later", "Due later"


class ReminderItemKind(models.TextChoices):
    ACTION = "action", "Follow-up action"
    INPUT_REQUEST = "input_request", "Input request"
    OBLIGATION = "obligation", "Reporting obligation"


class LedgerStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    CLAIMED = "claimed", "In a mail being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped: a later point of the same deadline was due"
    MISSED = "missed", "Missed: past the staleness horizon"
    MUTED = "muted", "Muted by the recipient"
    NO_RECIPIENT = "no_recipient", "No recipient"
    CANCELLED = "cancelled", "Cancelled: the item closed or its deadline moved"
    FAILED = "failed", "Failed: the mail could not be delivered"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled: nothing left to remind"


class UpdateEventKind(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"
    WITHDRAWN = "withdrawn", "Withdrawn"
