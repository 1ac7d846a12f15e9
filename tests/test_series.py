"""A meeting series' page: what it is, its body and earlier name, every published edition in
order with the next planned one marked, and the plans and news of its meetings."""

import datetime

import pytest
from django.utils import timezone
from lxml import html

from core.models import Workflow
from meetings.models import MeetingPlan

from .factories import (
    ArticleFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PlanFactory,
)
from .test_query_counts import queries_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def series():
    earlier = MeetingSeriesFactory(acronym="AMRI-OLD", slug="amri-old")
    return MeetingSeriesFactory(
        acronym="AMRI",
        slug="amri",
        name_vi="Hội nghị Bộ trưởng Thông tin ASEAN",
        name_en="ASEAN Ministers Responsible for Information",
        description_vi="Hội nghị thường kỳ của các bộ trưởng thông tin.",
        description_en="The regular meeting of information ministers.",
        organisation=OrganisationFactory(name_en="AMRI body"),
        predecessor=earlier,
    )


def edition(series, number, start, **fields):
    return MeetingFactory(
        series=series, edition=number, start_date=start, published_at=timezone.now(), **fields
    )


def test_every_published_edition_in_order_with_the_next_one_marked(client, series):
    held = edition(series, 16, datetime.date(2023, 8, 1), city_en="Da Nang")
    first = edition(series, 15, datetime.date(2021, 6, 1))
    following = edition(series, 18, TODAY + datetime.timedelta(days=400))
    nearest = edition(series, 17, TODAY + datetime.timedelta(days=30), city_en="Phnom Penh")
    MeetingFactory(series=series, state=Workflow.DRAFT, published_at=None, title_en="A draft")
    MeetingFactory(title_en="Another series' meeting")
    page = html.fromstring(client.get("/en/meetings/series/amri/").content)
    items = page.xpath("//ol[@class='editions']/li")
    assert [item.get("id") for item in items] == [
        f"edition-{record.pk}" for record in (first, held, nearest, following)
    ]
    (next_item,) = page.xpath("//li[contains(@class, 'editions__item--next')]")
    assert next_item.get("id") == f"edition-{nearest.pk}"
    assert "Phnom Penh" in next_item.text_content() and "Next planned" in next_item.text_content()
    assert "AMRI 16" in items[1].text_content() and "Da Nang" in items[1].text_content()
    text = page.text_content()
    assert "A draft" not in text and "Another series' meeting" not in text
    assert "The regular meeting of information ministers." in text
    assert "AMRI body" in text
    assert page.xpath("//a[@href='/en/meetings/series/amri-old/']")


def test_its_plans_and_news_in_both_languages(client, series):
    meeting = edition(series, 17, datetime.date(2025, 5, 7))
    PlanFactory(adopted_at=meeting, title_vi="Kế hoạch đã thông qua")
    reviewed = PlanFactory(title_vi="Kế hoạch được rà soát")
    MeetingPlan.objects.create(meeting=meeting, plan=reviewed, role=MeetingPlan.Role.REVIEWED)
    PlanFactory(title_vi="Kế hoạch khác")
    PlanFactory(adopted_at=meeting, state=Workflow.DRAFT, title_vi="Kế hoạch nháp")
    article = ArticleFactory(title_vi="Tin về AMRI 17")
    article.meetings.add(meeting)
    vi = client.get("/vi/meetings/series/amri/").content.decode()
    assert "Kế hoạch đã thông qua" in vi and "Kế hoạch được rà soát" in vi
    assert "Kế hoạch khác" not in vi and "Kế hoạch nháp" not in vi
    assert "Tin về AMRI 17" in vi
    assert "Hội nghị Bộ trưởng Thông tin ASEAN" in vi
    en = client.get("/en/meetings/series/amri/").content.decode()
    assert "ASEAN Ministers Responsible for Information" in en


def test_meeting_pages_and_the_filtered_listing_link_to_it(client, series):
    meeting = edition(series, 17, datetime.date(2025, 5, 7))
    page = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
    assert 'href="/en/meetings/series/amri/"' in page
    listing = client.get("/en/meetings/?series=amri").content.decode()
    assert 'href="/en/meetings/series/amri/">About AMRI' in listing
    assert "series-link" not in client.get("/en/meetings/").content.decode()


def test_addresses(client, series):
    assert client.get("/vi/meetings/series/khong-co/").status_code == 404
    series.slug = "amri-moi"
    series.save()
    response = client.get("/vi/meetings/series/amri/")
    assert response.status_code == 301 and response["Location"] == "/vi/meetings/series/amri-moi/"
    sitemap = client.get("/sitemap-series.xml").content.decode()
    assert "http://testserver/en/meetings/series/amri-moi/" in sitemap


def test_queries_do_not_grow_with_editions(client, series):
    for number in range(2):
        article = ArticleFactory()
        article.meetings.add(edition(series, number, datetime.date(2020 + number, 1, 1)))
    few = queries_for(client, "/vi/meetings/series/amri/")
    for number in range(2, 12):
        meeting = edition(series, number, datetime.date(2020 + number, 1, 1))
        PlanFactory(adopted_at=meeting)
        ArticleFactory().meetings.add(meeting)
    assert queries_for(client, "/vi/meetings/series/amri/") == few
