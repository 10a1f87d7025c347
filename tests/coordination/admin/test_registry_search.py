"""Searching the registry in the admin, and the similar existing requests shown beside a paragraph proposed
(the ingest review queue) or entered (its page): docs/admin.md."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import OperativeParagraph
from ingest.models import IngestedDocument, Proposal
from tests.factories import DocumentFactory, MandateFactory

pytestmark = pytest.mark.django_db
counter = itertools.count(1)

REMITTANCES = (
    "Requests the Secretary-General to submit to the General Assembly at its sixtieth session a report on "
    "remittances, including their costs and their contribution to development;"
)
REMITTANCES_AGAIN = (
    "Requests the Secretary-General to report to the General Assembly at its sixty-second session on remittances, "
    "in particular on the costs of transfers and their contribution to development;"
)
SEAFARERS = (
    "Requests the Secretary-General to submit to the General Assembly at its sixty-first session a report on the "
    "situation of seafarers;"
)


def mandate_with(text: str, **fields):
    mandate = MandateFactory(**fields)
    paragraph = OperativeParagraph.objects.create(mandate=mandate, number="1", position=1, text=text)
    return mandate, paragraph


def proposed(text: str) -> Proposal:
    ingested = IngestedDocument.objects.create(
        document=DocumentFactory(), filename="a.txt", text=text, text_digest=f"{next(counter):064d}",
        ingested_at=timezone.now(),
    )  # fmt: skip
    return Proposal.objects.create(
        ingested=ingested, kind="paragraph", identity=f"p{next(counter)}", paragraph="4", matched_text=text,
        confidence=0.9, data={"number": "4", "text": text},
    )  # fmt: skip


def test_the_mandates_list_finds_by_paragraph_with_excerpts(officer_client):
    mandate_with(REMITTANCES, number="58/208")
    mandate_with(SEAFARERS, number="58/209")

    page = officer_client.get(reverse("admin:coordination_mandate_changelist"), {"q": '"report on remittances"'})

    content = page.content.decode()
    assert page.context["cl"].result_count == 1
    assert "58/208" in content and "58/209" not in content
    assert "remittances</mark>" in content
    assert "Matches" in content  # the excerpts' column, shown while searching


@pytest.mark.postgres  # SQLite's fallback finds without ranking
def test_the_mandates_list_shows_the_best_match_first_unless_a_column_is_chosen(officer_client):
    # Adopted first, so the list's own order (latest adoption first) would put it last; its title
    # matches (weighted above a paragraph), so it ranks first.
    best, _ = mandate_with(SEAFARERS, number="58/208", title="Remittances", adoption_date=dt.date(2003, 12, 23))
    weaker, _ = mandate_with(REMITTANCES, number="60/227", title="Migration", adoption_date=dt.date(2005, 12, 23))
    url = reverse("admin:coordination_mandate_changelist")
    page = officer_client.get(url, {"q": "remittances"})
    listed = page.context["cl"].result_list
    assert [mandate.pk for mandate in listed] == [best.pk, weaker.pk]
    assert 'class="sortable sorted' not in page.content.decode()  # no column claims the order
    by_date = officer_client.get(url, {"q": "remittances", "o": "4"}).context["cl"].result_list  # adoption date
    assert [mandate.pk for mandate in by_date] == [best.pk, weaker.pk]
    by_date = officer_client.get(url, {"q": "remittances", "o": "-4"}).context["cl"].result_list
    assert [mandate.pk for mandate in by_date] == [weaker.pk, best.pk]


def test_the_mandates_list_still_finds_by_document_symbol(officer_client):
    mandate, _ = mandate_with(SEAFARERS, number="58/209", document=DocumentFactory(symbol="A/RES/58/209"))
    page = officer_client.get(reverse("admin:coordination_mandate_changelist"), {"q": "A/RES/58/209"})
    assert [m.pk for m in page.context["cl"].result_list] == [mandate.pk]


def test_a_search_too_long_says_so(officer_client):
    page = officer_client.get(reverse("admin:coordination_mandate_changelist"), {"q": "x" * 300}, follow=True)
    assert page.status_code == 200
    assert "Search for at most 200 characters." in page.content.decode()


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("admin:coordination_mandate_changelist", lambda n: mandate_with(REMITTANCES, number=f"70/{n}")),
        ("admin:coordination_operativeparagraph_changelist", lambda n: mandate_with(REMITTANCES, number=f"71/{n}")),
        ("admin:meetings_document_changelist", lambda n: DocumentFactory(title=f"Remittances, report {n}")),
    ],
)
def test_a_search_runs_a_fixed_number_of_queries(officer_client, url, make):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            page = officer_client.get(reverse(url), {"q": "remittances"})
        assert page.status_code == 200
        assert "remittances</mark>" in page.content.decode().lower()
        return len(context)

    for n in range(3):
        make(n)
    few = queries()
    for n in range(3, 60):
        make(n)
    assert queries() == few


def test_the_review_queue_shows_similar_existing_requests(officer_client):
    _, existing = mandate_with(REMITTANCES, number="58/208")
    again = proposed(REMITTANCES_AGAIN)
    unrelated = proposed(SEAFARERS)

    content = officer_client.get(reverse("admin:ingest_proposal_changelist")).content.decode()
    page = officer_client.get(reverse("admin:ingest_proposal_change", args=[again.pk])).content.decode()
    other = officer_client.get(reverse("admin:ingest_proposal_change", args=[unrelated.pk])).content.decode()

    link = reverse("admin:coordination_operativeparagraph_change", args=[existing.pk])
    assert "Similar existing requests" in content or "similar existing requests" in content
    assert content.count(link) == 1  # beside the request on remittances only
    assert link in page and "% alike" in page
    assert link not in other and "None found." in other


def test_the_review_queue_finds_similar_requests_in_a_fixed_number_of_queries(officer_client):
    mandate_with(REMITTANCES, number="58/208")
    url = reverse("admin:ingest_proposal_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert officer_client.get(url).status_code == 200
        return len(context)

    for _ in range(2):
        proposed(REMITTANCES_AGAIN)
    few = queries()
    for _ in range(20):
        proposed(REMITTANCES_AGAIN)
        proposed(SEAFARERS)
    assert queries() == few


def test_a_paragraph_entered_is_shown_its_similar_existing_requests(officer_client):
    _, existing = mandate_with(REMITTANCES, number="58/208")
    other = MandateFactory(number="60/206")

    answer = officer_client.post(
        reverse("admin:coordination_operativeparagraph_add"),
        {
            "mandate": other.pk, "number": "3", "position": "3", "verb": "requests",
            "addressee": "the Secretary-General", "kind": "report", "text": REMITTANCES_AGAIN, "meeting": "",
            "provenance-TOTAL_FORMS": "0", "provenance-INITIAL_FORMS": "0",
        },
        follow=True,
    )  # fmt: skip

    assert answer.status_code == 200
    messages = [str(m) for m in answer.context["messages"]]
    assert any("Similar existing requests" in m and str(existing) in m for m in messages), messages
    entered = OperativeParagraph.objects.get(mandate=other)
    url = reverse("admin:coordination_operativeparagraph_change", args=[entered.pk])
    page = officer_client.get(url).content.decode()
    assert reverse("admin:coordination_operativeparagraph_change", args=[existing.pk]) in page
