"""The answer to an address under /api/ that names no resource."""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # a POST to no route is a 404, not a CSRF refusal (an HTML page, under a token too)
def not_found(request, rest: str = ""):
    """JSON, as every API answer, also for a path no route matches (``/api/v1/calls/0.5/``), and
    also under ``DEBUG``, where Django would show its HTML page. A path missing only its final slash
    is redirected as Django's ``APPEND_SLASH`` would (this route matching everything stops it)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not found."}, status=404)
