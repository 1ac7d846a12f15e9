"""End-to-end: what a reader and an editor do, at phone and desktop sizes."""

import re
import unicodedata

import pytest
from playwright.sync_api import expect

from tests.conftest import image_bytes

from .conftest import DESKTOP, PHONE, SCREENSHOTS, VIEWPORTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=VIEWPORTS, ids=list(VIEWPORTS))
def viewport(request, page):
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


def test_reader_browses_filters_switches_language_and_searches(site, page, viewport):
    page.goto(f"{site}/vi/")
    page.locator(".site-nav").get_by_role("link", name="Hội nghị").click()
    expect(page).to_have_url(f"{site}/vi/meetings/")

    if viewport == "phone":
        page.locator(".filters__summary").click()  # the filters wait behind their disclosure
    page.select_option("#filter-series", "amri")
    page.select_option("#filter-status", "past")
    page.locator(".filters").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"series=amri.*status=past|status=past.*series=amri"))
    cards = page.locator(".card__title a")
    expect(cards).to_have_count(1)

    cards.first.click()
    expect(page).to_have_url(f"{site}/vi/meetings/amri-17-kuala-lumpur-2025/")
    expect(page.locator("h1")).to_contain_text("Hội nghị Bộ trưởng Thông tin ASEAN lần thứ 17")

    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/en/meetings/amri-17-kuala-lumpur-2025/")
    expect(page.locator("h1")).to_contain_text("17th ASEAN Ministers Responsible for Information")

    found = {}
    for words in ("da nang", "Đà Nẵng"):
        page.locator(".site-nav").get_by_role("link", name="Search").click()
        page.get_by_role("searchbox").fill(words)
        page.get_by_role("searchbox").press("Enter")
        expect(page.locator(".result-count")).to_be_visible()
        found[words] = page.locator("main h2 a, main h3 a").all_inner_texts()
    assert found["da nang"] == found["Đà Nẵng"]
    assert any("TELMIN 15" in title for title in found["da nang"])


def fill_translated(page, field, language, text, rich=False):
    page.locator(f'[data-content-language-choice="{language}"]').click()
    if rich:
        editor = page.locator(f".field-{field}_{language} [contenteditable=true]")
        editor.click()
        editor.press_sequentially(text)
    else:
        page.fill(f"#id_{field}_{language}", text)


def test_editor_writes_publisher_publishes_reader_sees(site, page, browser, viewport, tmp_path):
    photo = tmp_path / "hoi-nghi.jpg"
    photo.write_bytes(image_bytes(size=(800, 450), noise=True))

    log_in(page, site, "editor", "asean-demo-editor", "/admin/news/article/add/")
    fill_translated(page, "title", "vi", "Hội thảo về kỹ năng số cho thanh niên")
    fill_translated(page, "title", "en", "Workshop on digital skills for young people")
    fill_translated(page, "body", "vi", "Các chuyên gia chia sẻ kinh nghiệm.", rich=True)
    fill_translated(page, "body", "en", "Experts shared their experience.", rich=True)
    page.set_input_files("#id_image", photo)
    fill_translated(page, "image_alt", "vi", "Ảnh các đại biểu tại hội thảo")
    fill_translated(page, "image_alt", "en", "Delegates at the workshop")
    page.select_option("#id_state", "review")
    page.locator('input[name="_save"]').first.click()
    # The admin is in Vietnamese until an editor chooses otherwise; the step is said in words.
    expect(page.locator(".messagelist .success", has_text="Đã gửi duyệt")).to_be_visible()
    page.locator("#logout-form button").click()

    log_in(page, site, "publisher", "asean-demo-publisher", "/admin/news/article/")
    row = page.locator("#result_list tr", has_text="Hội thảo về kỹ năng số")
    row.locator("input.action-select").check()
    page.select_option('select[name="action"]', "publish")
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    reader = browser.new_page(viewport=page.viewport_size)
    reader.goto(f"{site}/en/news/")
    reader.get_by_role("link", name="Workshop on digital skills for young people").click()
    expect(reader.locator("h1")).to_have_text("Workshop on digital skills for young people")
    expect(reader.locator("figure img")).to_have_attribute("alt", "Delegates at the workshop")
    assert reader.locator("figure img").evaluate("img => img.naturalWidth") > 0
    expect(reader.locator(".prose")).to_contain_text("Experts shared their experience.")
    reader.close()


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, text: e.innerText || '', tag: e.tagName,"
        " outline: getComputedStyle(e).outlineStyle}; }"
    )


def tab_until(page, condition, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if condition(element):
            return element
    raise AssertionError("never reached by the keyboard")


def test_keyboard_only_header_and_filters(site, page, viewport):
    page.goto(f"{site}/en/meetings/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Skip to content" and skip["outline"] != "none"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    page.goto(f"{site}/en/meetings/")
    order = [tab_until(page, lambda e: e["tag"] == "A")["text"]]
    for _ in range(7):
        page.keyboard.press("Tab")
        order.append(focused(page)["text"])
    assert [" ".join(unicodedata.normalize("NFC", text).split()) for text in order[:8]] == [
        "Skip to content",
        "ASEAN Information Portal Cooperation in information and communications",
        "Meetings",
        "Plans",
        "News",
        "Documents",
        "Search",
        "Tiếng Việt",
    ]

    disclosure = tab_until(page, lambda e: e["tag"] == "SUMMARY")
    assert disclosure["outline"] != "none"
    if viewport == "phone":
        page.keyboard.press("Enter")  # opens the filters
    series = tab_until(page, lambda e: e["id"] == "filter-series")
    assert series["outline"] != "none"
    page.keyboard.press("ArrowDown")
    tab_until(page, lambda e: e["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"series=\w+"))
    expect(page.locator(".card__title a").first).to_be_visible()


@pytest.mark.parametrize("changelist", ["news/article", "meetings/meeting", "plans/plan"])
def test_admin_lists_fit_a_laptop_screen(site, page, changelist):
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "publisher", "asean-demo-publisher", f"/admin/{changelist}/")
    expect(page.locator("#result_list th.column-workflow_status")).to_be_visible()
    fits = page.evaluate(
        "() => { const results = document.querySelector('#changelist .results');"
        " const state = document.querySelector('th.column-workflow_status');"
        " return {page: document.documentElement.scrollWidth <= window.innerWidth,"
        " table: results.scrollWidth <= results.clientWidth,"
        " state: state.getBoundingClientRect().right <= window.innerWidth}; }"
    )
    assert fits == {"page": True, "table": True, "state": True}


def test_on_a_phone_results_come_first_and_filters_wait_behind_a_disclosure(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/vi/meetings/")
    expect(page.locator(".result-count")).to_be_in_viewport()
    expect(page.locator(".card").first).to_be_in_viewport()
    expect(page.locator("#filter-series")).to_be_hidden()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "phone-listing-1-before.jpg", type="jpeg", quality=80)

    page.locator(".filters__summary").click()
    page.select_option("#filter-series", "amri")
    page.select_option("#filter-status", "past")
    page.locator(".filters").get_by_role("button", name="Áp dụng bộ lọc").click()

    expect(page).to_have_url(f"{site}/vi/meetings/?series=amri&status=past#results")
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator(".filters__heading")).to_have_text("Lọc (2)")
    expect(page.locator("#results .card").first).to_be_in_viewport()
    page.screenshot(path=SCREENSHOTS / "phone-listing-2-filtered.jpg", type="jpeg", quality=80)

    page.locator(".chip").first.click()
    expect(page).to_have_url(f"{site}/vi/meetings/?status=past#results")
    expect(page.locator(".chip")).to_have_count(1)


def test_on_a_wide_screen_the_filters_are_open(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/en/meetings/")
    expect(page.locator("#filter-series")).to_be_visible()


def test_a_breadcrumbs_separator_never_stands_alone_at_a_lines_end(site, page):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{site}/vi/news/amri-17-thong-qua-tuyen-bo-kuala-lumpur/")
    crumbs = page.locator(".breadcrumbs li + li")
    expect(crumbs.first).to_be_visible()
    for index in range(crumbs.count()):
        # The separator is the crumb's ::before: the crumb's text starts on its line.
        offset = crumbs.nth(index).evaluate(
            "li => li.firstElementChild.getBoundingClientRect().top"
            " - li.getBoundingClientRect().top"
        )
        assert offset < 2, index
