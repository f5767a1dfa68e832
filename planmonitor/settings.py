"""Settings for planmonitor, read from the environment.

One file for every deployment: ``DATABASE_URL`` chooses the database (SQLite in
``var/`` when unset), debug mode is off unless ``PLANMONITOR_DEBUG=1``, a local
install keeps its own random ``SECRET_KEY`` in ``var/secret_key`` (a deployment
sets ``SECRET_KEY``), and the HTTPS protections are switched on from the
environment (docs/deployment.md lists every variable).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("PLANMONITOR_VAR", PROJECT_DIR / "var"))

def _env_flag(name: str, default: bool = False) -> bool:
    """A yes/no setting from the environment: 1/true/yes/on is yes, 0/false/no/off or empty is no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


# Debug mode shows tracebacks and settings to anyone who triggers an error: only when asked
# (PLANMONITOR_DEBUG=1 or ``planmonitor serve --debug``), never by default.
DEBUG = _env_flag("PLANMONITOR_DEBUG")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the local install's own key kept in ``var/secret_key``.

    A local install (``./scripts/start``) gets a random key generated once and
    kept out of the repository; a deployment sets ``SECRET_KEY`` (the same on
    every server). A key that cannot be read or written stops start-up with a
    clear message rather than running with a guessable one.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        from django.core.management.utils import get_random_secret_key

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = get_random_secret_key()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
        return key
    except FileExistsError:  # another process wrote it a moment ago
        return path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"Set SECRET_KEY, or let planmonitor keep one in {path}: {error}") from error


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS behind a proxy (docs/deployment.md): PLANMONITOR_HTTPS=1 turns every protection on;
# each can be set on its own. The proxy must set X-Forwarded-Proto (PLANMONITOR_BEHIND_PROXY=1).
HTTPS = _env_flag("PLANMONITOR_HTTPS")
PLANMONITOR_BEHIND_PROXY = _env_flag("PLANMONITOR_BEHIND_PROXY")
if PLANMONITOR_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = _env_flag("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_HTTPONLY = True
# Sessions: two weeks for everyone, shorter for back-office staff (accounts.signals).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 14 * 24 * 3600))
PLANMONITOR_STAFF_SESSION_AGE = int(os.environ.get("PLANMONITOR_STAFF_SESSION_AGE", 8 * 3600))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "planmonitor.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, with a translated name
    "planmonitor.core.axes_app.LoginProtectionConfig",  # django-axes, with a translated name
    "planmonitor.core",
    "planmonitor.accounts",
    "planmonitor.plans",
    "planmonitor.monitoring",
    "planmonitor.reports",
    "planmonitor.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planmonitor.core.middleware.BulgarianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "planmonitor.core.middleware.PrivateCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content Security Policy: the pages load scripts, styles and images from the site only and run
# no inline script (tests/core/test_security.py checks the templates).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "planmonitor.urls"
WSGI_APPLICATION = "planmonitor.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'planmonitor.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while pages read; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# ``planmonitor backup -o X.json`` keeps times to the microsecond (core/exact_json.py).
SERIALIZATION_MODULES = {"json_exact": "planmonitor.core.exact_json"}

# Per-process memory cache. Every cached page and fragment is keyed on the revision of the plans it
# shows (planmonitor.plans.revision), so several processes (each with its own cache) never serve stale data to one another. The
# portal keeps one page per public measure: the default 300 entries would let a crawler push out the
# plan pages, hence more room (PLANMONITOR_CACHE_ENTRIES).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PLANMONITOR_CACHE_ENTRIES", "5000"))},
    }
}

# Database sessions read with one plain statement (every signed-in page reads the session first).
SESSION_ENGINE = "planmonitor.core.sessions"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out person before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "planmonitor.accounts.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Log-in throttling (django-axes) on /accounts/login/ and /admin/login/: after
# PLANMONITOR_LOGIN_FAILURES wrong passwords for one user name from one address, that pair is
# locked out for PLANMONITOR_LOGIN_LOCKOUT_MINUTES (every further try restarts the wait).
AXES_FAILURE_LIMIT = int(os.environ.get("PLANMONITOR_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PLANMONITOR_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "planmonitor.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "planmonitor.accounts.throttle.client_ip"
AXES_VERBOSE = False
# Password reset e-mails one client address may ask for in an hour (accounts.throttle).
PLANMONITOR_PASSWORD_RESETS_PER_HOUR = int(os.environ.get("PLANMONITOR_PASSWORD_RESETS_PER_HOUR", "5"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Bulgarian dates as "03.12.2026 10:12" (Django's bg locale has no date-time format).
FORMAT_MODULE_PATH = ["planmonitor.formats"]
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# planmonitor/static/ belongs to no app, so the finders (collectstatic, runserver, tests) must be told of it.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No uploaded file larger than this is stored anywhere: the first upload handler stops passing
# its bytes on once the limit is passed, and the forms refuse it by name (core/uploads.py).
PLANMONITOR_MAX_UPLOAD_BYTES = int(os.environ.get("PLANMONITOR_MAX_UPLOAD_MB", "50")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "planmonitor.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The monitoring XLSX is read inside the web request: refuse one that would unpack to more
# than this (a workbook planmonitor writes for one institution unpacks to well under 1 MB).
PLANMONITOR_XLSX_MAX_UNPACKED_BYTES = int(os.environ.get("PLANMONITOR_XLSX_MAX_UNPACKED_MB", "20")) * 1024 * 1024
# A plan imported from its web address (the import form's address field): at most this many MB,
# downloaded within this many seconds; addresses in the server's own network (loopback, private,
# link-local) are refused unless PLANMONITOR_FETCH_PRIVATE=1 (tests; an intranet portal).
PLANMONITOR_FETCH_MAX_BYTES = int(os.environ.get("PLANMONITOR_FETCH_MAX_MB", "20")) * 1024 * 1024
PLANMONITOR_FETCH_TIMEOUT = float(os.environ.get("PLANMONITOR_FETCH_TIMEOUT", "30"))
PLANMONITOR_FETCH_PRIVATE = _env_flag("PLANMONITOR_FETCH_PRIVATE")
# Import uploads that were never published (failed, or left in review) are deleted after this
# many days by ``planmonitor housekeeping``.
PLANMONITOR_ABANDONED_IMPORT_DAYS = int(os.environ.get("PLANMONITOR_ABANDONED_IMPORT_DAYS", "30"))
# A background task (report, import) not finished this many seconds after it was asked for is
# taken for dead (its worker was killed) and marked failed, so the person can start it again.
PLANMONITOR_TASK_TIME_LIMIT = int(os.environ.get("PLANMONITOR_TASK_TIME_LIMIT", "1800"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PLANMONITOR_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planmonitor@localhost")

# LibreOffice converts legacy .doc/.odt for the importer; overridable for odd installs.
PLANMONITOR_SOFFICE = os.environ.get("PLANMONITOR_SOFFICE", "")
# Tesseract recognises the text of scanned PDFs (Debian: tesseract-ocr, tesseract-ocr-bul); found on the PATH
# unless set.
PLANMONITOR_TESSERACT = os.environ.get("PLANMONITOR_TESSERACT", "")
# The deployment's own institutions (CSV, the columns of planmonitor/ingest/data/institutions.csv), added to
# the built-in registry for the web import, the import command and institution linking.
PLANMONITOR_INSTITUTIONS = os.environ.get("PLANMONITOR_INSTITUTIONS", "")
# Base URL used in e-mails and open data descriptions.
PLANMONITOR_BASE_URL = os.environ.get("PLANMONITOR_BASE_URL", "http://127.0.0.1:8000")
# Fixed conversion rate, set by law when Bulgaria joined the euro on 2026-01-01.
PLANMONITOR_BGN_PER_EUR = "1.95583"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
