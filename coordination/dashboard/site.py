"""The admin site is the secretariat's: only ``is_secretariat`` users get in. Its index is the dashboard.

Where a second factor is required (``OTP_REQUIRED_FOR_STAFF``), a session that has not given one is sent
to the site's "Two-factor sign-in" pages from every other page by ``agencies.middleware``.
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.urls import path

from agencies import second_factor_views
from agencies.selectors import is_secretariat

from .panels import dashboard_data

SEARCH_LIMIT = 500

# The secretariat's work first, in this order; then one "System" section (superusers only) for the
# machinery: accounts and logins, tokens, schedules, mail and workers, the parts of records that are
# edited through the records themselves (a call's questions, an update's answers and events), runs.
WORK_ORDER = ("coordination", "meetings", "agencies", "ingest")
SYSTEM_APPS = {"auth", "axes", "knox", "django_celery_beat", "core"}
SYSTEM_MODELS = {
    ("agencies", "userprofile"),
    ("coordination", "callprompt"),
    ("coordination", "promptanswer"),
    ("coordination", "updateevent"),
    ("coordination", "actionevent"),  # read on the action's page
    ("coordination", "carriedoveraction"),  # read on the meeting's record; this is its ledger
    ("coordination", "reminderrun"),
    ("coordination", "reminderdelivery"),
}


def is_system(app_label: str, model_name: str) -> bool:
    return app_label in SYSTEM_APPS or (app_label, model_name) in SYSTEM_MODELS


class SecretariatAdminSite(admin.AdminSite):
    site_header = "Migration coordination"
    site_title = "Migration coordination"
    index_title = "Secretariat"
    # The benchmark turns it off to time the plain admin index of the same user.
    show_dashboard = True

    def admin_view(self, view, cacheable=False):
        """Every admin page: a list's search longer than anyone types (SQLite refuses a LIKE pattern
        past 50,000 bytes) is cut to ``SEARCH_LIMIT`` characters, with a message, before any list runs it."""
        wrapped = super().admin_view(view, cacheable)

        @wraps(wrapped)
        def inner(request, *args, **kwargs):
            search = request.GET.get(SEARCH_VAR, "")
            if len(search) > SEARCH_LIMIT:
                messages.warning(request, f"A search is at most {SEARCH_LIMIT} characters: it was shortened.")
                params = request.GET.copy()
                params[SEARCH_VAR] = search[:SEARCH_LIMIT]
                request.GET = params
            return wrapped(request, *args, **kwargs)

        return inner

    def get_urls(self):
        # The secretariat member's own two-factor sign-in; first, before the admin's catch-all.
        def page(route: str, view, name: str):
            return path(route, self.admin_view(view), {"site": self}, name=name)

        return [
            page("second-factor/", second_factor_views.overview, "second-factor"),
            page("second-factor/enrol/", second_factor_views.enrol, "second-factor-enrol"),
            page("second-factor/verify/", second_factor_views.verify, "second-factor-verify"),
            *super().get_urls(),
        ]

    def has_permission(self, request) -> bool:
        # Staff status alone is not enough: a focal point given staff by mistake stays out.
        return is_secretariat(request.user)

    def get_app_list(self, request, app_label=None):
        """The index and the sidebar: the secretariat's work first, the machinery last in one
        "System" section that only superusers see (an app's own page still lists all its models)."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        work, system = [], []
        for app in apps:
            models = [m for m in app["models"] if not is_system(app["app_label"], m["object_name"].lower())]
            system += [
                # Which app it is part of, unless it is the system's own (core: "System").
                {**m, "name": m["name"] if app["name"] == "System" else f"{m['name']} ({app['name']})"}
                for m in app["models"]
                if is_system(app["app_label"], m["object_name"].lower())
            ]
            if models:
                work.append({**app, "models": models})
        work.sort(key=lambda app: WORK_ORDER.index(app["app_label"]) if app["app_label"] in WORK_ORDER else 99)
        if system and request.user.is_superuser:
            work.append(
                {
                    "name": "System",
                    "app_label": "system",
                    "app_url": "#system",  # no page of its own (and "" would mark it current everywhere)
                    "has_module_perms": True,
                    "models": sorted(system, key=lambda m: m["name"].lower()),
                }
            )
        return work

    def index(self, request, extra_context=None):
        if self.show_dashboard:
            extra_context = {"dashboard": dashboard_data(), **(extra_context or {})}
        return super().index(request, extra_context)
