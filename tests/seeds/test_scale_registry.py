"""The generated registry (seeds/scale/registry.py): what the search benchmark and the scale profiles build on."""

from collections import Counter

import pytest
from django.db import transaction

from coordination.choices import ParagraphKind
from coordination.models import Mandate, OperativeParagraph
from meetings.models import Document
from seeds.scale.registry import TOPICS, generate_registry, ordinal_words

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Mandate.objects.order_by("body__name", "number").values_list("body__name", "number", "title")), list(
        OperativeParagraph.objects.order_by("mandate__body__name", "mandate__number", "position").values_list(
            "text", flat=True
        )
    )


def test_generates_the_mandates_paragraphs_and_documents_asked_for():
    progress = []
    counts = generate_registry(mandates=60, paragraphs_per_mandate=5, seed=3, progress=lambda *a: progress.append(a))

    assert counts["mandates"] == Mandate.objects.count() == 60
    assert counts["paragraphs"] == OperativeParagraph.objects.count() == 300
    assert counts["documents"] == Document.objects.count() >= 60
    assert progress[-1] == ("done", 60, 60)
    mandate = Mandate.objects.select_related("document").first()
    assert mandate.document.title == mandate.title
    assert list(mandate.paragraphs.values_list("number", flat=True)) == ["1", "2", "3", "4", "5"]
    kinds = set(OperativeParagraph.objects.values_list("kind", flat=True))
    assert {ParagraphKind.REPORT, ParagraphKind.ACTION, ParagraphKind.OTHER} <= kinds


def test_same_seed_same_rows():
    with transaction.atomic():
        generate_registry(mandates=40, paragraphs_per_mandate=3, seed=7)
        first = _snapshot()
        transaction.set_rollback(True)
    generate_registry(mandates=40, paragraphs_per_mandate=3, seed=7)
    assert _snapshot() == first


def test_a_second_run_adds_further_mandates_instead_of_colliding():
    generate_registry(mandates=30, paragraphs_per_mandate=2, seed=1)
    generate_registry(mandates=30, paragraphs_per_mandate=2, seed=1)

    assert Mandate.objects.count() == 60
    assert Mandate.objects.values("body", "number").distinct().count() == 60


def test_topics_are_common_and_rare():
    generate_registry(mandates=400, paragraphs_per_mandate=1, seed=0)
    titles = list(Mandate.objects.values_list("title", flat=True))
    uses = Counter(
        next((t for t in TOPICS if t.removeprefix("the ").removeprefix("a ").lower() in title.lower()), None)
        for title in titles
    )
    # The most common subject is in many titles, the rarest in few or none.
    assert uses[TOPICS[0]] > 10 * max(1, uses[TOPICS[-1]])


def test_ordinal_words():
    assert [ordinal_words(n) for n in (1, 12, 20, 58, 60, 79)] == [
        "first",
        "twelfth",
        "twentieth",
        "fifty-eighth",
        "sixtieth",
        "seventy-ninth",
    ]
