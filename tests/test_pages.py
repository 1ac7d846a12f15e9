"""Every public page in both languages, with its links, titles and language handling."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan

from .factories import ArticleFactory, MeetingFactory, PlanFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["vi", "en"]


def page_title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def meta_description(html):
    return re.search(r'<meta name="description" content="(.*?)">', html, re.S).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["", "meetings/", "plans/", "news/"])
def test_home_and_listings_in_both_languages(demo, client, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", [Meeting, Plan, Article])
def test_every_demo_record_has_a_page_in_both_languages(demo, client, language, model):
    for obj in model.objects.published():
        html = client.get(f"/{language}/{model._meta.app_label}/{obj.slug}/").content.decode()
        title = getattr(obj, f"title_{language}")
        assert title in page_title(html)
        assert f'<h1 lang="{language}">{title}</h1>' in html
        assert 'aria-label="Breadcrumbs"' in html or 'aria-label="Đường dẫn"' in html


def test_titles_and_descriptions_follow_the_page_language(demo, client):
    meeting = Meeting.objects.get(edition=15)
    vi = client.get(f"/vi/meetings/{meeting.slug}/").content.decode()
    en = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
    assert page_title(vi).endswith("Cổng thông tin ASEAN")
    assert page_title(en).endswith("ASEAN Information Portal")
    assert meta_description(vi).startswith("Việt Nam đăng cai hội nghị tại Đà Nẵng")
    assert meta_description(en).startswith("Viet Nam hosted the meeting in Da Nang")


class TestMeetingPage:
    def test_shows_dates_place_chair_participants_documents_plans_and_news(self, demo, client):
        meeting = Meeting.objects.get(edition=15)
        html = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
        for text in (
            "26–27 November 2015",
            "Da Nang, Viet Nam",
            "Nguyễn Bắc Son",
            "Minister of Information and Communications of Viet Nam",
            "Republic of Korea",
            "International Telecommunication Union (ITU)",
            "Memorandum of Understanding between ASEAN and the International",
            'href="/en/plans/aim-2020/"',
            'href="/en/news/asean-khoi-dong-ke-hoach-tong-the-ict-2020/"',
        ):
            assert text in html, text

    def test_documents_are_downloadable(self, demo, client):
        meeting = Meeting.objects.get(edition=17)
        html = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
        documents = meeting.documents.exclude(file="")
        assert len(documents) == 2
        for document in documents:
            assert f'<a href="{document.file.url}" hreflang="en" type="application/pdf"' in html

    def test_links_to_previous_and_next_meeting_of_the_series(self, demo, client):
        html = client.get("/en/meetings/amri-17-kuala-lumpur-2025/").content.decode()
        assert 'href="/en/meetings/amri-18-campuchia-2027/" rel="next"' in html
        assert 'rel="prev"' not in html

    def test_neighbours_are_the_nearest_published_editions(self, client):
        first = MeetingFactory(start_date=datetime.date(2019, 11, 20))
        series = first.series
        second = MeetingFactory(series=series, start_date=datetime.date(2021, 1, 22))
        middle = MeetingFactory(series=series, start_date=datetime.date(2022, 11, 17))
        MeetingFactory(series=series, start_date=datetime.date(2023, 1, 1), state="draft")
        MeetingFactory(  # published, but not yet to be seen
            series=series,
            start_date=datetime.date(2023, 3, 1),
            published_at=timezone.now() + datetime.timedelta(hours=1),
        )
        fourth = MeetingFactory(series=series, start_date=datetime.date(2024, 2, 1))
        MeetingFactory(start_date=datetime.date(2023, 6, 1))  # another series

        html = client.get(f"/en/meetings/{middle.slug}/").content.decode()
        assert f'href="/en/meetings/{second.slug}/" rel="prev"' in html
        assert f'href="/en/meetings/{fourth.slug}/" rel="next"' in html
        assert f"Next meeting: {fourth.title_en} →" in html
        html = client.get(f"/vi/meetings/{first.slug}/").content.decode()
        assert 'rel="prev"' not in html and f"{second.title_vi} →" in html

    def test_planned_meeting_shows_only_its_year(self, demo, client):
        html = client.get("/en/meetings/amri-18-campuchia-2027/").content.decode()
        assert "<dd>2027 · Upcoming</dd>" in html


class TestPlanPage:
    def test_shows_period_status_timeline_thrusts_in_order_and_adopting_meeting(self, demo, client):
        html = client.get("/en/plans/aim-2020/").content.decode()
        assert "2016–2020" in html and "Completed" in html
        assert '<rect class="timeline__elapsed" width="100" height="1"/>' in html
        thrusts = re.findall(r'<li value="(\d)">', html)
        assert thrusts == [str(n) for n in range(1, 9)]
        assert 'href="/en/meetings/telmin-15-da-nang-2015/"' in html

    def test_links_predecessor_and_successor(self, demo, client):
        html = client.get("/en/plans/acmp-iii/").content.decode()
        assert 'href="/en/plans/acmp-ii/"' in html
        assert 'href="/en/plans/acmp-iii/"' in client.get("/en/plans/acmp-ii/").content.decode()

    def test_lists_the_meetings_that_reviewed_it(self, demo, client):
        html = client.get("/en/plans/acmp-ii/").content.decode()
        assert 'href="/en/meetings/somri-wg-imt-5-bohol-2019/"' in html
        assert 'href="/en/meetings/amri-17-kuala-lumpur-2025/"' in html
        assert "progress reviewed" in html


class TestArticlePage:
    def test_shows_lead_image_caption_credit_source_and_related_records(self, demo, client):
        article = Article.objects.get(slug="asean-khoi-dong-ke-hoach-tong-the-ict-2020")
        html = client.get(f"/en/news/{article.slug}/").content.decode()
        assert article.lead_en in html
        assert f'alt="{article.image_alt_en}"' in html
        assert "VGP/Thế Phong" in html
        assert 'href="https://chinhphu.vn/"' in html
        assert 'href="/en/meetings/telmin-15-da-nang-2015/"' in html

    def test_image_is_a_resized_rendition_never_the_upload(self, demo, client):
        article = Article.objects.exclude(image="").first()
        html = client.get(article.get_absolute_url()).content.decode()
        sources = re.findall(r'<img src="([^"]+)" srcset="([^"]+)"', html)
        assert sources
        assert article.image.url not in html
        assert sources[0][0].endswith(".webp") and "800w" in sources[0][1]

    def test_missing_image_file_leaves_out_the_picture(self, client):
        article = ArticleFactory(image="news/gone/never-uploaded.jpg", image_alt_vi="Ảnh")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "<figure" not in response.content.decode()


class TestLanguageSwitcher:
    @pytest.mark.parametrize(
        "path",
        [
            "/vi/",
            "/vi/meetings/?series=amri&year=2025",
            "/vi/news/?topic=tin-gia&page=1",
            "/vi/plans/aim-2020/",
            "/vi/meetings/telmin-15-da-nang-2015/",
        ],
    )
    def test_leads_to_the_same_page_in_the_other_language(self, demo, client, path):
        html = client.get(path).content.decode()
        target = "/en/" + path[len("/vi/") :]
        link = "/language/en/?" + urlencode({"next": target})
        assert f'href="{link.replace("&", "&amp;")}" hreflang="en" lang="en"' in html
        response = client.get(link)
        assert response.status_code == 302 and response["Location"] == target
        assert client.get(target).status_code == 200

    def test_alternate_links_for_search_engines(self, demo, client):
        html = client.get("/en/plans/aim-2020/").content.decode()
        link = '<link rel="alternate" hreflang="vi" href="http://testserver/vi/plans/aim-2020/">'
        assert link in html

    def test_root_redirects_by_cookie_then_browser_then_vietnamese(self, client):
        assert client.get("/")["Location"] == "/vi/"
        headers = {"accept-language": "en-GB,en;q=0.9"}
        assert client.get("/", headers=headers)["Location"] == "/en/"
        client.cookies["django_language"] = "vi"
        assert client.get("/", headers=headers)["Location"] == "/vi/"

    def test_switching_remembers_the_choice_and_reading_sets_no_cookie(self, demo, client):
        client.get("/en/plans/")
        assert "django_language" not in client.cookies
        client.get("/language/en/", {"next": "/en/plans/"})
        assert client.cookies["django_language"].value == "en"
        assert client.get("/")["Location"] == "/en/"

    @pytest.mark.parametrize(
        "target", ["https://evil.example/en/", "//evil.example/en/", "/vi/plans/", "", "/en"]
    )
    def test_switching_never_leads_off_the_site_or_to_the_other_language(self, client, target):
        response = client.get("/language/en/", {"next": target})
        assert response["Location"] == "/en/"

    def test_an_unknown_language_is_404(self, client):
        assert client.get("/language/fr/", {"next": "/fr/"}).status_code == 404


class TestMissingEnglish:
    def test_english_page_shows_vietnamese_with_a_note(self, client):
        article = ArticleFactory(title_vi="Tin chưa dịch", title_en="", lead_en="")
        html = client.get(f"/en/news/{article.slug}/").content.decode()
        assert '<h1 lang="vi">Tin chưa dịch</h1>' in html
        assert "have not been translated into English yet" in html
        assert "<h1></h1>" not in html and '<h1 lang="en"></h1>' not in html

    def test_listing_cards_mark_vietnamese_only_titles(self, client):
        MeetingFactory(title_vi="Hội nghị chưa dịch", title_en="")
        MeetingFactory(title_vi="Hội nghị đã dịch", title_en="A translated meeting")
        html = client.get("/en/meetings/").content.decode()
        i = html.find("card__title")
        assert 'lang="vi">Hội nghị chưa dịch</a>' in html, html[i : i + 400]
        assert 'lang="en">A translated meeting</a>' in html
        assert html.count("Vietnamese only") == 1
        assert 'class="badge"' not in client.get("/vi/meetings/").content.decode()

    def test_fully_translated_page_has_no_note(self, client):
        plan = PlanFactory()
        html = client.get(f"/en/plans/{plan.slug}/").content.decode()
        assert "have not been translated" not in html


class TestErrorPages:
    @pytest.mark.parametrize(
        ("path", "heading"),
        [("/en/no-such-page/", "Page not found"), ("/vi/no-such-page/", "Không tìm thấy trang")],
    )
    def test_404_is_styled_and_in_the_page_language(self, client, path, heading):
        response = client.get(path)
        assert response.status_code == 404
        assert f"<h1>{heading}</h1>" in response.content.decode()

    def test_unknown_record_is_404(self, client):
        assert client.get("/en/plans/no-such-plan/").status_code == 404

    @pytest.mark.parametrize(
        ("language", "heading"), [("en", "Something went wrong"), ("vi", "Đã xảy ra lỗi")]
    )
    def test_500_page_renders_in_the_active_language(self, language, heading):
        with translation.override(language):
            html = render_to_string("500.html")
        assert f'<html lang="{language}">' in html and heading in html


def test_a_news_card_without_an_image_keeps_the_rows_aligned(client):
    ArticleFactory(title_vi="Tin không có ảnh")
    html = client.get("/vi/news/").content.decode()
    card = re.search(r'<article class="card card--article">(.*?)</article>', html, re.S).group(1)
    placeholder = re.search(r'<img class="card__image card__image--placeholder"[^>]*>', card)
    # The same box as a card's image rendition: 480 × 270, and nothing for a screen reader.
    assert 'alt="" width="480" height="270"' in placeholder.group(0)
    assert 'src="/static/img/placeholder.svg"' in placeholder.group(0)
    assert finders.find("img/placeholder.svg")
    assert client.get(re.search(r'src="([^"]+)"', placeholder.group(0)).group(1)).status_code in (
        200,
        304,
    ) or "/static/img/placeholder" in placeholder.group(0)
