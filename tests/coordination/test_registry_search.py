"""Searching the registry (coordination/search.py, core/search.py): on PostgreSQL the stored vectors kept
by triggers, ranked, with ts_headline excerpts; on SQLite the plain fallback, same results for these
simple cases and the same shapes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Mandate, OperativeParagraph
from coordination.search import (
    attach_excerpts,
    mandate_excerpts,
    mandates_matching,
    paragraph_excerpts,
    paragraphs_matching,
    similar_paragraphs,
    similar_paragraphs_for,
)
from core.search import alternatives, cleaned_query
from tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

REMITTANCES = (
    "Requests the Secretary-General to submit to the General Assembly at its sixtieth session a report on "
    "remittances, including their costs and their contribution to development;"
)
REMITTANCES_AGAIN = (
    "Requests the Secretary-General to report to the General Assembly at its sixty-second session on remittances, "
    "in particular on the costs of transfers and their contribution to development;"
)
AGEING = (
    "Requests the Secretary-General to submit to the General Assembly at its sixtieth session a report on ageing, "
    "including the situation of older persons in rural areas;"
)


def paragraph(mandate, number: int, text: str) -> OperativeParagraph:
    return OperativeParagraph.objects.create(mandate=mandate, number=str(number), position=number, text=text)


def found(q: str) -> list[str]:
    return [m.number for m in mandates_matching(Mandate.objects.all(), q=q)]


@pytest.fixture
def registry():
    remittances = MandateFactory(number="58/208", title="International migration and development")
    paragraph(remittances, 1, "Reaffirms its commitment to the outcome of the International Conference;")
    paragraph(remittances, 2, REMITTANCES)
    ageing = MandateFactory(number="58/134", title="Follow-up to the Second World Assembly on Ageing")
    paragraph(ageing, 1, AGEING)
    titled = MandateFactory(number="60/206", title="Remittances of migrant workers")
    paragraph(titled, 1, "Encourages Member States to reduce the costs of transfers;")
    return {"remittances": remittances, "ageing": ageing, "titled": titled}


def test_finds_mandates_by_their_paragraphs_title_and_number(registry):
    assert sorted(found("remittances")) == ["58/208", "60/206"]
    assert found("older persons") == ["58/134"]
    assert found("58/134") == ["58/134"]
    assert found("nothing like this") == []


def test_phrases_and_exclusions_as_in_a_web_search(registry):
    assert found('"report on remittances"') == ["58/208"]
    assert found("remittances -costs") == []
    assert sorted(found("remittances -commitment")) == ["60/206"]
    assert sorted(found("ageing or transfers")) == ["58/134", "60/206"]


@pytest.mark.postgres
def test_a_title_weighs_more_than_a_paragraph(registry):
    assert found("remittances") == ["60/206", "58/208"]


@pytest.mark.postgres
def test_the_mandate_vector_follows_its_paragraphs(registry):
    """Triggers keep the vectors: a paragraph written, changed or deleted is searched at once."""
    mandate = registry["ageing"]
    added = paragraph(mandate, 2, "Invites the regional commissions to study pastoralists;")
    assert found("pastoralists") == ["58/134"]

    added.text = "Invites the regional commissions to study seafarers;"
    added.save()
    assert found("pastoralists") == []
    assert found("seafarers") == ["58/134"]

    added.delete()
    assert found("seafarers") == []
    mandate.title = "Seafarers"
    mandate.save()
    assert found("seafarers") == ["58/134"]


def test_excerpts_mark_the_matches_in_escaped_text(registry):
    mandate = registry["ageing"]
    paragraph(mandate, 2, "Notes the <b>remittances</b> of older persons & their families;")
    page = list(mandates_matching(Mandate.objects.filter(pk=mandate.pk), q="remittances"))

    excerpts = mandate_excerpts(page, q="remittances")

    assert "<mark>remittances</mark>" in excerpts[mandate.pk]
    assert "<b>" not in excerpts[mandate.pk]  # escaped (the fallback) or left out (ts_headline drops tags)
    assert "&amp;" in excerpts[mandate.pk]
    assert "ageing" not in excerpts[mandate.pk].lower()  # the paragraph that matches, not the other


def test_excerpts_are_one_query_for_the_page(registry):
    page = list(mandates_matching(Mandate.objects.all(), q="remittances"))
    with CaptureQueriesContext(connection) as queries:
        excerpts = mandate_excerpts(page, q="remittances")
    attach_excerpts(page, excerpts)
    assert len(queries) == 1
    assert all("<mark>" in m.search_excerpt.lower() for m in page)


def test_paragraphs_are_searched_with_their_excerpts(registry):
    page = list(paragraphs_matching(OperativeParagraph.objects.all(), q="older persons"))
    assert [p.text for p in page] == [AGEING]
    excerpt = paragraph_excerpts(page, q="older persons")[page[0].pk]
    assert "<mark>older</mark> <mark>persons</mark>" in excerpt


def test_the_query_is_read_as_a_web_search():
    assert [(a.required, a.excluded) for a in alternatives('remittances "report  on" -ageing OR diaspora')] == [
        (["remittances", "report on"], ["ageing"]),
        (["diaspora"], []),
    ]
    assert cleaned_query("  remit\x00tances ") == "remit tances"
    with pytest.raises(Exception, match="at most 200 characters"):
        cleaned_query("x" * 201)


def test_a_near_duplicate_request_is_flagged_an_unrelated_one_is_not(registry):
    similar = similar_paragraphs(REMITTANCES_AGAIN)

    assert [s.paragraph.text for s in similar] == [REMITTANCES]
    assert 0.5 <= similar[0].similarity <= 1
    assert (
        similar_paragraphs(
            "Requests the Secretary-General to submit to the General Assembly at its sixty-first session a report on "
            "the situation of seafarers;"
        )
        == []
    )


def test_a_paragraph_is_not_its_own_duplicate(registry):
    existing = OperativeParagraph.objects.get(text=REMITTANCES)
    assert similar_paragraphs(REMITTANCES, exclude=existing.pk) == []
    assert [s.paragraph for s in similar_paragraphs(REMITTANCES)] == [existing]


def test_similar_requests_of_many_texts_in_a_fixed_number_of_queries(registry, settings):
    settings.DUPLICATE_SIMILARITY_THRESHOLD = 0.5
    texts = {n: REMITTANCES_AGAIN if n % 2 else AGEING for n in range(6)}
    with CaptureQueriesContext(connection) as few:
        similar_paragraphs_for(dict(list(texts.items())[:2]))
    with CaptureQueriesContext(connection) as many:
        result = similar_paragraphs_for(texts)
    assert len(many) == len(few)
    assert [s.paragraph.text for s in result[1]] == [REMITTANCES]
    assert [s.paragraph.text for s in result[0]] == [AGEING]


def test_the_threshold_is_a_setting(registry, settings):
    settings.DUPLICATE_SIMILARITY_THRESHOLD = 0.99
    assert similar_paragraphs(REMITTANCES_AGAIN) == []
