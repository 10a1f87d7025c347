"""Issue #19 point 4 in a real browser: on the dashboard's timeline, with the seed data, every mark of
the busiest years is clicked as a person would (Playwright's click refuses when another element
would take the click) and opens its record; no mark is hidden under another anywhere in the picture."""

from collections import Counter

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordination.dashboard.timeline import timeline_data
from coordination.models import Mandate
from meetings.models import Document, Meeting

from .conftest import ARTIFACTS
from .test_admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # The width issue #19 names for the admin (a common laptop).
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def seeds():
    call_command("load_seeds", verbosity=0)


def record_names(kind: str, pk: int) -> str:
    """What the record's page shows of it, whichever page the mark's link names (its change form,
    or a readable page)."""
    if kind == "meetings":
        return Meeting.objects.get(pk=pk).title
    if kind == "reports":
        document = Document.objects.get(pk=pk)
        return document.symbol or document.title
    return Mandate.objects.get(pk=pk).number


# For every mark: is the element at points all round the inside of its clickable circle that mark's
# link (and not a neighbour's, a label or a curve)?
HIDDEN_PARTS = """
(svg) => {
  svg.scrollIntoView({block: "start"});
  const hidden = [];
  for (const link of svg.querySelectorAll("a.timeline-mark")) {
    const box = link.querySelector(".timeline-hit").getBoundingClientRect();
    const [x, y, r] = [box.left + box.width / 2, box.top + box.height / 2, box.width / 2];
    for (let k = 0; k < 8; k++) {
      const [px, py] = [x + 0.85 * r * Math.cos(k * Math.PI / 4), y + 0.85 * r * Math.sin(k * Math.PI / 4)];
      const found = document.elementFromPoint(px, py);
      if (!found || found.closest("a") !== link) hidden.push(`${link.getAttribute("href")} at ${k * 45} degrees`);
    }
  }
  return hidden;
}
"""


def test_each_mark_of_the_busiest_years_opens_its_record(page, live_server, seeds, secretariat_user, screenshot):
    data = timeline_data()
    marks = [(kind, mark) for kind in ("mandates", "reports", "meetings") for mark in getattr(data, kind)]
    per_year = Counter(mark.day.year for _, mark in marks)
    busiest = sorted(year for year, _ in per_year.most_common(2))
    clicked = [(kind, mark) for kind, mark in marks if mark.day.year in busiest]
    assert len(clicked) >= 20, per_year  # the seeds' 2003-04 smear of issue #19

    log_in(page, live_server, secretariat_user.username)
    dashboard = page.url
    timeline = page.locator("#dashboard-timeline svg")
    expect(timeline).to_be_visible()
    assert timeline.locator("a.timeline-mark").count() == len(marks)  # every record has its mark
    assert timeline.evaluate(HIDDEN_PARTS) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#dashboard-timeline").screenshot(path=str(ARTIFACTS / "timeline.png"))
    screenshot("timeline-dashboard")

    for kind, mark in clicked:
        if page.url != dashboard:
            page.goto(dashboard)
        # Found by its tooltip (the link's accessible name): each mark keeps it.
        link = timeline.get_by_role("link", name=mark.title, exact=True)
        expect(link).to_have_attribute("href", mark.url)
        with page.expect_navigation() as navigation:
            link.click()  # fails if anything else would receive the click
        assert navigation.value.status == 200, mark.url
        assert page.url == f"{live_server.url}{mark.url}"
        expect(page.locator("#content")).to_contain_text(record_names(kind, mark.pk))
