"""Dates as Vietnamese and English readers write them, on every page that shows one."""

import datetime

import pytest
from django.utils import timezone, translation

from core.dates import reader_dates

from .factories import ArticleFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def page(client, record, language):
    return client.get(f"/{language}{record.get_absolute_url()[3:]}").content.decode()


@pytest.mark.parametrize(
    ("start", "end", "vi", "en"),
    [
        ((2019, 11, 20), (2019, 11, 21), "20–21 tháng 11 năm 2019", "20–21 November 2019"),
        (
            (2026, 11, 30),
            (2026, 12, 2),
            "30 tháng 11 – 2 tháng 12 năm 2026",
            "30 November – 2 December 2026",
        ),
        (
            (2026, 12, 30),
            (2027, 1, 2),
            "30 tháng 12 năm 2026 – 2 tháng 1 năm 2027",
            "30 December 2026 – 2 January 2027",
        ),
        ((2025, 5, 7), None, "ngày 7 tháng 5 năm 2025", "7 May 2025"),
    ],
)
def test_a_meetings_dates_write_once_what_both_ends_share(client, start, end, vi, en):
    meeting = MeetingFactory(
        start_date=datetime.date(*start), end_date=datetime.date(*end) if end else None
    )
    assert vi in page(client, meeting, "vi")
    assert en in page(client, meeting, "en")
    assert en in client.get("/en/meetings/").content.decode()  # the listing's cards too


@pytest.mark.parametrize(
    ("precision", "vi", "en"), [("month", "tháng 5/2027", "May 2027"), ("year", "2027", "2027")]
)
def test_a_meeting_known_only_by_month_or_year(client, precision, vi, en):
    meeting = MeetingFactory(start_date=datetime.date(2027, 5, 1), date_precision=precision)
    assert f"<dd>{vi} ·" in page(client, meeting, "vi")
    assert f"<dd>{en} ·" in page(client, meeting, "en")


def test_an_articles_time_names_the_zone_and_its_cards_the_day(client):
    moment = timezone.make_aware(datetime.datetime(2025, 5, 7, 20, 0))  # Asia/Ho_Chi_Minh
    article = ArticleFactory(published_at=moment)
    assert "20:00 (GMT+7) ngày 7 tháng 5 năm 2025" in page(client, article, "vi")
    assert "7 May 2025, 20:00 (GMT+7)" in page(client, article, "en")
    news = client.get("/vi/news/").content.decode()
    assert ">ngày 7 tháng 5 năm 2025</time>" in news
    assert "Ngày 07" not in news and "8 p.m." not in page(client, article, "en")


def test_a_date_pattern_of_each_language_is_in_its_catalogue():
    with translation.override("vi"):
        assert reader_dates(datetime.date(2026, 1, 1), None) == "ngày 1 tháng 1 năm 2026"
    with translation.override("en"):
        assert reader_dates(datetime.date(2026, 1, 1), None) == "1 January 2026"


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2025, 5, 7, 13, 0, 5, 120, tzinfo=datetime.UTC),
        datetime.datetime(2019, 11, 20, 23, 30, tzinfo=datetime.UTC),  # the next day in Viet Nam
    ],
)
def test_machine_readable_times_are_those_of_the_date_filter(moment):
    from django.template import Context, Template

    template = Template("{% load portal %}{{ moment|iso_moment }} {{ moment|date:'c' }}")
    ours, djangos = template.render(Context({"moment": moment})).split()
    assert ours == djangos
    assert ours.endswith("+07:00")
    assert Template("{% load portal %}{{ none|iso_moment }}").render(Context({})) == ""
