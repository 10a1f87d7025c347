"""One record of each model the admin's pages are tried on, with what its page shows around it: an
organization that is a group with a focal point and a member, a meeting with its agenda, a participant,
a paper and an action, a draft call with a question and an addressee, an answer to a question ..."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from knox.models import AuthToken

from agencies.choices import OrganizationCategory
from agencies.models import FocalPoint, Membership, Organization, UserProfile
from coordination.choices import CallStatus
from coordination.models import (
    ActivityUpdate,
    CalendarFeed,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    PromptAnswer,
    Provenance,
    ReminderPolicy,
    ReportingObligation,
    Session,
)
from coordination.reminders.calendars import calendar_feed_create
from ingest.models import IngestedDocument, Proposal
from meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Participant
from tests.factories import (
    ActivityUpdateFactory,
    AgendaItemFactory,
    CallForInputsFactory,
    DocumentFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OperativeParagraphFactory,
    OrganizationFactory,
    ParticipantFactory,
    ProvenanceFactory,
    ReportingObligationFactory,
    SessionFactory,
    UserProfileFactory,
)


def _organization(user) -> Organization:
    group = OrganizationFactory(category=OrganizationCategory.INTERAGENCY_GROUP)
    FocalPointFactory(organization=group)
    MembershipFactory(group=group)
    return group


def _meeting(user) -> Meeting:
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting)
    DocumentFactory(meeting=meeting)
    FollowUpActionFactory(origin_meeting=meeting)
    return meeting


def _mandate(user) -> Mandate:
    mandate = MandateFactory()
    ReportingObligationFactory(mandate=mandate)
    FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate)
    return mandate


def _paragraph(user) -> OperativeParagraph:
    # With what it became, and where it was read: the rows its page shows.
    paragraph = OperativeParagraphFactory()
    ReportingObligationFactory(mandate=paragraph.mandate, paragraph=paragraph)
    FollowUpActionFactory(origin_meeting=None, origin_mandate=paragraph.mandate, origin_paragraph=paragraph)
    ProvenanceFactory(record=paragraph)
    return paragraph


def _draft_call(user) -> CallForInputs:
    # A draft: its questions and addressees are still rows to edit.
    call = CallForInputsFactory(status=CallStatus.DRAFT, responsible_officer=user)
    CallPrompt.objects.create(call=call, position=1, text="What did your organization do on remittances?")
    InputRequestFactory(call=call)
    return call


def _answer(user) -> ActivityUpdate:
    call = CallForInputsFactory(responsible_officer=user)
    prompt = CallPrompt.objects.create(call=call, position=1, text="What did your organization do?")
    input_request = InputRequestFactory(call=call)
    update = ActivityUpdateFactory(organization=input_request.organization, input_request=input_request)
    PromptAnswer.objects.create(update=update, prompt=prompt, text="Convened an expert meeting.")
    return update


def _proposal(user) -> Proposal:
    ingested = IngestedDocument.objects.create(
        document=DocumentFactory(),
        filename="a-59-325.txt",
        text="The General Assembly ...",
        text_digest="0" * 64,
        ingested_at=timezone.now(),
    )
    return Proposal.objects.create(
        ingested=ingested,
        kind="symbol",
        identity="symbol:A/59/325",
        paragraph="1",
        matched_text="A/59/325",
        confidence=Decimal("0.90"),
        data={"symbol": "A/59/325"},
    )


def _ingested(user) -> IngestedDocument:
    return _proposal(user).ingested


AXES_ROW = {"user_agent": "curl", "ip_address": "192.0.2.1", "username": "officer", "path_info": "/admin/login/"}


def _periodic_task(user) -> PeriodicTask:
    # A task name no worker knows: running it from the list only says so.
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    return PeriodicTask.objects.create(name="fuzzed task", task="tests.no_such_task", interval=interval)


BUILDERS: dict[type[models.Model], Callable[[object], models.Model]] = {
    Organization: _organization,
    FocalPoint: lambda user: FocalPointFactory(),
    Membership: lambda user: MembershipFactory(),
    UserProfile: lambda user: UserProfileFactory(),
    MeetingSeries: lambda user: MeetingSeriesFactory(),
    Meeting: _meeting,
    AgendaItem: lambda user: AgendaItemFactory(),
    Participant: lambda user: ParticipantFactory(),
    Document: lambda user: DocumentFactory(),
    Session: lambda user: SessionFactory(),
    Mandate: _mandate,
    OperativeParagraph: _paragraph,
    ReportingObligation: lambda user: ReportingObligationFactory(responsible_officer=user),
    FollowUpAction: lambda user: FollowUpActionFactory(responsible_officer=user),
    CallForInputs: _draft_call,
    InputRequest: lambda user: InputRequestFactory(),
    ActivityUpdate: _answer,
    Provenance: lambda user: ProvenanceFactory(),
    ReminderPolicy: lambda user: ReminderPolicy.objects.create(name="Fuzzed", is_active=False),
    Proposal: _proposal,
    IngestedDocument: _ingested,
    AccessAttempt: lambda user: AccessAttempt.objects.create(**AXES_ROW, failures_since_start=3),
    AccessLog: lambda user: AccessLog.objects.create(**AXES_ROW),
    AccessFailureLog: lambda user: AccessFailureLog.objects.create(**AXES_ROW),
    PeriodicTask: _periodic_task,
    IntervalSchedule: lambda user: IntervalSchedule.objects.create(every=2, period=IntervalSchedule.HOURS),
    CrontabSchedule: lambda user: CrontabSchedule.objects.create(minute="5", hour="4"),
    SolarSchedule: lambda user: SolarSchedule.objects.create(event="sunrise", latitude=40.7, longitude=-74.0),
    ClockedSchedule: lambda user: ClockedSchedule.objects.create(clocked_time=timezone.now()),
    AuthToken: lambda user: AuthToken.objects.create(user=user)[0],
    # Made by its service (its secret is shown once); only its list and its action reach it.
    CalendarFeed: lambda user: calendar_feed_create(organization=OrganizationFactory(), label="Fuzzed", by=user)[0],
}


def record_for(model: type[models.Model], user) -> models.Model:
    """One saved ``model``, with what its admin page shows around it (inline rows, a draft's state)."""
    if model not in BUILDERS:
        pytest.fail(f"No way to build a {model._meta.label} for its admin pages: add one to BUILDERS in {__file__}")
    return BUILDERS[model](user)
