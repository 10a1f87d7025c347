"""Every list of the admin fits a 1366 px screen (issue #19, point 2): with the seed data and the demo
cycle loaded, each changelist a superuser can open (the secretariat's and the System section's) shows
all its columns without a horizontal scroll bar, neither on the page nor in the table's own box; so
do the pages of the mandate and the meeting with the most rows in their tables.

Organizations appear by their acronym, long names wrap, and the navigation sidebar starts closed
(static/coordination/admin-nav.js); a screenshot of each list is saved under test-artifacts/lists/."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from coordination.deadlines import secretariat_today
from coordination.models import Mandate
from meetings.models import Meeting
from seeds.demo import load_demo
from tests.factories import UserFactory

from .conftest import ARTIFACTS
from .test_admin_login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1366
# The lists the seed data fills: each must show rows, or the width check would prove nothing.
FILLED = {
    "agencies.organization",
    "agencies.membership",
    "agencies.focalpoint",
    "coordination.followupaction",
    "coordination.reportingobligation",
    "coordination.mandate",
    "coordination.session",
    "coordination.callforinputs",
    "coordination.inputrequest",
    "coordination.provenance",
    "meetings.meeting",
    "meetings.agendaitem",
    "meetings.participant",
    "meetings.document",
}

OVERFLOW = """() => {
    const page = document.documentElement.scrollWidth;
    const results = document.querySelector('#changelist .results');
    return {page: page, table: results ? results.scrollWidth - results.clientWidth : 0,
            rows: document.querySelectorAll('#result_list tbody tr').length};
}"""


@pytest.fixture
def seeded_superuser(db):
    call_command("load_seeds", verbosity=0)
    load_demo(today=secretariat_today())
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_every_list_fits_a_1366_px_screen(page, live_server, seeded_superuser):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server, "root")
    folder = ARTIFACTS / "lists"
    folder.mkdir(parents=True, exist_ok=True)
    too_wide, empty, seen = [], [], 0
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label_lower):
        label = model._meta.label_lower
        page.goto(live_server.url + reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        measured = page.evaluate(OVERFLOW)
        page.screenshot(path=str(folder / f"{label}.png"))
        seen += 1
        if measured["page"] > WIDTH or measured["table"] > 0:
            too_wide.append(f"{label}: page {measured['page']} px, table {measured['table']} px too wide")
        if label in FILLED and measured["rows"] == 0:
            empty.append(label)
    # The records with the most rows in their tables: the mandate with the most obligations and actions,
    # the meeting with the most participants.
    mandate = (
        Mandate.objects.annotate(rows=Count("obligations", distinct=True) + Count("actions", distinct=True))
        .order_by("-rows")
        .first()
    )
    meeting = Meeting.objects.annotate(rows=Count("participants")).order_by("-rows").first()
    for record in (mandate, meeting):
        page.goto(live_server.url + reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                                            args=[record.pk]))  # fmt: skip
        measured = page.evaluate(OVERFLOW)
        page.screenshot(path=str(folder / f"{record._meta.label_lower}-{record.pk}.png"), full_page=True)
        if measured["page"] > WIDTH:
            too_wide.append(f"{record._meta.label_lower} {record.pk}'s page: {measured['page']} px")
    assert seen >= 40  # every registered list, the System section's included
    assert too_wide == []
    assert empty == []
    assert mandate.rows >= 3 and meeting.rows >= 10


def test_the_navigation_sidebar_starts_closed_and_remembers_when_opened(page, live_server, secretariat_user):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server, secretariat_user.username)
    page.goto(live_server.url + reverse("admin:coordination_followupaction_changelist"))
    assert page.locator("#nav-sidebar").is_hidden()
    page.click("#toggle-nav-sidebar")
    assert page.locator("#nav-sidebar").is_visible()
    page.goto(live_server.url + reverse("admin:meetings_meeting_changelist"))
    assert page.locator("#nav-sidebar").is_visible()
