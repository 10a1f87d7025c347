"""The loader on a small seed set written by the tests."""

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import Organization
from coordination.choices import DeadlineState
from coordination.models import FollowUpAction, Mandate, Provenance, ReportingObligation, Session
from meetings.models import AgendaItem, Meeting, Participant
from seeds.files import SeedError, read_seed_set, seed_files
from seeds.loader import SeedLoader

pytestmark = pytest.mark.django_db

REGISTRY = """
organizations:
  - key: ga
    acronym: GA
    name: General Assembly
    category: intergovernmental_body
    session_rule: ga_september
    sources: [{document: a-59-325, paragraph: "1"}]
  - key: desa
    acronym: DESA
    name: Department of Economic and Social Affairs
    category: secretariat
    sources: [{document: a-59-325, paragraph: "3"}]
  - key: desa-pd
    name: Population Division
    category: secretariat
    parent: desa
    sources: [{document: a-59-325, paragraph: "4"}]
  - key: ilo
    acronym: ILO
    name: International Labour Organization
    category: specialized_agency
    sources: [{document: a-59-325, paragraph: "25"}]
sessions:
  - key: ga-59
    body: ga
    number: 59
    sources: [{document: a-59-325, paragraph: "Summary"}]
documents:
  - key: a-59-325
    symbol: A/59/325
    title: International migration and development
    date: "2004-09-02"
    kind: sg_report
    author: desa-pd
    sources: [{document: a-59-325, paragraph: "Heading"}]
mandates:
  - key: ga-res-58-208
    body: ga
    number: "58/208"
    adoption_date: "2003-12-23"
    title: International migration and development
    sources:
      - {document: a-59-325, paragraph: "Summary", field: adoption_date, value: "23 December 2003"}
      - {document: a-59-325, paragraph: "2", field: adoption_date, value: "23 December 2003"}
meeting_series:
  - key: un-coordination-meetings-migration
    name: United Nations Coordination Meeting on International Migration
    organizer: desa-pd
    sources: [{document: a-59-325, paragraph: "5"}]
"""

DOCUMENT = """
meetings:
  - key: cm2-2003
    series: un-coordination-meetings-migration
    number: 2
    title: Second Coordination Meeting on International Migration
    kind: coordination_meeting
    start_date: "2003-10-15"
    end_date: "2003-10-16"
    date_precision: day
    venue: United Nations Headquarters, New York
    organizer: desa-pd
    co_organizers: [ilo]
    agenda:
      - title: Recent activities at the United Nations
      - title: Selected issues
    participants:
      - {organization: desa-pd, person: Joseph Chamie, function: Director, role: chair, agenda_item: 1}
      - {organization: ilo, role: presenter, agenda_item: 2, sources: [{document: a-59-325, paragraph: "5"}]}
    sources: [{document: a-59-325, paragraph: "5", field: start_date, value: "October 2003"}]
obligations:
  - key: ga-res-58-208-report
    mandate: ga-res-58-208
    addressee: ga
    description: Report on the implementation of resolution 58/208
    due: {precision: session, session: ga-59, as_stated: "at its fifty-ninth session"}
    status: done
    fulfilled_by: a-59-325
    sources: [{document: a-59-325, paragraph: "Summary"}]
actions:
  - key: gcim-final-report
    title: Submit the final report of the Global Commission
    origin: {document: a-59-325}
    lead: ilo
    supporting: [desa-pd]
    due: {precision: half_year, date: "2005-06-30", as_stated: "mid-2005"}
    sources: [{document: a-59-325, paragraph: "51", field: due, value: "in mid-2005"}]
updates:
  - key: a-59-325-ilo
    organization: ilo
    title: Migrant workers
    body: Prepared the general discussion on migrant workers.
    document: a-59-325
    sources: [{document: a-59-325, paragraph: "25"}]
"""


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    (tmp_path / "registry.yaml").write_text(textwrap.dedent(REGISTRY))
    (tmp_path / "a-59-325.yaml").write_text(textwrap.dedent(DOCUMENT))
    return tmp_path


def load(seed_dir: Path):
    return SeedLoader(read_seed_set(seed_files(seed_dir))).load()


def database_state() -> dict:
    return {
        model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in {"updated_at"}))
            for row in model.objects.values()
        )
        for model in (
            Organization,
            Session,
            Mandate,
            ReportingObligation,
            FollowUpAction,
            Meeting,
            AgendaItem,
            Participant,
            Provenance,
        )
    }


def test_loads_every_kind_with_computed_dates_and_provenance(seed_dir):
    report = load(seed_dir)
    assert report.counts["organizations"].created == 4
    assert Organization.objects.get(seed_key="desa-pd").parent.acronym == "DESA"
    assert Session.objects.get(seed_key="ga-59").opening_date == dt.date(2004, 9, 14)
    obligation = ReportingObligation.objects.get(seed_key="ga-res-58-208-report")
    assert obligation.due_date == dt.date(2004, 9, 14) - dt.timedelta(weeks=10)
    assert obligation.fulfilled_by.symbol == "A/59/325"
    action = FollowUpAction.objects.get(seed_key="gcim-final-report")
    assert action.due_date == dt.date(2005, 6, 30)
    assert [o.acronym for o in action.supporting_organizations.all()] == [""]
    meeting = Meeting.objects.get(seed_key="cm2-2003")
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Recent activities at the United Nations",
        "Selected issues",
    ]
    chair = meeting.participants.get(role="chair")
    assert (chair.person, chair.agenda_item.position) == ("Joseph Chamie", 1)
    assert list(meeting.co_organizers.values_list("acronym", flat=True)) == ["ILO"]
    assert Provenance.objects.filter(field="adoption_date", value_as_stated="23 December 2003").count() == 2
    assert Provenance.objects.filter(content_type__model="participant").count() == 1
    assert meeting.history.get().history_change_reason == "Loaded from the seed files"


def test_historical_plans_are_lapsed_not_overdue(seed_dir):
    load(seed_dir)
    action = FollowUpAction.objects.with_deadline_state().get(seed_key="gcim-final-report")
    assert action.deadline_state == DeadlineState.LAPSED


def test_a_second_run_changes_nothing(seed_dir):
    load(seed_dir)
    before = database_state()
    report = load(seed_dir)
    assert (report.created, report.changed, report.provenance_created) == (0, 0, 0)
    assert database_state() == before


def test_a_corrected_seed_updates_the_record(seed_dir):
    load(seed_dir)
    registry = seed_dir / "registry.yaml"
    registry.write_text(
        registry.read_text().replace("name: International Labour Organization", "name: International Labour Office")
    )
    report = load(seed_dir)
    assert (report.counts["organizations"].changed, report.changed) == (1, 1)
    assert Organization.objects.get(seed_key="ilo").name == "International Labour Office"


def test_a_record_edited_after_seeding_is_kept_and_reported(seed_dir):
    load(seed_dir)
    Meeting.objects.filter(seed_key="cm2-2003").update(venue="Conference Room 2, New York")
    meeting = Meeting.objects.get(seed_key="cm2-2003")
    AgendaItem.objects.create(meeting=meeting, position=3, title="Any other business")
    document = seed_dir / "a-59-325.yaml"
    document.write_text(document.read_text().replace("title: Selected issues", "title: Selected current issues"))
    report = load(seed_dir)
    assert report.kept == [("meetings", "cm2-2003")]
    meeting.refresh_from_db()
    assert meeting.venue == "Conference Room 2, New York"
    assert meeting.agenda_items.count() == 3


def test_changing_a_meetings_agenda_replaces_its_children(seed_dir):
    load(seed_dir)
    document = seed_dir / "a-59-325.yaml"
    document.write_text(document.read_text().replace("title: Selected issues", "title: Selected current issues"))
    report = load(seed_dir)
    assert report.counts["meetings"].changed == 1
    assert list(AgendaItem.objects.values_list("title", flat=True).order_by("position")) == [
        "Recent activities at the United Nations",
        "Selected current issues",
    ]
    assert Provenance.objects.filter(content_type__model="participant").count() == 1


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "a-59-325.yaml",
            "lead: ilo",
            "lead: unesco",
            r"a-59-325.yaml, record 'gcim-final-report', field 'lead': refers to 'unesco'",
        ),
        (
            "a-59-325.yaml",
            'start_date: "2003-10-15"',
            'start_date: "15 October 2003"',
            r"record 'cm2-2003', field 'start_date'",
        ),
        ("registry.yaml", "category: specialized_agency", "category: agency", r"record 'ilo', field 'category'"),
        ("registry.yaml", "  - key: ilo\n", "  - key: ILO\n", r"registry.yaml, record 'ILO', field 'key'"),
        (
            "a-59-325.yaml",
            'document: a-59-325, paragraph: "25"',
            'document: a-99-999, paragraph: "25"',
            r"cites document 'a-99-999'",
        ),
        ("a-59-325.yaml", "  - key: a-59-325-ilo", "  - key: ilo", r"key already defined in registry.yaml"),
        ("registry.yaml", "organizations:", "organizations: [", r"registry.yaml: not valid YAML at line"),
        (
            "a-59-325.yaml",
            "organization: ilo, role: presenter",
            "organization: unhcr, role: presenter",
            r"participants\[2\].organization",
        ),
    ],
)
def test_a_bad_file_stops_with_file_record_and_field_named_and_changes_nothing(seed_dir, file, old, new, expected):
    load(seed_dir)
    before = database_state()
    path = seed_dir / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(SeedError, match=expected):
        load(seed_dir)
    assert database_state() == before


def test_a_database_error_midway_rolls_everything_back(seed_dir):
    registry = seed_dir / "registry.yaml"
    # Two organizations with the same acronym pass the schema but not the database.
    registry.write_text(registry.read_text().replace("acronym: DESA", "acronym: ILO"))
    with pytest.raises(Exception, match="acronym"):
        load(seed_dir)
    assert not Organization.objects.exists()


def test_the_command_prints_progress_and_a_table_of_counts(seed_dir, settings, capsys, monkeypatch):
    monkeypatch.setattr("seeds.management.commands.load_seeds.seed_files", lambda: seed_files(seed_dir))
    call_command("load_seeds")
    out = capsys.readouterr().out
    assert re.search(r"organizations\s+4/4", out)
    assert re.search(r"kind\s+created\s+changed\s+unchanged\s+kept", out)
    assert re.search(r"meetings\s+1\s+0\s+0\s+0", out)
    assert "Done in" in out
    call_command("load_seeds")
    assert "0 created, 0 changed" in capsys.readouterr().out


def test_the_command_names_the_problem_and_says_nothing_was_loaded(seed_dir, monkeypatch):
    (seed_dir / "registry.yaml").write_text("organizations:\n  - key: x\n")
    monkeypatch.setattr("seeds.management.commands.load_seeds.seed_files", lambda: seed_files(seed_dir))
    with pytest.raises(CommandError, match=r"Nothing was loaded\. registry.yaml, record 'x'"):
        call_command("load_seeds")
