import logging

from django.apps import AppConfig

logger = logging.getLogger("config.broker")


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = "Coordination"

    def ready(self) -> None:
        from django.conf import settings

        # Every process (web, worker, beat, management command) says which broker it uses.
        logger.info(settings.CELERY_BROKER_CHOICE)
