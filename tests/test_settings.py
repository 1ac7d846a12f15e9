"""Production settings come from the environment and refuse to start without them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def import_prod_settings(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment.update(env)
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.DEBUG, settings.ALLOWED_HOSTS,"
        " settings.DATABASES['default']['ENGINE'], str(settings.MEDIA_ROOT)]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "asean_portal.settings.prod"},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = import_prod_settings(DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_reads_everything_from_the_environment(tmp_path):
    result = import_prod_settings(
        DJANGO_SECRET_KEY="x" * 50,
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
