"""The admin site is the secretariat's: only ``is_secretariat`` users get in."""

from django.contrib import admin


class SecretariatAdminSite(admin.AdminSite):
    site_header = "Migration coordination"
    site_title = "Migration coordination"
    index_title = "Secretariat"

    def has_permission(self, request) -> bool:
        from agencies.roles import is_secretariat

        # Staff status alone is not enough: a focal point given staff by mistake stays out.
        return is_secretariat(request.user)
