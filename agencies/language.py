"""The language a page comes in, and the switcher that chooses it.

Anonymous pages (the login, a forgotten password, an invitation) follow the language the switcher
left in its cookie, else the browser's ``Accept-Language`` (Django's ``LocaleMiddleware``). Once a person
is logged in, the language of their settings wins ("" leaves it to the browser), so a focal point who
chose Spanish reads Spanish from any computer. The switcher, for a logged-in person, changes that
setting too: otherwise the setting would silently undo the switch on the next page.

The admin and the API stay in English whatever the browser or the setting says: the secretariat's
own pages (and the screens of its guide) are written in English, and an API client's error messages
should not change with a header it may not know it sends.

A mail has no browser to ask: it goes in the language of its recipient's setting, else English
(``agencies.mails``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import UserProfile
from .services import user_profile_language_set

ENGLISH_ONLY_PREFIXES = ("/admin/", "/api/")


class PersonLanguageMiddleware:
    """After authentication: a logged-in person's language setting; English in the admin and the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def language_for(request: HttpRequest) -> str:
        if request.path_info.startswith(ENGLISH_ONLY_PREFIXES):
            return settings.LANGUAGE_CODE
        if not request.user.is_authenticated:
            return ""
        # One small query, on the focal points' pages only; a missing profile leaves it to the browser.
        return UserProfile.objects.filter(user=request.user).values_list("language", flat=True).first() or ""


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (the cookie, then back to ``next``), and a logged-in person's setting."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_profile_language_set(user=request.user, language=language)
    return set_language(request)
