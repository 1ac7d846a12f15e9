"""In Chromium: a meeting goes to the reader's calendar from its page, and the API's
documentation page works from the site's own files, within the Content-Security-Policy."""

from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_add_a_meeting_to_the_calendar(site, page):
    page.goto(f"{site}/en/meetings/amri-17-kuala-lumpur-2025/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    assert download.value.suggested_filename == "amri-17-kuala-lumpur-2025.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert "17th ASEAN Ministers Responsible for Information" in str(event["SUMMARY"])
    assert str(event["URL"]) == f"{site}/en/meetings/amri-17-kuala-lumpur-2025/"


def test_the_api_documentation_lists_every_operation(site, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}/api/v1/docs/")
    operations = page.locator(".opblock-get")
    expect(operations).to_have_count(6)
    expect(page.locator(".opblock-post, .opblock-put, .opblock-delete")).to_have_count(0)
    assert all(url.startswith(site) for url in requested), requested
