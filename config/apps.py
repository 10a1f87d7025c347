from django.contrib.admin.apps import AdminConfig


class SecretariatAdminConfig(AdminConfig):
    default_site = "coordination.dashboard.site.SecretariatAdminSite"
