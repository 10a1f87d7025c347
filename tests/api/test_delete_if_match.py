"""One DELETE rule for every record the API deletes (docs/decisions/0015-api-writes.md): If-Match is
optional; sent, the record goes only if it is still that version (412 otherwise, with the current
version), and an empty one is a 400; without it, the record goes whatever it became. Only the
secretariat deletes (404 for a record the caller may not see, then 403). The service compares the
version under the row lock, with the row it locked, not with what the view read before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies import services as agencies_services
from agencies.models import FocalPoint
from coordination import services as coordination_services
from core.errors import StaleVersion
from core.versions import version_of
from meetings import services as meetings_services
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    FocalPointFactory,
    FollowUpActionFactory,
    MandateFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipantFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db


def _focal_point(organization):
    return FocalPointFactory(organization=organization)


# Every resource of config/api_router.py that answers DELETE, and a record of it. ``organization``: the
# focal point's own (a focal point sees only its organizations' focal points).
RESOURCES = {
    "agencies": lambda organization: OrganizationFactory(),
    "memberships": lambda organization: MembershipFactory(),
    "focal-points": _focal_point,
    "meetings": lambda organization: MeetingFactory(),
    "agenda-items": lambda organization: AgendaItemFactory(),
    "participants": lambda organization: ParticipantFactory(),
    "documents": lambda organization: DocumentFactory(),
    "mandates": lambda organization: MandateFactory(),
    "obligations": lambda organization: ReportingObligationFactory(),
    "actions": lambda organization: FollowUpActionFactory(),
}


def url_of(resource: str, record) -> str:
    return reverse(f"{resource}-detail", args=[record.pk])


def expect(response, status: int):
    assert response.status_code == status, f"{response.status_code}: {response.content.decode()[:2000]}"
    return response


def exists(record) -> bool:
    return type(record)._default_manager.filter(pk=record.pk).exists()


def changed_by_someone_else(record) -> None:
    """Another save of the record (a colleague's, the admin's): a new version."""
    type(record)._default_manager.get(pk=record.pk).save()


def test_every_resource_that_deletes_is_tested_here(officer):
    schema = expect(officer.get("/api/schema/", {"format": "json"}), 200).json()
    deleting = {
        path.removeprefix("/api/v1/").split("/")[0]
        for path, operations in schema["paths"].items()
        if "delete" in operations and "{id}" in path
    }
    assert deleting == set(RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_stale_if_match_deletes_nothing(officer, organization_a, resource):
    record = RESOURCES[resource](organization_a)
    url = url_of(resource, record)
    read = expect(officer.get(url), 200)["ETag"]
    changed_by_someone_else(record)

    refused = expect(officer.delete(url, HTTP_IF_MATCH=read), 412)
    assert exists(record)
    current = expect(officer.get(url), 200)
    assert refused["ETag"] == current["ETag"] != read
    assert refused.json()["current"]["id"] == record.pk


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_current_etag_deletes(officer, organization_a, resource):
    record = RESOURCES[resource](organization_a)
    url = url_of(resource, record)
    etag = expect(officer.get(url), 200)["ETag"]
    expect(officer.delete(url, HTTP_IF_MATCH=etag), 204)
    assert not exists(record)
    expect(officer.get(url), 404)


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_of_etags_and_a_weak_one_are_compared_too(officer, organization_a, resource):
    record = RESOURCES[resource](organization_a)
    url = url_of(resource, record)
    etag = expect(officer.get(url), 200)["ETag"]
    expect(officer.delete(url, HTTP_IF_MATCH=f'"0123", W/{etag}'), 204)
    assert not exists(record)


@pytest.mark.parametrize("resource", RESOURCES)
def test_without_if_match_the_record_goes_whatever_it_became(officer, organization_a, resource):
    record = RESOURCES[resource](organization_a)
    url = url_of(resource, record)
    expect(officer.get(url), 200)
    changed_by_someone_else(record)
    expect(officer.delete(url), 204)
    assert not exists(record)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("empty", ["", " ", ", ,"])
def test_an_empty_if_match_is_a_400(officer, organization_a, resource, empty):
    record = RESOURCES[resource](organization_a)
    refused = expect(officer.delete(url_of(resource, record), HTTP_IF_MATCH=empty), 400)
    assert "If-Match is empty" in refused.json()["detail"]
    assert exists(record)


@pytest.mark.parametrize("resource", RESOURCES)
def test_only_the_secretariat_deletes(focal, organization_a, resource):
    record = RESOURCES[resource](organization_a)
    url = url_of(resource, record)
    etag = expect(focal.get(url), 200)["ETag"]
    expect(focal.delete(url, HTTP_IF_MATCH=etag), 403)
    expect(focal.delete(url), 403)
    assert exists(record)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", ["focal_point_a", "no_organization_user"])
def test_a_caller_not_of_the_secretariat_deletes_nothing(api_client_for, organization_b, request, resource, who):
    """In the order of every write to one record: 404 for a record the caller may not see (a focal
    point of another organization), whatever the If-Match; else 400 for an empty If-Match, then 403."""
    client = api_client_for(request.getfixturevalue(who))
    record = RESOURCES[resource](organization_b)
    url = url_of(resource, record)
    visible = resource != "focal-points"
    expect(client.get(url), 200 if visible else 404)
    expect(client.delete(url, HTTP_IF_MATCH=""), 400 if visible else 404)
    expect(client.delete(url, HTTP_IF_MATCH='"0123"'), 403 if visible else 404)
    expect(client.delete(url), 403 if visible else 404)
    assert exists(record)


def test_a_record_another_refers_to_stays_with_the_409_whatever_the_if_match(officer):
    mandate = MandateFactory()
    ReportingObligationFactory(mandate=mandate)
    url = url_of("mandates", mandate)
    etag = expect(officer.get(url), 200)["ETag"]
    refused = expect(officer.delete(url, HTTP_IF_MATCH=etag), 409)
    assert "still referred to by: reporting obligation" in refused.json()["detail"]
    assert exists(mandate)


def test_deleting_a_focal_point_with_if_match_hands_over_its_reminders_once(officer, organization_a):
    """The focal point's delete rotates it out first (a new version of the record): the If-Match is
    compared before that, with the version the caller read."""
    focal_point = _focal_point(organization_a)
    url = url_of("focal-points", focal_point)
    etag = expect(officer.get(url), 200)["ETag"]
    expect(officer.delete(url, HTTP_IF_MATCH=etag), 204)
    assert not FocalPoint.objects.filter(pk=focal_point.pk).exists()


# --- The services: the comparison is made under the row lock ---------------------------------------------


def _organization_delete(record, **kwargs):
    agencies_services.organization_delete(organization=record, **kwargs)


def _membership_delete(record, **kwargs):
    agencies_services.membership_delete(membership=record, **kwargs)


def _focal_point_delete(record, **kwargs):
    agencies_services.focal_point_delete(focal_point=record, **kwargs)


def _focal_point_remove(record, **kwargs):
    coordination_services.focal_point_remove(focal_point=record, **kwargs)


def _mandate_delete(record, **kwargs):
    coordination_services.mandate_delete(mandate=record, **kwargs)


def _item_delete(record, **kwargs):
    coordination_services.item_delete(item=record, **kwargs)


def _meeting_delete(record, **kwargs):
    meetings_services.meeting_delete(meeting=record, **kwargs)


def _agenda_item_delete(record, **kwargs):
    meetings_services.agenda_item_delete(item=record, **kwargs)


def _participant_delete(record, **kwargs):
    meetings_services.participant_delete(participant=record, **kwargs)


def _document_delete(record, **kwargs):
    meetings_services.document_delete(document=record, **kwargs)


SERVICES = {
    "organization_delete": (OrganizationFactory, _organization_delete),
    "membership_delete": (MembershipFactory, _membership_delete),
    "focal_point_delete": (FocalPointFactory, _focal_point_delete),
    "focal_point_remove": (FocalPointFactory, _focal_point_remove),
    "mandate_delete": (MandateFactory, _mandate_delete),
    "item_delete (obligation)": (ReportingObligationFactory, _item_delete),
    "item_delete (action)": (FollowUpActionFactory, _item_delete),
    "meeting_delete": (MeetingFactory, _meeting_delete),
    "agenda_item_delete": (AgendaItemFactory, _agenda_item_delete),
    "participant_delete": (ParticipantFactory, _participant_delete),
    "document_delete": (DocumentFactory, _document_delete),
}


def _row_locked(queries: list[dict], table: str) -> bool:
    return any(query["sql"].startswith("SELECT") and "FOR UPDATE" in query["sql"] and table in query["sql"]
               for query in queries)  # fmt: skip


@pytest.mark.postgres  # SQLite takes no row lock (SELECT ... FOR UPDATE): what is checked here is the lock
@pytest.mark.parametrize("name", SERVICES)
def test_the_service_compares_the_row_it_locked_not_the_record_it_was_handed(secretariat_user, name):
    """The view reads the record (its GET, its get_object), then another writer saves it, then the
    service runs: handed the record as the view read it, and the version the caller read with it, the
    service compares the row as it is under the lock (the other writer's version) and refuses."""
    factory, delete = SERVICES[name]
    as_the_view_read_it = factory()
    read = version_of(as_the_view_read_it)
    changed_by_someone_else(as_the_view_read_it)

    with CaptureQueriesContext(connection) as queries, pytest.raises(StaleVersion) as refused:
        delete(as_the_view_read_it, by=secretariat_user, expected_version=[read])
    assert refused.value.current.pk == as_the_view_read_it.pk
    assert version_of(refused.value.current) != read
    assert _row_locked(queries.captured_queries, as_the_view_read_it._meta.db_table)
    assert exists(as_the_view_read_it)

    # The version the row has now deletes it, the record handed over still being the one read before.
    current = version_of(type(as_the_view_read_it)._default_manager.get(pk=as_the_view_read_it.pk))
    delete(as_the_view_read_it, by=secretariat_user, expected_version=[current])
    assert not exists(as_the_view_read_it)


@pytest.mark.parametrize("name", SERVICES)
def test_the_service_without_a_version_deletes_whatever_the_record_became(secretariat_user, name):
    """The admin, which reads and deletes in one request, names no version."""
    factory, delete = SERVICES[name]
    record = factory()
    changed_by_someone_else(record)
    delete(record, by=secretariat_user)
    assert not exists(record)
