"""?q= on mandates, paragraphs and documents: ranked full-text search with excerpts for the page shown
(docs/api.md, "Searching the registry"); the same shapes on SQLite's fallback."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import OperativeParagraph
from tests.factories import DocumentFactory, MandateFactory

pytestmark = pytest.mark.django_db

REPORT = (
    "Requests the Secretary-General to submit to the General Assembly at its sixtieth session a report on "
    "remittances and their contribution to development;"
)


def mandates(count: int, *, title: str = "International migration and development", text: str = REPORT) -> list:
    made = []
    for _ in range(count):
        mandate = MandateFactory(title=title)
        OperativeParagraph.objects.create(mandate=mandate, number="1", position=1, text="Recalls its resolutions;")
        OperativeParagraph.objects.create(mandate=mandate, number="2", position=2, text=text)
        made.append(mandate)
    return made


def test_mandates_matching_come_with_an_excerpt(officer):
    [remittances] = mandates(1)
    mandates(2, text="Decides to convene a high-level dialogue on ageing;")

    body = officer.get(reverse("mandates-list"), {"q": '"report on remittances"'}).json()

    assert [m["id"] for m in body["results"]] == [remittances.pk]
    assert body["count"] == 1
    excerpt = body["results"][0]["excerpt"]
    assert "remittances</mark>" in excerpt  # ts_headline marks each word, the fallback the phrase
    assert "Recalls" not in excerpt  # the paragraph that matches


def test_without_q_the_excerpt_is_null(officer):
    mandates(1)
    body = officer.get(reverse("mandates-list")).json()
    assert body["results"][0]["excerpt"] is None
    assert "excerpt" in officer.get(reverse("mandates-detail", args=[body["results"][0]["id"]])).json()


@pytest.mark.postgres
def test_results_come_best_first_unless_an_order_is_asked(officer):
    [in_text] = mandates(1)
    [in_title] = mandates(1, title="Remittances", text="Decides to continue its consideration of the question;")

    ranked = officer.get(reverse("mandates-list"), {"q": "remittances"}).json()["results"]
    ordered = officer.get(reverse("mandates-list"), {"q": "remittances", "ordering": "number"}).json()["results"]

    assert [m["id"] for m in ranked] == [in_title.pk, in_text.pk]
    assert [m["number"] for m in ordered] == sorted([in_text.number, in_title.number])


def test_words_left_out_and_alternatives(officer):
    [remittances] = mandates(1)
    [ageing] = mandates(1, text="Decides to convene a high-level dialogue on ageing;")

    def found(q):
        return sorted(m["id"] for m in officer.get(reverse("mandates-list"), {"q": q}).json()["results"])

    assert found("remittances -contribution") == []
    assert found("remittances or ageing") == sorted([remittances.pk, ageing.pk])
    assert found("dialogue -remittances") == [ageing.pk]


def test_paragraphs_are_searched_across_mandates(api_client_for, focal_point_a):
    [mandate] = mandates(1)
    body = api_client_for(focal_point_a).get(reverse("paragraphs-list"), {"q": "remittances"}).json()

    [paragraph] = body["results"]
    assert (paragraph["mandate"], paragraph["number"]) == (mandate.pk, "2")
    assert paragraph["mandate_number"] == mandate.number
    assert paragraph["text"] == REPORT
    assert "<mark>remittances</mark>" in paragraph["excerpt"]


def test_documents_are_searched_by_symbol_and_title(officer):
    report = DocumentFactory(symbol="A/58/98", title="International migration and development: remittances")
    DocumentFactory(symbol="A/58/99", title="Ageing")

    by_title = officer.get(reverse("documents-list"), {"q": "remittances"}).json()["results"]
    by_symbol = officer.get(reverse("documents-list"), {"q": "A/58/98"}).json()["results"]

    assert [d["id"] for d in by_title] == [report.pk]
    assert "<mark>remittances</mark>" in by_title[0]["excerpt"]
    assert [d["id"] for d in by_symbol] == [report.pk]


def test_a_query_too_long_is_a_400_naming_q(officer):
    response = officer.get(reverse("mandates-list"), {"q": "remittances " * 20})
    assert response.status_code == 400
    assert response.json() == {"q": ["Search for at most 200 characters."]}


def test_a_query_of_stop_words_only_finds_nothing(officer):
    mandates(1)
    response = officer.get(reverse("mandates-list"), {"q": "the of"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("basename", ["mandates", "paragraphs", "documents"])
def test_a_search_runs_a_fixed_number_of_queries(officer, basename):
    def make(count):
        made = mandates(count)
        for mandate in made:
            DocumentFactory(title=f"Report on remittances {mandate.pk}")

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = officer.get(reverse(f"{basename}-list"), {"q": "remittances", "page_size": 20})
        assert response.status_code == 200
        assert all("<mark>" in row["excerpt"] for row in response.json()["results"])
        return len(context), response.json()["count"]

    make(3)
    few, few_found = queries()
    make(40)
    many, many_found = queries()
    assert many_found >= few_found + 40
    assert many == few


def test_a_search_is_paged_as_any_list(officer):
    made = mandates(3)
    first = officer.get(reverse("mandates-list"), {"q": "remittances", "page_size": 2}).json()
    second = officer.get(reverse("mandates-list"), {"q": "remittances", "page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 3
    assert first["next"] and first["previous"] is None and second["next"] is None and second["previous"]
    assert sorted(m["id"] for m in first["results"] + second["results"]) == sorted(m.pk for m in made)
    assert all(m["excerpt"] for m in second["results"])
    for page in ("3", "0", "abc"):
        answer = officer.get(reverse("mandates-list"), {"q": "remittances", "page_size": 2, "page": page})
        assert answer.status_code == 404, page
