"""An editor's and a publisher's day in the Vietnamese admin, end to end on a laptop screen.
Each step is saved as a screenshot (``make screenshots`` copies them to docs/screenshots/,
which the README shows)."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, SCREENSHOTS, log_in

pytestmark = pytest.mark.browser
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DRAFT = "Campuchia chuẩn bị đăng cai AMRI 18 năm 2027"


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"admin-{name}.jpg", type="jpeg", quality=80)


def test_an_editors_and_a_publishers_day(site, page):
    page.set_viewport_size(DESKTOP)

    # The editor: the work to do, the demo's draft, submitted for review.
    log_in(page, site, "editor", "asean-demo-editor", "/admin/")
    expect(page.locator("#work-queues")).to_contain_text("Bản nháp của tôi")
    shot(page, "1-editor-home")
    page.goto(f"{site}/admin/news/article/?state=draft")
    page.get_by_role("link", name=DRAFT).click()
    page.select_option("#id_state", "review")
    page.locator('input[name="_save"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("Đã gửi duyệt")
    shot(page, "2-editor-submitted")
    page.locator("#logout-form button").click()

    # The publisher: what awaits review, scheduled day first for tomorrow 08:00, the history.
    log_in(page, site, "publisher", "asean-demo-publisher", "/admin/")
    due = page.locator("tr", has_text="Bài tin").locator(".work-queues__review a")
    expect(due).to_have_text("1")
    shot(page, "3-publisher-home")
    due.click()
    page.get_by_role("link", name=DRAFT).click()
    tomorrow = datetime.datetime.now(HANOI).date() + datetime.timedelta(days=1)
    page.select_option("#id_state", "published")
    page.fill("#id_published_at_0", f"{tomorrow:%d/%m/%Y}")
    page.fill("#id_published_at_1", "08:00")
    shot(page, "4-publisher-schedules")
    page.locator('input[name="_save"]').first.click()
    day = f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year} (GMT+7)"
    expect(page.locator(".messagelist")).to_contain_text("Đã hẹn giờ: người đọc sẽ thấy từ 08:00")
    expect(page.locator(".messagelist")).to_contain_text(day)
    page.goto(f"{site}/admin/news/article/?publication=scheduled")
    expect(page.locator("#result_list")).to_contain_text("Hẹn giờ xuất bản lúc 08:00")
    shot(page, "5-publisher-scheduled")
    page.get_by_role("link", name=DRAFT).click()
    page.get_by_role("link", name="Lịch sử").click()
    expect(page.locator("#change-history")).to_contain_text("Hẹn giờ xuất bản lúc 08:00")
    expect(page.locator("#change-history")).to_contain_text("Gửi duyệt.")
    shot(page, "6-history")
