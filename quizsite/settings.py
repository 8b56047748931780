"""Settings for the quiz site, read from environment variables with safe local defaults."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("DJANGO_ENV") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = "django-insecure-local-development-key-not-for-production-use"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    # First, so its registration/ templates win over the admin's for password change and reset.
    "quizzes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "quizzes.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "quizzes.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quizzes.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "quizzes.middleware.SetMovedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizsite.urls"
WSGI_APPLICATION = "quizsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quizzes.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL (a blank line in an env file) means the default, not a crash.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A connection the server dropped (a restart, pg_terminate_backend) is replaced before
        # the next request uses it, instead of failing that request. (=0 only to watch it fail.)
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write at once (a quiz's autosave and "save and next"): a transaction takes the
    # write lock when it begins (IMMEDIATE), so a busy database makes it wait up to `timeout` seconds
    # instead of failing with "database is locked" when a read turns into a write; WAL lets readers
    # go on while one request writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Report pages may read from a PostgreSQL replica (quizzes/routers.py says which reads go there).
# Without DATABASE_REPLICA_URL the alias names the primary and is unused; tests mirror it onto the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASES["replica"] = {
    **dj_database_url.parse(
        DATABASE_REPLICA_URL or os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    ),
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS = ["quizzes.routers.PrimaryReplicaRouter"]

# Redis, when given, is shared by every server process: cache, sessions and throttles live there.
# Without it the cache is per process, so sessions and throttles stay in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache with one redis client reused per process (quizsite/cache.py).
            "BACKEND": "quizsite.cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "quizsite"),
        }
    }
    # Read from Redis, written through to the database: logging out ends the session everywhere.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The database is what every server process shares; a per-process cache in front of it would
    # keep a logged-out session alive on another worker.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "quizzes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One login costs ~40 ms of CPU (quizsite/hashers.py); older PBKDF2 hashes verify and are upgraded.
PASSWORD_HASHERS = [
    "quizsite.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Failed logins are throttled per username and address together, so one student's typos
# never lock out a whole school behind one address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "quizzes/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The login throttle reads the client's address as every other throttle does (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "quizzes.throttles.client_ip"

# How many proxies the deployment puts in front of gunicorn (a load balancer, nginx): each appends
# the address it saw to X-Forwarded-For. 0 (the default) reads REMOTE_ADDR only, since without a
# proxy that header is whatever the client wrote.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ar")
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switcher's choice outlives the browser session
LOCALE_PATHS = [BASE_DIR / "quizzes" / "locale"]
USE_I18N = True
# Django's Arabic formats lack a date-and-time format (it falls back to the US "N j, Y, P"): ours fill it.
FORMAT_MODULE_PATH = ["quizsite.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
# Collected files are served by whitenoise in production; locally it serves from the apps' folders.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION or os.environ.get("STATIC_ROOT") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # Images of questions: never served as files, only through the view that checks who may see
    # their set (quizzes/views/images.py). On disk under IMAGES_ROOT, or an S3-compatible bucket.
    "images": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "location": os.environ.get("IMAGES_S3_PREFIX", "images"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if os.environ.get("IMAGES_STORAGE", "files") == "s3"
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.environ.get("IMAGES_ROOT", str(BASE_DIR / "media" / "images"))},
        }
    ),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quiz@localhost")
# Links in mails sent by background work, which has no request to take the address from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (quizzes/background.py). "immediate" runs a task in the process that enqueues it,
# once the transaction commits, so `make run` and the tests need no worker; "database" stores it for
# `manage.py db_worker` (django-tasks-db), beside gunicorn in production.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or ("database" if PRODUCTION else "immediate")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# Due-date reminders: the daily digest goes out from this local hour on, for assignments due within
# this many days.
REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "7"))
REMINDER_DAYS = int(os.environ.get("REMINDER_DAYS", "3"))

# The folder holding the source documents that question quotes are checked against.
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))
FIXTURES_DIR = BASE_DIR / "fixtures"

# Only the app's own files run or style a page: no inline script or style, no eval, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production is served over HTTPS behind a proxy; HTTPS=0 tries it on plain http://127.0.0.1
# (a load test, a laptop), where secure cookies would never be sent back.
HTTPS = env_bool("HTTPS", PRODUCTION)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    # The load balancer asks for /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    LANGUAGE_COOKIE_SECURE = HTTPS
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"one_line_for_refusals": {"()": "quizzes.middleware.OneLineForRefusals"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["one_line_for_refusals"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own records go to the root handler above, not to Django's console handler (which
        # would print a 400's traceback under DEBUG).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # One line per request (quizzes.middleware.RequestLogMiddleware); REQUEST_LOG_LEVEL=WARNING silences it.
        "quizzes.requests": {
            "handlers": ["console"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

# Throttles where abuse is cheap: (attempts, window in seconds). quizzes/throttles.py counts them.
# A school is one address: a per-client limit fits a class of 40 at once (every student mistyping a
# join code up to their own limit, everyone signing up in the first lesson).
THROTTLES = {
    "join_code_user": (int(os.environ.get("THROTTLE_JOIN_PER_USER", "10")), 15 * 60),
    "join_code_client": (int(os.environ.get("THROTTLE_JOIN_PER_CLIENT", "500")), 15 * 60),
    "password_reset_address": (int(os.environ.get("THROTTLE_RESET_PER_ADDRESS", "3")), 60 * 60),
    "password_reset_client": (int(os.environ.get("THROTTLE_RESET_PER_CLIENT", "10")), 60 * 60),
    "signup_client": (int(os.environ.get("THROTTLE_SIGNUPS_PER_CLIENT", "60")), 60 * 60),
    "problem_report": (int(os.environ.get("THROTTLE_REPORTS_PER_CARD", "3")), 24 * 60 * 60),
}

# Class reports and item analysis are drawn once and kept this long ("calculated at …, recalculate
# now", as Moodle keeps its quiz statistics); a new release renews them (REPORTS_REVISION).
REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", "300"))
REPORTS_REVISION = "1"

# LTI 1.3: a rotated-out signing key stays in the tool's published keyset this long, so a platform
# that cached it, or holds a token it signed, can still check it.
LTI_RETIRED_KEY_HOURS = int(os.environ.get("LTI_RETIRED_KEY_HOURS", "72"))
