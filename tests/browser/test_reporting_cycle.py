"""Issue #17's acceptance in a real browser: the secretariat walks one reporting cycle through the
admin's pages only (a mandate and its obligation, a call written as a draft, previewed and opened
to 35 organizations, answers by the API, the focal points' page and a letter, the review, the
"answered by a date" count, a waiver and a nil return, the report recorded), and afterwards the
reminders send nobody anything for that call.

The pictures it takes are those of docs/admin.md ("The reporting cycle, step by step"): `make
doc-pictures` saves them in docs/img/, where they are committed; a plain run saves them under
test-artifacts/."""

import datetime as dt
import os
import re
import zoneinfo
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from agencies.choices import OrganizationCategory
from coordination.choices import InputRequestStatus, ItemStatus, LedgerStatus, UpdateStatus
from coordination.deadlines import secretariat_today
from coordination.models import ActivityUpdate, CallForInputs, InputRequest, ReminderEntry, ReportingObligation
from coordination.reminders.run import reminders_run
from core.models import OutboxMessage
from core.outbox import outbox_send_due
from tests.factories import FocalPointFactory, GeneralAssemblyFactory, MembershipFactory, OrganizationFactory

from .test_admin_login import PASSWORD, log_in
from .test_admin_workflow import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
# The pictures of docs/admin.md are rewritten only when asked (`make doc-pictures`): a plain run
# leaves the committed ones alone and saves its own under test-artifacts/.
IMAGES = ROOT / "docs" / "img" if os.environ.get("UPDATE_DOC_PICTURES") else ROOT / "test-artifacts"

# Thirty governments whose focal points will hear of the call, and two nobody would hear.
HEARD = [
    ("ARG", "Argentina"), ("AUS", "Australia"), ("BGD", "Bangladesh"), ("BRA", "Brazil"), ("CAN", "Canada"),
    ("CHL", "Chile"), ("COL", "Colombia"), ("EGY", "Egypt"), ("ETH", "Ethiopia"), ("FRA", "France"),
    ("GHA", "Ghana"), ("IND", "India"), ("IDN", "Indonesia"), ("ITA", "Italy"), ("JPN", "Japan"),
    ("KEN", "Kenya"), ("MEX", "Mexico"), ("MAR", "Morocco"), ("NPL", "Nepal"), ("NGA", "Nigeria"),
    ("NOR", "Norway"), ("PAK", "Pakistan"), ("PHL", "Philippines"), ("SEN", "Senegal"), ("ZAF", "South Africa"),
    ("ESP", "Spain"), ("LKA", "Sri Lanka"), ("SWE", "Sweden"), ("TUR", "Türkiye"), ("VNM", "Viet Nam"),
]  # fmt: skip
UNHEARD = [("NRU", "Nauru"), ("TUV", "Tuvalu")]
LISTED = [
    ("IOM", "International Organization for Migration", OrganizationCategory.SPECIALIZED_AGENCY),
    ("ILO", "International Labour Organization", OrganizationCategory.SPECIALIZED_AGENCY),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", OrganizationCategory.FUND_PROGRAMME),
]
CALL_TITLE = "Inputs for the report on international migration and development"
QUESTION = "What did your organization do on remittances since the last report?"


@pytest.fixture
def browser_context_args(browser_context_args):
    # The pictures of docs/admin.md: one laptop screen each.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def picture(page):
    """Save what the page shows as cycle-<name>.png (the screen, not the whole page), in docs/img/
    when UPDATE_DOC_PICTURES is set."""

    def take(name: str, *, at=None, of=None) -> Path:
        shown = of or page
        shown.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring
        if at is None:
            shown.evaluate("() => window.scrollTo(0, 0)")
        else:  # ``at`` at the top of the screen
            at.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollTo(0, window.scrollY - 8); }")
        IMAGES.mkdir(parents=True, exist_ok=True)
        path = IMAGES / f"cycle-{name}.png"
        shown.screenshot(path=str(path))
        return path

    return take


@pytest.fixture
def governments():
    organizations = {}
    for acronym, name in HEARD:
        organizations[acronym] = OrganizationFactory(
            acronym=acronym, name=name, category=OrganizationCategory.GOVERNMENT
        )
        FocalPointFactory(organization=organizations[acronym], user__username=f"focal-{acronym.lower()}")
    for acronym, name in UNHEARD:
        organizations[acronym] = OrganizationFactory(
            acronym=acronym, name=name, category=OrganizationCategory.GOVERNMENT
        )
    for acronym, name, category in LISTED:
        organizations[acronym] = OrganizationFactory(acronym=acronym, name=name, category=category)
        FocalPointFactory(organization=organizations[acronym], user__username=f"focal-{acronym.lower()}")
    group = OrganizationFactory(
        acronym="GMG", name="Global Migration Group", category=OrganizationCategory.INTERAGENCY_GROUP
    )
    for acronym in ("ILO", "IOM", "UNHCR"):
        MembershipFactory(group=group, member=organizations[acronym])
    return organizations


def home(page) -> None:
    """Back to the admin's front page, the dashboard, through the breadcrumbs."""
    page.locator(".breadcrumbs").get_by_role("link", name="Home").click()
    expect(page.locator("#secretariat-dashboard")).to_be_visible()


def go_to(page, listed: str) -> None:
    """Open a list from the admin's front page, as the officer does."""
    if page.locator("#secretariat-dashboard").count() == 0:
        home(page)
    page.get_by_role("link", name=listed, exact=True).click()


def message(page):
    return page.locator(".messagelist")


def focal_point_api(live_server, username: str) -> requests.Session:
    """A focal point's own API client: a token from their username and password, as docs/api.md shows."""
    session = requests.Session()
    answer = session.post(f"{live_server.url}/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session


def test_the_secretariat_walks_a_reporting_cycle_in_the_admin(
    page, browser, live_server, secretariat_user, governments, picture, tmp_path, mailoutbox
):
    today = secretariat_today()
    GeneralAssemblyFactory()
    secretariat_user.first_name = "Amina"  # the pictures greet the same officer at every run
    secretariat_user.save()
    log_in(page, live_server, secretariat_user.username)

    # --- A mandate and the report it asks for ----------------------------------------------------------
    go_to(page, "Mandates")
    page.get_by_role("link", name="Add mandate").click()
    pick(page, page.locator(".form-row.field-body"), "General Assembly")
    page.fill("#id_number", "80/199")
    page.fill("#id_adoption_date", (today - dt.timedelta(days=200)).isoformat())
    page.fill("#id_title", "International migration and development")
    obligations = page.locator("#obligations-group")
    obligations.locator(".add-row a").click()
    page.fill(
        "#id_obligations-0-description", "Report of the Secretary-General on international migration and development"
    )
    pick(page, page.locator("#obligations-0"), "General Assembly")
    page.fill("#id_obligations-0-due_date", (today + dt.timedelta(days=120)).isoformat())
    picture("mandate", at=page.locator(".form-row.field-body"))
    page.locator("input[name=_save]").click()
    expect(message(page)).to_contain_text("was added successfully")
    obligation = ReportingObligation.objects.get(mandate__number="80/199")
    assert (obligation.due_date, obligation.due_precision, obligation.status) == (
        today + dt.timedelta(days=120),
        "day",
        ItemStatus.OPEN,
    )

    # --- The call, written as a draft with three organizations named --------------------------------------
    go_to(page, "Calls for inputs")
    page.get_by_role("link", name="Add call for inputs").click()
    page.fill("#id_title", CALL_TITLE)
    page.fill("#id_instructions", "Please describe your activities since the last report, in two pages at most.")
    pick(page, page.locator(".form-row.field-obligation"), "80/199")
    deadline = today + dt.timedelta(days=7)
    page.fill("#id_deadline", deadline.isoformat())
    page.locator("#prompts-group .add-row a").click()
    page.fill("#id_prompts-0-position", "1")
    page.fill("#id_prompts-0-text", QUESTION)
    asked_by_name = page.locator("#input_requests-group")
    for index, (acronym, _name, _category) in enumerate(LISTED):
        asked_by_name.locator(".add-row a").click()
        pick(page, page.locator(f"#input_requests-{index}"), acronym)
    picture("call-draft", at=asked_by_name)
    page.locator("input[name=_continue]").click()
    expect(message(page)).to_contain_text("was added successfully")
    call = CallForInputs.objects.get(title=CALL_TITLE)
    assert (call.status, call.obligation_id, call.input_requests.count()) == ("draft", obligation.pk, 3)

    # --- Open it: the preview of who is asked, then open ----------------------------------------------------
    page.locator(".object-tools").get_by_role("link", name="Open the call").click()
    expect(page.locator("h2", has_text="would be asked")).to_have_text("3 organizations would be asked")
    page.get_by_label("Governments").check()
    page.get_by_role("button", name="Open the call").click()
    expect(page.locator(".step-notice")).to_contain_text("press “Open the call” again")
    expect(page.locator("h2", has_text="would be asked")).to_have_text("35 organizations would be asked")
    expect(page.locator("#call-addressees tbody tr")).to_have_count(35)
    expect(page.locator("#call-addressees tr.no-focal-point")).to_have_count(2)
    expect(page.locator("p.errornote", has_text="no active focal point")).to_contain_text("2 of them have no active")
    picture("call-open-preview")
    assert CallForInputs.objects.get(pk=call.pk).status == "draft"  # only previewed
    page.get_by_role("button", name="Open the call").click()
    expect(message(page)).to_contain_text("35 organization(s) asked, 32 new request(s).")
    call.refresh_from_db()
    assert call.status == "open"
    requests_of = {r.organization.acronym: r for r in call.input_requests.select_related("organization")}
    assert len(requests_of) == 35
    assert {r.due_date for r in requests_of.values()} == {deadline}
    assert OutboxMessage.objects.filter(kind="call_opened").count() == 33  # one per person with a focal point
    picture("call-opened")

    # --- Answers come in -----------------------------------------------------------------------------------
    # IOM's focal point answers through the API (docs/api.md), as their own system would.
    iom = focal_point_api(live_server, "focal-iom")
    (iom_request,) = iom.get(f"{live_server.url}/api/v1/input-requests/", params={"call": call.pk}).json()["results"]
    (prompt,) = iom.get(f"{live_server.url}/api/v1/calls/{call.pk}/").json()["prompts"]
    draft = iom.post(
        f"{live_server.url}/api/v1/updates/",
        json={
            "title": "IOM: activities on migration and development",
            "body": "Migration profiles for twelve countries.",
            "input_request": iom_request["id"],
            "answers": [{"prompt": prompt["id"], "text": "A study of remittance costs in two corridors."}],
        },
    )
    assert draft.status_code == 201, draft.text
    iom_answer_url = f"{live_server.url}/api/v1/updates/{draft.json()['id']}/"
    submitted = iom.post(f"{iom_answer_url}submit/", headers={"If-Match": draft.headers["ETag"]})
    assert submitted.status_code == 200, submitted.text

    # Mexico's focal point answers on the focal points' page, in a browser of their own.
    mexico = browser.new_context(viewport={"width": 1280, "height": 800})
    mexico_page = mexico.new_page()
    mexico_page.goto(f"{live_server.url}/accounts/login/")
    mexico_page.fill("#id_username", "focal-mex")
    mexico_page.fill("#id_password", PASSWORD)
    mexico_page.locator("#id_password").press("Enter")  # the login form's own button, whatever else the page has
    expect(mexico_page).to_have_url(f"{live_server.url}/my/")
    mexico_page.locator("li.item", has_text=CALL_TITLE).get_by_role("link", name="Answer or decline").click()
    mexico_page.fill("#id_title", "Mexico: activities since the last report")
    mexico_page.fill("#id_body", "A national survey of returning migrants; a consular network for migrant workers.")
    mexico_page.get_by_label(re.compile("remittances")).fill("Lower fees for transfers from abroad since March.")
    picture("focal-point-answer", of=mexico_page)
    mexico_page.get_by_role("button", name="Submit to the secretariat").click()
    expect(mexico_page.locator(".messages")).to_contain_text("is submitted to the secretariat")
    mexico.close()

    # Kenya's answer came by letter ten days ago; the secretariat types it in today, with the scan.
    received = today - dt.timedelta(days=10)
    scan = tmp_path / "kenya-note-verbale.pdf"
    scan.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    go_to(page, "Activity updates")
    page.get_by_role("link", name="Add activity update").click()
    expect(page.locator("h1")).to_have_text("Record an answer received by e-mail or letter")
    pick(page, page.locator(".form-row.field-organization"), "Kenya")
    pick(page, page.locator(".form-row.field-input_request"), "KEN")
    page.select_option("#id_received_via", "letter")
    page.fill("#id_received_on", received.isoformat())
    page.fill("#id_title", "Kenya: note verbale on migration and development")
    page.fill("#id_body", "The Government of Kenya reports a new labour migration policy.")
    page.set_input_files("#id_attachments", str(scan))
    picture("letter")
    page.locator("input[name=_save]").click()
    expect(message(page)).to_contain_text("was added successfully")
    letter = ActivityUpdate.objects.get(organization__acronym="KEN")
    assert (letter.status, letter.received_via, letter.received_on) == ("submitted", "letter", received)
    assert list(letter.attachments.values_list("original_name", flat=True)) == ["kenya-note-verbale.pdf"]

    # --- The review ----------------------------------------------------------------------------------------
    home(page)
    review = page.locator("#dashboard-review")
    expect(review.locator("tbody tr")).to_have_count(3)
    picture("review-panel")
    expect(review.locator("tbody tr", has_text="Kenya")).to_contain_text(f"{received.day} {received:%b %Y}, Letter")
    review.get_by_role("link", name="IOM: activities").click()
    page.locator(".object-tools").get_by_role("link", name="Return with a comment").click()
    page.fill("#id_comment", "Please add the figures for 2025 and the countries of the study.")
    picture("return")
    page.get_by_role("button", name="Return with a comment").click()
    expect(message(page)).to_contain_text("Returned")
    iom_request_row = InputRequest.objects.get(pk=iom_request["id"])
    assert iom_request_row.status == InputRequestStatus.OPEN  # open again until they resubmit

    # IOM revises and submits again, through the API.
    current = iom.get(iom_answer_url)
    assert current.json()["status"] == "returned"
    revised = iom.patch(
        iom_answer_url,
        json={"body": "Migration profiles for twelve countries; remittance figures for 2025."},
        headers={"If-Match": current.headers["ETag"]},
    )
    assert revised.status_code == 200, revised.text
    resubmitted = iom.post(f"{iom_answer_url}submit/", headers={"If-Match": revised.headers["ETag"]})
    assert resubmitted.status_code == 200, resubmitted.text

    # The rest are accepted from the dashboard's panel, a button per row.
    home(page)
    expect(review.locator("tbody tr")).to_have_count(3)
    for answer in ActivityUpdate.objects.order_by("pk"):
        review.locator(f"tr[data-update='{answer.pk}']").get_by_role("button", name="Accept").click()
        expect(message(page)).to_contain_text(f"Accepted: {answer}.")
    expect(review).to_contain_text("No answer is waiting for review.")
    assert set(ActivityUpdate.objects.values_list("status", flat=True)) == {UpdateStatus.ACCEPTED}

    # An answer is never deleted: one that should not count is withdrawn, with the reason (not done here).
    go_to(page, "Activity updates")
    page.get_by_role("link", name="Kenya: note verbale").click()
    page.locator(".object-tools").get_by_role("link", name="Withdraw").click()
    page.fill("#id_reason", "Recorded twice: the same letter came by e-mail.")
    picture("withdraw")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator(".object-tools")).to_contain_text("Withdraw")

    # --- Answered by a date: the letter counts on the day it came --------------------------------------------
    go_to(page, "Calls for inputs")
    page.get_by_role("link", name=CALL_TITLE).click()
    page.locator(".object-tools").get_by_role("link", name="Answered by a date").click()
    page.fill("#id_cutoff", received.isoformat())
    page.get_by_role("button", name="Count").click()
    on_the_day = f"Governments: 1 of 32 answered by {received.day} {received:%B %Y}."
    expect(page.locator(".summary-line", has_text="Governments")).to_have_text(on_the_day)
    expect(page.locator("#answered-by tr[data-category=government] td").nth(1)).to_have_text("1")
    picture("answered-by")
    day_before = received - dt.timedelta(days=1)
    page.fill("#id_cutoff", day_before.isoformat())
    page.get_by_role("button", name="Count").click()
    expect(page.locator("#answered-by tr[data-category=government] td").nth(1)).to_have_text("0")
    expect(page.locator(".summary-line")).to_have_count(0)
    expect(page.locator("#content")).to_contain_text("No answer had come in by then.")

    # --- A request waived, a nil return recorded ---------------------------------------------------------------
    go_to(page, "Input requests")
    page.fill("#searchbar", "Tuvalu")
    page.locator("#changelist-search [type=submit]").click()
    page.locator("#result_list tbody tr", has_text="TUV").locator("th a").click()  # the list names it by acronym
    page.locator(".object-tools").get_by_role("link", name="Waive").click()
    page.fill("#id_reason", "No focal point: the mission will report at the Commission's session instead.")
    picture("waive")
    page.get_by_role("button", name="Waive").click()
    expect(message(page)).to_contain_text("Waived")
    go_to(page, "Input requests")
    page.fill("#searchbar", "Norway")
    page.locator("#changelist-search [type=submit]").click()
    page.locator("#result_list tbody tr", has_text="NOR").locator("th a").click()
    page.locator(".object-tools").get_by_role("link", name="Record a nil return").click()
    page.fill("#id_reason", "No new activities on migration and development this year (e-mail of the mission).")
    page.get_by_role("button", name="Record a nil return").click()
    expect(message(page)).to_contain_text("Recorded as declined")
    assert InputRequest.objects.get(pk=requests_of["TUV"].pk).status == InputRequestStatus.WAIVED
    assert InputRequest.objects.get(pk=requests_of["NOR"].pk).status == InputRequestStatus.DECLINED

    # The beat's reminder scan and the outbox sender run while the call is open: the silent are reminded.
    reminders_run()
    outbox_send_due()
    call_requests = [r.pk for r in requests_of.values()]
    ledger = ReminderEntry.objects.filter(item_kind="input_request", item_id__in=call_requests)
    assert ledger.filter(status__in=[LedgerStatus.PENDING, LedgerStatus.SENT]).exists()
    sent_before = set(ledger.filter(status=LedgerStatus.SENT).values_list("pk", flat=True))

    # --- The report: recorded in one step, which closes the call ---------------------------------------------
    go_to(page, "Reporting obligations")
    page.locator("#result_list tbody tr", has_text="80/199").locator("th a").click()
    page.locator(".object-tools").get_by_role("link", name="Record the report").click()
    page.fill("#id_symbol", "A/81/250")
    page.fill("#id_title", "International migration and development: report of the Secretary-General")
    page.fill("#id_date", today.isoformat())
    picture("record-report")
    page.get_by_role("button", name="Record the report").click()
    expect(message(page)).to_contain_text("Recorded A/81/250")
    expect(message(page)).to_contain_text("1 call(s) for inputs closed.")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.fulfilled_by.symbol, obligation.completed_on) == ("done", "A/81/250", today)
    expect(page.locator(".object-tools")).not_to_contain_text("Record the report")

    go_to(page, "Calls for inputs")
    page.get_by_role("link", name=CALL_TITLE).click()
    expect(page.locator(".form-row.field-status .readonly")).to_have_text("Closed")
    expect(page.locator(".object-tools")).not_to_contain_text("Close the call")
    board = page.locator(".form-row.field-board")
    expect(board).to_contain_text("3 of 35 answered, 1 declined (nil return), 31 waived")
    picture("call-closed", at=page.locator(".form-row.field-status"))
    statuses = sorted(InputRequest.objects.filter(call=call).values_list("status", flat=True))
    assert statuses == ["answered"] * 3 + ["declined"] + ["waived"] * 31

    # --- Afterwards the reminders send nothing for this call ---------------------------------------------------
    closed_at = CallForInputs.objects.get(pk=call.pk).closed_at
    outbox_before = set(OutboxMessage.objects.values_list("pk", flat=True))
    mails_before = len(mailoutbox)
    zone = zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE)
    for now in (timezone.now(), dt.datetime.combine(deadline, dt.time(10), zone)):  # today, and the deadline day
        reminders_run(now=now)
        outbox_send_due(now=now)
    assert not ledger.filter(status__in=[LedgerStatus.PENDING, LedgerStatus.CLAIMED]).exists()
    assert set(ledger.filter(status=LedgerStatus.SENT).values_list("pk", flat=True)) == sent_before
    assert not ledger.filter(created_at__gt=closed_at).exists()
    assert not OutboxMessage.objects.exclude(pk__in=outbox_before).exists()
    assert mailoutbox[mails_before:] == []
