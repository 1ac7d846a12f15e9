"""The portal's identity and layout, as served: the wordmark, a home page that leads with its
newest story, a plan's key facts first, the side column of detail pages, and what a printed
page keeps."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import timezone
from lxml import html

from meetings.models import MeetingPlan

from .conftest import image_bytes
from .factories import (
    ArticleFactory,
    MeetingFactory,
    OrganisationFactory,
    OutcomeDocumentFactory,
    PageFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def text(element):
    return " ".join(element.text_content().split())


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


class TestWordmark:
    def test_every_page_names_the_portal_beside_its_mark(self, client):
        for url in ("/vi/", "/en/news/", "/en/documents/"):
            (name,) = page_of(client, url).xpath("//header//a[@class='site-name']")
            assert name.xpath("svg[@aria-hidden='true']")
        english = page_of(client, "/en/").xpath("//a[@class='site-name']")[0]
        assert text(english) == (
            "ASEAN Information Portal Cooperation in information and communications"
        )
        vietnamese = page_of(client, "/vi/").xpath("//a[@class='site-name']")[0]
        assert text(vietnamese).endswith("Hợp tác về thông tin và truyền thông")

    def test_the_browser_follows_the_readers_colour_scheme(self, client):
        page = page_of(client, "/vi/")
        assert page.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]
        with open(finders.find("css/site.css"), encoding="utf-8") as file:
            stylesheet = file.read()
        assert "@media (prefers-color-scheme: dark)" in stylesheet
        assert "@media print" in stylesheet


def served_under(script_name, path):
    """The page a WSGI server serving the site under ``script_name`` answers with (the test
    client leaves the script prefix out)."""
    environ = RequestFactory(SCRIPT_NAME=script_name).get(path).environ
    try:
        return b"".join(WSGIHandler()(environ, lambda status, headers, exc_info=None: None))
    finally:
        set_script_prefix("/")


class TestSiteChrome:
    """The header's and footer's HTML are kept in each worker's memory ("site-chrome"): one
    copy for each language, section, set of footer pages and script prefix."""

    def current_section(self, page):
        return [
            text(link) for link in page.xpath("//nav[@class='site-nav']//a[@aria-current='page']")
        ]

    def test_each_page_gets_the_copy_of_its_language_section_and_prefix(self, client):
        assert self.current_section(page_of(client, "/vi/news/")) == ["Tin tức"]
        assert self.current_section(page_of(client, "/en/news/")) == ["News"]
        meetings = page_of(client, "/en/meetings/")
        assert self.current_section(meetings) == ["Meetings"]
        assert meetings.xpath("//nav[@class='site-nav']//a/@href")[0] == "/en/meetings/"
        assert self.current_section(page_of(client, "/en/")) == []
        assert self.current_section(page_of(client, "/vi/news/")) == ["Tin tức"]
        prefixed = html.fromstring(served_under("/portal", "/en/meetings/"))
        assert prefixed.xpath("//nav[@class='site-nav']//a/@href")[0] == "/portal/en/meetings/"
        assert "/portal/en/news/feed/" in prefixed.xpath("//footer//a/@href")
        assert "/en/news/feed/" in meetings.xpath("//footer//a/@href")

    def test_the_footer_follows_its_pages(self, client):
        (footer,) = page_of(client, "/en/news/").xpath("//footer")
        assert "About" not in text(footer)
        PageFactory(title_en="About", in_footer=True)
        (footer,) = page_of(client, "/en/news/").xpath("//footer")
        assert "About" in text(footer)


class TestHomePage:
    def test_the_newest_story_leads_with_its_image_and_the_next_ones_follow(self, client):
        older = [ArticleFactory(published_at=days_ago(days)) for days in (5, 4, 3, 2)]
        newest = ArticleFactory(
            published_at=days_ago(1),
            title_en="Ministers meet in Da Nang",
            image=ContentFile(image_bytes(size=(1200, 675)), name="da-nang.jpg"),
            image_alt_vi="Ảnh hội nghị",
            image_alt_en="The meeting hall",
        )
        page = page_of(client, "/en/")
        assert page.xpath("//h1[@class='visually-hidden']/text()") == ["ASEAN Information Portal"]
        (lead,) = page.xpath("//article[@class='lead-story']")
        assert text(lead.xpath(".//h2")[0]) == "Ministers meet in Da Nang"
        assert lead.xpath(".//h2/a/@href") == [newest.get_absolute_url().replace("/vi/", "/en/")]
        (image,) = lead.xpath(".//img")
        assert image.get("alt") == "The meeting hall"
        assert image.get("src").endswith(".webp") and "800w" in image.get("srcset")
        more = page.xpath("//section[@aria-labelledby='latest-news']//h3/a/@href")
        assert more == [f"/en/news/{article.slug}/" for article in reversed(older)]

    def test_a_lead_story_without_an_image_shows_the_placeholder(self, client):
        ArticleFactory(title_en="No picture today")
        (image,) = page_of(client, "/en/").xpath("//article[@class='lead-story']//img")
        assert image.get("src") == "/static/img/placeholder.svg"
        assert image.get("alt") == ""

    def test_no_news_yet(self, client):
        page = page_of(client, "/en/")
        assert not page.xpath("//article[@class='lead-story']")
        assert "No news yet." in text(page)


class TestPlanKeyFacts:
    def test_period_status_adopting_meeting_and_bodies_come_first(self, client):
        meeting = MeetingFactory(
            title_en="TELMIN 15", start_date=datetime.date(2015, 11, 26), published_at=days_ago(9)
        )
        plan = PlanFactory(
            start_year=2016,
            end_year=2020,
            adopted_at=meeting,
            summary_en="The masterplan's summary.",
            published_at=days_ago(9),
        )
        plan.implementing_bodies.add(OrganisationFactory(acronym="TELSOM"))
        page = page_of(client, plan.get_absolute_url().replace("/vi/", "/en/"))
        (facts,) = page.xpath("//section[@class='key-facts']")
        terms = [text(term) for term in facts.xpath(".//dt")]
        assert terms == ["Period", "Status", "Adopted at", "Implementing bodies"]
        values = [text(value) for value in facts.xpath(".//dd")]
        assert values == ["2016–2020", "Completed", "TELMIN 15", "TELSOM"]
        (main,) = page.xpath("//main")
        body = html.tostring(main).decode()
        assert body.index('class="key-facts"') < body.index("The masterplan's summary.")


class TestSideColumn:
    def test_a_meetings_documents_plans_and_calendar_are_beside_its_text(self, client):
        meeting = MeetingFactory(summary_en="What the ministers did.", published_at=days_ago(3))
        OutcomeDocumentFactory(meeting=meeting, title_en="Joint statement")
        plan = PlanFactory(published_at=days_ago(3))
        MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
        page = page_of(client, meeting.get_absolute_url().replace("/vi/", "/en/"))
        (main,) = page.xpath("//div[@class='record__main']")
        (aside,) = page.xpath("//div[@class='record__aside']")
        assert "What the ministers did." in text(main)
        assert [text(h) for h in aside.xpath(".//h2")] == ["Outcome documents", "Related plans"]
        assert aside.xpath(".//a[@type='text/calendar']/@href") == [
            meeting.get_absolute_url().replace("/vi/", "/en/") + "calendar.ics"
        ]

    def test_an_articles_meetings_and_topics_are_beside_its_text(self, client):
        article = ArticleFactory()
        article.meetings.add(MeetingFactory(title_en="AMRI 17", published_at=days_ago(3)))
        page = page_of(client, article.get_absolute_url().replace("/vi/", "/en/"))
        (aside,) = page.xpath("//div[@class='record__aside']")
        assert [text(term) for term in aside.xpath(".//dt")] == ["Meetings"]
        assert "AMRI 17" in text(aside)


def test_a_printed_page_names_where_it_came_from(client):
    url = f"/vi/news/{ArticleFactory().slug}/"
    (stamp,) = page_of(client, url).xpath("//main//p[@class='print-only']")
    assert text(stamp) == f"In từ http://testserver{url}"
    assert stamp.xpath("span[@id='print-date']")
