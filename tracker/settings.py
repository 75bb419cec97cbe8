"""Settings for the negotiation tracker, read from the environment with safe development defaults.

DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL,
DJANGO_EMBED_FRAME_ANCESTORS, DJANGO_SECURE_SSL_REDIRECT, DJANGO_LOG_LEVEL: see README.md
and docs/deploy.md.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    return default if value is None else [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-set-DJANGO_SECRET_KEY-in-production"
)
if not DEBUG and SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_extensions",
    "simple_history",
    "axes",
    "ninja",
    "tracker",
    "timeline",
]

MIDDLEWARE = [
    "tracker.logs.RequestIdMiddleware",
    "tracker.head.HeadMiddleware",
    "timeline.cors.PublicReadCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tracker.compression.CompressionMiddleware",
    "tracker.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tracker.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Repeated failed logins lock the username and address for a while (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# DJANGO_STATIC_ROOT: where collectstatic writes (the benchmarks keep theirs under bench-out/).
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# collectstatic writes hashed names with .br and .gz beside them (tracker/staticstorage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "tracker.staticstorage.HashedCompressedStorage"},
}

# Uploaded and imported interchange documents.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
INTERCHANGE_MAX_BYTES = int(os.environ.get("TRACKER_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
INTERCHANGE_UPLOAD_MAX_BYTES = int(
    os.environ.get("TRACKER_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
)
# An upload is imported inside one request: past this many negotiations the per-negotiation
# work outlasts a worker's timeout (250,000 tiny ones took over 15 minutes), so larger
# documents go through manage.py import_negotiations.
INTERCHANGE_UPLOAD_MAX_NEGOTIATIONS = int(os.environ.get("TRACKER_UPLOAD_MAX_NEGOTIATIONS", "1000"))
INTERCHANGE_MAX_DEPTH = 12

# Origins allowed to frame /embed/ pages ("*" for any); every other page is DENY.
EMBED_FRAME_ANCESTORS = env_list("DJANGO_EMBED_FRAME_ANCESTORS", ["*"])
X_FRAME_OPTIONS = "DENY"

# Chromium used by kaleido for PNG, SVG and PDF export.
CHROMIUM_PATH = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

# One JSON object per line on stdout, each with its request id (tracker.logs); a 500 is
# logged by django.request with its traceback whatever DEBUG says.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tracker.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "tracker.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "tracker.logs.StdoutHandler",
            "filters": ["request_id"],
            "formatter": "json",
        },
    },
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL},
        "axes": {"handlers": ["stdout"], "level": "WARNING"},
        "tracker": {"handlers": ["stdout"], "level": LOG_LEVEL},
        "timeline": {"handlers": ["stdout"], "level": LOG_LEVEL},
    },
}
