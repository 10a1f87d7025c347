"""The secretariat writes mandates, reporting obligations and follow-up actions through the API (issue #21),
through the same services as the admin: a record made by either door is the same record, with the same
history; changes need If-Match, creation takes an Idempotency-Key; focal points may read but not write
(403), and see 404 for what does not exist; items close and move through their steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coordination.choices import LedgerStatus
from coordination.deadlines import secretariat_today
from coordination.models import DeadlineExtension, FollowUpAction, Mandate, ReminderEntry, ReportingObligation
from coordination.reminders.scan import reminders_scan
from tests.coordination.admin.posting import posting_of
from tests.factories import (
    ActivityUpdateFactory,
    FollowUpActionFactory,
    MandateFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = secretariat_today()
NEXT_YEAR = TODAY.year + 1


@pytest.fixture
def body(db):
    return OrganizationFactory(acronym="GA", name="General Assembly", category="intergovernmental_body")


def etag_of(client, name: str, pk: int) -> str:
    answer = client.get(reverse(f"{name}-detail", args=[pk]))
    assert answer.status_code == 200
    return answer["ETag"]


# --- The same record by either door ------------------------------------------------------------------


MANDATE = {"number": "58/208", "kind": "resolution", "adoption_date": "2003-12-23", "title": "Migration"}
OBLIGATION = {"description": "Report on the implementation", "due_date": f"{NEXT_YEAR}-03-10", "due_precision": "year"}
ACTION = {"title": "Organize a workshop on remittances", "due_date": f"{NEXT_YEAR}-05-02", "due_precision": "quarter"}

MANDATE_FIELDS = ("body_id", "number", "kind", "adoption_date", "title", "session_id", "document_id")
OBLIGATION_FIELDS = (
    "addressee_id", "description", "due_date", "due_precision", "due_as_stated", "due_session_id",
    "responsible_officer_id", "status", "recurrence", "completed_on", "fulfilled_by_id",
)  # fmt: skip
ACTION_FIELDS = (
    "title", "description", "lead_organization_id", "due_date", "due_precision", "due_as_stated", "due_session_id",
    "responsible_officer_id", "status", "completed_on", "origin_meeting_id", "origin_document_id",
)  # fmt: skip


def through_the_api(client, *, body, lead, officer_user) -> Mandate:
    mandate = client.post(
        reverse("mandates-list"), {"body": body.pk, **MANDATE}, format="json", HTTP_IDEMPOTENCY_KEY="mandate-58-208"
    )
    assert mandate.status_code == 201, mandate.content
    assert mandate["ETag"]
    pk = mandate.json()["id"]
    obligation = client.post(
        reverse("obligations-list"),
        {"mandate": pk, "addressee": body.pk, "responsible_officer": officer_user.pk, **OBLIGATION},
        format="json",
    )
    assert obligation.status_code == 201, obligation.content
    action = client.post(
        reverse("actions-list"),
        {"origin_mandate": pk, "lead_organization": lead.pk, "responsible_officer": officer_user.pk, **ACTION},
        format="json",
    )
    assert action.status_code == 201, action.content
    return Mandate.objects.get(pk=pk)


def through_the_admin(client, *, body, lead, officer_user) -> Mandate:
    """The mandate's page with the action in its rows; the obligation on its own page (the mandate's
    rows do not offer its responsible officer)."""
    page = client.get(reverse("admin:coordination_mandate_add"))
    assert page.status_code == 200
    posting = posting_of(page, {"_save": "Save"})
    values = {
        "body": str(body.pk),
        "number": MANDATE["number"],
        "kind": MANDATE["kind"],
        "adoption_date": MANDATE["adoption_date"],
        "title": MANDATE["title"],
        "actions-0-title": ACTION["title"],
        "actions-0-lead_organization": str(lead.pk),
        "actions-0-due_date": ACTION["due_date"],
        "actions-0-due_precision": ACTION["due_precision"],
        "actions-0-responsible_officer": str(officer_user.pk),
    }
    keys = {slot.key for slot in posting.all_slots()}
    assert set(values) <= keys, set(values) - keys
    saved = client.post(reverse("admin:coordination_mandate_add"), posting.data(values))
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    mandate = Mandate.objects.get(body=body, number=MANDATE["number"])
    add = reverse("admin:coordination_reportingobligation_add")
    posting = posting_of(client.get(add), {"_save": "Save"})
    values = {
        "mandate": str(mandate.pk),
        "addressee": str(body.pk),
        "responsible_officer": str(officer_user.pk),
        **{name: OBLIGATION[name] for name in ("description", "due_date", "due_precision")},
    }
    saved = client.post(add, posting.data(values))
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    return mandate


def record_of(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def history_of(obj) -> list[tuple]:
    rows = obj.history.order_by("history_date", "history_id")
    return [(row.history_type, row.history_user.username if row.history_user else None) for row in rows]


def snapshot(mandate: Mandate) -> dict:
    obligation = ReportingObligation.objects.get(mandate=mandate)
    action = FollowUpAction.objects.get(origin_mandate=mandate)
    return {
        "mandate": record_of(mandate, MANDATE_FIELDS),
        "obligation": record_of(obligation, OBLIGATION_FIELDS),
        "action": record_of(action, ACTION_FIELDS),
        "supporting": sorted(action.supporting_organizations.values_list("pk", flat=True)),
        "history": {
            "mandate": history_of(mandate),
            "obligation": history_of(obligation),
            "action": history_of(action),
        },
    }


def test_a_mandate_with_an_obligation_and_an_action_made_through_the_api_is_the_one_the_admin_makes(
    api_client_for, client, secretariat_user, body, organization_a
):
    by_api = snapshot(
        through_the_api(
            api_client_for(secretariat_user), body=body, lead=organization_a, officer_user=secretariat_user
        )
    )
    other_body = OrganizationFactory(acronym="ECOSOC", name="Economic and Social Council")
    client.force_login(secretariat_user)
    by_admin = snapshot(through_the_admin(client, body=other_body, lead=organization_a, officer_user=secretariat_user))

    for record in ("mandate", "obligation"):
        key = "body_id" if record == "mandate" else "addressee_id"
        assert by_api[record].pop(key) == body.pk
        assert by_admin[record].pop(key) == other_body.pk
    assert by_api == by_admin
    assert by_api["history"] == {key: [("+", "officer")] for key in ("mandate", "obligation", "action")}
    assert by_api["obligation"]["due_date"] == dt.date(NEXT_YEAR, 12, 31)  # the year's last day
    assert by_api["action"]["due_date"] == dt.date(NEXT_YEAR, 6, 30)  # the quarter's last day


def test_a_retried_creation_with_its_idempotency_key_records_one_mandate(officer, body):
    data = {"body": body.pk, **MANDATE}
    first = officer.post(reverse("mandates-list"), data, format="json", HTTP_IDEMPOTENCY_KEY="k-58-208")
    again = officer.post(reverse("mandates-list"), data, format="json", HTTP_IDEMPOTENCY_KEY="k-58-208")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Mandate.objects.count() == 1


def test_a_second_mandate_with_the_same_number_is_a_422_naming_the_rule(officer, body):
    MandateFactory(body=body, number="58/208")
    answer = officer.post(reverse("mandates-list"), {"body": body.pk, "number": "58/208"}, format="json")
    assert answer.status_code == 422
    assert "already exists" in str(answer.json())


# --- Changes: If-Match, the workflow's fields, the due date ---------------------------------------------


def test_a_change_needs_if_match_and_a_stale_one_is_a_412_with_the_current_version(officer, body):
    mandate = MandateFactory(body=body, number="60/227", title="Old title")
    url = reverse("mandates-detail", args=[mandate.pk])
    assert officer.patch(url, {"title": "New"}, format="json").status_code == 428
    tag = etag_of(officer, "mandates", mandate.pk)
    changed = officer.patch(
        url, {"title": "International migration and development"}, format="json", HTTP_IF_MATCH=tag
    )
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    stale = officer.patch(url, {"title": "Something else"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.json()["current"]["title"] == "International migration and development"
    mandate.refresh_from_db()
    assert mandate.title == "International migration and development"
    assert [row.history_user.username for row in mandate.history.filter(history_type="~")] == ["officer"]


def test_the_status_of_an_item_is_not_written_but_changed_through_its_steps(officer):
    action = FollowUpActionFactory()
    tag = etag_of(officer, "actions", action.pk)
    answer = officer.patch(
        reverse("actions-detail", args=[action.pk]), {"status": "done"}, format="json", HTTP_IF_MATCH=tag
    )
    assert answer.status_code == 400
    assert answer.json() == {"status": ["Unknown or read-only field."]}


def test_an_action_has_one_origin_and_a_due_date_read_as_the_admins_form_reads_it(officer, body, organization_a):
    mandate = MandateFactory(body=body)
    session = SessionFactory(body=body, number=90, stated_opening_date=dt.date(NEXT_YEAR, 9, 15))
    no_origin = officer.post(reverse("actions-list"), {"title": "Nothing to come from"}, format="json")
    assert no_origin.status_code == 422
    assert "one of them only" in str(no_origin.json())
    at_session = officer.post(
        reverse("actions-list"),
        {"title": "Report back", "origin_mandate": mandate.pk, "due_precision": "session", "due_session": session.pk},
        format="json",
    )
    assert at_session.status_code == 201, at_session.content
    assert at_session.json()["due_date"] == session.document_due_date().isoformat()
    no_session = officer.post(
        reverse("actions-list"),
        {"title": "T", "origin_mandate": mandate.pk, "due_precision": "session"},
        format="json",
    )
    assert no_session.status_code == 422
    assert no_session.json() == {"due_session": ["Choose the session this is due at, or another precision."]}
    a_day = officer.post(
        reverse("actions-list"),
        {
            "title": "T",
            "origin_mandate": mandate.pk,
            "due_date": f"{NEXT_YEAR}-02-03",
            "lead_organization": organization_a.pk,
        },
        format="json",
    )
    assert (a_day.json()["due_precision"], a_day.json()["due_date"]) == ("day", f"{NEXT_YEAR}-02-03")


def test_supporting_organizations_are_written_as_a_list_and_replaced_by_a_patch(
    officer, organization_a, organization_b
):
    mandate = MandateFactory()
    third = OrganizationFactory()
    made = officer.post(
        reverse("actions-list"),
        {
            "title": "Joint study",
            "origin_mandate": mandate.pk,
            "supporting_organizations": [organization_a.pk, organization_b.pk],
        },
        format="json",
    )
    assert made.status_code == 201
    assert {o["id"] for o in made.json()["supporting_organizations"]} == {organization_a.pk, organization_b.pk}
    url = reverse("actions-detail", args=[made.json()["id"]])
    changed = officer.patch(url, {"supporting_organizations": [third.pk]}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert changed.status_code == 200
    assert [o["id"] for o in changed.json()["supporting_organizations"]] == [third.pk]


# --- Steps: mark done, cancel, extend ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["actions", "obligations"])
def test_mark_done_cancel_and_extend_are_steps_with_if_match(officer, name):
    item = (FollowUpActionFactory if name == "actions" else ReportingObligationFactory)(
        due_date=TODAY + dt.timedelta(days=20), due_precision="day"
    )
    new_day = (TODAY + dt.timedelta(days=60)).isoformat()
    url = reverse(f"{name}-extend", args=[item.pk])
    assert officer.post(url, {"new_due_date": new_day, "reason": "Bureau"}, format="json").status_code == 428
    tag = etag_of(officer, name, item.pk)
    past = officer.post(url, {"new_due_date": "2001-01-01", "reason": "x"}, format="json", HTTP_IF_MATCH=tag)
    assert past.status_code == 422
    no_reason = officer.post(url, {"new_due_date": new_day, "reason": "  "}, format="json", HTTP_IF_MATCH=tag)
    assert no_reason.status_code in (400, 422)
    extended = officer.post(
        url, {"new_due_date": new_day, "reason": "Agreed at the bureau"}, format="json", HTTP_IF_MATCH=tag
    )
    assert extended.status_code == 200, extended.content
    assert extended.json()["due_date"] == new_day
    assert DeadlineExtension.objects.get(item_id=item.pk).reason == "Agreed at the bureau"

    cancel = reverse(f"{name}-cancel", args=[item.pk])
    assert officer.post(cancel, {"reason": "No"}, format="json", HTTP_IF_MATCH=tag).status_code == 412
    cancelled = officer.post(cancel, {"reason": "Superseded"}, format="json", HTTP_IF_MATCH=extended["ETag"])
    assert cancelled.json()["status"] == "cancelled"
    item.refresh_from_db()
    assert item.history.first().history_change_reason == "Cancelled: Superseded"
    again = officer.post(
        reverse(f"{name}-mark-done", args=[item.pk]), {}, format="json", HTTP_IF_MATCH=cancelled["ETag"]
    )
    assert again.status_code == 409


def test_marking_an_action_done_stops_its_reminders_as_the_admins_step_does(officer, organization_a, focal_point_a):
    action = FollowUpActionFactory(
        lead_organization=organization_a, due_date=TODAY + dt.timedelta(days=7), due_precision="day"
    )
    reminders_scan()
    assert ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).exists()
    future = officer.post(
        reverse("actions-mark-done", args=[action.pk]),
        {"completed_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        format="json",
        HTTP_IF_MATCH=etag_of(officer, "actions", action.pk),
    )
    assert future.status_code == 422
    done = officer.post(
        reverse("actions-mark-done", args=[action.pk]),
        {},
        format="json",
        HTTP_IF_MATCH=etag_of(officer, "actions", action.pk),
    )
    assert (done.status_code, done.json()["status"], done.json()["completed_on"]) == (200, "done", TODAY.isoformat())
    assert not ReminderEntry.objects.filter(item_id=action.pk, status=LedgerStatus.PENDING).exists()


# --- Who may: 403 for a focal point on what it sees, 404 for what does not exist ------------------------


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("patch", "mandates-detail", {"title": "T"}),
        ("delete", "mandates-detail", None),
        ("patch", "actions-detail", {"title": "T"}),
        ("post", "actions-mark-done", {}),
        ("post", "actions-cancel", {"reason": "r"}),
        ("patch", "obligations-detail", {"description": "D"}),
        ("post", "obligations-extend", {"new_due_date": f"{NEXT_YEAR}-01-01", "reason": "r"}),
        ("delete", "obligations-detail", None),
    ],
)
def test_a_focal_point_may_read_but_not_write_and_finds_nothing_where_nothing_is(
    api_client_for, focal_point_a, organization_a, method, name, data
):
    mandate = MandateFactory()
    records = {
        "mandates": mandate,
        "actions": FollowUpActionFactory(
            origin_meeting=None, origin_mandate=mandate, lead_organization=organization_a
        ),
        "obligations": ReportingObligationFactory(mandate=mandate),
    }
    record = records[name.split("-")[0]]
    focal = api_client_for(focal_point_a)
    tag = etag_of(focal, name.split("-")[0], record.pk)
    extra = {"format": "json", "HTTP_IF_MATCH": tag}
    refused = getattr(focal, method)(reverse(name, args=[record.pk]), data, **extra)
    assert refused.status_code == 403, refused.content
    assert getattr(focal, method)(reverse(name, args=[10**9]), data, **extra).status_code == 404
    created = focal.post(reverse(f"{name.split('-')[0]}-list"), {}, format="json")
    assert created.status_code == 403


# --- Deleting: what the admin deletes, with its rules ---------------------------------------------------


def test_deleting_follows_the_admins_rules(officer, organization_a):
    mandate = MandateFactory()
    action = FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate, lead_organization=organization_a)
    obligation = ReportingObligationFactory(mandate=mandate)
    ActivityUpdateFactory(organization=organization_a, action=action)

    in_use = officer.delete(reverse("mandates-detail", args=[mandate.pk]))
    assert in_use.status_code == 409
    assert "still referred to" in in_use.json()["detail"]
    reported_on = officer.delete(reverse("actions-detail", args=[action.pk]))
    assert reported_on.status_code == 409  # its progress report stays: answers are never deleted
    assert officer.delete(reverse("obligations-detail", args=[obligation.pk])).status_code == 204
    assert not ReportingObligation.objects.filter(pk=obligation.pk).exists()
    assert FollowUpAction.objects.filter(pk=action.pk).exists()
    assert officer.delete(reverse("updates-detail", args=[1])).status_code == 405  # no hard delete of answers


# --- Lists: filters, ordering and a fixed number of queries ---------------------------------------------


# The token and its user's roles, the count, the page (and an action's supporting organizations) and the
# page's provenance; a mandate's operative paragraphs are on its own page, not in the list.
@pytest.mark.parametrize(("name", "queries"), [("mandates", 4), ("obligations", 4), ("actions", 5)])
def test_lists_take_the_same_number_of_queries_for_3_and_for_30_records(
    officer, organization_a, django_assert_num_queries, name, queries
):
    def make(count):
        for _ in range(count):
            {
                "mandates": MandateFactory,
                "obligations": ReportingObligationFactory,
                "actions": lambda: FollowUpActionFactory(
                    lead_organization=organization_a
                ).supporting_organizations.add(organization_a),
            }[name]()

    make(3)
    officer.get(reverse(f"{name}-list"))  # the token's first use
    with django_assert_num_queries(queries):
        assert officer.get(reverse(f"{name}-list"), {"ordering": "-updated_at"}).json()["count"] == 3
    make(27)
    with django_assert_num_queries(queries):
        assert officer.get(reverse(f"{name}-list"), {"ordering": "-updated_at"}).json()["count"] == 30
