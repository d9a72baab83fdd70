"""Settings, read from the environment; with nothing set the app runs on embedded defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# DEBUG is off unless asked for: `make demo` turns it on, production never does.
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-demo-key-never-use-in-production-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With DEBUG off, set SECRET_KEY and ALLOWED_HOSTS in the environment "
        "(or set DEBUG=1 to run the demo)."
    )

SITE_NAME = "Partnership Governance"
# Where the service is reached: e-mails link to pages with absolute addresses under it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "stp",
    "programmes",
    "governance",
    "reminders",
    "stp.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "simple_history",
    "axes",
    "django_celery_beat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stp.urls"
WSGI_APPLICATION = "stp.wsgi.application"

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
                "stp.context_processors.service",
            ],
        },
    }
]

# Database: SQLite file unless DATABASE_URL names another (PostgreSQL in production and CI).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when configured, is the Celery broker and the cache; without it tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_BACKEND = None

AUTH_USER_MODEL = "stp.User"
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed sign-ins: five in a row lock the account name, and separately the address, for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "stp.views.auth.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The NHS.UK frontend package is built by `npm run build` into static_build/.
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Board papers uploaded to agenda items (PDF or DOCX) may be at most this size.
PAPER_MAX_UPLOAD_MB = env.int("PAPER_MAX_UPLOAD_MB", default=20)
# A monthly update no board meeting calls for is due this many working days after the month.
UPDATE_DUE_WORKING_DAYS = env.int("UPDATE_DUE_WORKING_DAYS", default=10)

# Reminders (the reminders app): when people are chased, and how e-mails are retried.
# The monthly update is first reminded this many working days before it is due ...
REMINDER_UPDATE_LEAD_DAYS = env.int("REMINDER_UPDATE_LEAD_DAYS", default=3)
# ... and its SRO is told once it has been overdue for this many working days.
REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=5)
# Milestones and board actions are reminded this many days before they are due.
REMINDER_MILESTONE_DAYS = env.int("REMINDER_MILESTONE_DAYS", default=14)
REMINDER_ACTION_DAYS = env.int("REMINDER_ACTION_DAYS", default=7)
# Presenters without a paper are reminded this many working days before the papers deadline.
REMINDER_PAPERS_LEAD_DAYS = env.int("REMINDER_PAPERS_LEAD_DAYS", default=3)
# A failed e-mail is tried this many times in all, waiting longer each time, then shown failed.
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=5)
# A worker sending an e-mail holds it this long; after that the sweep may send it again.
REMINDER_SEND_LEASE_SECONDS = env.int("REMINDER_SEND_LEASE_SECONDS", default=600)
# E-mails are built, claimed and marked sent this many at a time.
REMINDER_SEND_BATCH = env.int("REMINDER_SEND_BATCH", default=500)
ASSURANCE_DUE_WORKING_DAYS = env.int("ASSURANCE_DUE_WORKING_DAYS", default=15)  # after month end

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if env.str("EMAIL_HOST", default="")
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="governance@example.nhs.uk")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
