from django.db import models


class ProposalKind(models.TextChoices):
    MANDATE = "mandate", "Resolution or decision"
    OBLIGATION = "obligation", "Reporting obligation"
    MEETING = "meeting", "Meeting"
    ORGANIZATION = "organization", "Organization"
    SYMBOL = "symbol", "Document cited"
    PARAGRAPH = "paragraph", "Operative paragraph"
    ACTION = "action", "Follow-up action"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
