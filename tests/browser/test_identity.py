"""In Chromium: the side column of detail pages on a desktop (below the text on a phone), the
dark scheme a reader's system asks for, and a printed page: no navigation, link addresses
and the print date."""

import datetime

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

MEETING = "/en/meetings/amri-17-kuala-lumpur-2025/"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(
    "path", [MEETING, "/en/plans/acmp-ii/", "/vi/news/asean-khoi-dong-ke-hoach-tong-the-ict-2020/"]
)
def test_the_side_column_is_beside_the_text_on_a_desktop_and_after_it_on_a_phone(site, page, path):
    page.set_viewport_size(DESKTOP)
    page.goto(site + path)
    text, side = box(page, ".record__main"), box(page, ".record__aside")
    assert side["x"] >= text["x"] + text["width"]
    assert abs(side["y"] - text["y"]) < 40
    page.set_viewport_size(PHONE)
    text, side = box(page, ".record__main"), box(page, ".record__aside")
    assert side["y"] >= text["y"] + text["height"]
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_the_dark_scheme_follows_the_readers_system(site, page):
    page.emulate_media(color_scheme="light")
    page.goto(f"{site}/en/")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) == "rgb(15, 23, 32)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(228, 233, 239)"


def test_a_printed_page_keeps_the_content_with_link_addresses_and_the_date(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(site + MEETING)
    page.emulate_media(media="print")
    for hidden in (
        ".site-nav",
        ".site-search",
        ".language-switcher",
        ".site-footer",
        ".aside-action",
    ):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("h1").is_visible()
    stamp = page.locator("main .print-only")
    assert stamp.is_visible()
    assert f"{site}{MEETING}" in stamp.inner_text()
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert datetime.date.today().strftime("%B") in stamp.inner_text()
    link = page.locator(".record__aside a[type='application/pdf']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" <{site}/media/documents/demo/kuala-lumpur-declaration-demo.pdf>"'
    pdf = page.pdf(format="A4")  # prints without error, as a reader's browser would
    assert pdf.startswith(b"%PDF-")
