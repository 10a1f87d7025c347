"""Every changelist of our admin runs the same number of SQL queries for 5 and for 200 rows,
and each shows its rows (the secretariat's lists never grow a query per row)."""

import datetime as dt
import itertools

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination import models as coordination
from core import models as core
from ingest import models as ingest
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
    OutboxMessageFactory,
    ParticipantFactory,
    ProvenanceFactory,
    ReportingObligationFactory,
    SessionFactory,
    UserFactory,
    UserProfileFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "agencies", "meetings", "coordination", "ingest"}
counter = itertools.count(1)


def now():
    return timezone.now()


def ledger_row():
    n = next(counter)
    return coordination.ReminderEntry.objects.create(
        item_kind="action", item_id=n, organization=OrganizationFactory(), point="due", offset_days=0,
        critical=True, due_date=dt.date(2026, 1, 1), point_date=dt.date(2026, 1, 1), recipient=UserFactory(),
        recipient_ref=n, reason="test", send_after=now(), created_at=now(),
    )  # fmt: skip


def carried_over():
    item = AgendaItemFactory()
    return coordination.CarriedOverAction.objects.create(
        meeting=item.meeting, agenda_item=item, action=FollowUpActionFactory(), carried_over_by=UserFactory(),
        carried_over_at=now(),
    )  # fmt: skip


MAKERS = {
    "organization": lambda: OrganizationFactory(parent=OrganizationFactory()),
    "membership": MembershipFactory,
    "focalpoint": FocalPointFactory,
    "userprofile": UserProfileFactory,
    "meetingseries": MeetingSeriesFactory,
    "meeting": MeetingFactory,
    "agendaitem": AgendaItemFactory,
    "participant": ParticipantFactory,
    "document": DocumentFactory,
    "session": lambda: SessionFactory(number=40 + next(counter)),
    "mandate": MandateFactory,
    "operativeparagraph": OperativeParagraphFactory,
    "reportingobligation": ReportingObligationFactory,
    "followupaction": lambda: FollowUpActionFactory(lead_organization=OrganizationFactory()),
    "callforinputs": CallForInputsFactory,
    "inputrequest": InputRequestFactory,
    "activityupdate": ActivityUpdateFactory,
    "attachment": lambda: coordination.Attachment.objects.create(
        update=ActivityUpdateFactory(),
        file=ContentFile(b"text", name="a.txt"),
        original_name="a.txt",
        content_type="text/plain",
        size=4,
    ),
    "updateevent": lambda: coordination.UpdateEvent.objects.create(
        update=ActivityUpdateFactory(), event="submitted", by=UserFactory(), at=now()
    ),
    "actionevent": lambda: coordination.ActionEvent.objects.create(
        action=FollowUpActionFactory(), event="done_requested", by=UserFactory(), at=now()
    ),
    "idempotencyrecord": lambda: core.IdempotencyRecord.objects.create(
        user=UserFactory(),
        key=f"k{next(counter)}",
        method_and_path="POST /api/v1/updates/",
        request_digest="0",
        response_status=201,
        response_body={},
        created_at=now(),
    ),
    "provenance": ProvenanceFactory,
    "outboxmessage": OutboxMessageFactory,
    "reminderpolicy": lambda: coordination.ReminderPolicy.objects.create(
        name=f"Policy {next(counter)}", is_active=False
    ),
    "deadlineextension": lambda: coordination.DeadlineExtension.objects.create(
        item_kind="action",
        item_id=1,
        new_due_date=dt.date(2027, 1, 1),
        reason="asked",
        extended_by=UserFactory(),
        extended_at=now(),
    ),
    "carriedoveraction": carried_over,
    "reminderrun": lambda: coordination.ReminderRun.objects.create(started_at=now(), now=now()),
    "reminderentry": ledger_row,
    "reminderdelivery": lambda: coordination.ReminderDelivery.objects.create(
        recipient=UserFactory(), to_email="someone@example.org", created_at=now()
    ),
    "callprompt": lambda: coordination.CallPrompt.objects.create(call=CallForInputsFactory(), text="Remittances?"),
    "promptanswer": lambda: coordination.PromptAnswer.objects.create(
        update=ActivityUpdateFactory(),
        prompt=coordination.CallPrompt.objects.create(call=CallForInputsFactory(), text="Remittances?"),
        text="A survey.",
    ),
    "ingesteddocument": lambda: ingest.IngestedDocument.objects.create(
        document=DocumentFactory(),
        filename="a.txt",
        text="1. Text.",
        text_digest=f"{next(counter):064d}",
        ingested_at=now(),
    ),
    "proposal": lambda: ingest.Proposal.objects.create(
        ingested=ingest.IngestedDocument.objects.create(
            document=DocumentFactory(),
            filename="a.txt",
            text="x",
            text_digest=f"{next(counter):064d}",
            ingested_at=now(),
        ),
        kind="mandate",
        identity="x",
        paragraph="1",
        matched_text="resolution 58/208",
        confidence=0.9,
        data={"body": "General Assembly", "kind": "resolution", "number": "58/208"},
        record_type=ContentType.objects.get_for_model(coordination.Mandate),
        record_id=1,
    ),
    "workerheartbeat": lambda: core.WorkerHeartbeat.objects.create(
        hostname=f"celery@node-{next(counter)}", seen_at=now()
    ),
    "calendarfeed": lambda: coordination.CalendarFeed.objects.create(
        organization=OrganizationFactory(),
        token_digest=f"{next(counter):064d}",
        created_by=UserFactory(),
        created_at=now(),
    ),
}


def our_changelists() -> list[str]:
    return sorted(model._meta.model_name for model in admin.site._registry if model._meta.app_label in OUR_APPS)


def test_every_changelist_of_ours_has_a_case():
    assert set(our_changelists()) <= set(MAKERS), "add a maker for the new admin changelist"


def rows_shown(response) -> int:
    """Rows of the result table (read-only lists have no selection boxes to count)."""
    page = response.content.decode()
    table = page[page.find('id="result_list"') :]
    return table[table.find("<tbody>") : table.find("</tbody>")].count("<tr")


@pytest.mark.parametrize("model_name", our_changelists())
def test_a_changelist_runs_a_fixed_number_of_queries(client, secretariat_user, model_name):
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    url = reverse(f"admin:{model._meta.app_label}_{model_name}_changelist")
    client.force_login(secretariat_user)
    base = model._default_manager.count()

    def queries(total: int) -> int:
        while (before := model._default_manager.count()) < base + total:
            MAKERS[model_name]()
            assert model._default_manager.count() > before, f"the maker of {model_name} made no new row"
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert rows_shown(response) == min(model._default_manager.count(), admin.site._registry[model].list_per_page)
        return len(context)

    few = queries(5)
    many = queries(200)
    assert many == few, f"{model_name}: {few} queries for 5 rows, {many} for 200"


def test_the_mandates_body_filter_offers_the_bodies_that_adopted_mandates_only(client, secretariat_user):
    assembly = OrganizationFactory(acronym="GA", name="General Assembly")
    council = OrganizationFactory(acronym="ECOSOC", name="Economic and Social Council")
    agency = OrganizationFactory(acronym="ILO", name="International Labour Organization")
    MandateFactory(body=assembly)
    MandateFactory(body=council)
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_mandate_changelist"))
    offered = {choice["display"] for spec in page.context["cl"].filter_specs if spec.title == "body"
               for choice in spec.choices(page.context["cl"])}  # fmt: skip
    assert {str(assembly), str(council)} <= offered
    assert str(agency) not in offered
