"""Settings of the API benchmark's gunicorn: the test settings plus the baseline views' URLs.

The benchmark sets BENCH_DATABASE_NAME to its scratch database.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
ROOT_URLCONF = "bench.api_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
