"""The Celery app. Configuration lives in Django settings under the ``CELERY_`` prefix."""

import logging
import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, beat_init, worker_ready

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


@after_setup_logger.connect
@after_setup_task_logger.connect
def _log_like_the_web(logger, **kwargs) -> None:
    """Worker and beat log lines in the web's format (JSON in production) with the request id of
    the request that enqueued the task; Celery keeps its handlers and its --loglevel."""
    from logging.config import DictConfigurator

    from django.conf import settings
    from django_guid.log_filters import CorrelationId

    formatter = DictConfigurator({}).configure_formatter(dict(settings.LOGGING["formatters"][settings.LOG_FORMAT]))
    for handler in logger.handlers:
        handler.setFormatter(formatter)
        handler.addFilter(CorrelationId(correlation_id_field="request_id"))
