"""axe-core finds no WCAG 2 A/AA violation on any public page type, in either language, at
phone and desktop sizes, in the light and the dark scheme; each page is also saved as a
screenshot (``make screenshots``)."""

import pytest

from .conftest import SCREENSHOTS, VIEWPORTS, node_tool
from .pages import LANGUAGES, PAGE_TYPES, page_url

pytestmark = pytest.mark.browser

RUN_AXE = """async () => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return results.violations.map(
    v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""


def inject_axe(page):
    # Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses inline
    # scripts, and it stays on while axe runs.
    page.evaluate(node_tool("axe-core", "axe.min.js").read_text())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_accessibility_violations(site, page, page_type, language):
    expected_status = 404 if page_type == "not-found" else 200
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        response = page.goto(page_url(site, language, page_type))
        assert response.status == expected_status
        inject_axe(page)
        assert page.evaluate(RUN_AXE) == [], f"{page_type} ({language}, {size})"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{page_type}-{language}-{size}.png", full_page=True)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_accessibility_violations_in_the_dark_scheme(site, page, page_type):
    """Contrast above all: every colour of the dark scheme against its background."""
    page.emulate_media(color_scheme="dark")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(page_url(site, "vi", page_type))
        inject_axe(page)
        assert page.evaluate(RUN_AXE) == [], f"{page_type} (dark, {size})"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{page_type}-vi-{size}-dark.png", full_page=True)


def test_axe_reports_what_it_finds(page):
    page.set_content('<!DOCTYPE html><html><title>x</title><img src="a.png"></html>')
    inject_axe(page)
    violations = page.evaluate(RUN_AXE)
    assert any(v.startswith("image-alt") for v in violations)
    assert any(v.startswith("html-has-lang") for v in violations)
