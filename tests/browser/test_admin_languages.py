"""The admin form's one language switch, and the rich-text toolbar in the admin's language."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def english_editor(site, page):
    """The demo editor, who has chosen the English admin, on a new article's form."""
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "editor", "asean-demo-editor", "/admin/news/article/add/")
    page.locator(".admin-language").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Add news article")
    return page


def choice(page, language):
    return page.locator(f'.content-languages [data-content-language-choice="{language}"]')


def rich_text(page, field):
    return page.locator(f".field-{field} [contenteditable=true]")


def test_english_admin_opens_on_vietnamese_and_saves_it_first(english_editor):
    page = english_editor
    expect(choice(page, "vi")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#id_title_vi")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()
    expect(page.locator(".field-body_en")).to_be_hidden()

    page.fill("#id_title_vi", "Hội thảo về an toàn thông tin cho báo chí")
    rich_text(page, "body_vi").click()
    rich_text(page, "body_vi").press_sequentially("Các phóng viên học cách bảo vệ nguồn tin.")
    # English now lacks the two texts Vietnamese has, and says which.
    expect(choice(page, "en")).to_contain_text("2 texts missing")
    expect(choice(page, "en")).to_have_attribute("title", "Missing: Title, Full text")

    page.locator('input[name="_continue"]').first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)

    choice(page, "en").click()
    expect(page.locator("#id_title_vi")).to_be_hidden()
    page.fill("#id_title_en", "Workshop on information security for the press")
    expect(choice(page, "en")).to_contain_text("1 text missing")
    expect(choice(page, "vi")).not_to_contain_text("missing")
    # The switch stays in reach while the form scrolls.
    page.mouse.wheel(0, 1500)
    expect(page.locator(".content-languages")).to_be_in_viewport()


def test_an_error_opens_its_language_and_keeps_what_was_typed(english_editor):
    page = english_editor
    choice(page, "en").click()
    page.fill("#id_title_en", "A title typed in English only")
    page.locator('input[name="_save"]').first.click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(choice(page, "vi")).to_have_attribute("aria-pressed", "true")
    expect(choice(page, "vi")).to_contain_text("has errors")
    expect(page.locator(".field-title_vi .errorlist")).to_be_visible()
    choice(page, "en").click()
    expect(page.locator("#id_title_en")).to_have_value("A title typed in English only")


def test_inline_rows_follow_the_switch(site, page):
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "editor", "asean-demo-editor", "/admin/plans/plan/add/")
    thrusts = page.locator("#thrusts-group")
    expect(thrusts.locator("th.column-title_vi")).to_be_visible()
    expect(thrusts.locator("th.column-title_en")).to_be_hidden()

    choice(page, "en").click()
    expect(thrusts.locator("th.column-title_vi")).to_be_hidden()
    expect(thrusts.locator("th.column-title_en")).to_be_visible()
    rows = thrusts.locator("tr.form-row:not(.empty-form)")
    before = rows.count()
    thrusts.locator(".add-row a").click()
    expect(rows).to_have_count(before + 1)
    added = rows.last
    expect(added.locator("td.field-title_en input")).to_be_visible()
    expect(added.locator("td.field-title_vi input")).to_be_hidden()


@pytest.mark.parametrize(
    "language,bold,heading", [("vi", "In đậm", "Tiêu đề 2"), ("en", "Bold", "Heading 2")]
)
def test_the_editor_toolbar_speaks_the_admins_language(site, page, language, bold, heading):
    log_in(page, site, "editor", "asean-demo-editor", "/admin/news/article/add/")
    if language == "en":
        page.locator(".admin-language").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    toolbar = page.locator(".field-body_vi .prose-menubar")
    expect(toolbar.locator("[data-name=bold]")).to_have_attribute("title", bold)
    expect(toolbar.locator("[data-name=bold]")).to_have_accessible_name(bold)
    expect(toolbar.locator('.prose-menubar__option[data-name="heading2"]')).to_have_text(heading)
