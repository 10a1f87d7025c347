"""Staff who must give a second factor and have not, in this session, reach only the pages that take it.

Signed in with a password alone, a secretariat member (under ``OTP_REQUIRED_FOR_STAFF``) is sent from
any page to the admin's "Two-factor sign-in": to the code if they have an authenticator, to set one up
if they have none. Logging out stays open. The API answers for itself: its session authentication
ignores such a session (agencies/api/authentication.py) and its token endpoint asks for the code.
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from core.services.second_factor import second_factor_enrolled

from .selectors import second_factor_missing

OPEN_VIEWS = frozenset({"admin:second-factor-enrol", "admin:second-factor-verify", "admin:logout", "logout"})


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS or match.route.lstrip("^").startswith("api/"):
            return None
        if not second_factor_missing(request.user):
            return None
        name = "verify" if second_factor_enrolled(user=request.user) else "enrol"
        url = reverse(f"admin:second-factor-{name}")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
