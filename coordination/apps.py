import logging

from django.apps import AppConfig

logger = logging.getLogger("config.broker")


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = "Coordination"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from agencies.models import FocalPoint

        from .reminders.calendars import revoke_feeds_of_deleted_focal_point

        # agencies/ cannot call coordination/: a focal point deleted there (with its user) is heard here.
        pre_delete.connect(
            revoke_feeds_of_deleted_focal_point, sender=FocalPoint, dispatch_uid="revoke_feeds_of_deleted_focal_point"
        )

        # Which broker this process uses: at DEBUG here, so a management command does not start with it; the
        # worker and beat say it at INFO once ready (config/celery.py), and `make run` prints it first.
        logger.debug(settings.CELERY_BROKER_CHOICE)
