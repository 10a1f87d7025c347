"""The Celery app. Configuration lives in Django settings under the ``CELERY_`` prefix."""

import logging
import os

from celery import Celery
from celery.signals import beat_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("coordination")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("config.celery")


@worker_ready.connect
def _log_broker_choice_on_worker_ready(**kwargs) -> None:
    from django.conf import settings

    logger.info(settings.CELERY_BROKER_CHOICE)


@beat_init.connect
def _log_broker_choice_on_beat_init(**kwargs) -> None:
    from django.conf import settings

    logger.info(settings.CELERY_BROKER_CHOICE)
