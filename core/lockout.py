"""The answer to a login refused by django-axes' lockout (``AXES_LOCKOUT_CALLABLE``).

Every login door (the API token endpoint, the admin's login, the focal points' login page) reaches
it the same way: django-axes' backend refuses a locked (username, address) pair, its handler counts
the failure and marks the request, and its middleware replaces the door's answer with this one, on
the failure that triggers the lockout as on every later attempt. The API answers in its one error
shape, JSON with a ``detail``; the pages answer a readable page. Both carry ``Retry-After``.

Each refused attempt counts as a failure and starts the cool-off again (django-axes'
``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), so the cool-off, whole, is the honest wait.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

LOCKED_OUT_STATUS = 429


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else None
    minutes = math.ceil(seconds / 60) if seconds else None
    if request.path.startswith("/api/"):
        wait = f"try again in {minutes} minutes" if minutes else "ask the secretariat to lift the lockout"
        response = JsonResponse(
            {"detail": f"Too many failed logins for this username from your address: {wait}."},
            status=LOCKED_OUT_STATUS,
        )
    else:
        response = TemplateResponse(
            request, "registration/locked_out.html", {"minutes": minutes}, status=LOCKED_OUT_STATUS
        )
        response.render()
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
