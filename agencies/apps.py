from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The secretariat may change everything of these apps in the admin.
# knox: revoke API tokens (and create one, shown once); axes: see and lift login lockouts.
SECRETARIAT_APP_LABELS = (
    *("core", "agencies", "meetings", "coordination", "ingest"),
    *("django_celery_beat", "knox", "axes"),
)


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Organizations and focal points"

    def ready(self) -> None:
        # Not limited to this sender: the permissions of the apps migrated after this one exist
        # only once their own post_migrate has run.
        post_migrate.connect(grant_secretariat_permissions, dispatch_uid="grant_secretariat_permissions")


def grant_secretariat_permissions(*, using: str = "default", **kwargs) -> None:
    """Keep the "secretariat" group holding every permission of the domain apps.

    Runs after each migrate, once the permissions of new models exist (they are created by a
    post_migrate handler, so a data migration cannot see them).
    """
    from django.contrib.auth.models import Group, Permission

    from .selectors import SECRETARIAT_GROUP

    group, _ = Group.objects.using(using).get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=SECRETARIAT_APP_LABELS)
    group.permissions.add(*permissions)
