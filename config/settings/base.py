"""Settings shared by every environment. Values come from the environment (see ``config.env``)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration

from config.env import EnvReader

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = EnvReader()
# CI=true means: never fall back to SQLite or to the filesystem broker; fail instead.
RUNNING_IN_CI = env.bool("CI", default=False)

# --- Core -------------------------------------------------------------------------------------
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.url("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "config.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_guid",
    "csp",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "axes",
    # A second factor for the secretariat (authenticator apps, recovery codes): core/services/second_factor.py.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "import_export",
    "core",
    "agencies",
    "meetings",
    "coordination",
    "ingest",
    "seeds",
]

MIDDLEWARE = [
    # Counts and times every request by view for /metrics (core/metrics.py), whatever answers it below.
    "core.metrics.RequestMetricsMiddleware",
    # Then: every log line of the request, and every task it enqueues, carries its request id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application, compressed and cached for a year (hashed names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the page: the language cookie the switcher sets, else the browser's Accept-Language.
    # After the session, before CommonMiddleware (Django's order); a person's own setting wins below.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under /api/: timestamps in UTC, control characters in the query string refused (400).
    "core.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session gave its second factor. Then staff who must give one and
    # have not reach only the pages that take it (agencies/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "agencies.middleware.SecondFactorMiddleware",
    # A logged-in person's language setting wins over the browser's; the admin and the API stay in English.
    "agencies.language.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers requests that a lockout stopped.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Change history is read in the admin, never "reverted": a revert would write a record around the
# services (an accepted answer put back to submitted with no event). Steps undo what steps did.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The five source documents the seed data was written from (plain text), read by the reader's tests
# and bench/ingest.py. Kept outside the repository; tests that need them skip where the folder is
# missing and fail under CI=true.
SOURCE_DOCUMENTS_DIR = Path(env.str("SOURCE_DOCUMENTS_DIR", default=str(BASE_DIR.parent / "shared" / "seeds")))

# Files given to the reader (the admin upload, `manage.py ingest`): .txt, .pdf, .docx (ingest/formats.py,
# docs/ingest.md). PDF and Word files are parsed in a process of their own, stopped after
# INGEST_PARSE_SECONDS (below gunicorn's 30-second timeout: the upload is read in the request) and capped
# at INGEST_PARSE_MEMORY_BYTES; a larger file, more pages or more text is refused before or while reading.
INGEST_MAX_FILE_BYTES = env.int("INGEST_MAX_FILE_MEGABYTES", default=10, minimum=1) * 1024 * 1024
INGEST_MAX_PAGES = env.int("INGEST_MAX_PAGES", default=200, minimum=1)
INGEST_MAX_TEXT_CHARACTERS = 3_000_000
INGEST_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a Word file's parts, unpacked (a .docx is a zip)
INGEST_PARSE_SECONDS = env.int("INGEST_PARSE_SECONDS", default=20, minimum=1)
INGEST_PARSE_MEMORY_BYTES = env.int("INGEST_PARSE_MEMORY_MEGABYTES", default=1024, minimum=256) * 1024 * 1024

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quick start runs web, worker and beat on one SQLite file: WAL lets readers and the
    # writer overlap, IMMEDIATE transactions and a timeout make writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Focal points land on their page; the secretariat is sent on from there to the admin.
LOGIN_REDIRECT_URL = "my-home"
# An invitation link (a focal point sets a first password with it) works once, for this many days.
INVITATION_TIMEOUT_DAYS = env.int("INVITATION_TIMEOUT_DAYS", default=7, minimum=1)
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt for a username locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins (admin, focal points' page, API token): 5 for one username from one address,
# then 15 minutes of refusal. Counted in the database, so every web node sees the same count.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15, minimum=1))
# The pair is locked, not the username: failures from an attacker's address never lock the account's
# owner out at another address. The address is the client's behind the trusted proxies (below).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# JSON with Retry-After at the API, a page at the admin and the login page; also on the failure that locks.
AXES_LOCKOUT_CALLABLE = "core.lockout.locked_out"
# Secretariat staff sign in with a password and a code from an authenticator app (or a recovery code),
# at the admin and at the API's token endpoint. Off here, in local and test settings (the quick start
# logs straight in); on by default in production (docs/operations.md).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
# The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = "Migration coordination"

# --- Time -------------------------------------------------------------------------------------
# Datetimes are stored in UTC; deadlines fall due at the end of their day in the secretariat's
# time zone (docs/design.md, "Dates and deadline states"), which is also what the admin displays.
USE_TZ = True
SECRETARIAT_TIME_ZONE = env.time_zone("SECRETARIAT_TIME_ZONE", default="America/New_York")
TIME_ZONE = SECRETARIAT_TIME_ZONE
LANGUAGE_CODE = "en"
USE_I18N = True
# The focal points' pages, the login and password pages and their mails come in the working languages
# of the UN Secretariat that its focal points read (docs/focal-points.md, "Languages"); the catalogues
# are in locale/, compiled (.mo) and committed, so a fresh machine needs no GNU gettext.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates written out ("3 December 2026") follow the page's language; English's own format is ours.
FORMAT_MODULE_PATH = ["config.formats"]

# Open items overdue by more than this many days are "lapsed": historical plans whose outcome
# is unknown, never reminded (docs/design.md, "Dates and deadline states").
STALENESS_HORIZON_DAYS = env.int("STALENESS_HORIZON_DAYS", default=90, minimum=1)
# A report due "at the sixty-third session" is due this long before the session opens.
DOCUMENT_LEAD_TIME_WEEKS = env.int("DOCUMENT_LEAD_TIME_WEEKS", default=10, minimum=0)
# An operative paragraph proposed or entered is shown beside the existing ones at least this alike (pg_trgm's
# similarity of what they ask about, 0 to 1): "Similar existing requests" (coordination/search.py).
DUPLICATE_SIMILARITY_THRESHOLD = env.int("DUPLICATE_SIMILARITY_PERCENT", default=50, minimum=1) / 100
if DUPLICATE_SIMILARITY_THRESHOLD > 1:
    raise ImproperlyConfigured("DUPLICATE_SIMILARITY_PERCENT is a percentage: give a whole number from 1 to 100.")

# `load_seeds --demo-today` adds made-up data; only local and test settings allow it.
DEMO_DATA_ALLOWED = False

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = BASE_DIR / "public"

# --- E-mail -----------------------------------------------------------------------------------
_email = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Migration coordination <coordination@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Redis, cache, Celery ---------------------------------------------------------------------
REDIS_URL = env.redis_url("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API throttles' counters (core/api/throttling.py) live in the default cache; a counter that
# cannot be read lets the request through.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
# A stalled Redis never holds a request for long (core/outages.py): an enqueue from a request waits at
# most this long for the broker, and after a failure of the broker or of the cache this process
# leaves it alone for the cool-down (mail then waits for the periodic sender; the throttles let
# requests through).
ENQUEUE_DEADLINE_SECONDS = 1.0
OUTAGE_COOL_DOWN_SECONDS = env.int("REDIS_OUTAGE_COOL_DOWN_SECONDS", default=30, minimum=1)
# A rate limit keyed by "ip" counts the client behind the trusted proxies, as the throttles do.
RATELIMIT_IP_META_KEY = "core.client_address.client_address"

# Retries of our tasks never wait longer than this. Redis redelivers an unacknowledged message
# after the visibility timeout, so the timeout must exceed any countdown or ETA, or a task
# waiting for its retry would be delivered twice.
CELERY_MAX_RETRY_COUNTDOWN = 60 * 60
# Socket timeouts: a paused Redis accepts connections and never answers, and without them a publish
# waits forever (beat's, a worker's). The read timeout stays well above the worker's BRPOP, which
# Redis answers within kombu's brpop_timeout (1 s) even when no message comes.
CELERY_REDIS_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * 60 * 60,
    "socket_timeout": 5,
    "socket_connect_timeout": 2,
}
if CELERY_REDIS_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_MAX_RETRY_COUNTDOWN:
    raise ImproperlyConfigured("The Redis visibility timeout must exceed CELERY_MAX_RETRY_COUNTDOWN.")

CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_REDIS_TRANSPORT_OPTIONS
CELERY_BROKER_CHOICE = f"Celery broker: Redis at {REDIS_URL}."
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Hard limit kills a stuck task; the soft limit lets it log and give up cleanly first.
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# acks_late: a message is acknowledged only after its task returns, so a worker killed mid-task
# (deploy, OOM, SIGKILL) leaves it to be redelivered instead of losing a reminder. Our tasks are
# written to be safe to run twice (ledger unique constraints, leases, conditional updates).
CELERY_TASK_ACKS_LATE = True
# With late acknowledgement, a task still running when the broker connection is lost is redelivered
# once it is back: cancel it rather than let it finish alongside its redelivered copy (Celery 6's default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# What a task prints (the console mail backend of `make run` prints each mail) is logged at INFO, not as a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Notifications ----------------------------------------------------------------------------
# The outbox sender claims messages with a lease; a claim older than this is taken again.
OUTBOX_LEASE_SECONDS = 5 * 60
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BATCH_SIZE = 100

# --- Reminders ----------------------------------------------------------------------------------
# Mail goes out between these hours of the recipient's local time (start inclusive, end exclusive).
REMINDER_DELIVERY_HOURS = (
    env.int("REMINDER_DELIVERY_START_HOUR", default=8),
    env.int("REMINDER_DELIVERY_END_HOUR", default=18),
)
if not 0 <= REMINDER_DELIVERY_HOURS[0] < REMINDER_DELIVERY_HOURS[1] <= 24:
    raise ImproperlyConfigured(
        "REMINDER_DELIVERY_START_HOUR must be before REMINDER_DELIVERY_END_HOUR, both within 0-24."
    )
# Recipients who chose a daily digest get it at this local hour.
REMINDER_DIGEST_HOUR = env.int("REMINDER_DIGEST_HOUR", default=8)
# A reminder mail's link to stop the early reminders works this many days; then the settings page does it.
MUTE_LINK_MAX_AGE_DAYS = env.int("MUTE_LINK_MAX_AGE_DAYS", default=60, minimum=1)
if not 0 <= REMINDER_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("REMINDER_DIGEST_HOUR is malformed: expected an hour from 0 to 23.")
REMINDER_LEASE_SECONDS = 5 * 60
REMINDER_MAX_ATTEMPTS = 6
REMINDER_DISPATCH_BATCH = 1000
# `send_reminders --now` without --dry-run sends real mail as if at another time: not in production.
REMINDERS_ALLOW_NOW = True
# Test-only: the dispatch kills its own process at this named point (see coordination/reminders/dispatch.py).
REMINDER_TEST_KILL_AT = ""

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agencies.api.authentication.TokenAuthentication",
        # DRF's, except for a session that still owes its second factor (agencies/api/authentication.py).
        "agencies.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Request bodies are JSON, as the schema says (a form encoding cannot tell null from "null").
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.CoordinationAutoSchema",
    # How many proxies in front of the application write X-Forwarded-For (nginx: one). The one setting
    # for the client's address: the throttles and the login lockout (core/client_address.py) read it.
    # 0 ignores the header (a client would write anything in it); N trusts its N-th address from the right.
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0, minimum=0),
    # Counters live in the cache: Redis in production, so all web nodes share them.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.FailOpenAnonRateThrottle",
        "core.api.throttling.FailOpenUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("API_LOGIN_RATE", default="10/minute"),
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "user": env.str("API_USER_RATE", default="3000/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "core.api.writes.exception_handler",
}
# Tokens are stored as SHA-512 digests and expire (docs/design.md, "REST API principles").
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Migration coordination API",
    "DESCRIPTION": "Organizations, meetings, mandates, obligations, follow-up actions, calls for inputs, "
    "input requests and activity updates. Authenticate with `Authorization: Token <key>` "
    "from `POST /api/v1/auth/token/`.",
    "VERSION": "1",
    # Operations grouped by resource ("updates", "calls" ...) in the docs, not all under "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes the API, not its data: public, like the docs page that reads it.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # The interactive docs load their assets from this server, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Empty query values, text patterns and links between operations: core.api.schema.postprocess.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.api.schema.postprocess"],
    # Several resources have a "status" of their own: name each enum after its domain.
    "ENUM_NAME_OVERRIDES": {
        "ItemStatusEnum": "coordination.choices.ItemStatus",
        "InputRequestStatusEnum": "coordination.choices.InputRequestStatus",
        "UpdateStatusEnum": "coordination.choices.UpdateStatus",
        "CallStatusEnum": "coordination.choices.CallStatus",
        "MeetingStatusEnum": "meetings.choices.MeetingStatus",
        "MeetingKindEnum": "meetings.choices.MeetingKind",
        "DocumentKindEnum": "meetings.choices.DocumentKind",
        "ParticipantRoleEnum": "meetings.choices.ParticipantRole",
        "MandateKindEnum": "coordination.choices.MandateKind",
        "ParagraphKindEnum": "coordination.choices.ParagraphKind",
        "ReceivedViaEnum": "coordination.choices.ReceivedVia",
        "RecordedReceivedViaEnum": ["email", "letter"],
        "OrganizationCategoryEnum": "agencies.choices.OrganizationCategory",
        "FocalPointRoleEnum": "agencies.choices.FocalPointRole",
    },
}

# --- Metrics ----------------------------------------------------------------------------------
# /metrics answers only requests with "Authorization: Bearer <this>"; empty: /metrics is a 404
# (docs/operations.md, "Metrics").
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Logging ----------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
# "json": one JSON object per line (production's default, for the log collector); "plain" for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-guid says at INFO what it does with each id: that is noise in every line's company.
        "django_guid": {"level": "WARNING"},
        # django-axes announces its version and mode at INFO when any process starts (each management command
        # included); its warnings (failed and locked-out logins) still come through.
        "axes.apps": {"level": "WARNING"},
    },
}

# Request ids: taken from the proxy's X-Request-ID when it sends a valid one, made up otherwise,
# returned in the response, and carried into the Celery tasks the request enqueues.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=False, log_parent=False)],
}

# Content security policy: nothing but our own origin runs or loads (the admin, the API docs and
# the focal points' page are built for it: no inline script or style; tests/browser checks it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Spreadsheet import: the upload waits between preview and confirmation in the shared cache
# (Redis in production), so the confirmation may reach any web node.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# Exports: a text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is written as text. The
# library's switch; what it does is core.spreadsheets' formats' (docs/decisions/0013-spreadsheets.md).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Imports: a file larger than this (the first row included) is refused before its rows are read.
SPREADSHEET_IMPORT_MAX_ROWS = 5000
SPREADSHEET_IMPORT_MAX_COLUMNS = 50

# Attachments of activity updates: stored here, outside any served directory, and handed out only
# by the application to those who may see the update. Several web nodes need a shared volume.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_MEGABYTES", default=10, minimum=1) * 1024 * 1024
