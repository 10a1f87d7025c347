"""The application's URLs plus the two baselines of bench/api.py."""

from django.http import JsonResponse
from django.urls import include, path

from coordination.models import ActivityUpdate

FIELDS = ("id", "organization_id", "title", "body", "status", "period_start", "period_end", "updated_at")


def updates_by_hand(request):
    """The same first page as GET /api/v1/updates/ (page of 50, same order), by hand."""
    rows = list(ActivityUpdate.objects.order_by("-updated_at", "-id").values(*FIELDS)[:50])
    return JsonResponse({"results": rows})


def constant(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/updates/", updates_by_hand),
    path("bench/constant/", constant),
    path("", include("config.urls")),
]
