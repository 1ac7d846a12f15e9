"""Production: everything that matters comes from the environment and is required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY, env_bool, env_int, env_list

NEW_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
if not SECRET_KEY:
    raise ImproperlyConfigured(f"Set DJANGO_SECRET_KEY in the environment (make one: {NEW_KEY}).")
# Django's own check (security.W009) only warns of a guessable key; production refuses one.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too short or too simple: use 50 random characters ({NEW_KEY})."
    )
if DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on: production never shows debug pages (unset it, or use the dev "
        "settings)."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS in the environment.")

# HTTPS only, unless DJANGO_HTTPS_ONLY=false (`make serve` on http://127.0.0.1, which says so):
# plain HTTP is redirected, browsers are told to come back over HTTPS only for a year, and the
# session, CSRF and language cookies are never sent over plain HTTP.
HTTPS_ONLY = env_bool("DJANGO_HTTPS_ONLY", True)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS_ONLY)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS_ONLY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# TLS ends at the proxy in front (deploy/nginx), which says so in X-Forwarded-Proto and
# strips any such header a client sends: without this the admin's CSRF check fails.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Hashed names, gzip and brotli copies made by collectstatic, served with far-future headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
