"""The admin site is the secretariat's: only ``is_secretariat`` users get in. Its index is the dashboard."""

from django.contrib import admin

from agencies.selectors import is_secretariat

from .panels import dashboard_data


class SecretariatAdminSite(admin.AdminSite):
    site_header = "Migration coordination"
    site_title = "Migration coordination"
    index_title = "Secretariat"
    # The benchmark turns it off to time the plain admin index of the same user.
    show_dashboard = True

    def has_permission(self, request) -> bool:
        # Staff status alone is not enough: a focal point given staff by mistake stays out.
        return is_secretariat(request.user)

    def index(self, request, extra_context=None):
        if self.show_dashboard:
            extra_context = {"dashboard": dashboard_data(), **(extra_context or {})}
        return super().index(request, extra_context)
