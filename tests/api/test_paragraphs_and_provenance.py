"""A mandate's operative paragraphs, each with what it became, and every record's provenance: on the
mandate's admin page, on the pages of what it became, and in the API (a fixed number of queries for a
list of 3 records and of 30)."""

import pytest
from django.urls import reverse

from coordination.models import Provenance
from tests.factories import (
    DocumentFactory,
    FollowUpActionFactory,
    MandateFactory,
    MeetingFactory,
    OperativeParagraphFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db


def state(record, document, paragraph: str, field: str, value: str) -> Provenance:
    return Provenance.objects.create(
        record=record, document=document, paragraph=paragraph, field=field, value_as_stated=value
    )


@pytest.fixture
def mandate():
    """A resolution read from its own text: three operative paragraphs and what they became."""
    resolution = DocumentFactory(symbol="A/RES/71/318", title="Remittances and the protection of migrant workers")
    mandate = MandateFactory(number="71/318", document=resolution)
    state(mandate, resolution, "71/318", "ingest:mandate", "71/318. Remittances and the protection of migrant workers")
    report = OperativeParagraphFactory(
        mandate=mandate, number="4", position=4, verb="requests", addressee="the Secretary-General", kind="report",
        text="Also requests the Secretary-General to submit to the General Assembly at its seventy-third session a "
        "report on the implementation of the present resolution;",
    )  # fmt: skip
    called = OperativeParagraphFactory(
        mandate=mandate, number="3", position=3, verb="calls upon", addressee="ECA and ILO", kind="action",
        text="Calls upon ECA and ILO to exchange data on the cost of remittances;",
    )  # fmt: skip
    meeting = MeetingFactory(title="High-level meeting on remittances")
    convening = OperativeParagraphFactory(
        mandate=mandate, number="5", position=5, verb="decides", kind="meeting", addressee="", meeting=meeting,
        text="Decides to convene a one-day high-level meeting on remittances in New York on 12 October 2018;",
    )  # fmt: skip
    obligation = ReportingObligationFactory(mandate=mandate, paragraph=report, description="Report on 71/318")
    state(obligation, resolution, "4", "ingest:obligation", "Also requests the Secretary-General to submit ...")
    actions = [
        FollowUpActionFactory(
            origin_meeting=None,
            origin_mandate=mandate,
            origin_paragraph=called,
            title=title,
            lead_organization=OrganizationFactory(acronym=acronym),
        )
        for title, acronym in [("Exchange data (ECA)", "ECA"), ("Exchange data (ILO)", "ILO")]
    ]
    state(actions[0], resolution, "3", "ingest:action", "Calls upon ECA and ILO to exchange data")
    return {"mandate": mandate, "paragraphs": [called, report, convening], "obligation": obligation,
            "actions": actions, "meeting": meeting, "document": resolution}  # fmt: skip


def test_the_mandate_page_shows_its_paragraphs_in_order_with_what_each_became_and_its_provenance(
    client, secretariat_user, mandate
):
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_mandate_change", args=[mandate["mandate"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    listed = html[html.index("Operative paragraphs (and what each became)") :]
    assert listed.index("Calls upon ECA and ILO") < listed.index("Also requests the Secretary-General")
    assert listed.index("Also requests the Secretary-General") < listed.index("Decides to convene")
    obligation, (eca, ilo) = mandate["obligation"], mandate["actions"]
    for url in (
        reverse("admin:coordination_reportingobligation_change", args=[obligation.pk]),
        reverse("admin:coordination_followupaction_change", args=[eca.pk]),
        reverse("admin:coordination_followupaction_change", args=[ilo.pk]),
        reverse("admin:meetings_meeting_change", args=[mandate["meeting"].pk]),
    ):
        assert f'href="{url}"' in listed
    # The two actions of "calls upon ECA and ILO" have one title: each link says whose it is.
    assert "Follow-up action (ECA)" in listed and "Follow-up action (ILO)" in listed
    provenance = html[html.index("Provenance: where this comes from") :]
    assert reverse("admin:meetings_document_change", args=[mandate["document"].pk]) in provenance
    assert "A/RES/71/318" in provenance and "71/318. Remittances and the protection of migrant workers" in provenance


def test_the_provenance_rows_say_what_each_supports_in_words(client, secretariat_user, mandate):
    record = mandate["mandate"]
    state(record, mandate["document"], "heading", "adoption_date", "adopted on 2 February 2017")
    state(record, mandate["document"], "Preface", "", "")
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:coordination_mandate_change", args=[record.pk])).content.decode()
    provenance = html[html.index("Provenance: where this comes from") :]
    for words in ("the mandate, as read", "adoption date", "the record (mentioned)"):
        assert words in provenance
    assert "ingest:mandate" not in provenance and "adoption_date" not in provenance


@pytest.mark.parametrize(
    ("record", "url_name", "stated"),
    [
        ("obligation", "admin:coordination_reportingobligation_change", "Also requests the Secretary-General"),
        ("action", "admin:coordination_followupaction_change", "Calls upon ECA and ILO to exchange data"),
    ],
)  # fmt: skip
def test_what_a_paragraph_became_shows_where_it_comes_from(
    client, secretariat_user, mandate, record, url_name, stated
):
    obj = mandate["obligation"] if record == "obligation" else mandate["actions"][0]
    client.force_login(secretariat_user)
    html = client.get(reverse(url_name, args=[obj.pk])).content.decode()
    provenance = html[html.index("Provenance: where this comes from") :]
    assert stated in provenance and "A/RES/71/318" in provenance


def test_a_meeting_and_an_organization_show_their_provenance_and_a_page_without_any_says_nothing(
    client, secretariat_user
):
    meeting, organization = MeetingFactory(), OrganizationFactory(acronym="UNFPA")
    document = DocumentFactory(symbol="A/59/325")
    state(meeting, document, "12", "venue", "held in New York")
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert "held in New York" in html[html.index("Provenance: where this comes from") :]
    assert client.get(reverse("admin:agencies_organization_change", args=[organization.pk])).status_code == 200
    adding = client.get(reverse("admin:meetings_meeting_add")).content.decode()
    assert "Provenance: where this comes from" not in adding


def test_the_paragraphs_own_list_filters_by_kind_and_body_and_searches(client, secretariat_user, mandate):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_operativeparagraph_changelist")
    reports = client.get(url, {"kind__exact": "report"}).content.decode()
    assert "Also requests the Secretary-General" in reports and "Calls upon ECA" not in reports
    by_body = client.get(url, {"mandate__body__id__exact": mandate["mandate"].body_id}).content.decode()
    assert "Calls upon ECA" in by_body
    found = client.get(url, {"q": "remittances"}).content.decode()
    assert "Calls upon ECA" in found and "Also requests the Secretary-General" not in found


def test_the_mandate_in_the_api_lists_its_paragraphs_with_what_each_became_and_its_provenance(officer, mandate):
    body = officer.get(reverse("mandates-detail", args=[mandate["mandate"].pk])).json()
    called, report, convening = mandate["paragraphs"]
    assert [(p["id"], p["number"], p["kind"]) for p in body["paragraphs"]] == [
        (called.pk, "3", "action"), (report.pk, "4", "report"), (convening.pk, "5", "meeting"),
    ]  # fmt: skip
    assert body["paragraphs"][0]["actions"] == sorted(a.pk for a in mandate["actions"])
    assert (body["paragraphs"][1]["obligations"], body["paragraphs"][1]["actions"]) == ([mandate["obligation"].pk], [])
    assert (body["paragraphs"][2]["meeting"], body["paragraphs"][0]["verb"], body["paragraphs"][0]["addressee"]) == (
        mandate["meeting"].pk, "calls upon", "ECA and ILO"
    )  # fmt: skip
    assert body["provenance"] == [
        {
            "document": {
                "id": mandate["document"].pk, "symbol": "A/RES/71/318",
                "title": "Remittances and the protection of migrant workers", "kind": mandate["document"].kind,
                "date": mandate["document"].date.isoformat() if mandate["document"].date else None,
            },
            "paragraph": "71/318",
            "field": "ingest:mandate",
            "value_as_stated": "71/318. Remittances and the protection of migrant workers",
        }
    ]  # fmt: skip


def test_obligations_and_actions_in_the_api_show_their_paragraph_and_provenance(officer, mandate):
    obligation = officer.get(reverse("obligations-detail", args=[mandate["obligation"].pk])).json()
    assert obligation["paragraph"] == mandate["paragraphs"][1].pk
    assert [(p["document"]["symbol"], p["paragraph"]) for p in obligation["provenance"]] == [("A/RES/71/318", "4")]
    actions = officer.get(reverse("actions-list"), {"mandate": mandate["mandate"].pk}).json()["results"]
    shown = {a["id"]: (a["origin_paragraph"], a["recurrence"], len(a["provenance"])) for a in actions}
    eca, ilo = mandate["actions"]
    called = mandate["paragraphs"][0].pk
    assert shown == {eca.pk: (called, "none", 1), ilo.pk: (called, "none", 0)}


def _more(count: int) -> None:
    document = DocumentFactory()
    for _ in range(count):
        mandate = MandateFactory()
        paragraph = OperativeParagraphFactory(mandate=mandate)
        obligation = ReportingObligationFactory(mandate=mandate, paragraph=paragraph)
        action = FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate, origin_paragraph=paragraph)
        for record in (mandate, obligation, action):
            state(record, document, "2", "ingest", "as stated")


@pytest.mark.parametrize("name", ["mandates", "obligations", "actions"])
def test_lists_with_paragraphs_and_provenance_take_the_same_queries_for_3_and_for_30_records(
    officer, django_assert_max_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _more(3)
    officer.get(reverse(f"{name}-list"))  # the token's first use
    with CaptureQueriesContext(connection) as few:
        rows = officer.get(reverse(f"{name}-list"), {"page_size": 100}).json()["results"]
    assert len(rows) == 3 and all(len(row["provenance"]) == 1 for row in rows)
    _more(27)
    with django_assert_max_num_queries(len(few)):
        rows = officer.get(reverse(f"{name}-list"), {"page_size": 100}).json()["results"]
    assert len(rows) == 30 and all(len(row["provenance"]) == 1 for row in rows)
    if name == "mandates":  # the list leaves the paragraphs to each mandate's page
        assert all("paragraphs" not in row for row in rows)
        page = officer.get(reverse("mandates-detail", args=[rows[0]["id"]])).json()
        assert len(page["paragraphs"]) == 1 and len(page["paragraphs"][0]["obligations"]) == 1
