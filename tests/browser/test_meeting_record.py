"""A meeting's record in a real browser (#19 point 3): opened from the list, readable at 1366 px without
a horizontal scroll, and an open action of the series' earlier meeting carried over onto its agenda."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import expect

from agencies.choices import OrganizationCategory
from meetings.choices import DocumentKind, ParticipantRole
from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    ParticipantFactory,
)

from .test_admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1366


def a_series_of_two_meetings():
    series = MeetingSeriesFactory(name="United Nations Coordination Meetings on International Migration")
    desa = OrganizationFactory(acronym="DESA", name="Department of Economic and Social Affairs",
                               category=OrganizationCategory.SECRETARIAT)  # fmt: skip
    ilo = OrganizationFactory(acronym="ILO", name="International Labour Organization")
    second = MeetingFactory(series=series, number=2, title="Second Coordination Meeting on International Migration",
                            start_date=dt.date(2003, 10, 15), end_date=dt.date(2003, 10, 16))  # fmt: skip
    third = MeetingFactory(
        series=series, number=3, title="Third Coordination Meeting on International Migration",
        start_date=dt.date(2004, 10, 27), end_date=dt.date(2004, 10, 28), organizer=desa,
        summary="The participants agreed to share their data on remittances through the Division's website, "
        "and to meet again in 2005 ahead of the high-level dialogue.",
    )  # fmt: skip
    titles = [
        "Opening",
        "The report of the Secretary-General on international migration and development and its implications "
        "for the high-level dialogue of the General Assembly",
        "A fair deal for migrant workers in a global economy: results of the 2004 International Labour Conference",
        "Closing session",
    ]
    items = [AgendaItemFactory(meeting=third, position=n, title=title) for n, title in enumerate(titles, 1)]
    ParticipantFactory(meeting=third, organization=desa, person="Joseph Chamie", role=ParticipantRole.SPEAKER,
                       function="Director, Population Division, DESA", agenda_item=items[0])  # fmt: skip
    ParticipantFactory(meeting=third, organization=desa, person="Keiko Osaki", role=ParticipantRole.PRESENTER,
                       function="Population Affairs Officer, DESA", agenda_item=items[1])  # fmt: skip
    ParticipantFactory(meeting=third, organization=ilo, person="Piyasiri Wickramasekara",
                       role=ParticipantRole.PRESENTER, function="Senior Migration Specialist, ILO",
                       agenda_item=items[2])  # fmt: skip
    DocumentFactory(meeting=third, symbol="UN/POP/MIG/2004/1", title="Women and international migration",
                    kind=DocumentKind.PAPER, author=desa, date=dt.date(2004, 10, 27))  # fmt: skip
    FollowUpActionFactory(origin_meeting=third, lead_organization=ilo,
                          title="Circulate the conclusions of the International Labour Conference")  # fmt: skip
    carried = FollowUpActionFactory(
        origin_meeting=second, lead_organization=desa, due_date=dt.date(2004, 12, 31), due_precision="year",
        title="Compile the data on international migration of the members of the coordination meeting in one "
        "publicly available database, with its sources and the definitions each organization uses",
    )  # fmt: skip
    return third, carried


def test_the_secretariat_reads_a_meeting_and_carries_an_action_over(page, live_server, secretariat_user, screenshot):
    meeting, action = a_series_of_two_meetings()
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server, secretariat_user.username)

    page.goto(f"{live_server.url}/admin/meetings/meeting/")
    page.get_by_role("link", name=f"The record of {meeting.title}").click()
    expect(page).to_have_url(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/record/")
    expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
    expect(page.locator("#agenda li.agenda-item")).to_have_count(4)
    expect(page.locator("#participants")).to_contain_text("Keiko Osaki")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    screenshot("meeting-record")

    page.locator("#carry-over").get_by_role("checkbox", name=action.title).check()
    page.get_by_role("button", name="Add the chosen actions to the agenda").click()

    expect(page.locator(".messagelist")).to_contain_text(f"Added to the agenda: 5. {action.title}.")
    fifth = page.locator('#agenda li.agenda-item[data-position="5"]')
    expect(fifth).to_contain_text(action.title)
    expect(fifth).to_contain_text("Carried over: follow-up action of the Second Coordination Meeting")
    expect(page.locator("#carry-over")).to_contain_text("on the agenda as item 5")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    screenshot("meeting-record-carried-over")

    page.get_by_role("link", name="Edit").click()
    expect(page).to_have_url(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    page.get_by_role("link", name="View record").click()
    expect(page).to_have_url(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/record/")


def test_the_seeded_coordination_meetings_read_within_1366_px(page, live_server, secretariat_user, screenshot):
    """The records of the sources' own meetings: the series' three coordination meetings (the third
    offers the second's open actions) and the meeting with the most participants."""
    call_command("load_seeds", verbosity=0)
    series = list(Meeting.objects.filter(series__isnull=False).order_by("start_date"))
    busiest = Meeting.objects.annotate(rows=Count("participants")).order_by("-rows", "pk").first()
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server, secretariat_user.username)
    for meeting in [*series, busiest]:
        response = page.goto(live_server.url + reverse("admin:meetings_meeting_record", args=[meeting.pk]))
        assert response.status == 200, meeting
        expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, meeting
        screenshot(f"meeting-record-seed-{meeting.seed_key}")
    assert len(series) >= 3 and busiest.rows >= 10
