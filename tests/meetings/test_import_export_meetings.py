"""Spreadsheets of meetings and of their participants, from the meetings list: each export reads
back as an import (a preview that writes nothing, then the import) and restores the rows."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.choices import DatePrecision, MeetingKind, MeetingStatus, ParticipantRole
from meetings.models import Meeting, Participant
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    ParticipantFactory,
)
from tests.spreadsheet_files import confirm, export_file, preview_errors, read_rows, round_trip, upload_file, xlsx_file

pytestmark = pytest.mark.django_db

KINDS = ["csv", "xlsx"]
MEETINGS, PARTICIPANTS = 0, 1  # the resources offered on the meetings list


@pytest.fixture
def meetings(db):
    ilo = OrganizationFactory(acronym="ILO", name="International Labour Organization")
    unhcr = OrganizationFactory(acronym="UNHCR", name="Office of the High Commissioner for Refugees")
    desa = OrganizationFactory(acronym="DESA", name="Department of Economic and Social Affairs")
    series = MeetingSeriesFactory(name="Coordination Meetings on International Migration")
    fourth = MeetingFactory(
        title="Fourth Coordination Meeting",
        series=series,
        number=4,
        kind=MeetingKind.COORDINATION_MEETING,
        start_date=dt.date(2005, 10, 26),
        end_date=dt.date(2005, 10, 27),
        venue="New York",
        organizer=desa,
        summary="Two days.\n\nMany papers.",
    )
    fourth.co_organizers.add(ilo, unhcr)
    item = AgendaItemFactory(meeting=fourth, position=3, title="Data on migration")
    ParticipantFactory(
        meeting=fourth, organization=ilo, person="Amina Diallo", function="Director", role=ParticipantRole.CHAIR
    )
    ParticipantFactory(meeting=fourth, organization=unhcr, person="", function="", role=ParticipantRole.PARTICIPANT)
    ParticipantFactory(
        meeting=fourth,
        organization=None,
        person="Jean Martin",
        function="Consultant, Paris",
        role=ParticipantRole.PRESENTER,
        agenda_item=item,
    )
    forum = MeetingFactory(
        title="Global Forum",
        start_date=dt.date(2007, 7, 31),
        end_date=None,
        date_precision=DatePrecision.MONTH,
        dates_as_stated="July 2007",
        status=MeetingStatus.HELD,
        kind=MeetingKind.OTHER,
        venue="Brussels",
    )
    ParticipantFactory(meeting=forum, organization=desa, person="Li Wei", function="")
    return fourth, forum


@pytest.mark.parametrize("kind", KINDS)
def test_meetings_export_reads_back_as_an_import_that_restores_the_rows(officer_client, meetings, kind):
    fourth, forum = meetings

    def change():
        Meeting.objects.filter(pk=fourth.pk).update(venue="Changed", summary="")
        fourth.co_organizers.remove(*fourth.co_organizers.filter(acronym="ILO"))
        Meeting.objects.filter(pk=forum.pk).update(status=MeetingStatus.PLANNED)

    def still_changed():
        return Meeting.objects.filter(venue="Changed").exists()

    before, after = round_trip(
        officer_client, "meetings_meeting", [fourth.pk, forum.pk], kind, change=change, still_changed=still_changed,
        resource=MEETINGS,
    )  # fmt: skip

    assert after == before
    rows = {row["title"]: row for row in before}
    assert rows["Fourth Coordination Meeting"]["series"] == "Coordination Meetings on International Migration"
    assert rows["Fourth Coordination Meeting"]["co_organizers"] == "ILO, UNHCR"
    assert rows["Fourth Coordination Meeting"]["summary"] == "Two days.\n\nMany papers."
    # Who came, to read (the participants resource imports them).
    assert rows["Fourth Coordination Meeting"]["participants"] == (
        "Amina Diallo, Director (ILO, chair); UNHCR; Jean Martin, Consultant, Paris (presenter)"
    )  # by organization, then name; nobody's last
    assert (rows["Global Forum"]["date_precision"], rows["Global Forum"]["dates_as_stated"]) == ("month", "July 2007")
    forum.refresh_from_db()
    assert forum.status == MeetingStatus.HELD
    assert sorted(fourth.co_organizers.values_list("acronym", flat=True)) == ["ILO", "UNHCR"]


@pytest.mark.parametrize("kind", KINDS)
def test_participants_export_from_the_meetings_list_and_read_back_as_an_import(officer_client, meetings, kind):
    fourth, _forum = meetings
    presenter = Participant.objects.get(person="Jean Martin")

    def change():
        Participant.objects.filter(pk=presenter.pk).update(function="Changed", agenda_item=None, role="participant")
        Participant.objects.filter(person="Amina Diallo").update(organization=None)

    def still_changed():
        return Participant.objects.filter(function="Changed").exists()

    # The participants of the meetings chosen in the list: here the fourth meeting only.
    before, after = round_trip(
        officer_client, "meetings_meeting", [fourth.pk], kind, change=change, still_changed=still_changed,
        resource=PARTICIPANTS,
    )  # fmt: skip

    assert after == before
    assert {row["meeting"] for row in before} == {"Fourth Coordination Meeting (2005)"}
    rows = {row["person"] or "": row for row in before}
    assert set(rows) == {"Amina Diallo", "", "Jean Martin"}
    assert (rows["Jean Martin"]["role"], str(rows["Jean Martin"]["agenda_item"])) == ("presenter", "3")
    assert rows["Amina Diallo"]["organization"] == "ILO"
    presenter.refresh_from_db()
    assert (presenter.function, presenter.agenda_item.position) == ("Consultant, Paris", 3)


def test_participants_are_added_by_import_with_each_rows_errors(officer_client, meetings):
    fourth, _forum = meetings
    rows = [
        ["id", "meeting", "organization", "person", "function", "role", "agenda_item"],
        ["", "Fourth Coordination Meeting (2005)", "DESA", "New Person", "", "", "3"],
        ["", "Fourth Coordination Meeting", "", "", "", "", ""],
        ["", "No such meeting", "ILO", "Someone", "", "chief", "9"],
    ]

    preview = upload_file(officer_client, "meetings_meeting", xlsx_file(rows), "xlsx", resource=PARTICIPANTS)

    errors = preview_errors(preview)
    assert set(errors) == {2, 3}
    assert errors[2] == {"person": ["Name the person or the organization who took part."]}
    assert set(errors[3]) == {"meeting", "role"}
    assert "No meeting is called “No such meeting”" in errors[3]["meeting"][0]
    good = upload_file(officer_client, "meetings_meeting", xlsx_file(rows[:2]), "xlsx", resource=PARTICIPANTS)
    done = confirm(officer_client, "meetings_meeting", good)
    assert "Import finished: 1 new, 0 updated, 0 deleted and 0 skipped participants." in done.content.decode()
    added = Participant.objects.get(person="New Person")
    assert (added.meeting, added.organization.acronym, added.role, added.agenda_item.title) == (
        fourth,
        "DESA",
        ParticipantRole.PARTICIPANT,
        "Data on migration",
    )


def test_the_participants_column_of_a_meetings_file_is_not_imported(officer_client, meetings):
    fourth, _forum = meetings
    content = export_file(officer_client, "meetings_meeting", [fourth.pk], "csv", resource=MEETINGS)
    edited = content.decode("utf-8-sig").replace("Amina Diallo", "Somebody Else")

    preview = upload_file(officer_client, "meetings_meeting", edited.encode(), "csv", resource=MEETINGS)

    assert preview_errors(preview) == {}
    assert preview.context["result"].totals["skip"] == 1
    assert Participant.objects.filter(person="Amina Diallo").exists()
    assert read_rows(content, "csv")[0]["participants"]
