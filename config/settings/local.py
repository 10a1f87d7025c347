"""Settings for a laptop: SQLite, console e-mail, Redis when one answers (else the filesystem broker)."""

from config.broker import choose_broker
from config.log_filters import not_static_request

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_REDIS_TRANSPORT_OPTIONS, DATABASES, REDIS_URL, RUNNING_IN_CI, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-not-secret-do-not-use-in-production")
# Links in mail follow the port `make run PORT=...` serves on, unless SITE_URL is set (run_local passes its own).
SITE_URL = env.url("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000, minimum=1)}")
# Flags data made by `load_seeds --demo-today` as allowed here.
DEMO_DATA_ALLOWED = True

_broker = choose_broker(
    REDIS_URL,
    redis_transport_options=CELERY_REDIS_TRANSPORT_OPTIONS,
    allow_fallback=not RUNNING_IN_CI,
    fallback_folder=BASE_DIR / ".celery-broker",
)
CELERY_BROKER_URL = _broker.url
CELERY_BROKER_TRANSPORT_OPTIONS = _broker.transport_options
CELERY_BROKER_CHOICE = _broker.description

# runserver serves each request on a thread of its own, and a connection kept open outlives it: with
# a minute's keep-alive a modest burst holds PostgreSQL's 100 connections. Here each request closes its
# own (production keeps them, with a fixed number of workers: docs/operations.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0, minimum=0)

# runserver's line per request, without the static files each page loads (config/log_filters.py).
LOGGING["filters"]["not_static"] = {"()": "django.utils.log.CallbackFilter", "callback": not_static_request}  # noqa: F405
LOGGING["loggers"]["django.server"] = {  # noqa: F405
    "handlers": ["console"],
    "filters": ["not_static"],
    "level": "INFO",
    "propagate": False,
}

# Static files from the apps directly (no collectstatic needed), looked up on each request.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
