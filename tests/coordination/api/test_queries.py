"""Every list endpoint runs the same number of SQL queries for 5 and for 200 objects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db


def make(basename: str, count: int, organization) -> None:
    call = CallForInputsFactory()
    for _ in range(count):
        {
            "agencies": lambda: OrganizationFactory(parent=organization),
            "meetings": lambda: MeetingFactory(organizer=organization),
            "mandates": lambda: MandateFactory(),
            "obligations": lambda: ReportingObligationFactory(),
            "actions": lambda: FollowUpActionFactory(lead_organization=organization).supporting_organizations.add(
                organization
            ),
            "calls": lambda: InputRequestFactory(call=CallForInputsFactory()),
            "input-requests": lambda: InputRequestFactory(call=call, organization=OrganizationFactory()),
            "updates": lambda: ActivityUpdateFactory(organization=organization),
        }[basename]()


def queries_for(client, basename) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(f"{basename}-list"), {"page_size": 200})
    assert response.status_code == 200
    body = response.json()
    # Updates use a cursor (no count): the page of 200 holds them all here.
    return len(context), body.get("count", len(body["results"]))


@pytest.mark.parametrize(
    "basename", ["agencies", "meetings", "mandates", "obligations", "actions", "calls", "input-requests", "updates"]
)
def test_a_list_runs_a_fixed_number_of_queries(api_client_for, secretariat_user, organization_a, basename):
    client = api_client_for(secretariat_user)
    make(basename, 5, organization_a)
    queries_for(client, basename)  # a process's first list reads the content type of its provenance (then cached)
    few, few_count = queries_for(client, basename)
    make(basename, 195, organization_a)
    many, many_count = queries_for(client, basename)
    assert many_count >= few_count + 195
    assert many == few


def test_reading_one_object_reads_it_once_for_its_body_and_its_etag(api_client_for, secretariat_user):
    call = CallForInputsFactory()
    client = api_client_for(secretariat_user)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(reverse("calls-detail", args=[call.pk]))
    assert answer.status_code == 200 and answer["ETag"]
    reads = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'FROM "coordination_callforinputs"' in q["sql"]
    ]
    assert len(reads) == 1, reads
