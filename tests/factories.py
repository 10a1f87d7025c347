"""factory_boy factories for the domain models."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.choices import FocalPointRole, OrganizationCategory, SessionRule
from agencies.models import FocalPoint, Membership, Organization, UserProfile
from coordination.choices import CallStatus, ItemStatus
from coordination.models import (
    ActivityUpdate,
    CallForInputs,
    FollowUpAction,
    InputRequest,
    Mandate,
    OperativeParagraph,
    Provenance,
    ReportingObligation,
    Session,
)
from core.models import OutboxMessage
from meetings.choices import DatePrecision, DocumentKind, MeetingKind
from meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Participant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UserProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserProfile

    user = factory.SubFactory(UserFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Organization number {n}")
    category = OrganizationCategory.SPECIALIZED_AGENCY


class GeneralAssemblyFactory(OrganizationFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["acronym"]

    acronym = "GA"
    name = "General Assembly"
    category = OrganizationCategory.INTERGOVERNMENTAL_BODY
    session_rule = SessionRule.GA_SEPTEMBER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(OrganizationFactory, category=OrganizationCategory.INTERAGENCY_GROUP)
    member = factory.SubFactory(OrganizationFactory)


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = FocalPointRole.PRIMARY


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    name = factory.Sequence(lambda n: f"Coordination meeting series {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Coordination meeting {n}")
    kind = MeetingKind.COORDINATION_MEETING
    start_date = dt.date(2003, 10, 15)
    end_date = dt.date(2003, 10, 16)
    venue = "United Nations Headquarters, New York"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SubFactory(OrganizationFactory)
    person = factory.Faker("name")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"A/99/{n}")
    title = factory.Sequence(lambda n: f"Report number {n}")
    kind = DocumentKind.SG_REPORT
    date = dt.date(2004, 9, 2)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        django_get_or_create = ["body", "number"]

    body = factory.SubFactory(GeneralAssemblyFactory)
    number = 59


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    body = factory.SubFactory(GeneralAssemblyFactory)
    number = factory.Sequence(lambda n: f"58/{200 + n}")
    adoption_date = dt.date(2003, 12, 23)
    title = "International migration and development"


class OperativeParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperativeParagraph

    mandate = factory.SubFactory(MandateFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    text = (
        "Requests the Secretary-General to submit to the General Assembly at its sixtieth session a report on the "
        "implementation of the present resolution;"
    )
    verb = "requests"
    addressee = "the Secretary-General"
    kind = "report"


class ReportingObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingObligation

    mandate = factory.SubFactory(MandateFactory)
    addressee = factory.LazyAttribute(lambda o: o.mandate.body)
    description = "Report on the implementation of the resolution"
    due_precision = DatePrecision.DAY
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    status = ItemStatus.OPEN


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    title = factory.Sequence(lambda n: f"Follow-up action {n}")
    origin_meeting = factory.SubFactory(MeetingFactory)
    lead_organization = factory.SubFactory(OrganizationFactory)
    due_precision = DatePrecision.DAY
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    status = ItemStatus.OPEN


class CallForInputsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallForInputs

    title = factory.Sequence(lambda n: f"Call for inputs {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    status = CallStatus.OPEN


class InputRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InputRequest

    call = factory.SubFactory(CallForInputsFactory)
    organization = factory.SubFactory(OrganizationFactory)
    due_precision = DatePrecision.DAY
    due_date = factory.LazyAttribute(lambda o: o.call.deadline)


class ActivityUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityUpdate

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Activities {n}")
    body = "Published new estimates of migrant stocks and convened an expert meeting."


class ProvenanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provenance

    record = factory.SubFactory(OrganizationFactory)
    document = factory.SubFactory(DocumentFactory)
    paragraph = "4"


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    kind = "update_returned"
    to_email = factory.Sequence(lambda n: f"focal{n}@example.org")
    subject = "Your update was returned"
    body_text = "Please revise the update and submit it again."
    available_at = factory.LazyFunction(timezone.now)
