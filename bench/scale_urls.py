"""The application's URLs plus the baselines of bench/scale.py: the same rows as an admin page, read with one
``.values()`` query each and shown in the admin's own frame (its base template and sidebar), so that a ratio
measures what the page adds to reading its rows (model instances, relations, filters, widgets), not the frame."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import include, path

from coordination.models import FollowUpAction
from meetings.models import AgendaItem, Document, Meeting, Participant

PAGE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}
{% block content %}{% for name, rows in tables %}<h2>{{ name }}</h2><table>
{% for row in rows %}<tr>{% for value in row.values %}<td>{{ value }}</td>{% endfor %}</tr>{% endfor %}
</table>{% endfor %}{% endblock %}"""
)

ACTION_COLUMNS = (
    "id", "title", "due_date", "due_precision", "due_as_stated", "status", "lead_organization__acronym",
    "lead_organization__name", "origin_meeting__title", "origin_mandate__number", "origin_mandate__body__acronym",
    "origin_document__symbol", "responsible_officer__username",
)  # fmt: skip


def _page(request, title: str, tables: list[tuple[str, list[dict]]]):
    context = {**admin.site.each_context(request), "title": title, "tables": tables}
    return TemplateResponse(request, PAGE, context)


@admin.site.admin_view
def actions_page(request):
    """The first page of the follow-up actions' changelist (its ordering, its 100 rows), and the total."""
    model_admin = admin.site.get_model_admin(FollowUpAction)
    ordered = FollowUpAction.objects.order_by(*model_admin.get_ordering(request))
    # The page's keys first, as the admin's list does (core.admin.PageFirstChangeList): the floor, not a
    # query that joins the whole table before keeping 100 rows.
    rows = list(ordered.filter(pk__in=ordered.values("pk")[: model_admin.list_per_page]).values(*ACTION_COLUMNS))
    total = FollowUpAction.objects.count()
    return _page(request, f"{total} follow-up actions", [("actions", rows)])


@admin.site.admin_view
def meeting_page(request, meeting_id: int):
    """A meeting's record's rows: the meeting, agenda, participants, papers, its actions and the series' open
    actions that could be carried over."""
    meeting = list(
        Meeting.objects.filter(pk=meeting_id).values(
            "id",
            "title",
            "kind",
            "start_date",
            "end_date",
            "venue",
            "status",
            "series_id",
            "series__name",
            "organizer__name",
        )
    )
    earlier = FollowUpAction.objects.filter(
        origin_meeting__series_id=meeting[0]["series_id"], origin_meeting__start_date__lt=meeting[0]["start_date"]
    ).exclude(status__in=FollowUpAction.CLOSED_STATUSES)
    tables = [
        ("meeting", meeting),
        ("agenda", list(AgendaItem.objects.filter(meeting_id=meeting_id).order_by("position").values(
            "position", "title", "carried_over_action__action__title"))),
        ("participants", list(Participant.objects.filter(meeting_id=meeting_id).order_by("person", "pk").values(
            "person", "function", "role", "organization__name", "organization__category", "agenda_item_id"))),
        ("papers", list(Document.objects.filter(meeting_id=meeting_id).order_by("date", "symbol", "pk").values(
            "symbol", "title", "kind", "date", "author__name"))),
        ("actions", list(FollowUpAction.objects.filter(origin_meeting_id=meeting_id).order_by(
            F("due_date").asc(nulls_last=True), "pk").values(*ACTION_COLUMNS))),
        ("to carry over", list(earlier.order_by("origin_meeting__start_date", F("due_date").asc(nulls_last=True),
                                                "pk").values(*ACTION_COLUMNS))),
    ]  # fmt: skip
    return _page(request, meeting[0]["title"], tables)


urlpatterns = [
    path("bench/scale/actions/", actions_page),
    path("bench/scale/meetings/<int:meeting_id>/", meeting_page),
    path("", include("config.urls")),
]
