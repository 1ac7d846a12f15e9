"""Production settings come from the environment and refuse to start without them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a real key looks like to the checks: 50 characters or more, many different ones.
SECRET_KEY = "a-test-key-" + "0123456789" * 4


def production_environment(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="asean_portal.settings.prod")
    return environment


def import_prod_settings(**env):
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.DEBUG, settings.ALLOWED_HOSTS,"
        " settings.DATABASES['default']['ENGINE'], str(settings.MEDIA_ROOT)]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(**env),
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = import_prod_settings(DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_reads_everything_from_the_environment(tmp_path):
    result = import_prod_settings(
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example, www.portal.example",
        DATABASE_URL="postgres://user:pw@db.internal:5432/portal",
        MEDIA_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f'[false, ["portal.example", "www.portal.example"], '
        f'"django.db.backends.postgresql", "{tmp_path}"]'
    )


@pytest.mark.parametrize("path", ["asean_portal/settings/base.py", "asean_portal/settings/prod.py"])
def test_no_secret_key_is_written_in_shared_settings(path):
    assert 'SECRET_KEY = "' not in (ROOT / path).read_text()


@pytest.mark.parametrize(
    "key",
    ["too-short-" + "k" * 20, "x" * 60, "django-insecure-" + "0123456789abcdef" * 3],
    ids=["short", "five-letters-or-fewer", "django-insecure"],
)
def test_production_refuses_a_guessable_secret_key(key):
    result = import_prod_settings(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short or too simple" in result.stderr


def test_production_refuses_debug():
    result = import_prod_settings(
        DJANGO_SECRET_KEY=SECRET_KEY, DJANGO_ALLOWED_HOSTS="portal.example", DJANGO_DEBUG="true"
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG is on" in result.stderr


def production_client_session(code, tmp_path, **env):
    """Run ``code`` with the production settings and a test client; its stdout as JSON."""
    setup = (
        "import django, json; django.setup();"
        "from django.test import Client; client = Client(HTTP_HOST='portal.example');"
    )
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env=production_environment(
            DJANGO_SECRET_KEY=SECRET_KEY,
            DJANGO_ALLOWED_HOSTS="portal.example",
            DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
            DJANGO_CACHE_DIR=str(tmp_path / "cache"),
            **env,
        ),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


HTTPS_SETTINGS = (
    "from django.conf import settings;"
    "print(json.dumps([settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
    " settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SESSION_COOKIE_SECURE,"
    " settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE,"
    # A page that needs neither tables nor collected static files: only a POST is answered.
    " client.get('/csp-report/').status_code, client.get('/csp-report/').get('Location'),"
    " client.get('/healthz').status_code]))"
)


def test_production_is_https_only_by_default(tmp_path):
    assert production_client_session(HTTPS_SETTINGS, tmp_path) == [
        True,
        31536000,
        True,
        True,
        True,
        True,
        301,
        "https://portal.example/csp-report/",
        # Load balancers probe the health check over plain HTTP.
        204,
    ]


def test_plain_http_is_one_switch_away(tmp_path):
    """What `make serve` sets: no redirect, no HSTS, cookies a browser sends over HTTP."""
    result = production_client_session(HTTPS_SETTINGS, tmp_path, DJANGO_HTTPS_ONLY="false")
    assert result == [False, 0, True, False, False, False, 405, None, 204]


def documented_environment():
    """deploy/env.example, the environment the README tells a server to set."""
    lines = (ROOT / "deploy/env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def test_deploy_check_is_clean_with_the_documented_environment():
    environment = documented_environment()
    assert environment["DJANGO_SECRET_KEY"] == "replace-with-50-random-characters"
    environment["DJANGO_SECRET_KEY"] = SECRET_KEY
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_asks_for_a_security_contact():
    environment = {**documented_environment(), "DJANGO_SECRET_KEY": SECRET_KEY}
    del environment["DJANGO_SECURITY_CONTACT"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
    )
    assert "(core.W001) No security contact" in result.stderr + result.stdout
