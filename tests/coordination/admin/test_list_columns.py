"""The admin's lists read at a glance (issue #19, point 2): organizations by their acronym with the
full name on hover, the deadline and status next to the title, long names cut at a word, and the
deadline lists sorted by deadline (what is still to do first)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from coordination.choices import ItemStatus
from coordination.deadlines import secretariat_today
from core.admin import abbreviated
from tests.factories import DocumentFactory, FollowUpActionFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _column(html: str, name: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(rf'<td class="field-{name}[^"]*">(.*?)</td>', html)
    ]


def _titles(html: str) -> list[str]:
    return re.findall(r'<th class="field-title[^"]*"><a [^>]*>([^<]*)</a>', html)


def test_an_organization_is_named_by_its_acronym_with_its_name_on_hover(client, secretariat_user):
    ilo = OrganizationFactory(acronym="ILO", name="International Labour Organization")
    plain = OrganizationFactory(acronym="", name="Government of Mongolia")
    FollowUpActionFactory(title="Led by ILO", lead_organization=ilo)
    FollowUpActionFactory(title="Led by Mongolia", lead_organization=plain)
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:coordination_followupaction_changelist")).content.decode()
    assert '<abbr title="ILO (International Labour Organization)">ILO</abbr>' in html
    assert "International Labour Organization</td>" not in html
    assert sorted(_column(html, "lead_organization")) == ["Government of Mongolia", "ILO"]


def test_the_deadline_and_status_stand_next_to_the_title(client, secretariat_user):
    FollowUpActionFactory(title="An action")
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:coordination_followupaction_changelist")).content.decode()
    heads = re.findall(r'<th scope="col" class="[^"]*column-([a-z_]+)', html)
    assert heads[:4] == ["title", "due", "deadline", "status"]


def test_the_deadline_lists_put_what_is_still_to_do_first(client, secretariat_user):
    today = secretariat_today()

    def action(title, due, status=ItemStatus.OPEN):
        FollowUpActionFactory(title=title, due_date=due, due_precision="day" if due else "",
                              status=status, completed_on=today if status == ItemStatus.DONE else None)  # fmt: skip

    action("Closed last week", today - dt.timedelta(days=7), ItemStatus.DONE)
    action("Lapsed in 1997", dt.date(1997, 6, 30))
    action("Lapsed in 2004", dt.date(2004, 6, 30))
    action("Undated", None)
    action("Due next month", today + dt.timedelta(days=40))
    action("Overdue by three days", today - dt.timedelta(days=3))
    action("Due today", today)
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:coordination_followupaction_changelist")).content.decode()
    assert _titles(html) == [
        "Overdue by three days",
        "Due today",
        "Due next month",
        "Undated",
        "Lapsed in 2004",
        "Lapsed in 1997",
        "Closed last week",
    ]
    assert '<abbr title="Lapsed (overdue beyond the staleness horizon)">Lapsed</abbr>' in html
    assert "days late)</td>" in html  # the overdue one says by how much
    # A click on a column's head sorts by it instead.
    by_title = client.get(reverse("admin:coordination_followupaction_changelist"), {"o": "1"}).content.decode()
    assert _titles(by_title)[0] == "Closed last week"


def test_a_long_name_is_cut_at_a_word_and_whole_on_hover():
    assert abbreviated("Short enough") == "Short enough"
    long = "Second letter to all Permanent Representatives to the United Nations on convening a conference"
    cut = abbreviated(long, 60)
    assert cut.startswith(f'<span title="{long}">Second letter to all Permanent Representatives to the')
    assert cut.endswith("…</span>")
    assert len(re.sub(r"<[^>]+>", "", cut)) <= 60


def test_an_action_names_its_origin_document_by_its_symbol(client, secretariat_user):
    document = DocumentFactory(symbol="A/63/265", title="International migration and development " * 4)
    FollowUpActionFactory(title="From a report", origin_document=document, origin_meeting=None)
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:coordination_followupaction_changelist")).content.decode()
    assert _column(html, "origin") == ["A/63/265"]
