"""Settings shared by every environment. Values that differ per deployment come from the
environment (see README, "Configuration")."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_prose_editor",
    "imagekit",
    "reversion",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core.login_protection.LoginProtectionConfig",  # django-axes
    "core",
    "editorial",
    "meetings",
    "plans",
    "news",
    "pages",
    "search",
    "pagecache",
    "api",
]

MIDDLEWARE = [
    "log_request_id.middleware.RequestIDMiddleware",
    # Next: a cached page skips everything else. It is stored with the headers the others
    # add (security headers included); the request id is added to each response.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.two_factor.TwoFactorRequiredMiddleware",
    "core.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asean_portal.urls"
WSGI_APPLICATION = "asean_portal.wsgi.application"

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
                "pages.context_processors.footer",
            ],
        },
    },
]


def database_from_environment():
    """``DATABASE_URL`` (SQLite in the project folder by default), tuned for concurrent use.

    SQLite: WAL lets readers go on while an editor saves, and IMMEDIATE transactions take the
    write lock when they begin, so a second writer waits up to the busy timeout instead of
    failing at once with "database is locked" when a read lock cannot be upgraded.
    Connections are kept open for ``DJANGO_CONN_MAX_AGE`` seconds, or, on PostgreSQL, taken from
    psycopg's pool where ``DJANGO_DB_POOL`` is set (its value is the pool's maximum size):
    opening one costs more than most pages' queries (SQLite: 2 ms of a worker's CPU, for the
    file, WAL mode and the SQL functions Django and search add to each connection).
    """
    database = dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options.update(
            transaction_mode="IMMEDIATE",
            timeout=int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    elif database["ENGINE"] == "django.db.backends.postgresql":
        pool_size = int(os.environ.get("DJANGO_DB_POOL", "0") or 0)
        if pool_size:
            options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
            return database
    database["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": database_from_environment()}


def cache_from_environment():
    """Redis where ``REDIS_URL`` (or ``CACHE_URL``) is set: shared by every process and
    machine. Otherwise files in ``DJANGO_CACHE_DIR``, shared by every process on this machine
    (a local-memory cache would be one per gunicorn worker, and a save in one would leave the
    others' pages stale)."""
    url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
    if url:
        return {"BACKEND": "pagecache.backends.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "pagecache.backends.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


# "site-chrome": the header's and footer's HTML in each worker's memory (``base.html``). They
# vary only with what their keys name, so no worker can show another's stale copy.
SITE_CHROME_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "site-chrome",
}
CACHES = {"default": cache_from_environment(), "site-chrome": SITE_CHROME_CACHE}
# Anonymous readers' pages are kept whole for at most this long (0 turns the cache off), and
# never past a change (see pagecache). A CDN or proxy in front may keep them this long:
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_SHARED_MAX_AGE", "10"))
# Changes to these apps' models change what readers see.
PAGE_CACHE_APPS = {"core", "meetings", "plans", "news", "pages"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy (django-csp) on every page: scripts and styles from the site only;
# the admin's inline code (the rich-text editor's import map) carries the request's nonce.
# The one inline style allowed: the base CSS Tiptap (inside django-prose-editor 0.28) writes into
# a <style> element. Another version may change it; the browser tests fail on the violation
# and name the new hash.
PROSE_EDITOR_STYLE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, PROSE_EDITOR_STYLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    },
}

# Logins: django-axes counts failures per account and client address (see core/logins.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 30))
# An account is locked from the address that failed, so nobody elsewhere can lock it out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "core.logins.locked_out"
# The header the proxy in front sets to the client's address, overwriting any a client sent
# (deploy/nginx.conf: X-Real-IP). Unset: the address of the connection itself.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()

# Two-step verification (core/two_factor.py): a code from an authenticator app after the
# password, which anyone may turn on; when this is set, those who publish must.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "ASEAN Information Portal"

# Sessions are for staff only (readers get none). They end after this long without a request,
# and, as Django does, on a password change.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese is the default for readers, editors and stored content.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Dates typed day first in both languages (asean_portal/formats).
FORMAT_MODULE_PATH = ["asean_portal.formats"]
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by the web server in front (deploy/nginx); Django serves them itself only
# under DEBUG or where this is set (`make serve`, without nginx).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", False)
# Who hears of a vulnerability (/.well-known/security.txt): e-mail addresses or https:// URLs.
SECURITY_CONTACT = env_list("DJANGO_SECURITY_CONTACT")
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Upload limits, checked by core.validators.
MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DOCUMENT_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# Logging: everything worth knowing goes to stderr (gunicorn and systemd's journal collect
# it), each line with the request's id (nginx's $request_id in X-Request-ID, else a new one,
# sent back in the response). DJANGO_LOG_FORMAT=json writes one JSON object a line.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(request_id)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers mail admins or print only under DEBUG: log through ours.
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.server": {"level": "INFO"},
    },
}

# The read-only JSON API (api/, README "The API"): JSON only, anonymous, throttled per client
# address; its documentation page serves Swagger UI from the site (drf-spectacular-sidecar).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
API_THROTTLE_RATE = os.environ.get("DJANGO_API_THROTTLE_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Information Portal API",
    "DESCRIPTION": (
        "The published meetings, plans and news of the ASEAN Information Portal, in Vietnamese "
        "and English. Read only; lists take the filters of the site's listings."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}
# Other sites' pages may read the API (GET only); nothing else is shared across origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
