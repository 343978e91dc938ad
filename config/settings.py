"""Plan Monitor settings, read from the environment (``.env`` in the project root is read too).

Every value has a default that works on a laptop: SQLite under ``var/``, Celery over kombu's
filesystem transport under ``var/``, e-mail printed to the console. A malformed value stops
start-up with django-environ's error naming the variable.
"""

import datetime as dt
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Written by scripts/run.sh (a generated SECRET_KEY, DEBUG and PORT for the local run).
environ.Env.read_env(VAR_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a local run).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "plans",
    "dashboards",
    "reports",
    "indicators",
    "api",
    "outbox",
    "ops",
    "axes",
]

MIDDLEWARE = [
    "ops.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'planmonitor.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections (seconds; 0 closes after each request), checked before reuse so that a
# restarted PostgreSQL costs one failed check, not one failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so that a statement a connection has run five times is
    # prepared and PostgreSQL stops planning it again (planning the joins of a report's page cost
    # it more than running them). 0 turns preparing off, as a pooler in transaction mode requires.
    # ops.postgresql keeps bulk statements under the parameters a server-bound statement allows.
    DATABASES["default"]["ENGINE"] = "ops.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env.int("DB_PREPARE_THRESHOLD", default=5) or None
    )
# Dashboard pages' content, cached per data generation (dashboards.page_cache): correct in each
# process's own memory, since the generation comes from the database with the data.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboards",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.UserBackend"]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords an account is locked
# for LOGIN_LOCKOUT_MINUTES, whatever the password tried next; so is one browser (address and
# user agent) trying many accounts. A successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.lockout.locked_out"
AXES_VERBOSE = False
# Behind the TLS proxy the client's address is the last one the proxy appended to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int(
    "AXES_IPWARE_PROXY_COUNT", default=1 if env.bool("SECURE_PROXY_SSL_HEADER", default=False) else 0
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="kk")
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How dates read in each language (prose and table forms): config/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# WhiteNoise serves the collected files (compressed by collectstatic) from the web process. Not the
# hashing "manifest" storage: the PDF reports' browser view addresses its fonts by folder.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Evidence uploads: checked on the server by extension, content signature and size.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Plan Monitor <noreply@planmonitor.local>")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))  # for the file-based backend
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The outbox: a failed send is tried again after 1, 2, 4 … 32 minutes, 7 attempts in all.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=7)
GOVERNMENT_REPORT_RECIPIENTS = env.list("GOVERNMENT_REPORT_RECIPIENTS", default=["government@planmonitor.local"])
# Day of the month on which the draft consolidated report of the quarter is generated (1–28).
REPORT_DRAFT_DAY = env.int("REPORT_DRAFT_DAY", default=10)
if not 1 <= REPORT_DRAFT_DAY <= 28:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"REPORT_DRAFT_DAY must be a day from 1 to 28, not {REPORT_DRAFT_DAY}.")

# Celery: Redis in production (CELERY_BROKER_URL=redis://127.0.0.1:6379/0); without it, kombu's
# filesystem transport under var/ lets the worker and beat run on a laptop with nothing installed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# Redis hands an unacknowledged task (acks_late) to another worker once this many seconds have
# passed without an ack: longer than any task runs (a 200-measure PDF takes seconds), short enough
# that a killed worker's reminders still go out the same morning. The outbox waits as long before
# it resends an e-mail a killed worker left "sending".
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
OUTBOX_SENDING_TIMEOUT = dt.timedelta(seconds=CELERY_VISIBILITY_TIMEOUT)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
    if not CELERY_BROKER_URL.startswith("filesystem")
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
)
# A request that queues a task must not hang on a broker that is down: give up quickly (the
# outbox's flush queues the e-mail again later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# PDFs hold a worker for seconds of CPU: their own queue, served by a prefork pool (one process per
# report, no shared interpreter lock); e-mail waits on SMTP: its own queue on threads; reminders and
# the daily jobs stay on the default queue. Procfile, scripts/serve.sh and deploy/systemd start all three.
CELERY_TASK_ROUTES = {"reports.*": {"queue": "reports"}, "outbox.*": {"queue": "email"}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat writes each task's last run to the database as it sends it: /healthz reads it.
CELERY_BEAT_SYNC_EVERY = 1

# The REST API under /api/v1/ (api/): per-user tokens, JSON only, errors in one shape.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plan Monitor API",
    "DESCRIPTION": "Plans, reports (submissions) and their review, dashboards and generated reports. "
    "Send `Authorization: Token KEY` with a key from your profile page (API tokens); "
    "errors are `{code, message, fields}`, messages in the Accept-Language language (kk, ru, en).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStatusEnum": "plans.models.Submission.Status",
        "DocumentStatusEnum": "reports.models.GeneratedReport.Status",
        "PeriodStateEnum": "plans.models.ReportingPeriod.State",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.request_id.RequestIdFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Behind a TLS proxy. Each is off by default (the laptop runs plain http) and named as Django's
# setting; scripts/serve.sh refuses to start until `check --deploy` is clean, i.e. they are set.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SESSION_COOKIE_SECURE)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No page needs inline script (there is no script at all); the PDF reports' browser view carries
# its stylesheet inline, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
