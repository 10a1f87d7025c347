"""The admin site is the secretariat's: only ``is_secretariat`` users get in. Its index is the dashboard."""

from django.contrib import admin


class SecretariatAdminSite(admin.AdminSite):
    site_header = "Migration coordination"
    site_title = "Migration coordination"
    index_title = "Secretariat"
    # The benchmark turns it off to time the plain admin index of the same user.
    show_dashboard = True

    def has_permission(self, request) -> bool:
        from agencies.selectors import is_secretariat

        # Staff status alone is not enough: a focal point given staff by mistake stays out.
        return is_secretariat(request.user)

    def index(self, request, extra_context=None):
        if self.show_dashboard:
            from coordination.dashboard import dashboard_data

            extra_context = {"dashboard": dashboard_data(), **(extra_context or {})}
        return super().index(request, extra_context)
