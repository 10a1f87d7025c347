"""What every request to the API shares before a view sees it: timestamps in UTC, and a query
string without control characters."""

from __future__ import annotations

import datetime as dt
import re

from django.http import JsonResponse
from django.utils import timezone

API_PREFIX = "/api/"
# C0 controls, DEL, C1 controls and the Unicode line and paragraph separators: nothing a filter,
# a search or an ordering can hold.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def control_character_in(text: str) -> str | None:
    """The first control character of ``text`` as U+XXXX, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


class ApiMiddleware:
    """For requests under ``/api/``:

    - Timestamps are written in UTC (``2026-12-03T13:45:45Z``): the same in every answer and on an
      idempotent replay, whatever the secretariat's time zone (the admin keeps the secretariat's).
      Calendar days (deadlines, "today") never come from the active zone: the domain computes
      them in the secretariat's zone explicitly (``coordination.deadlines.secretariat_today``).
    - A query parameter (name or value) holding a control character is answered 400 here, in the
      API's error shape, rather than by whichever filter meets it first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        for name, values in request.GET.lists():
            for text in (name, *values):
                character = control_character_in(text)
                if character:
                    shown = name if not control_character_in(name) else "a query parameter's name"
                    message = f"The query parameter “{shown}” holds a control character ({character}): remove it."
                    return JsonResponse({"detail": message}, status=400)
        with timezone.override(dt.UTC):
            return self.get_response(request)
