"""Django settings for the wres dashboard, read from the environment (never edited per installation).

| variable | meaning | default |
|---|---|---|
| ``WRES_STORE`` | the DuckDB warehouse the dashboard reads and imports into | ``wres-data/wres.duckdb`` |
| ``WRES_WEB_DATA`` | the web application's own folder: SQLite database, secret key, uploads, | ``wres-data/web`` |
| | generated reports, collected static files | |
| ``DATABASE_URL`` | the accounts and audit database (``sqlite:///…`` or ``postgres://…``) | SQLite in WRES_WEB_DATA |
| ``WRES_WEB_PRODUCTION`` | ``1``: production settings (no debug, secure cookies, HSTS, HTTPS redirect; | off |
| | needs ``WRES_SECRET_KEY`` and ``WRES_ALLOWED_HOSTS``) | |
| ``WRES_SECRET_KEY`` | Django's secret key | generated once into ``WRES_WEB_DATA/secret.key`` (development only) |
| ``WRES_ALLOWED_HOSTS`` | comma-separated host names | ``127.0.0.1,localhost`` |
| ``WRES_TRUSTED_PROXIES`` | comma-separated addresses of reverse proxies whose ``X-Forwarded-For`` is believed | none |
| ``WRES_HASHING_SLOTS`` | password hashes run at once per process (:mod:`wres.web.hashers`) | 2 |
| ``WRES_FAILED_SIGN_INS_RECORDED`` | failed sign-ins recorded in the audit log per address an hour | 20 |

Security choices (issue 6, issue 14): Argon2 password hashing, at most ``WRES_HASHING_SLOTS`` (default 2) hashes
at once per process (:mod:`wres.web.hashers`); failed sign-ins in the audit log, at most
``WRES_FAILED_SIGN_INS_RECORDED`` (default 20) per address an hour (:mod:`wres.web.views.auth`); login
throttling by django-axes (5 failures for a user name from one address lock it for 15 minutes); CSRF on every
form; a Content-Security-Policy without inline script or any third-party origin (nothing leaves the machine);
``Cache-Control: no-store`` on every page and download (:mod:`wres.web.headers`); the database, secret key and
report files owner-only whatever the umask; secure cookies, HSTS and an HTTPS redirect in production.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from wres.errors import WresError
from wres.store.owner_only import FILE_MODE, make_private_folder
from wres.web.paths import ASSETS, web_data

PRODUCTION = os.environ.get("WRES_WEB_PRODUCTION", "") == "1"
DEBUG = False
WEB_DATA = web_data()
STORE_PATH = Path(os.environ.get("WRES_STORE", "wres-data/wres.duckdb"))


def _secret_key() -> str:
    key = os.environ.get("WRES_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("WRES_SECRET_KEY must be set when WRES_WEB_PRODUCTION=1")
    path = WEB_DATA / "secret.key"
    if not path.exists():
        make_private_folder(WEB_DATA)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("WRES_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
TRUSTED_PROXIES = [h.strip() for h in os.environ.get("WRES_TRUSTED_PROXIES", "").split(",") if h.strip()]
"""Reverse proxies whose X-Forwarded-For names the client (audit log addresses, sign-in throttling)."""
WRES_HASHING_SLOTS = max(1, int(os.environ.get("WRES_HASHING_SLOTS", "2")))
"""Password hashes run at once per process (read by :mod:`wres.web.hashers` when it is imported)."""
WRES_FAILED_SIGN_INS_RECORDED = int(os.environ.get("WRES_FAILED_SIGN_INS_RECORDED", "20"))
"""Failed sign-ins recorded in the audit log per address an hour (:mod:`wres.web.views.auth`)."""

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",  # the race equality plan's history: every version, who and when (ADR 0015)
    "wres.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wres.web.headers.NoStoreMiddleware",  # after WhiteNoise: static files keep their cache lifetimes
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wres.web.limits.RequestSizeLimitMiddleware",  # before anything reads a body (the CSRF check does)
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # the signed-in user is each plan version's author
]

ROOT_URLCONF = "wres.web.urls"
WSGI_APPLICATION = "wres.web.wsgi.application"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "wres.web.templating.environment",
            "context_processors": ["wres.web.templating.context"],
        },
    },
    {
        # Django's own templates (only the error pages of third-party apps use them).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{(WEB_DATA / 'web.sqlite3').resolve()}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and find_spec("psycopg") is None:
    raise WresError(
        "DATABASE_URL names a PostgreSQL database, which needs the postgres extra: pip install 'wres[postgres]'"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads write the audit log at once: WAL lets readers go on, IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _sqlite = Path(DATABASES["default"]["NAME"])
    if not _sqlite.exists():
        # Created here, owner-only (0600 whatever the umask), before SQLite would create it with the umask's mode;
        # SQLite gives its write-ahead log and shared-memory files the database file's mode.
        make_private_folder(_sqlite.parent)
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            os.close(os.open(_sqlite, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "wres.web.hashers.BoundedArgon2PasswordHasher",  # Argon2, at most WRES_HASHING_SLOTS hashes at once
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): 5 failures for one user name from one address lock both for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wres.web.views.auth.locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "wres.web.audit.client_address_for_axes"

# Sessions: cookie only over HTTP(S), never readable from script, expire after 8 hours or when the browser closes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: only this server's own files; no inline script, no eval, no other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

STATIC_URL = "/static/"
STATIC_ROOT = WEB_DATA / "static" if PRODUCTION else None  # development serves from the finders
STATICFILES_DIRS = [("nhsuk", str(ASSETS))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = False

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_TEMP_DIR = None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": os.environ.get("WRES_WEB_LOG_LEVEL", "WARNING")}},
}
