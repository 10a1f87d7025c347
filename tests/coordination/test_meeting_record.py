"""A meeting's record in the admin (#19 point 3): a page to read, linked from the list, the edit form,
the dashboard and the timeline; and carry-over of the series' open actions onto a later meeting's agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.choices import OrganizationCategory
from agencies.services import secretariat_group
from coordination.choices import ItemStatus
from coordination.dashboard.panels import upcoming_panel
from coordination.dashboard.timeline import timeline_data
from coordination.deadlines import secretariat_today
from coordination.meeting_record import RECORD_QUERIES, actions_to_carry_over, meeting_record
from coordination.models import CarriedOverAction
from coordination.services import meeting_carry_over
from core.errors import DomainError, NotPermitted
from meetings.choices import DocumentKind, MeetingStatus, ParticipantRole
from meetings.models import AgendaItem
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

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def series():
    return MeetingSeriesFactory(name="UN Coordination Meetings on International Migration")


@pytest.fixture
def ilo():
    return OrganizationFactory(acronym="ILO", name="International Labour Organization")


@pytest.fixture
def desa():
    return OrganizationFactory(
        acronym="DESA", name="Department of Economic and Social Affairs", category=OrganizationCategory.SECRETARIAT
    )


@pytest.fixture
def earlier(series):
    return MeetingFactory(
        series=series, number=2, title="Second Coordination Meeting", start_date=dt.date(2003, 10, 15),
        end_date=dt.date(2003, 10, 16),
    )  # fmt: skip


@pytest.fixture
def meeting(series):
    return MeetingFactory(
        series=series, number=3, title="Third Coordination Meeting", start_date=dt.date(2004, 10, 27),
        end_date=dt.date(2004, 10, 28), venue="United Nations Headquarters, New York",
        summary="The meeting agreed to share data on remittances.\n\nA fourth meeting will be held in 2005.",
    )  # fmt: skip


def record_url(meeting) -> str:
    return reverse("admin:meetings_meeting_record", args=[meeting.pk])


def a_full_meeting(meeting, earlier, ilo, desa, *, size: int = 1):
    """A meeting with ``size`` of everything, and open actions of the series' earlier meeting."""
    for n in range(size):
        item = AgendaItemFactory(meeting=meeting, position=meeting.agenda_items.count() + 1, title=f"Item {n}")
        ParticipantFactory(meeting=meeting, organization=ilo, person=f"Presenter {n}", role="presenter",
                           agenda_item=item)  # fmt: skip
        ParticipantFactory(meeting=meeting, organization=desa, person=f"Officer {n}")
        DocumentFactory(meeting=meeting, author=ilo)
        FollowUpActionFactory(origin_meeting=meeting, lead_organization=ilo)
        carried = FollowUpActionFactory(origin_meeting=earlier, lead_organization=desa)
        meeting_carry_over(meeting=meeting, actions=[carried], by=None)
        FollowUpActionFactory(origin_meeting=earlier, lead_organization=ilo)


# --- The record: what it reads, in how many queries --------------------------------------------------------


def test_the_record_is_read_in_a_fixed_number_of_queries(meeting, earlier, ilo, desa, django_assert_num_queries):
    a_full_meeting(meeting, earlier, ilo, desa, size=1)
    with django_assert_num_queries(RECORD_QUERIES):
        small = meeting_record(meeting_id=meeting.pk, today=TODAY)
    a_full_meeting(meeting, earlier, ilo, desa, size=4)
    with django_assert_num_queries(RECORD_QUERIES):
        large = meeting_record(meeting_id=meeting.pk, today=TODAY)
    assert (len(small.agenda), len(large.agenda)) == (2, 10)  # each carry-over adds an item too
    assert (len(small.carry_over), len(large.carry_over)) == (2, 10)
    assert large.participant_count == 10


def test_the_record_page_runs_a_bounded_number_of_queries(
    officer_client, meeting, earlier, ilo, desa, django_assert_max_num_queries
):
    a_full_meeting(meeting, earlier, ilo, desa, size=5)
    officer_client.get(record_url(meeting))  # the session and permissions cached once
    with django_assert_max_num_queries(RECORD_QUERIES + 8):
        response = officer_client.get(record_url(meeting))
    assert response.status_code == 200


def test_the_agenda_reads_in_order_with_presenters_and_the_papers_are_linked(officer_client, meeting, ilo):
    for position, title in ((3, "Closing"), (1, "Opening"), (2, "A fair deal for migrant workers")):
        AgendaItemFactory(meeting=meeting, position=position, title=title)
    fair_deal = AgendaItem.objects.get(meeting=meeting, position=2)
    ParticipantFactory(meeting=meeting, organization=ilo, person="Piyasiri Wickramasekara",
                       function="Senior Migration Specialist", role=ParticipantRole.PRESENTER,
                       agenda_item=fair_deal)  # fmt: skip
    paper = DocumentFactory(meeting=meeting, symbol="UN/POP/MIG/2004/3", title="Women and international migration",
                            kind=DocumentKind.PAPER, author=ilo, url="https://www.un.org/paper.pdf")  # fmt: skip
    report = DocumentFactory(meeting=meeting, symbol="UN/POP/MIG/2004/R", title="Proceedings",
                             kind=DocumentKind.MEETING_REPORT)  # fmt: skip

    page = officer_client.get(record_url(meeting)).content.decode()

    agenda = page[page.index('id="agenda"') : page.index('id="conclusions"')]
    assert agenda.index("Opening") < agenda.index("A fair deal") < agenda.index("Closing")
    fair_deal_entry = agenda[agenda.index("A fair deal") : agenda.index("Closing")]
    assert "Piyasiri Wickramasekara" in fair_deal_entry and ">ILO</abbr>" in fair_deal_entry
    papers = page[page.index('id="papers"') :]
    assert reverse("admin:meetings_document_change", args=[paper.pk]) in papers
    assert "https://www.un.org/paper.pdf" in papers
    conclusions = page[page.index('id="conclusions"') : page.index('id="actions"')]
    assert "<p>The meeting agreed to share data on remittances.</p>" in conclusions
    assert reverse("admin:meetings_document_change", args=[report.pk]) in conclusions
    assert "27 October 2004 to 28 October 2004" in page or "27 to 28 October 2004" in page
    assert "UN Coordination Meetings on International Migration, number 3" in page


def test_participants_are_grouped_by_organization_in_report_order_one_line_per_person(
    officer_client, meeting, ilo, desa
):
    opening, closing = AgendaItemFactory(meeting=meeting, position=1), AgendaItemFactory(meeting=meeting, position=8)
    ParticipantFactory(meeting=meeting, organization=ilo, person="Zoe Worker")
    ParticipantFactory(meeting=meeting, organization=ilo, person="Ann Chair", role=ParticipantRole.CHAIR)
    for item in (opening, closing):
        ParticipantFactory(meeting=meeting, organization=desa, person="Joseph Chamie", function="Director",
                           role=ParticipantRole.SPEAKER, agenda_item=item)  # fmt: skip
    ParticipantFactory(meeting=meeting, organization=None, person="Robert Lucas", function="Professor")

    record = meeting_record(meeting_id=meeting.pk, today=TODAY)

    # The Secretariat before the specialized agencies, people without an organization last.
    assert [group.organization for group in record.participants] == [desa, ilo, None]
    assert [person.name for person in record.participants[1].people] == ["Ann Chair", "Zoe Worker"]
    (chamie,) = record.participants[0].people
    assert chamie.roles == ["Speaker: items 1, 8"]
    assert [person.roles for person in record.participants[1].people] == [["Chair"], []]
    page = officer_client.get(record_url(meeting)).content.decode()
    participants = page[page.index('id="participants"') : page.index('id="papers"')]
    assert participants.index('<span class="acronym">DESA</span> Department of Economic and Social Affairs') < (
        participants.index('<span class="acronym">ILO</span> International Labour Organization')
    )
    assert "Without an organization" in participants


def test_the_actions_agreed_show_lead_due_at_precision_deadline_and_status(officer_client, meeting, ilo):
    today = secretariat_today()
    late = FollowUpActionFactory(origin_meeting=meeting, lead_organization=ilo, title="Share the data",
                                 due_date=today - dt.timedelta(days=12), due_precision="day")  # fmt: skip
    FollowUpActionFactory(origin_meeting=meeting, lead_organization=None, title="Publish the proceedings",
                          due_date=dt.date(2010, 12, 31), due_precision="year", status=ItemStatus.DONE)  # fmt: skip

    page = officer_client.get(record_url(meeting)).content.decode()

    actions = page[page.index('id="actions"') : page.index('id="participants"')]
    assert reverse("admin:coordination_followupaction_change", args=[late.pk]) in actions
    assert "Overdue (12 days late)" in actions and ">ILO</abbr>" in actions
    assert '<td class="due">2010</td>' in actions and "Closed" in actions and "Done" in actions
    assert "none named" in actions


# --- Who may read it -------------------------------------------------------------------------------------


def without_permissions(*codenames: str) -> None:
    """The secretariat group as an installation might have narrowed it: without these on meetings."""
    secretariat_group().permissions.remove(*Permission.objects.filter(codename__in=codenames))


def test_the_secretariat_without_the_view_permission_on_meetings_cannot_read_a_record(officer_client, meeting):
    without_permissions("view_meeting", "change_meeting")
    assert officer_client.get(record_url(meeting)).status_code == 403
    assert officer_client.post(record_url(meeting), {"actions": []}).status_code == 403


def test_anonymous_is_sent_to_the_login(client, meeting):
    response = client.get(record_url(meeting))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_record_that_is_not_there_goes_back_to_the_index_as_the_admin_does(officer_client):
    response = officer_client.get(reverse("admin:meetings_meeting_record", args=[987654]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_view_permission_reads_the_record_but_carries_nothing_over(officer_client, meeting, earlier):
    without_permissions("change_meeting")
    action = FollowUpActionFactory(origin_meeting=earlier, title="Compile the data")
    page = officer_client.get(record_url(meeting))
    assert page.status_code == 200
    assert "Compile the data" in page.content.decode() and 'name="actions"' not in page.content.decode()
    assert officer_client.post(record_url(meeting), {"actions": [action.pk]}).status_code == 403
    assert not CarriedOverAction.objects.exists()


# --- Where it is linked from -------------------------------------------------------------------------


def test_the_list_the_edit_form_the_dashboard_and_the_timeline_link_to_the_record(officer_client, meeting):
    changelist = officer_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert f'href="{record_url(meeting)}"' in changelist
    change = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert f'href="{record_url(meeting)}"' in change and "View record" in change
    record = officer_client.get(record_url(meeting)).content.decode()
    assert f'href="{reverse("admin:meetings_meeting_change", args=[meeting.pk])}"' in record
    assert f'href="{reverse("admin:meetings_meeting_changelist")}"' in record

    soon = MeetingFactory(start_date=TODAY + dt.timedelta(days=10), end_date=None, status=MeetingStatus.PLANNED)
    panel = upcoming_panel(today=TODAY, until=TODAY + dt.timedelta(days=60))
    assert [entry.url for entry in panel.entries if entry.kind == "Meeting"] == [record_url(soon)]
    assert record_url(meeting) in {mark.url for mark in timeline_data().meetings}


# --- Carry-over: the service ---------------------------------------------------------------------------


def test_carry_over_adds_the_actions_at_the_end_of_the_agenda_with_a_link_and_history(
    meeting, earlier, ilo, secretariat_user
):
    AgendaItemFactory(meeting=meeting, position=1, title="Opening")
    AgendaItemFactory(meeting=meeting, position=4, title="Closing")
    first = FollowUpActionFactory(origin_meeting=earlier, title="Compile data on remittances", lead_organization=ilo,
                                  due_date=dt.date(2005, 6, 30), due_precision="half_year")  # fmt: skip
    second = FollowUpActionFactory(origin_meeting=earlier, title="Update the directory of focal points",
                                   due_date=dt.date(2005, 12, 31), due_precision="year")  # fmt: skip
    now = timezone.now()

    result = meeting_carry_over(meeting=meeting, actions=[second, first], by=secretariat_user, now=now)

    assert [(item.position, item.title) for item in result.added] == [
        (5, "Compile data on remittances"),
        (6, "Update the directory of focal points"),
    ]
    assert "Lead: ILO. Due: mid-2005." in result.added[0].notes
    links = CarriedOverAction.objects.order_by("agenda_item__position")
    assert [(link.action, link.agenda_item, link.carried_over_by, link.carried_over_at) for link in links] == [
        (first, result.added[0], secretariat_user, now),
        (second, result.added[1], secretariat_user, now),
    ]
    history = result.added[0].history.get()
    assert history.history_user == secretariat_user
    assert history.history_change_reason.startswith("Carried over from the Second Coordination Meeting")
    assert links[0].history.get().history_user == secretariat_user


def test_carry_over_twice_does_not_duplicate(meeting, earlier):
    action = FollowUpActionFactory(origin_meeting=earlier)
    meeting_carry_over(meeting=meeting, actions=[action], by=None)
    again = meeting_carry_over(meeting=meeting, actions=[action], by=None)
    assert (again.added, again.already) == ([], [action])
    assert meeting.agenda_items.count() == 1


def test_carry_over_again_once_its_agenda_item_was_deleted(meeting, earlier):
    action = FollowUpActionFactory(origin_meeting=earlier)
    (item,) = meeting_carry_over(meeting=meeting, actions=[action], by=None).added
    item.delete()
    assert len(meeting_carry_over(meeting=meeting, actions=[action], by=None).added) == 1


def test_the_database_refuses_a_second_link_of_one_action_to_one_meeting(meeting, earlier):
    action = FollowUpActionFactory(origin_meeting=earlier)
    meeting_carry_over(meeting=meeting, actions=[action], by=None)
    other_item = AgendaItemFactory(meeting=meeting, position=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        CarriedOverAction.objects.create(
            meeting=meeting, agenda_item=other_item, action=action, carried_over_at=timezone.now()
        )


@pytest.mark.parametrize("status", [ItemStatus.DONE, ItemStatus.CANCELLED])
def test_carry_over_refuses_a_closed_action_and_adds_nothing(meeting, earlier, status):
    open_one = FollowUpActionFactory(origin_meeting=earlier, title="Still open")
    closed = FollowUpActionFactory(origin_meeting=earlier, title="Finished business", status=status)
    with pytest.raises(DomainError) as refused:
        meeting_carry_over(meeting=meeting, actions=[open_one, closed], by=None)
    assert f"“Finished business” is {status.label.lower()}: only open actions are carried over." in (
        refused.value.messages
    )
    assert not meeting.agenda_items.exists()


def test_carry_over_refuses_actions_of_another_series_a_later_meeting_or_this_one(meeting, earlier):
    elsewhere = MeetingFactory(series=MeetingSeriesFactory(), start_date=dt.date(2003, 1, 31))
    later = MeetingFactory(series=meeting.series, start_date=dt.date(2005, 11, 3), end_date=None)
    foreign = [
        FollowUpActionFactory(origin_meeting=elsewhere, title="Of another series"),
        FollowUpActionFactory(origin_meeting=later, title="Of a later meeting"),
        FollowUpActionFactory(origin_meeting=meeting, title="Of this meeting"),
        FollowUpActionFactory(origin_meeting=MeetingFactory(series=None), title="Of no series"),
    ]
    for action in foreign:
        with pytest.raises(DomainError) as refused:
            meeting_carry_over(meeting=meeting, actions=[action], by=None)
        assert refused.value.messages[0] == (
            f"“{action.title}” did not arise from an earlier meeting of {meeting.series}."
        )
    assert not meeting.agenda_items.exists()
    assert list(actions_to_carry_over(meeting)) == []


def test_carry_over_needs_a_series_a_date_a_choice_and_the_secretariat(meeting, earlier, focal_point_a):
    action = FollowUpActionFactory(origin_meeting=earlier)
    with pytest.raises(NotPermitted):
        meeting_carry_over(meeting=meeting, actions=[action], by=focal_point_a)
    with pytest.raises(DomainError, match="Choose at least one action"):
        meeting_carry_over(meeting=meeting, actions=[], by=None)
    with pytest.raises(DomainError, match="belongs to no series"):
        meeting_carry_over(meeting=MeetingFactory(series=None), actions=[action], by=None)
    undated = MeetingFactory(series=meeting.series, start_date=None, end_date=None)
    with pytest.raises(DomainError, match="Give this meeting's dates first"):
        meeting_carry_over(meeting=undated, actions=[action], by=None)


# --- Carry-over: the page ------------------------------------------------------------------------------


def test_the_record_lists_the_open_actions_of_earlier_meetings_and_marks_those_on_the_agenda(
    officer_client, meeting, earlier
):
    waiting = FollowUpActionFactory(origin_meeting=earlier, title="Compile the data")
    carried = FollowUpActionFactory(origin_meeting=earlier, title="Update the directory")
    FollowUpActionFactory(origin_meeting=earlier, title="Finished business", status=ItemStatus.DONE)
    meeting_carry_over(meeting=meeting, actions=[carried], by=None)

    page = officer_client.get(record_url(meeting)).content.decode()

    section = page[page.index('id="carry-over"') :]
    assert f'name="actions" value="{waiting.pk}"' in section
    assert f'name="actions" value="{carried.pk}"' not in section and "on the agenda as item 1" in section
    assert "Finished business" not in section
    assert record_url(earlier) in section  # where each arose, linked to that meeting's record


def test_the_secretariat_carries_actions_over_from_the_record_page(officer_client, meeting, earlier):
    action = FollowUpActionFactory(origin_meeting=earlier, title="Compile the data")

    response = officer_client.post(record_url(meeting), {"actions": [action.pk]}, follow=True)

    assert response.redirect_chain == [(f"{record_url(meeting)}#agenda", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Added to the agenda: 1. Compile the data."]
    assert CarriedOverAction.objects.get().action == action
    agenda = response.content.decode()
    assert "Carried over:" in agenda and "follow-up action of the Second Coordination Meeting" in agenda


def test_a_refused_carry_over_is_said_on_the_page_with_the_choice_kept(officer_client, meeting, earlier):
    open_one = FollowUpActionFactory(origin_meeting=earlier, title="Still open")
    closed = FollowUpActionFactory(origin_meeting=earlier, title="Finished business", status=ItemStatus.DONE)

    response = officer_client.post(record_url(meeting), {"actions": [open_one.pk, closed.pk]})

    assert response.status_code == 200
    page = response.content.decode()
    assert "“Finished business” is done: only open actions are carried over." in page
    assert f'value="{open_one.pk}" id="carry-{open_one.pk}" checked' in page
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize("posted", [{}, {"actions": ["abc"]}, {"actions": ["\x00"]}, {"actions": [str(10**30)]},
                                    {"actions": ["987654"]}])  # fmt: skip
def test_a_selection_not_understood_is_said_never_a_server_error(officer_client, meeting, earlier, posted):
    FollowUpActionFactory(origin_meeting=earlier)
    response = officer_client.post(record_url(meeting), posted)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_once_every_open_action_is_on_the_agenda_nothing_is_offered(officer_client, meeting, earlier):
    action = FollowUpActionFactory(origin_meeting=earlier, title="Compile the data")
    meeting_carry_over(meeting=meeting, actions=[action], by=None)
    page = officer_client.get(record_url(meeting)).content.decode()
    section = page[page.index('id="carry-over"') :]
    assert "on the agenda as item 1" in section and "<form" not in section
    assert 'href="#carry-over"' not in page
