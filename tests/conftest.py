import io

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from PIL import Image

from news.models import RENDITION_URLS

from .factories import EditorFactory, PublisherFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages, the header and footer and image URLs must not leak from one test into
    the next."""
    cache.clear()
    caches["site-chrome"].clear()
    RENDITION_URLS.clear()


@pytest.fixture
def demo(db):
    call_command("load_demo", allow_production=True, verbosity=0)


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher(db):
    return PublisherFactory()


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


def log_in(client, username, password, address="127.0.0.1", otp_token="", **headers):
    """Log in through the admin's login form, as a browser at ``address`` would."""
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "otp_token": otp_token, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def image_bytes(format="JPEG", size=(64, 48), mode="RGB", noise=False):
    image = Image.effect_noise(size, 80).convert(mode) if noise else Image.new(mode, size, "white")
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


def pdf_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
