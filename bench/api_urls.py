"""The application's URLs plus the two baselines of bench/api.py."""

import datetime as dt

from django.http import JsonResponse
from django.urls import include, path

from coordination.models import ActivityUpdate

COLUMNS = (
    "id", "organization_id", "organization__acronym", "organization__name", "organization__category",
    "input_request_id", "action_id", "title", "body", "period_start", "period_end", "status", "return_comment",
    "received_via", "received_on", "document_id", "meeting_id", "submitted_at", "updated_at",
)  # fmt: skip


def _date(value):
    return None if value is None else value.isoformat()


def _datetime(value):
    if value is None:
        return None
    # The API writes timestamps in UTC with Z (core.api.middleware).
    return value.astimezone(dt.UTC).isoformat().removesuffix("+00:00") + "Z"


def updates_by_hand(request):
    """The same first page as GET /api/v1/updates/ (page of 50, same order, same fields), by hand.

    bench/api.py checks that its ``results`` equal the API's before timing anything."""
    rows = ActivityUpdate.objects.order_by("-updated_at", "-id").values(*COLUMNS)[:50]
    results = [
        {
            "id": row["id"],
            "organization": {
                "id": row["organization_id"],
                "acronym": row["organization__acronym"],
                "name": row["organization__name"],
                "category": row["organization__category"],
            },
            "input_request": row["input_request_id"],
            "action": row["action_id"],
            "title": row["title"],
            "body": row["body"],
            "period_start": _date(row["period_start"]),
            "period_end": _date(row["period_end"]),
            "status": row["status"],
            "return_comment": row["return_comment"],
            "received_via": row["received_via"],
            "received_on": _date(row["received_on"]),
            "document": row["document_id"],
            "meeting": row["meeting_id"],
            "submitted_at": _datetime(row["submitted_at"]),
            "updated_at": _datetime(row["updated_at"]),
        }
        for row in rows
    ]
    return JsonResponse({"results": results})


def constant(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/updates/", updates_by_hand),
    path("bench/constant/", constant),
    path("", include("config.urls")),
]
