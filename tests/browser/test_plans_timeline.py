"""In Chromium at phone size: the plans' timeline scrolls sideways inside its own box (the
page does not), and a bar leads to its plan."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_the_timeline_scrolls_alone_and_each_bar_is_a_link(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/en/plans/")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    chart = page.locator(".plan-timeline")
    assert chart.evaluate("figure => figure.scrollWidth > figure.clientWidth")
    bar = chart.get_by_role("link", name="ASEAN Communication Master Plan II, 2018–2025")
    bar.scroll_into_view_if_needed()
    bar.click()
    expect(page).to_have_url(f"{site}/en/plans/acmp-ii/")
