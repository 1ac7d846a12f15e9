"""Records an editor can tell apart in the admin's pickers, and values typed the way editors
type them: a slug in Vietnamese, a photo credit with its "Ảnh:"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Workflow
from meetings.models import Meeting
from news.models import Article

from .admin_forms import admin_post_data
from .factories import ArticleFactory, MeetingFactory, MeetingSeriesFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def amri():
    series = MeetingSeriesFactory(acronym="AMRI")
    title = "Hội nghị Bộ trưởng Thông tin ASEAN"
    return {
        edition: MeetingFactory(
            series=series,
            edition=edition,
            title_vi=f"{title} lần thứ {edition}",
            city_vi=city,
            start_date=start,
            summary_vi=summary,
        )
        for edition, city, start, summary in [
            (17, "Kuala Lumpur", datetime.date(2025, 5, 7), "Thông qua Tuyên bố Kuala Lumpur."),
            (18, "Phnom Penh", datetime.date(2027, 1, 1), "Tiếp nối kết quả AMRI 17."),
        ]
    }


def picker(client, term, field="meetings", model="article", app="news"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": app, "model_name": model, "field_name": field},
    )
    return [result["text"] for result in response.json()["results"]]


class TestPickers:
    def test_meetings_are_named_by_series_edition_place_and_month(self, editor_client, amri):
        amri[18].date_precision = Meeting.DatePrecision.YEAR
        amri[18].save()
        assert picker(editor_client, "AMRI") == [
            "AMRI 18 · Phnom Penh · 2027",
            "AMRI 17 · Kuala Lumpur · 5/2025",
        ]

    @pytest.mark.parametrize("term", ["AMRI 17", "amri17", "amri-17"])
    def test_a_series_and_edition_comes_first(self, editor_client, amri, term):
        assert picker(editor_client, term)[0] == "AMRI 17 · Kuala Lumpur · 5/2025"

    def test_plans_are_named_by_acronym_and_period(self, editor_client):
        PlanFactory(acronym="ACMP II", start_year=2020, end_year=2025, title_vi="Kế hoạch ACMP")
        PlanFactory(acronym="ACMP III", start_year=2026, end_year=2030, title_vi="Kế hoạch ACMP")
        assert sorted(picker(editor_client, "ACMP", field="plans")) == [
            "ACMP II · 2020–2025",
            "ACMP III · 2026–2030",
        ]

    def test_the_article_form_shows_its_meetings_by_name(self, editor_client, amri):
        article = ArticleFactory(state=Workflow.DRAFT)
        article.meetings.add(amri[17])
        url = reverse("admin:news_article_change", args=[article.pk])
        assert "AMRI 17 · Kuala Lumpur · 5/2025" in editor_client.get(url).content.decode()

    def test_naming_linked_meetings_costs_no_query_each(self, editor_client):
        article = ArticleFactory(state=Workflow.DRAFT)
        url = reverse("admin:news_article_change", args=[article.pk])

        def queries():
            with CaptureQueriesContext(connection) as captured:
                editor_client.get(url)
            return len(captured)

        article.meetings.add(MeetingFactory(edition=1))  # named by its series then
        queries()  # what the first request reads once (content types…)
        one = queries()
        article.meetings.add(*MeetingFactory.create_batch(3, edition=2))
        assert queries() == one


class TestTypedValues:
    def test_a_slug_typed_in_vietnamese_is_converted(self, editor_client):
        article = ArticleFactory(state=Workflow.DRAFT)
        url = reverse("admin:news_article_change", args=[article.pk])
        data = admin_post_data(editor_client.get(url), slug="Hội nghị Đà Nẵng")
        response = editor_client.post(url, data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.slug == "hoi-nghi-da-nang"

    @pytest.mark.parametrize(
        "typed", ["Ảnh: VGP/Nhật Bắc", "ảnh:VGP/Nhật Bắc", "Photo: VGP/Nhật Bắc"]
    )
    def test_a_credit_is_kept_without_its_photo_prefix(self, typed):
        article = ArticleFactory(image_credit=typed)
        assert Article.objects.get(pk=article.pk).image_credit == "VGP/Nhật Bắc"
