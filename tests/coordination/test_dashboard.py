"""The dashboard on the admin index: what it counts, where its links lead, and its fixed number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.choices import (
    CallStatus,
    DeadlineState,
    InputRequestStatus,
    ItemStatus,
    LedgerStatus,
    ReminderItemKind,
    UpdateStatus,
)
from coordination.dashboard import UPCOMING_DAYS, dashboard_data
from coordination.dashboard.panels import REVIEW_ROWS
from coordination.dashboard.timeline import MAX_LABELS_PER_ROW, Mark, TimelineData, render_timeline
from coordination.deadlines import secretariat_today
from coordination.models import FollowUpAction, ReminderEntry, ReminderRun
from core.periods import period_end
from meetings.choices import DatePrecision, MeetingStatus
from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    DocumentFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT_TITLE = "<script>alert('mandate')</script> Migration & development"


def days(n: int) -> dt.date:
    return secretariat_today() + dt.timedelta(days=n)


def action(organization, due_in: int, **extra):
    return FollowUpActionFactory(
        lead_organization=organization, due_precision=DatePrecision.DAY, due_date=days(due_in), **extra
    )


def ledger_row(*, kind: str, item_id: int, point: str, due_date: dt.date, status: str = LedgerStatus.NO_RECIPIENT):
    now = timezone.now()
    return ReminderEntry.objects.create(
        item_kind=kind,
        item_id=item_id,
        point=point,
        offset_days=0,
        critical=True,
        due_date=due_date,
        point_date=due_date,
        recipient=None,
        recipient_ref=0,
        status=status,
        reason="test",
        send_after=now,
        created_at=now,
    )


@pytest.fixture
def known(organization_a, organization_b):
    """A small data set whose counts are known."""
    a, b = organization_a, organization_b
    items = {
        "a_overdue": [action(a, -3, title="A late one"), action(a, -10, title="A later one")],
        "a_due_soon": [action(a, 2, title="A due soon")],
        "a_closed": action(a, -5, status=ItemStatus.DONE, title="A done"),
        "a_lapsed": action(a, -200, title="A lapsed"),
        "a_later": action(a, 20, title="Prepare the sixth coordination meeting"),
        "b_overdue": [action(b, -1, title="B late")],
        "b_due_soon": [action(b, 7, title="B due in a week")],
        "no_lead": FollowUpActionFactory(
            lead_organization=None, due_precision=DatePrecision.DAY, due_date=days(-2), title="Nobody leads"
        ),
        "b_obligation": ReportingObligationFactory(addressee=b, due_date=days(-4)),
    }
    call = CallForInputsFactory(title="Inputs for the report on migration", deadline=days(3), status=CallStatus.OPEN)
    items["call"] = call
    items["a_request"] = InputRequestFactory(call=call, organization=a)
    InputRequestFactory(call=call, organization=b, status=InputRequestStatus.ANSWERED)
    InputRequestFactory(call=call, status=InputRequestStatus.DECLINED, declined_reason="Nothing to report")
    InputRequestFactory(call=call)
    InputRequestFactory(call=call, status=InputRequestStatus.WAIVED)
    CallForInputsFactory(title="A draft call", status=CallStatus.DRAFT)

    late = items["a_overdue"][0]
    ledger_row(kind=ReminderItemKind.ACTION, item_id=late.pk, point="due", due_date=late.due_date)
    ledger_row(kind=ReminderItemKind.ACTION, item_id=late.pk, point="before_1", due_date=late.due_date)
    ledger_row(kind=ReminderItemKind.INPUT_REQUEST, item_id=items["a_request"].pk, point="due", due_date=days(3))
    ledger_row(kind=ReminderItemKind.ACTION, item_id=items["a_lapsed"].pk, point="due", due_date=days(-200))
    ledger_row(kind=ReminderItemKind.ACTION, item_id=items["b_overdue"][0].pk, point="due", due_date=days(-1),
               status=LedgerStatus.PENDING)  # fmt: skip

    now = timezone.now()
    ReminderRun.objects.create(started_at=now - dt.timedelta(days=1), finished_at=now, now=now, no_recipient=1)
    items["last_run"] = ReminderRun.objects.create(
        started_at=now, finished_at=now, now=now, items_considered=42, no_recipient=3
    )

    mandate = MandateFactory(number="2006/2", title=SCRIPT_TITLE, adoption_date=dt.date(2003, 12, 23))
    report = DocumentFactory(symbol="A/59/325", date=dt.date(2004, 9, 2))
    ReportingObligationFactory(mandate=mandate, status=ItemStatus.DONE, fulfilled_by=report)
    MeetingFactory(title="Third Coordination Meeting", start_date=dt.date(2004, 10, 27), end_date=None)
    return items


@pytest.fixture
def admin_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def get_dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response, response.context["dashboard"]


def row_for(panel, organization_id):
    return next(row for row in panel.rows if row.organization_id == organization_id)


def listed_pks(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    changelist = response.context["cl"]
    # The changelist would quietly fall back to an unfiltered list (?e=1) on a lookup it refuses.
    assert "e=1" not in response.get("Location", "")
    assert changelist.result_count == len(changelist.result_list)
    return {obj.pk for obj in changelist.result_list}


def test_counts_overdue_and_due_soon_per_organization_without_closed_or_lapsed_items(
    admin_client, known, organization_a, organization_b
):
    _, dashboard = get_dashboard(admin_client)
    panel = dashboard.deadlines

    row_a = row_for(panel, organization_a.pk)
    assert (row_a.cells["actions"].overdue.count, row_a.cells["actions"].due_soon.count) == (2, 1)
    assert (row_a.cells["input_requests"].overdue.count, row_a.cells["input_requests"].due_soon.count) == (0, 1)
    assert row_a.cells["obligations"].overdue.count == 0

    row_b = row_for(panel, organization_b.pk)
    assert (row_b.cells["actions"].overdue.count, row_b.cells["actions"].due_soon.count) == (1, 1)
    assert row_b.cells["obligations"].overdue.count == 1

    nobody = row_for(panel, None)
    assert nobody.label == "no lead organization"
    assert nobody.cells["actions"].overdue.count == 1

    totals = panel.totals.cells
    assert (totals["actions"].overdue.count, totals["actions"].due_soon.count) == (4, 2)
    # Organization A leads with the most overdue items.
    assert panel.rows[0].organization_id == organization_a.pk


def test_counts_agree_with_the_deadline_states_on_the_boundary_days(organization_a):
    today = dt.date(2026, 3, 2)
    for offset in (-91, -90, -1, 0, 7, 8, 60, 61):
        FollowUpActionFactory(
            lead_organization=organization_a, due_precision=DatePrecision.DAY, due_date=today + dt.timedelta(offset)
        )
    data = dashboard_data(today=today)
    cells = row_for(data.deadlines, organization_a.pk).cells["actions"]
    actions = FollowUpAction.objects.filter(lead_organization=organization_a)
    assert cells.overdue.count == actions.in_deadline_state(DeadlineState.OVERDUE, today=today).count() == 2
    assert cells.due_soon.count == actions.in_deadline_state(DeadlineState.DUE_7, today=today).count() == 2
    # Due today to 60 days ahead: today, 7, 8 and 60 days.
    assert data.deadlines.upcoming_counts["actions"] == 4


def test_each_count_links_to_a_changelist_of_exactly_the_counted_items(admin_client, known, organization_a):
    _, dashboard = get_dashboard(admin_client)
    panel = dashboard.deadlines
    row_a = row_for(panel, organization_a.pk)
    assert listed_pks(admin_client, row_a.cells["actions"].overdue.url) == {a.pk for a in known["a_overdue"]}
    assert listed_pks(admin_client, row_a.cells["actions"].due_soon.url) == {a.pk for a in known["a_due_soon"]}
    assert listed_pks(admin_client, row_a.cells["input_requests"].due_soon.url) == {known["a_request"].pk}
    assert listed_pks(admin_client, row_for(panel, None).cells["actions"].overdue.url) == {known["no_lead"].pk}

    # Every other link, totals included, lists as many items as its count says.
    cells = [
        cell for row in [*panel.rows, panel.totals] for pair in row.cells.values() for cell in pair.__dict__.values()
    ]
    for cell in cells:
        if cell.count:
            assert len(listed_pks(admin_client, cell.url)) == cell.count, cell.url


def test_links_on_the_page_are_the_filtered_changelists(admin_client, known, organization_a):
    response, _ = get_dashboard(admin_client)
    html = response.content.decode()
    url = (
        reverse("admin:coordination_followupaction_changelist")
        + f"?deadline_state=overdue&amp;lead_organization__id__exact={organization_a.pk}"
    )
    assert f'<a class="overdue" href="{url}">2</a>' in html


def test_the_next_60_days_list_deadlines_and_meetings_with_their_precision(admin_client, known):
    until = days(UPCOMING_DAYS)
    # Stated to a month: stored as the month's last day, which may fall after the window; it still meets it.
    in_the_month = MeetingFactory(
        title="Expert group meeting", start_date=until, end_date=None, date_precision=DatePrecision.MONTH
    )
    MeetingFactory(title="Too far away", start_date=days(UPCOMING_DAYS + 1), end_date=None)
    MeetingFactory(title="Called off", start_date=days(5), end_date=None, status=MeetingStatus.CANCELLED)
    _, dashboard = get_dashboard(admin_client)
    entries = {entry.title: entry for entry in dashboard.upcoming.entries}

    assert "Prepare the sixth coordination meeting" in entries
    assert "A due soon" in entries
    assert "A late one" not in entries  # overdue: counted above, not "next"
    assert entries["Inputs for the report on migration"].who == "2 not yet answered"
    meeting = entries["Expert group meeting"]
    assert in_the_month.start_date == period_end(DatePrecision.MONTH, until)
    assert meeting.when == f"{until:%b %Y}"
    assert "Too far away" not in entries
    assert "Called off" not in entries
    # The upcoming counts cover the whole window (open items due today to today + 60).
    assert dashboard.deadlines.upcoming_counts["actions"] == 3  # due in 2, 7 and 20 days
    assert len(listed_pks(admin_client, dashboard.deadlines.upcoming_urls["actions"])) == 3


def test_an_open_call_shows_its_response_rate(admin_client, known):
    response, dashboard = get_dashboard(admin_client)
    (call,) = dashboard.calls.calls  # the draft call is not listed
    assert (call.answered, call.declined, call.open, call.waived) == (1, 1, 2, 1)
    # A nil return is an answer; a waived request is not expected.
    assert call.percent == 50
    assert "2 of 4 (50%)" in response.content.decode()
    assert len(listed_pks(admin_client, call.open_url)) == 2


def test_shows_reminders_with_no_recipient_and_links_to_them(admin_client, known):
    _, dashboard = get_dashboard(admin_client)
    panel = dashboard.no_recipient
    # Two points of one action and one of an input request; the lapsed item's point is past the horizon.
    assert (panel.items, panel.points) == (2, 3)
    by_kind = {row.kind: row for row in panel.rows}
    assert (by_kind[ReminderItemKind.ACTION].items, by_kind[ReminderItemKind.ACTION].points) == (1, 2)
    assert len(listed_pks(admin_client, panel.url)) == 3
    assert len(listed_pks(admin_client, by_kind[ReminderItemKind.INPUT_REQUEST].url)) == 1


def test_shows_the_last_reminder_scan(admin_client, known):
    response, dashboard = get_dashboard(admin_client)
    assert dashboard.last_scan.run["pk"] == known["last_run"].pk
    html = response.content.decode()
    section = html[html.index('id="dashboard-last-scan"') :]
    assert reverse("admin:coordination_reminderrun_change", args=[known["last_run"].pk]) in section
    assert "<dt>Items considered</dt><dd>42</dd>" in section


def test_the_timeline_is_inline_svg_with_text_escaped(admin_client, known):
    response, _ = get_dashboard(admin_client)
    html = response.content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg"')
    svg = html[start : html.index("</svg>", start)]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;mandate&#x27;)&lt;/script&gt; Migration &amp; development" in svg
    assert ">GA 2006/2</text>" in svg  # the mandate's label
    assert ">A/59/325</text>" in svg  # the report that answered it
    assert "<path d=" in svg  # ... joined to it
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no external asset


def test_the_timeline_labels_a_bounded_number_of_marks_without_overlap():
    marks = [
        Mark(day=dt.date(1990, 1, 1) + dt.timedelta(days=40 * i), label=f"Meeting {i}", title=f"Meeting {i}", url="#")
        for i in range(300)
    ]
    svg = render_timeline(TimelineData(mandates=[], reports=[], meetings=marks, answers=[]), today=dt.date(2026, 1, 1))
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" fill="currentColor">Meeting', svg)
    assert 0 < len(labels) <= MAX_LABELS_PER_ROW
    assert svg.count('class="timeline-mark"') == 300  # every meeting is marked, only some are labelled
    for lane in {y for _, y in labels}:
        xs = sorted(float(x) for x, y in labels if y == lane)
        assert all(b - a >= len("Meeting 100") * 5 for a, b in itertools.pairwise(xs))


def test_the_dashboard_is_above_the_app_list_and_can_be_turned_off(admin_client, known):
    from django.contrib import admin

    html = admin_client.get(reverse("admin:index")).content.decode()
    assert html.index('id="secretariat-dashboard"') < html.index('id="content-main"')
    admin.site.show_dashboard = False
    try:
        plain = admin_client.get(reverse("admin:index")).content.decode()
    finally:
        admin.site.show_dashboard = True
    assert "secretariat-dashboard" not in plain
    assert "Follow-up actions" in unescape(plain)  # the app list is still there


def make_items(count: int, organizations) -> None:
    call = CallForInputsFactory(status=CallStatus.OPEN)
    mandate = MandateFactory()
    meeting = MeetingFactory()
    for index in range(count):
        organization = organizations[index % len(organizations)]
        action(organization, (index % 15) - 7, origin_meeting=meeting)
        ReportingObligationFactory(mandate=mandate, addressee=organization, due_date=days((index % 90) - 10))
        InputRequestFactory(call=call if index % 2 else CallForInputsFactory(status=CallStatus.OPEN))
        MeetingFactory(start_date=days(index % 70), end_date=None)
        fulfilled = ReportingObligationFactory(
            mandate=MandateFactory(adoption_date=dt.date(1995, 1, 1) + dt.timedelta(days=30 * index)),
            status=ItemStatus.DONE,
            fulfilled_by=DocumentFactory(date=dt.date(1996, 1, 1) + dt.timedelta(days=30 * index)),
        )
        ledger_row(kind=ReminderItemKind.OBLIGATION, item_id=fulfilled.pk, point=f"due_{index}", due_date=days(-1))
        ReminderRun.objects.create(started_at=timezone.now(), now=timezone.now())


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(context)


def test_the_dashboard_runs_the_same_number_of_queries_for_5_and_for_200_items(admin_client):
    organizations = [OrganizationFactory() for _ in range(4)]
    make_items(5, organizations)
    few = dashboard_queries(admin_client)
    data = dashboard_data()
    assert data.no_recipient.points == 5

    make_items(195, organizations)
    many = dashboard_queries(admin_client)
    data = dashboard_data()
    assert data.no_recipient.points == 200
    assert data.deadlines.totals.cells["actions"].overdue.count > 50
    assert len(data.calls.calls) > 20 or data.calls.more
    assert many == few


def test_the_answers_to_review_cost_the_same_queries_below_and_above_a_page(admin_client):
    def submitted(count: int) -> None:
        for _ in range(count):
            ActivityUpdateFactory(status=UpdateStatus.SUBMITTED, submitted_at=timezone.now())

    submitted(2)
    few = dashboard_queries(admin_client)
    assert dashboard_data().review.total == 2

    submitted(REVIEW_ROWS + 5)
    many = dashboard_queries(admin_client)
    assert dashboard_data().review.total == REVIEW_ROWS + 7
    assert many == few
