"""Documents read by the ingest reader and the records it proposes, waiting for a person."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.periods import span_at_precision
from core.validators import multi_line, single_line
from meetings.choices import CALENDAR_PRECISIONS
from meetings.models import Document

from .choices import ProposalKind, ProposalStatus


class IngestedDocument(models.Model):
    """One text read by ``manage.py ingest`` or the admin upload; the same file given again
    (``file_digest``) or the same text read again (``text_digest``) is this row again, so nothing is
    proposed twice."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="ingestions", help_text="Provenance of what is accepted."
    )
    filename = models.CharField(max_length=255, validators=[single_line])
    text = models.TextField(validators=[multi_line])
    text_digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the text as read.", validators=[single_line]
    )
    file_digest = models.CharField(
        max_length=64, blank=True, default="", validators=[single_line],
        help_text="SHA-256 of the file as given (a PDF, a Word file, a text); empty for rows read before.",
    )  # fmt: skip
    symbol = models.CharField(max_length=120, blank=True, default="", validators=[single_line])
    date = models.DateField(null=True, blank=True)
    session = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.CharField(max_length=200, blank=True, default="", validators=[single_line])
    paragraphs = models.PositiveIntegerField(default=0)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingested_at = models.DateTimeField()

    class Meta:
        db_table = "coordination_ingesteddocument"  # coordination's until ingest became an app: the same table
        ordering = ["-ingested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["file_digest"], condition=~models.Q(file_digest=""), name="ingest_one_row_per_file"
            )
        ]

    def __str__(self) -> str:
        return self.symbol or self.filename


class Proposal(models.Model):
    """A record the reader proposes from one paragraph, with the text it was read from and how sure
    it is; accepting creates or updates the real record (with provenance), rejecting says why."""

    ingested = models.ForeignKey(IngestedDocument, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    identity = models.CharField(
        max_length=500, help_text="The reader's key for the fact: one proposal per fact.", validators=[single_line]
    )
    paragraph = models.CharField(max_length=60, validators=[single_line])
    matched_text = models.TextField(validators=[multi_line])
    confidence = models.DecimalField(max_digits=3, decimal_places=2)
    data = models.JSONField()
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    reject_reason = models.TextField(blank=True, default="", validators=[multi_line])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")

    class Meta:
        db_table = "coordination_proposal"
        ordering = ["ingested", "pk"]
        indexes = [models.Index(fields=["status", "kind"], name="coordination_proposal_queue")]
        constraints = [
            models.UniqueConstraint(fields=["ingested", "identity"], name="coordination_proposal_one_per_fact"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ProposalKind.values), name="coordination_proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values), name="coordination_proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ProposalStatus.REJECTED) | ~models.Q(reject_reason=""),
                name="coordination_proposal_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    @property
    def summary(self) -> str:
        data = self.data
        if self.kind == ProposalKind.MANDATE:
            dated = f" of {data['adoption_date']}" if data.get("adoption_date") else ""
            return f"{data.get('body')} {data.get('kind')} {data.get('number')}{dated}"
        if self.kind == ProposalKind.OBLIGATION:
            when = f"session {data['target_session']}" if data.get("target_session") else data.get("due_date") or "?"
            if data.get("target_session_year"):
                when = f"the {data['target_session_year']} session"
            if data.get("due_note"):
                when += ", opening day unknown"
            return f"{data.get('addressee')}: {data.get('action')} ({when}) under {data.get('mandate') or '?'}"
        if self.kind == ProposalKind.MEETING:
            # At the precision the text states it: "2006", not the stored last day of the year.
            start, end = data.get("start_date"), data.get("end_date")
            precision = data.get("precision") or "day"
            when = span_at_precision(
                dt.date.fromisoformat(start) if start else None, dt.date.fromisoformat(end) if end else None,
                precision if precision in CALENDAR_PRECISIONS else "day",
            ) if start else "undated"  # fmt: skip
            venue = f", {data['venue']}" if data.get("venue") else ""
            return f"{data.get('name')}, {when}{venue}"
        if self.kind == ProposalKind.ORGANIZATION:
            known = "" if data.get("key") else " (new)"
            acronym = f" ({data['acronym']})" if data.get("acronym") else ""
            return f"{data.get('name')}{acronym}{known}"
        if self.kind == ProposalKind.PARAGRAPH:
            asks = " ".join(part for part in (data.get("verb"), data.get("addressee")) if part) or "?"
            return f"{data.get('mandate') or '?'}, para. {data.get('number')}: {asks} ({data.get('kind')})"
        if self.kind == ProposalKind.ACTION:
            who = data.get("lead_organization") or data.get("addressee") or "?"
            every = {"annual": ", every year", "biennial": ", every two years"}.get(data.get("recurrence"), "")
            return f"{who}: {data.get('title')}{every} under {data.get('mandate') or '?'}"
        return str(data.get("symbol"))
