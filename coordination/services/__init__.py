"""Every write and state change of the coordination domain, split by entity.

The doors (the admin, the focal points' page, the API, commands and tasks) call these and nothing
else to change data; a refusal is a ``core.errors.DomainError`` that each door renders in its own
medium. See docs/design.md, "Layers".
"""

from .actions import (
    action_confirm_done,
    action_decline_done,
    action_progress_report,
    action_request_done,
)
from .attachments import ATTACHMENT_TYPES, attachment_add
from .calls import CALL_CLOSED, call_close, call_create, call_delete, call_open, call_prompts_set, call_save
from .focal_points import focal_point_remove, focal_point_rotate_out, person_contact_erase
from .input_requests import input_request_answer, input_request_decline, input_request_waive
from .items import (
    deadline_extend,
    input_request_mark_answered,
    item_cancel,
    item_delete,
    item_mark_done,
    item_save,
)
from .mandates import mandate_delete, mandate_save
from .meetings import CarryOver, meeting_carry_over
from .obligations import ReportRecorded, obligation_fulfill, obligation_record_report
from .paragraphs import paragraph_delete, paragraph_save
from .reminders import reminder_send_now
from .sessions import SessionSaved, session_save
from .updates import (
    EDITABLE_BY_AUTHOR,
    update_accept,
    update_create,
    update_delete,
    update_edit,
    update_organization_for,
    update_record_received,
    update_return,
    update_submit,
    update_withdraw,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "CALL_CLOSED",
    "EDITABLE_BY_AUTHOR",
    "CarryOver",
    "ReportRecorded",
    "SessionSaved",
    "action_confirm_done",
    "action_decline_done",
    "action_progress_report",
    "action_request_done",
    "attachment_add",
    "call_close",
    "call_create",
    "call_delete",
    "call_open",
    "call_prompts_set",
    "call_save",
    "deadline_extend",
    "focal_point_remove",
    "focal_point_rotate_out",
    "input_request_answer",
    "input_request_decline",
    "input_request_mark_answered",
    "input_request_waive",
    "item_cancel",
    "item_delete",
    "item_mark_done",
    "item_save",
    "mandate_delete",
    "mandate_save",
    "meeting_carry_over",
    "obligation_fulfill",
    "obligation_record_report",
    "paragraph_delete",
    "paragraph_save",
    "person_contact_erase",
    "reminder_send_now",
    "session_save",
    "update_accept",
    "update_create",
    "update_delete",
    "update_edit",
    "update_organization_for",
    "update_record_received",
    "update_return",
    "update_submit",
    "update_withdraw",
]
