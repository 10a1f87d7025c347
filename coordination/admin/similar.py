"""'Similar existing requests': the operative paragraphs most like one proposed or entered, as the admin
shows them beside it (the ingest review queue, a paragraph's page). Computed by
``coordination.search.similar_paragraphs_for``; docs/admin.md."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core.admin import abbreviated

from ..search import SimilarParagraph


def similar_requests_html(similar: list[SimilarParagraph] | None) -> str:
    """Each similar paragraph: its mandate and number, linked to its page, how alike (percent), its text cut."""
    if not similar:
        return "None found."
    rows = (
        (
            reverse("admin:coordination_operativeparagraph_change", args=[s.paragraph.pk]),
            str(s.paragraph),
            round(s.similarity * 100),
            abbreviated(s.paragraph.text, 140),
        )
        for s in similar
    )
    return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({}% alike): {}', rows)
