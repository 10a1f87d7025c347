"""Production: PostgreSQL, Redis, SMTP, HTTPS behind a proxy. Refuses to start without its variables."""

from django.core.exceptions import ImproperlyConfigured

from config.env import REQUIRED, EnvReader

from .base import *  # noqa: F403
from .base import CELERY_REDIS_TRANSPORT_OPTIONS

env = EnvReader(context="production settings (config.settings.production)")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false under production settings.")

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=REQUIRED)
# Rotating the key: the old one here for a while keeps sessions and reset links valid (docs/operations.md).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )

DATABASES = {"default": env.database("DATABASE_URL", default=REQUIRED)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...) under production settings.")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env.redis_url("REDIS_URL", default=REQUIRED)
SITE_URL = env.url("SITE_URL", default=REQUIRED)
_email = env.email("EMAIL_URL", default=REQUIRED)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))

_site_host = SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[_site_host])
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# Short timeouts: a hung Redis must not hang requests. Redis answers in a millisecond; after one
# timeout the throttles let requests through without asking it for a cool-down (core/outages.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Never a fallback broker in production.
CELERY_BROKER_URL = env.redis_url("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_REDIS_TRANSPORT_OPTIONS
CELERY_BROKER_CHOICE = "Celery broker: Redis (production settings)."

REMINDERS_ALLOW_NOW = False
# /metrics' bearer token: empty (no /metrics), or long enough not to be guessed.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured(
        "METRICS_TOKEN is too short: use at least 32 random characters, or leave it empty to turn /metrics off."
    )
# Staff sign in with a second factor, at the admin and at the API's token endpoint (docs/operations.md).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=True)

# Static files: collected by `collectstatic` (the Procfile's release step), served by whitenoise
# with hashed names, compressed, cached for a year.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# One JSON object per line, for the log collector (LOG_FORMAT=plain for a person at a terminal).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
if LOG_FORMAT not in LOGGING["formatters"]:  # noqa: F405
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# HTTPS: the proxy terminates TLS and sets X-Forwarded-Proto. gunicorn turns that header into the
# request's scheme only when it comes from FORWARDED_ALLOW_IPS (config/gunicorn.py); Django's
# SECURE_PROXY_SSL_HEADER would believe it from anyone who reaches the port, so it stays unset.
SECURE_PROXY_SSL_HEADER = None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP inside the network; Prometheus may scrape a node directly too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 60 * 60, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
