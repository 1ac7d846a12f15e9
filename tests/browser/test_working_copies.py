"""An editor corrects a published article in a real browser; readers keep the published text
until a publisher has compared, previewed and published the correction."""

import pytest
from playwright.sync_api import expect

from news.models import Article

from .conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser
CORRECTED = "AMRI 17 thông qua Tuyên bố Kuala Lumpur về truyền thông số (đã sửa)"


def test_a_correction_to_a_published_article_waits_for_the_publisher(site, page, browser):
    article = Article.objects.get(slug="amri-17-thong-qua-tuyen-bo-kuala-lumpur")
    change = f"/admin/news/article/{article.pk}/change/"
    public = f"{site}/vi/news/{article.slug}/"
    page.set_viewport_size(DESKTOP)

    log_in(page, site, "editor", "asean-demo-editor", change)
    expect(page.locator(".working-copy-note")).to_be_visible()
    page.fill("#id_title_vi", CORRECTED)
    page.locator('input[name="_continue"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("Đã lưu để duyệt")
    expect(page.locator("#working-copy")).to_contain_text("Thay đổi chờ duyệt")
    expect(page.locator("#id_title_vi")).to_have_value(CORRECTED)

    reader = browser.new_page()
    reader.goto(public)
    expect(reader.locator("h1")).not_to_contain_text("(đã sửa)")
    page.locator("#logout-form button").click()

    log_in(page, site, "publisher", "asean-demo-publisher", "/admin/")
    page.locator("tr", has_text="Bài tin").locator(".work-queues__changes a").click()
    page.get_by_role("link", name=article.title_vi).click()
    page.get_by_role("link", name="So sánh với bản đang đăng").click()
    expect(page.locator("table.changes")).to_contain_text(CORRECTED)
    with page.context.expect_page() as preview:
        page.get_by_role("link", name="Xem trước").first.click()
    expect(preview.value.locator("h1")).to_contain_text("(đã sửa)")
    expect(preview.value.locator(".preview-banner")).to_be_visible()
    page.get_by_role("button", name="Đăng các thay đổi").click()
    expect(page.locator(".messagelist")).to_contain_text("người đọc thấy các thay đổi")

    reader.goto(public)
    expect(reader.locator("h1")).to_contain_text("(đã sửa)")
