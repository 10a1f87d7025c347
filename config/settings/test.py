"""Settings for the test suite.

Without ``DATABASE_URL`` the suite runs on SQLite and tests marked ``postgres`` skip; CI sets
``DATABASE_URL`` to PostgreSQL and ``CI=true``, under which nothing falls back.
"""

import os

from config.broker import choose_broker

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_REDIS_TRANSPORT_OPTIONS, REDIS_URL, REST_FRAMEWORK, RUNNING_IN_CI, env

DEBUG = False
# Tests hammer the API far faster than people do; the throttles have tests of their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"auth": "10/minute", "anon": "10000/minute", "user": "100000/minute"},
    # The API takes JSON bodies only (config/settings/base.py): the test client sends JSON too.
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SECRET_KEY = "test-only-not-secret"  # noqa: S105 -- the test suite signs nothing real
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "EMAIL_URL" not in os.environ:
    # pytest-django uses locmem in the test process anyway; a worker process started by the
    # worker fixture gets EMAIL_URL pointing at the test's SMTP server.
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
DEMO_DATA_ALLOWED = True
# No second factor asked, whatever the environment says; the tests of it switch it on.
OTP_REQUIRED_FOR_STAFF = False

# The worker fixture runs a real Celery worker on its own Redis database number, so a test run
# never consumes (or leaves) messages of a developer's `make run` on database 0. Parallel test
# processes (pytest-xdist) each take their own number.
_xdist_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_test_redis_db = 15 - (_xdist_index % 8)
_redis_base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
TEST_BROKER_URL = env.str("CELERY_TEST_BROKER_URL", default=f"{_redis_base}/{_test_redis_db}")

_broker = choose_broker(
    TEST_BROKER_URL,
    redis_transport_options=CELERY_REDIS_TRANSPORT_OPTIONS,
    allow_fallback=not RUNNING_IN_CI,
    fallback_folder=BASE_DIR / ".celery-broker" / "test",
)
CELERY_BROKER_URL = _broker.url
CELERY_BROKER_TRANSPORT_OPTIONS = _broker.transport_options
CELERY_BROKER_CHOICE = _broker.description
# Unit tests run tasks in-process; the worker fixture switches this off to go through the broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True

# The kill tests start a worker with this set, to prove a dispatch killed at any point loses nothing.
REMINDER_TEST_KILL_AT = env.str("REMINDER_TEST_KILL_AT", default="")

LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Attachments written by the tests go to a scratch directory, never into the checkout.
if "PRIVATE_MEDIA_ROOT" not in os.environ:
    import tempfile
    from pathlib import Path

    PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "coordination-test-private-media"

# Static files from the apps directly (no collectstatic needed), looked up on each request.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
