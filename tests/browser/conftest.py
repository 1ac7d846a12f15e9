"""Browser tests: Playwright driving Debian's Chromium against a live server with the demo.

Run with ``make test-browser`` (part of ``make test``), which installs Chromium and the npm
tools (axe-core, vnu-jar) where they are missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from search.index import rebuild

# Playwright's sync API runs an event loop in this thread; the ORM calls made beside it are
# plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = ROOT / "screenshots"


def node_tool(*parts):
    path = NODE_MODULES.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test-browser`, which installs it with npm ci")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test-browser`, which installs it")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every browser test fails on anything the Content-Security-Policy blocked: Chromium
    reports each on the console."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert violations == []


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server with the demo content, its media and a fresh search index."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    call_command("load_demo", allow_production=True, verbosity=0)
    rebuild()
    return live_server.url


def log_in(page, site, username, password, next_path):
    page.goto(f"{site}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{site}{next_path}")
