"""Settings for planmonitor, read from the environment.

One file for every deployment: ``DATABASE_URL`` chooses the database (SQLite in
``var/`` when unset), ``PLANMONITOR_DEBUG`` switches debug mode, and outside
debug mode a missing ``SECRET_KEY`` stops start-up with a clear message rather
than running with a guessable key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("PLANMONITOR_VAR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("PLANMONITOR_DEBUG", "1") not in ("0", "false", "False", "")


def _secret_key() -> str:
    """Return SECRET_KEY; refuse to start in production without one."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if DEBUG:
        return "planmonitor-development-only-key-not-for-production"
    raise ImproperlyConfigured("SECRET_KEY must be set when PLANMONITOR_DEBUG=0.")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

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
    "django_tasks_db",
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
]

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

# Per-process memory cache. Every cached page and fragment is keyed on a fingerprint of the data it
# shows, so several processes (each with its own cache) never serve stale data to one another. The
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

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PLANMONITOR_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planmonitor@localhost")

# LibreOffice converts legacy .doc/.odt for the importer; overridable for odd installs.
PLANMONITOR_SOFFICE = os.environ.get("PLANMONITOR_SOFFICE", "")
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
