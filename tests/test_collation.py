"""Every list a reader sees is sorted by the rules of the page's language, not by code points."""

import re

import pytest

from .factories import ArticleFactory, CountryFactory, MeetingFactory, PlanFactory, TopicFactory

pytestmark = pytest.mark.django_db
TOPICS = [
    ("Chuyển đổi số", "Digital transformation"),
    ("Chống chủ nghĩa cực đoan", "Countering extremism"),
    ("Ngôn từ kích động thù địch", "Hate speech"),
    ("Nền tảng số", "Digital platforms"),
]
COUNTRIES = [
    ("VN", "Việt Nam", "Viet Nam"),
    ("IN", "Ấn Độ", "India"),
    ("KR", "Hàn Quốc", "Republic of Korea"),
    ("JP", "Nhật Bản", "Japan"),
]


@pytest.fixture
def article():
    article = ArticleFactory()
    article.topics.set(TopicFactory(name_vi=vi, name_en=en) for vi, en in TOPICS)
    article.countries.set(
        CountryFactory(code=code, name_vi=vi, name_en=en) for code, vi, en in COUNTRIES
    )
    return article


def options(html, name):
    select = re.search(rf"<select id=\"filter-{name}\".*?</select>", html, re.S).group(0)
    return re.findall(r"<option value=\"[^\"]+\"[^>]*>(.*?) \(\d+\)", select)


def test_filter_options_in_vietnamese_order(client, article):
    html = client.get("/vi/news/").content.decode()
    assert options(html, "topic") == [
        "Chống chủ nghĩa cực đoan",
        "Chuyển đổi số",
        "Nền tảng số",
        "Ngôn từ kích động thù địch",
    ]
    assert options(html, "country") == ["Ấn Độ", "Hàn Quốc", "Nhật Bản", "Việt Nam"]


def test_english_pages_sort_the_english_names(client, article):
    html = client.get("/en/news/").content.decode()
    assert options(html, "topic") == [
        "Countering extremism",
        "Digital platforms",
        "Digital transformation",
        "Hate speech",
    ]
    assert options(html, "country") == ["India", "Japan", "Republic of Korea", "Viet Nam"]


def test_a_records_countries_topics_and_bodies_in_the_pages_order(client, article):
    vi = client.get(f"/vi/news/{article.slug}/").content.decode()
    en = client.get(f"/en/news/{article.slug}/").content.decode()
    assert re.findall(r"\?country=\w+\">([^<]+)<", vi) == [
        "Ấn Độ",
        "Hàn Quốc",
        "Nhật Bản",
        "Việt Nam",
    ]
    assert re.findall(r"\?country=\w+\">([^<]+)<", en) == [
        "India",
        "Japan",
        "Republic of Korea",
        "Viet Nam",
    ]
    meeting = MeetingFactory()
    meeting.participating_countries.set(article.countries.all())
    html = client.get(f"/vi/meetings/{meeting.slug}/").content.decode()
    assert "<dd>Ấn Độ, Hàn Quốc, Nhật Bản, Việt Nam</dd>" in html
    plan = PlanFactory()
    plan.partner_countries.set(article.countries.all())
    assert "Japan, Republic of Korea" in client.get(f"/en/plans/{plan.slug}/").content.decode()
