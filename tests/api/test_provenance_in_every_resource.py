"""Every record's API representation shows where its facts come from (issue #23 point 3): not only
mandates, obligations and actions, but organizations, memberships, meetings, their agenda items,
participants and papers, documents and operative paragraphs. A list reads its page's provenance in a
fixed number of queries (the same for 3 records and for 30); a write answers with it too; the schema
says so."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Provenance
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    FollowUpActionFactory,
    MandateFactory,
    MeetingFactory,
    MembershipFactory,
    OperativeParagraphFactory,
    OrganizationFactory,
    ParticipantFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

# Each resource of a lower layer, and how to make one of its records.
MADE_BY = {
    "agencies": OrganizationFactory,
    "memberships": MembershipFactory,
    "meetings": MeetingFactory,
    "agenda-items": AgendaItemFactory,
    "participants": ParticipantFactory,
    "documents": DocumentFactory,
    "paragraphs": OperativeParagraphFactory,
}


@pytest.fixture
def report():
    return DocumentFactory(symbol="A/59/325", title="Report of the Secretary-General on international migration")


def state(record, document, paragraph: str, field: str, value: str) -> Provenance:
    return Provenance.objects.create(
        record=record, document=document, paragraph=paragraph, field=field, value_as_stated=value
    )


def stated(rows: list[dict]) -> list[tuple[str, str, str, str]]:
    return [(row["document"]["symbol"], row["paragraph"], row["field"], row["value_as_stated"]) for row in rows]


@pytest.mark.parametrize("name", sorted(MADE_BY))
def test_a_record_of_each_resource_shows_its_provenance_and_one_no_document_states_shows_none(officer, report, name):
    record, other = MADE_BY[name](), MADE_BY[name]()
    state(record, report, "12", "name", "as the report words it")
    state(record, report, "14", "date", "in the spring of 2004")
    shown = officer.get(reverse(f"{name}-detail", args=[record.pk]))
    assert shown.status_code == 200
    assert stated(shown.json()["provenance"]) == [
        ("A/59/325", "12", "name", "as the report words it"),
        ("A/59/325", "14", "date", "in the spring of 2004"),
    ]
    assert shown.json()["provenance"][0]["document"] == {
        "id": report.pk, "symbol": "A/59/325", "title": "Report of the Secretary-General on international migration",
        "kind": report.kind, "date": report.date.isoformat(),
    }  # fmt: skip
    assert officer.get(reverse(f"{name}-detail", args=[other.pk])).json()["provenance"] == []


def _records_with_provenance(name: str, count: int, document) -> list[int]:
    made = []
    for _ in range(count):
        record = MADE_BY[name]()
        state(record, document, "3", "title", "as stated")
        made.append(record.pk)
    return made


@pytest.mark.parametrize("name", sorted(MADE_BY))
def test_a_list_reads_its_pages_provenance_in_the_same_queries_for_3_and_for_30_records(officer, report, name):
    ours = _records_with_provenance(name, 3, report)
    officer.get(reverse(f"{name}-list"))  # the token's first use, the content type's first read
    with CaptureQueriesContext(connection) as few:
        rows = officer.get(reverse(f"{name}-list"), {"page_size": 100}).json()["results"]
    assert {row["id"]: stated(row["provenance"]) for row in rows if row["id"] in ours} == {
        pk: [("A/59/325", "3", "title", "as stated")] for pk in ours
    }
    ours += _records_with_provenance(name, 27, report)
    with CaptureQueriesContext(connection) as many:
        rows = officer.get(reverse(f"{name}-list"), {"page_size": 100}).json()["results"]
    assert {row["id"]: len(row["provenance"]) for row in rows if row["id"] in ours} == dict.fromkeys(ours, 1)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_a_meetings_page_shows_its_agenda_participants_and_papers_each_with_its_provenance(officer, report):
    meeting = MeetingFactory(title="Third Coordination Meeting on International Migration")
    item = AgendaItemFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting)
    paper = DocumentFactory(meeting=meeting, symbol="UN/POP/MIG/2004/1")
    state(meeting, report, "5", "venue", "held at Headquarters")
    state(item, report, "6", "title", "Data on migrant stock")
    state(paper, report, "7", "symbol", "UN/POP/MIG/2004/1")
    with CaptureQueriesContext(connection) as one:
        page = officer.get(reverse("meetings-detail", args=[meeting.pk])).json()
    assert stated(page["provenance"]) == [("A/59/325", "5", "venue", "held at Headquarters")]
    assert [stated(row["provenance"]) for row in page["agenda_items"]] == [
        [("A/59/325", "6", "title", "Data on migrant stock")]
    ]
    assert [row["provenance"] for row in page["participants"]] == [[]]
    assert [stated(row["provenance"]) for row in page["papers"]] == [
        [("A/59/325", "7", "symbol", "UN/POP/MIG/2004/1")]
    ]
    # Each kind's provenance in one query, whatever its number of rows.
    AgendaItemFactory.create_batch(5, meeting=meeting)
    ParticipantFactory.create_batch(5, meeting=meeting)
    with CaptureQueriesContext(connection) as more:
        page = officer.get(reverse("meetings-detail", args=[meeting.pk])).json()
    assert (len(page["agenda_items"]), len(page["participants"])) == (6, 6)
    assert len(more) == len(one)


def test_a_write_answers_with_the_records_provenance(officer, report):
    meeting = MeetingFactory()
    state(meeting, report, "5", "venue", "held at Headquarters")
    etag = officer.get(reverse("meetings-detail", args=[meeting.pk]))["ETag"]
    changed = officer.patch(
        reverse("meetings-detail", args=[meeting.pk]), {"venue": "Geneva"}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["venue"] == "Geneva"
    assert stated(changed.json()["provenance"]) == [("A/59/325", "5", "venue", "held at Headquarters")]
    organization = OrganizationFactory(acronym="UNFPA")
    state(organization, report, "2", "name", "United Nations Population Fund")
    etag = officer.get(reverse("agencies-detail", args=[organization.pk]))["ETag"]
    renamed = officer.patch(
        reverse("agencies-detail", args=[organization.pk]),
        {"name": "United Nations Population Fund"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert renamed.status_code == 200, renamed.content
    assert stated(renamed.json()["provenance"]) == [("A/59/325", "2", "name", "United Nations Population Fund")]
    created = officer.post(
        reverse("meetings-list"),
        {"title": "Expert group meeting on statistics", "kind": "expert_meeting", "start_date": "2027-06-01"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["provenance"] == []


def test_a_paragraph_shows_what_it_became_and_where_it_was_read(officer, report):
    mandate = MandateFactory(number="71/318", document=report)
    paragraph = OperativeParagraphFactory(mandate=mandate, number="4", kind="report", verb="requests")
    obligation = ReportingObligationFactory(mandate=mandate, paragraph=paragraph)
    actions = [
        FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate, origin_paragraph=paragraph)
        for _ in range(2)
    ]
    state(paragraph, report, "4", "text", "Also requests the Secretary-General to submit a report")
    untouched = OperativeParagraphFactory(mandate=mandate, number="5")
    listed = officer.get(reverse("paragraphs-list"), {"mandate": mandate.pk}).json()["results"]
    rows = {row["id"]: row for row in listed}
    assert (rows[paragraph.pk]["obligations"], rows[paragraph.pk]["actions"]) == (
        [obligation.pk], sorted(action.pk for action in actions)
    )  # fmt: skip
    assert stated(rows[paragraph.pk]["provenance"]) == [
        ("A/59/325", "4", "text", "Also requests the Secretary-General to submit a report")
    ]
    assert (rows[untouched.pk]["obligations"], rows[untouched.pk]["actions"], rows[untouched.pk]["provenance"]) == (
        [], [], []
    )  # fmt: skip


def test_the_schema_shows_provenance_on_every_record_and_in_the_answers_to_writes(tmp_path):
    import yaml

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    components = schema["components"]["schemas"]
    for name in ("Organization", "Membership", "Meeting", "MeetingDetail", "AgendaItem", "Participant", "Document",
                 "OperativeParagraph", "Mandate", "MandateDetail", "Obligation", "Action"):  # fmt: skip
        assert components.get(name, {}).get("properties", {}).get("provenance"), name
    answers = {
        ("/api/v1/meetings/", "post", "201"): "MeetingDetail",
        ("/api/v1/meetings/{id}/", "patch", "200"): "MeetingDetail",
        ("/api/v1/agencies/", "post", "201"): "Organization",
        ("/api/v1/memberships/{id}/", "put", "200"): "Membership",
        ("/api/v1/documents/{id}/", "patch", "200"): "Document",
        ("/api/v1/participants/", "post", "201"): "Participant",
        ("/api/v1/agenda-items/{id}/", "put", "200"): "AgendaItem",
    }
    for (path, method, code), component in answers.items():
        body = schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{component}"}, (path, method)
