"""The secretariat writes meetings, their agenda items, participants and papers, and documents
through the API (issue #21): through the services the admin uses, so a meeting made through either
door is the same record with the same history; conditional (If-Match) and idempotent
(Idempotency-Key); the secretariat's only (404 for no such record, then 403); every list in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import AgendaItem, Document, Meeting, Participant
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

MEETINGS = reverse("meetings-list")
AGENDA_ITEMS = reverse("agenda-items-list")
PARTICIPANTS = reverse("participants-list")
DOCUMENTS = reverse("documents-list")


def detail(basename: str, pk: int) -> str:
    return reverse(f"{basename}-detail", args=[pk])


def expect(response, status: int):
    assert response.status_code == status, f"{response.status_code}: {response.content.decode()[:2000]}"
    return response


# --- The same meeting through the API and through the admin ----------------------------------------------

TITLE = "Eighteenth Coordination Meeting on International Migration"


def the_meeting(organizer, co_organizer) -> dict:
    return {
        "title": TITLE,
        "kind": "coordination_meeting",
        "start_date": "2027-02-15",
        "end_date": "2027-02-16",
        "date_precision": "day",
        "dates_as_stated": "15 and 16 February 2027",
        "venue": "United Nations Headquarters, New York",
        "organizer": organizer.pk,
        "co_organizers": [co_organizer.pk],
        "status": "planned",
        "summary": "Inputs for the report of 2027.\nSecond line.",
    }


AGENDA = [
    {"position": 1, "title": "Opening of the meeting", "notes": "By the Director."},
    {"position": 2, "title": "Compilation of inputs", "notes": ""},
]


def the_participants(organizer, co_organizer) -> list[dict]:
    return [
        {"organization": organizer.pk, "person": "Amina Diallo", "function": "Director", "role": "chair"},
        {"organization": co_organizer.pk, "person": "Jon Berg", "function": "", "role": "presenter"},
        {"organization": None, "person": "Rosa Ortiz", "function": "Consultant", "role": "rapporteur"},
    ]


def the_paper(author) -> dict:
    return {
        "symbol": "UN/POP/MIG-18CM/2027/1",
        "title": "Note on the compilation of inputs",
        "kind": "paper",
        "date": "2027-02-01",
        "author": author.pk,
        "url": "https://www.un.org/en/development/desa/population/migration/events/coordination/18/index.asp",
    }


def make_through_the_api(client, organizer, co_organizer) -> Meeting:
    created = expect(client.post(MEETINGS, the_meeting(organizer, co_organizer), format="json"), 201).json()
    for item in AGENDA:
        expect(client.post(AGENDA_ITEMS, {"meeting": created["id"], **item}, format="json"), 201)
    for participant in the_participants(organizer, co_organizer):
        expect(client.post(PARTICIPANTS, {"meeting": created["id"], **participant}, format="json"), 201)
    expect(client.post(DOCUMENTS, {"meeting": created["id"], **the_paper(organizer)}, format="json"), 201)
    return Meeting.objects.get(pk=created["id"])


def _rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for number, row in enumerate(rows):
        for name, value in row.items():
            if value is not None:
                data[f"{prefix}-{number}-{name}"] = value
    return data


def make_through_the_admin(browser, officer_user, organizer, co_organizer) -> Meeting:
    browser.force_login(officer_user)
    add = reverse("admin:meetings_meeting_add")
    page = expect(browser.get(add), 200)
    data = {name: value for name, value in the_meeting(organizer, co_organizer).items() if value is not None}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    data.update(_rows("agenda_items", AGENDA))
    data.update(_rows("participants", the_participants(organizer, co_organizer)))
    paper = the_paper(organizer)
    data.update(_rows("documents", [paper]))
    saved = browser.post(add, data)
    assert saved.status_code == 302, saved.context and [
        saved.context["adminform"].form.errors,
        *[inline.formset.errors for inline in saved.context["inline_admin_formsets"]],
    ]
    return Meeting.objects.filter(title=TITLE).latest("pk")


LEFT_OUT = {"id", "created_at", "updated_at", "meeting", "agenda_item", "history_id", "history_date"}


def fields_of(record) -> dict:
    return {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.name not in LEFT_OUT and field.attname not in {"meeting_id", "agenda_item_id"}
    }


def history_of(record) -> list[tuple]:
    """Each history row of the record: its type, by whom, why, and the values it kept."""
    return [
        (
            row.history_type,
            row.history_user_id,
            row.history_change_reason,
            tuple(sorted((k, v) for k, v in fields_of(row.instance).items())),
        )
        for row in record.history.order_by("history_date", "history_id")
    ]


def the_record(meeting: Meeting) -> dict:
    """A meeting, its agenda, participants and papers, and every history row of each: ids and
    timestamps left out, so that two meetings made alike compare equal."""
    participants = sorted(meeting.participants.all(), key=lambda p: p.person)
    return {
        "meeting": fields_of(meeting),
        "co_organizers": sorted(meeting.co_organizers.values_list("pk", flat=True)),
        "meeting history": history_of(meeting),
        "agenda": [(fields_of(item), history_of(item)) for item in meeting.agenda_items.order_by("position")],
        "participants": [(fields_of(p), history_of(p)) for p in participants],
        "papers": [(fields_of(d), history_of(d)) for d in meeting.documents.order_by("symbol")],
    }


def test_a_meeting_made_through_the_api_is_the_one_made_in_the_admin(officer, client, secretariat_user):
    organizer = OrganizationFactory(acronym="DESA", name="Population Division")
    co_organizer = OrganizationFactory(acronym="IOM", name="International Organization for Migration")

    through_admin = make_through_the_admin(client, secretariat_user, organizer, co_organizer)
    made_in_admin = the_record(through_admin)
    # A symbol is one document's: the admin's paper goes (its record is read above) for the API's.
    Document.objects.filter(meeting=through_admin).delete()
    through_api = make_through_the_api(officer, organizer, co_organizer)
    made_by_api = the_record(through_api)

    assert through_api.pk != through_admin.pk
    assert len(made_by_api["agenda"]) == 2 and len(made_by_api["participants"]) == 3
    assert len(made_by_api["papers"]) == 1
    # One history row each, "+" by the officer, the values as made.
    assert made_by_api["meeting history"][0][:3] == ("+", secretariat_user.pk, None)
    assert [history[0][:2] for _, history in made_by_api["participants"]] == [("+", secretariat_user.pk)] * 3
    assert made_by_api == made_in_admin


# --- Conditional and idempotent writes --------------------------------------------------------------------


def test_a_change_needs_the_etag_of_the_version_it_changes(officer):
    meeting = MeetingFactory(status="planned")
    url = detail("meetings", meeting.pk)
    expect(officer.patch(url, {"status": "held"}, format="json"), 428)
    etag = expect(officer.get(url), 200)["ETag"]

    changed = expect(officer.patch(url, {"status": "held"}, format="json", HTTP_IF_MATCH=etag), 200)
    assert changed["ETag"] != etag and changed.json()["status"] == "held"
    # The same ETag again: the meeting changed since; the answer holds it as it is now.
    stale = expect(officer.patch(url, {"venue": "Geneva"}, format="json", HTTP_IF_MATCH=etag), 412)
    assert stale.json()["current"]["status"] == "held" and stale["ETag"] == changed["ETag"]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.venue) == ("held", "United Nations Headquarters, New York")
    assert meeting.history.first().history_user is not None


def test_a_patch_changes_only_what_it_names_and_a_put_replaces_the_rest(officer):
    co_organizer = OrganizationFactory()
    meeting = MeetingFactory(summary="Kept by a PATCH.")
    meeting.co_organizers.add(co_organizer)
    url = detail("meetings", meeting.pk)
    etag = officer.get(url)["ETag"]
    patched = expect(officer.patch(url, {"venue": "Geneva"}, format="json", HTTP_IF_MATCH=etag), 200).json()
    assert (patched["venue"], patched["summary"]) == ("Geneva", "Kept by a PATCH.")
    assert [o["id"] for o in patched["co_organizers"]] == [co_organizer.pk]

    put = officer.put(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH=officer.get(url)["ETag"])
    replaced = expect(put, 200).json()
    assert (replaced["title"], replaced["venue"], replaced["summary"], replaced["co_organizers"]) == (
        "Renamed",
        "",
        "",
        [],
    )


def test_a_change_that_changes_nothing_keeps_the_version_and_the_history(officer):
    meeting = MeetingFactory(venue="Geneva")
    url = detail("meetings", meeting.pk)
    etag = officer.get(url)["ETag"]
    rows = meeting.history.count()
    same = expect(officer.patch(url, {"venue": "Geneva"}, format="json", HTTP_IF_MATCH=etag), 200)
    assert same["ETag"] == etag and meeting.history.count() == rows
    # Its co-organizers are the meeting's too: changing them alone is a new version.
    hosts = officer.patch(url, {"co_organizers": [OrganizationFactory().pk]}, format="json", HTTP_IF_MATCH=etag)
    assert expect(hosts, 200)["ETag"] != etag and meeting.history.count() == rows + 1


def test_a_meeting_without_dates_has_no_precision(officer):
    created = expect(officer.post(MEETINGS, {"title": "Undated", "date_precision": None}, format="json"), 201)
    assert created.json()["date_precision"] is None
    assert Meeting.objects.get(pk=created.json()["id"]).date_precision == ""


def test_a_creation_retried_with_its_idempotency_key_makes_one_meeting(officer):
    body = {"title": "Synced from the calendar", "start_date": "2027-05-04", "status": "planned"}
    first = expect(officer.post(MEETINGS, body, format="json", HTTP_IDEMPOTENCY_KEY="cal-event-77"), 201)
    again = expect(officer.post(MEETINGS, body, format="json", HTTP_IDEMPOTENCY_KEY="cal-event-77"), 201)
    assert again.json() == first.json()
    assert Meeting.objects.filter(title="Synced from the calendar").count() == 1
    other = {**body, "title": "Another event"}
    expect(officer.post(MEETINGS, other, format="json", HTTP_IDEMPOTENCY_KEY="cal-event-77"), 422)


def test_each_agenda_item_participant_and_document_has_its_own_version(officer):
    item = AgendaItemFactory(position=1)
    participant = ParticipantFactory(meeting=item.meeting)
    document = DocumentFactory(meeting=item.meeting)
    for basename, record, change in (
        ("agenda-items", item, {"title": "Opening"}),
        ("participants", participant, {"role": "chair", "agenda_item": item.pk}),
        ("documents", document, {"title": "Revised note"}),
    ):
        url = detail(basename, record.pk)
        etag = expect(officer.get(url), 200)["ETag"]
        expect(officer.patch(url, change, format="json"), 428)
        expect(officer.patch(url, change, format="json", HTTP_IF_MATCH=etag), 200)
        expect(officer.patch(url, change, format="json", HTTP_IF_MATCH=etag), 412)
    participant.refresh_from_db()
    assert (participant.role, participant.agenda_item_id) == ("chair", item.pk)
    assert AgendaItem.objects.get(pk=item.pk).history.first().history_user_id is not None


# --- Who may write --------------------------------------------------------------------------------------


@pytest.mark.parametrize("basename", ["meetings", "agenda-items", "participants", "documents"])
def test_a_focal_point_reads_but_writes_nothing(focal, basename):
    meeting = MeetingFactory()
    record = {
        "meetings": meeting,
        "agenda-items": AgendaItemFactory(meeting=meeting),
        "participants": ParticipantFactory(meeting=meeting),
        "documents": DocumentFactory(meeting=meeting),
    }[basename]
    url = detail(basename, record.pk)
    etag = expect(focal.get(url), 200)["ETag"]
    expect(focal.get(reverse(f"{basename}-list")), 200)
    refused = expect(focal.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=etag), 403)
    assert "secretariat" in refused.json()["detail"]
    expect(focal.delete(url), 403)
    expect(focal.post(reverse(f"{basename}-list"), {"title": "x", "meeting": meeting.pk}, format="json"), 403)
    # No such record: 404 before any 403.
    expect(focal.patch(detail(basename, 999_999), {"title": "x"}, format="json", HTTP_IF_MATCH=etag), 404)
    expect(focal.delete(detail(basename, 999_999)), 404)
    assert type(record).objects.filter(pk=record.pk).exists()


def test_nobody_logged_out_reads_or_writes(api_client_for):
    anonymous = api_client_for(None)
    expect(anonymous.get(DOCUMENTS), 401)
    expect(anonymous.post(MEETINGS, {"title": "x"}, format="json"), 401)


# --- The records' rules, answered 422 -------------------------------------------------------------------


def test_the_records_rules_are_refused_by_field(officer):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1)
    other_item = AgendaItemFactory(meeting=MeetingFactory(), position=1)
    DocumentFactory(symbol="A/63/265")
    series = MeetingSeriesFactory()
    MeetingFactory(series=series, number=18)
    refusals = {
        "number taken": (MEETINGS, {"title": "x", "series": series.pk, "number": 18}),
        "end before start": (MEETINGS, {"title": "x", "start_date": "2027-02-15", "end_date": "2027-02-14"}),
        "agenda number taken": (AGENDA_ITEMS, {"meeting": meeting.pk, "position": 1, "title": "Again"}),
        "another meeting's item": (
            PARTICIPANTS,
            {"meeting": meeting.pk, "person": "Amina Diallo", "agenda_item": other_item.pk},
        ),
        "nobody named": (PARTICIPANTS, {"meeting": meeting.pk}),
        "symbol taken": (DOCUMENTS, {"symbol": "a/63/265", "title": "Same symbol, other case"}),
        "no symbol, no title": (DOCUMENTS, {"kind": "paper"}),
        "no such meeting": (AGENDA_ITEMS, {"meeting": 999_999, "position": 1, "title": "x"}),
        "no host": (DOCUMENTS, {"title": "x", "url": "http://-/"}),
    }
    answers = {}
    for name, (url, body) in refusals.items():
        answers[name] = expect(officer.post(url, body, format="json"), 422).json()
    assert answers["another meeting's item"] == {"agenda_item": ["This agenda item is of another meeting."]}
    assert "before it starts" in str(answers["end before start"])
    assert "symbol" in str(answers["symbol taken"])
    assert "this number" in str(answers["number taken"])
    assert Meeting.objects.count() == 3 and Document.objects.count() == 1 and Participant.objects.count() == 0


def test_malformed_writes_are_answered_400(officer):
    assert set(expect(officer.post(MEETINGS, {"title": "x", "colour": "red"}, format="json"), 400).json()) == {
        "colour"
    }
    expect(officer.post(MEETINGS, {"title": "two\nlines"}, format="json"), 400)
    expect(officer.post(DOCUMENTS, {"title": "x", "url": "ftp://example.org/a"}, format="json"), 400)
    expect(officer.post(DOCUMENTS, {"title": "x", "url": ""}, format="json"), 400)  # none is null


def test_a_documents_web_address_is_null_when_it_has_none(officer):
    document = expect(
        officer.post(DOCUMENTS, {"title": "x", "url": "https://undocs.org/A/63/265"}, format="json"), 201
    )
    url = detail("documents", document.json()["id"])
    cleared = expect(officer.patch(url, {"url": None}, format="json", HTTP_IF_MATCH=document["ETag"]), 200)
    assert cleared.json()["url"] is None and Document.objects.get().url == ""
    # An object is not a list of ids (REST framework took it as the list of its keys).
    assert expect(officer.post(MEETINGS, {"title": "x", "co_organizers": {}}, format="json"), 400).json() == {
        "co_organizers": ["Write a list of ids: [3, 14]."]
    }
    expect(
        officer.post(AGENDA_ITEMS, {"meeting": MeetingFactory().pk, "position": -1, "title": "x"}, format="json"), 400
    )


# --- Deleting, as the admin does ------------------------------------------------------------------------


def test_deleting_a_meeting_takes_its_agenda_and_participants_and_keeps_its_papers(officer, secretariat_user):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    participant = ParticipantFactory(meeting=meeting, agenda_item=item)
    paper = DocumentFactory(meeting=meeting)
    url = detail("meetings", meeting.pk)
    etag = officer.get(url)["ETag"]
    officer.patch(url, {"venue": "Geneva"}, format="json", HTTP_IF_MATCH=etag)
    expect(officer.delete(url, HTTP_IF_MATCH=etag), 412)  # changed since that version
    expect(officer.delete(url, HTTP_IF_MATCH=" "), 400)  # an empty If-Match is no version

    expect(officer.delete(url, HTTP_IF_MATCH=officer.get(url)["ETag"]), 204)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert not Participant.objects.filter(pk=participant.pk).exists()
    paper.refresh_from_db()
    assert paper.meeting_id is None
    assert Meeting.history.filter(id=meeting.pk, history_type="-").get().history_user == secretariat_user


def test_a_record_another_refers_to_is_not_deleted(officer):
    meeting = MeetingFactory()
    document = DocumentFactory()
    FollowUpActionFactory(origin_meeting=meeting)
    FollowUpActionFactory(origin_meeting=None, origin_document=document)
    for url in (detail("meetings", meeting.pk), detail("documents", document.pk)):
        refused = expect(officer.delete(url), 409)
        assert "follow-up action" in refused.json()["detail"]
    assert Meeting.objects.filter(pk=meeting.pk).exists() and Document.objects.filter(pk=document.pk).exists()


def test_an_agenda_item_a_participant_and_a_document_are_deleted(officer):
    item = AgendaItemFactory()
    presenter = ParticipantFactory(meeting=item.meeting, agenda_item=item)
    expect(officer.delete(detail("agenda-items", item.pk)), 204)
    presenter.refresh_from_db()
    assert presenter.agenda_item_id is None  # still took part
    expect(officer.delete(detail("participants", presenter.pk)), 204)
    expect(officer.delete(detail("documents", DocumentFactory().pk)), 204)
    assert not Participant.objects.exists() and not Document.objects.exists()


# --- Lists: filters, and a fixed number of queries ------------------------------------------------------


def test_lists_filter_as_the_others_do(officer):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    AgendaItemFactory()
    ParticipantFactory(meeting=meeting, role="chair")
    ParticipantFactory(meeting=meeting, role="participant")
    DocumentFactory(symbol="A/63/265", meeting=meeting, date=dt.date(2008, 8, 8))
    DocumentFactory(symbol="A/65/203", date=dt.date(2010, 8, 2))

    def ids(url, **query) -> list:
        return [row["id"] for row in expect(officer.get(url, query), 200).json()["results"]]

    assert len(ids(AGENDA_ITEMS, meeting=meeting.pk)) == 1
    assert len(ids(PARTICIPANTS, meeting=meeting.pk, role="chair")) == 1
    assert ids(DOCUMENTS, symbol="a/63/265") == list(
        Document.objects.filter(symbol="A/63/265").values_list("pk", flat=True)
    )
    assert len(ids(DOCUMENTS, meeting=meeting.pk)) == 1
    assert len(ids(DOCUMENTS, date_after="2009-01-01")) == 1
    assert [row["symbol"] for row in officer.get(DOCUMENTS, {"ordering": "symbol"}).json()["results"]] == [
        "A/63/265",
        "A/65/203",
    ]
    expect(officer.get(DOCUMENTS, {"kind": "no-such-kind"}), 400)


def _make(basename: str, count: int) -> None:
    series = MeetingSeriesFactory()
    for _ in range(count):
        meeting = MeetingFactory(series=series, organizer=OrganizationFactory())
        meeting.co_organizers.add(OrganizationFactory())
        {
            "meetings": lambda m: None,
            "agenda-items": lambda m: AgendaItemFactory(meeting=m),
            "participants": lambda m: ParticipantFactory(meeting=m),
            "documents": lambda m: DocumentFactory(meeting=m, author=OrganizationFactory()),
        }[basename](meeting)


@pytest.mark.parametrize("basename", ["meetings", "agenda-items", "participants", "documents"])
def test_a_list_runs_a_fixed_number_of_queries(officer, django_assert_num_queries, basename):
    url = reverse(f"{basename}-list")
    _make(basename, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(expect(officer.get(url, {"page_size": 100}), 200).json()["results"]) == 3
    _make(basename, 40)
    with django_assert_num_queries(len(few)):
        assert len(expect(officer.get(url, {"page_size": 100}), 200).json()["results"]) == 43


def test_a_meetings_page_lists_its_agenda_participants_and_papers_in_a_fixed_number_of_queries(
    officer, django_assert_num_queries
):
    meeting = MeetingFactory()

    def add(count: int) -> None:
        for _ in range(count):
            AgendaItemFactory(meeting=meeting)
            ParticipantFactory(meeting=meeting)
            DocumentFactory(meeting=meeting, author=OrganizationFactory())
            meeting.co_organizers.add(OrganizationFactory())

    add(2)
    with CaptureQueriesContext(connection) as few:
        body = expect(officer.get(detail("meetings", meeting.pk)), 200).json()
    assert (len(body["agenda_items"]), len(body["participants"]), len(body["papers"])) == (2, 2, 2)
    add(20)
    with django_assert_num_queries(len(few)):
        body = expect(officer.get(detail("meetings", meeting.pk)), 200).json()
    assert len(body["papers"]) == 22


# --- The schema -----------------------------------------------------------------------------------------


def test_the_schema_declares_the_writes_with_their_headers_and_examples(officer):
    schema = expect(officer.get("/api/schema/", {"format": "json"}), 200).json()
    for resource in ("meetings", "agenda-items", "participants", "documents"):
        collection, one = schema["paths"][f"/api/v1/{resource}/"], schema["paths"][f"/api/v1/{resource}/{{id}}/"]
        assert "Idempotency-Key" in [p["name"] for p in collection["post"]["parameters"]]
        for method in ("put", "patch"):
            headers = {p["name"]: p for p in one[method]["parameters"] if p["in"] == "header"}
            assert headers["If-Match"]["required"] is True, (resource, method)
            assert {"412", "428", "403", "404"} <= set(one[method]["responses"])
        assert "If-Match" in [p["name"] for p in one["delete"]["parameters"]]
        assert {"204", "403", "404", "409", "412"} <= set(one["delete"]["responses"])
        assert collection["post"]["requestBody"]["content"]["application/json"].get("examples"), resource
    assert schema["paths"]["/api/v1/meetings/{id}/"]["patch"]["requestBody"]["content"]["application/json"]["examples"]


def test_the_admin_refuses_what_the_api_refuses_in_the_same_words(client, secretariat_user):
    """The admin's participant page saves through participant_save too: an agenda item of another
    meeting is refused on the form, as the API refuses it (422 above)."""
    participant = ParticipantFactory(person="Amina Diallo")
    other_item = AgendaItemFactory()
    client.force_login(secretariat_user)
    url = reverse("admin:meetings_participant_change", args=[participant.pk])
    data = {
        "meeting": participant.meeting_id,
        "organization": participant.organization_id,
        "person": "Amina Diallo",
        "function": "",
        "role": "chair",
        "agenda_item": other_item.pk,
    }
    page = expect(client.post(url, data), 200)
    assert "This agenda item is of another meeting." in page.content.decode()
    participant.refresh_from_db()
    assert (participant.role, participant.agenda_item_id) == ("participant", None)
