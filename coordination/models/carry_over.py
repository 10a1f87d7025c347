"""An open follow-up action of an earlier meeting of a series, brought onto a later meeting's agenda.

meetings/ knows nothing of follow-up actions (the layers: coordination imports meetings, never the
reverse), so the agenda item cannot point to the action; this link, on the coordination side, does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from meetings.models import AgendaItem, Meeting

from .domain import FollowUpAction


class CarriedOverAction(models.Model):
    """The agenda item of ``meeting`` that brought ``action`` forward from an earlier meeting.

    ``meeting`` repeats the agenda item's meeting so that the database itself refuses a second item
    for the same action on the same agenda (two clicks, two officers at once). Deleting the agenda
    item deletes the link: the action can then be carried over again.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="carried_over_actions")
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="carried_over_action")
    action = models.ForeignKey(FollowUpAction, on_delete=models.PROTECT, related_name="carried_over_to")
    carried_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_over_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agenda_item__position"]
        verbose_name = "action carried over"
        verbose_name_plural = "actions carried over"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "action"],
                name="coordination_carried_over_once_per_meeting",
                violation_error_message="This action is already on the meeting's agenda.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} carried over to {self.meeting}"
