"""Sitemap, robots.txt, news feeds, meeting calendars and what each page says of itself
(canonical address, alternates, share preview, JSON-LD), read with the libraries that search
engines', feed readers' and calendars' software uses."""

import datetime
import io
import json
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree, html
from PIL import Image

from asean_portal.sitemaps import PortalSitemap
from core.models import Workflow
from meetings.models import Meeting, MeetingSeries

from .conftest import image_bytes
from .factories import (
    ArticleFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PlanFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def hidden_records():
    """A draft, a scheduled and an unpublished record of each kind: never shown to anyone."""
    later = timezone.now() + datetime.timedelta(days=3)
    hidden = []
    for factory in (MeetingFactory, PlanFactory, ArticleFactory):
        hidden += [
            factory(state=Workflow.DRAFT, published_at=None),
            factory(published_at=later),
            factory(state=Workflow.UNPUBLISHED),
        ]
    return hidden


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_urls(client):
    """``{loc: ({hreflang: href}, lastmod)}`` of every page of the sitemap."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = {}
    for loc in etree.fromstring(index.content).iterfind("s:sitemap/s:loc", SITEMAP):
        assert loc.text.startswith("http://testserver/sitemap-")
        page = client.get(path_of(loc.text))
        assert page.status_code == 200
        for url in etree.fromstring(page.content).iterfind("s:url", SITEMAP):
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.iterfind("x:link[@rel='alternate']", SITEMAP)
            }
            assert url.findtext("s:loc", namespaces=SITEMAP) not in urls
            urls[url.findtext("s:loc", namespaces=SITEMAP)] = (
                alternates,
                url.findtext("s:lastmod", namespaces=SITEMAP),
            )
    return urls


class TestSitemap:
    def test_every_published_record_in_both_languages_with_alternates(self, client):
        shown = [MeetingFactory(), PlanFactory(), ArticleFactory()]
        hidden = hidden_records()
        urls = sitemap_urls(client)
        for record in shown:
            path = record.get_absolute_url().removeprefix("/vi/")
            for language in ("vi", "en"):
                alternates, lastmod = urls[f"http://testserver/{language}/{path}"]
                assert alternates == {
                    "vi": f"http://testserver/vi/{path}",
                    "en": f"http://testserver/en/{path}",
                    "x-default": f"http://testserver/{path}",
                }
                assert lastmod == timezone.localtime(record.updated_at).date().isoformat()
        for section in ("", "meetings/", "plans/", "news/", "documents/"):
            assert f"http://testserver/en/{section}" in urls
        listed = " ".join(urls)
        for record in hidden:
            assert record.slug not in listed
        series = MeetingSeries.objects.all()  # reference data: every series has its page
        assert len(urls) == 2 * (5 + len(shown) + len(series))

    @pytest.mark.parametrize("limit", [3, 4])
    def test_pages_of_the_sitemap_list_each_address_once(self, client, monkeypatch, limit):
        """A page may end between a record's two languages; nothing is lost or repeated."""
        monkeypatch.setattr(PortalSitemap, "limit", limit)
        articles = ArticleFactory.create_batch(5)
        urls = sitemap_urls(client)  # asserts that no address comes twice
        for article in articles:
            for language in ("vi", "en"):
                assert f"http://testserver/{language}/news/{article.slug}/" in urls

    def test_a_deleted_sitemap_page_is_a_404(self, client):
        assert client.get("/sitemap-news.xml?p=999999").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404
        assert client.get("/sitemap-news.xml?p=x").status_code == 404

    def test_each_page_has_one_address(self, client, monkeypatch):
        """Any other query string is sent to the page's address before anything is read:
        each would be one more page to render (a second's work at 100,000 articles) and keep
        in the page cache."""
        monkeypatch.setattr(PortalSitemap, "limit", 2)
        ArticleFactory.create_batch(2)  # four addresses: two pages
        for asked, address in [
            ("/sitemap.xml?utm_source=x", "/sitemap.xml"),
            ("/sitemap.xml?p=2", "/sitemap.xml"),
            ("/sitemap-news.xml?p=1", "/sitemap-news.xml"),
            ("/sitemap-news.xml?utm_source=x", "/sitemap-news.xml"),
            ("/sitemap-news.xml?p=02", "/sitemap-news.xml?p=2"),
            ("/sitemap-news.xml?p=2&p=2", "/sitemap-news.xml?p=2"),
            ("/sitemap-news.xml?x=1&p=2", "/sitemap-news.xml?p=2"),
        ]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(asked)
            assert (response.status_code, response["Location"]) == (301, address), asked
            assert len(queries) == 0, asked
        for address in ("/sitemap.xml", "/sitemap-news.xml", "/sitemap-news.xml?p=2"):
            assert client.get(address).status_code == 200, address

    def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines


def media_file(url):
    """The bytes of the upload or rendition at ``url`` (served by the web server in front)."""
    name = path_of(url).removeprefix(settings.MEDIA_URL)
    with default_storage.open(name) as file:
        return file.read()


def parsed_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


class TestNewsFeeds:
    @pytest.mark.parametrize("kind", ["feed", "atom"])
    def test_newest_published_articles_first(self, client, kind):
        now = timezone.now()
        older = ArticleFactory(published_at=now - datetime.timedelta(days=2), author="Lan Anh")
        newer = ArticleFactory(published_at=now - datetime.timedelta(hours=1))
        hidden = hidden_records()
        response, feed = parsed_feed(client, f"/en/news/{kind}/")
        assert feed.version == ("rss20" if kind == "feed" else "atom10")
        assert feed.feed.language if kind == "feed" else True
        assert [entry.title for entry in feed.entries] == [newer.title_en, older.title_en]
        assert feed.entries[0].link == f"http://testserver/en/news/{newer.slug}/"
        assert feed.entries[1].summary == older.lead_en
        assert feed.entries[1].author == "Lan Anh"
        published = datetime.datetime(*feed.entries[1].published_parsed[:6], tzinfo=datetime.UTC)
        assert published == older.published_at.replace(microsecond=0)
        assert not any(record.slug in response.content.decode() for record in hidden)

    def test_in_vietnamese(self, client):
        article = ArticleFactory()
        _response, feed = parsed_feed(client, "/vi/news/feed/")
        assert feed.feed.language == "vi"
        assert feed.entries[0].title == article.title_vi
        assert feed.feed.link == "http://testserver/vi/news/"

    @pytest.mark.parametrize("kind", ["feed", "atom"])
    def test_the_news_listing_filters_apply(self, client, kind):
        topic, other = TopicFactory(), TopicFactory()
        followed = ArticleFactory()
        followed.topics.set([topic])
        ArticleFactory().topics.set([other])
        meeting = MeetingFactory()
        about_meeting = ArticleFactory()
        about_meeting.meetings.add(meeting)
        _response, feed = parsed_feed(client, f"/en/news/{kind}/?topic={topic.slug}")
        assert [entry.title for entry in feed.entries] == [followed.title_en]
        assert topic.name_en in feed.feed.title
        assert feed.feed.link == f"http://testserver/en/news/?topic={topic.slug}"
        response = client.get(f"/en/news/{kind}/?meeting={meeting.slug}&page=3")
        assert response.status_code == 301  # a feed has no pages, and one address
        _response, feed = parsed_feed(client, response["Location"])
        assert [entry.title for entry in feed.entries] == [about_meeting.title_en]

    def test_the_image_is_an_enclosure_of_1200_by_630(self, client):
        article = ArticleFactory(
            image=SimpleUploadedFile("anh.jpg", image_bytes(size=(1600, 1000))),
            image_alt_vi="Các bộ trưởng",
        )
        _response, feed = parsed_feed(client, "/vi/news/feed/")
        (enclosure,) = feed.entries[0].enclosures
        assert enclosure.type == "image/jpeg"
        assert enclosure.href.startswith("http://testserver/media/")
        assert int(enclosure.length) == len(media_file(enclosure.href))
        assert article.share_image_url in enclosure.href

    def test_ids_do_not_change_with_the_address(self, client):
        article = ArticleFactory()
        _response, before = parsed_feed(client, "/vi/news/atom/")
        article.slug = "dia-chi-moi"
        article.save()
        _response, after = parsed_feed(client, "/vi/news/atom/")
        assert before.entries[0].id == after.entries[0].id
        assert before.entries[0].link != after.entries[0].link

    @pytest.mark.parametrize(
        "query", ["?topic=%3Cscript%3E", "?meeting=khong-co", "?year=abc", "?country=ZZ"]
    )
    def test_a_filter_that_names_nothing_is_a_404(self, client, query):
        ArticleFactory()
        response = client.get(f"/vi/news/feed/{query}")
        assert response.status_code == 404
        assert b"<script>" not in response.content

    def test_a_renamed_topic_redirects_to_its_feed(self, client):
        topic = TopicFactory(slug="tin-gia")
        topic.slug = "tin-gia-va-thong-tin-sai-lech"
        topic.save()
        response = client.get("/vi/news/feed/?topic=tin-gia")
        assert response.status_code == 301
        assert response["Location"] == "/vi/news/feed/?topic=tin-gia-va-thong-tin-sai-lech"

    @pytest.mark.parametrize("kind", ["feed", "atom"])
    def test_each_feed_has_one_address_the_listing_links_to(self, client, kind):
        """Any other query string for the same filters (empty or unknown parameters, a page
        number, another order, a value twice) is sent to it: each would be one more feed to
        render and keep in the page cache."""
        topic = TopicFactory()
        article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
        article.topics.set([topic])
        year = timezone.localdate(article.published_at).year
        listing = html.fromstring(client.get(f"/vi/news/?year={year}&topic={topic.slug}").content)
        (linked,) = listing.xpath(
            f"//p[@class='subscriptions']/a[contains(@href, '/{kind}/')]/@href"
        )
        _response, feed = parsed_feed(client, linked)
        assert [entry.link for entry in feed.entries] == [
            f"http://testserver/vi/news/{article.slug}/"
        ]
        for asked in [
            f"?year={year}&topic={topic.slug}",
            f"?topic={topic.slug}&year={year}&page=2",
            f"?topic={topic.slug}&topic={topic.slug}&year={year}",
            f"?topic={topic.slug}&year={year}&country=&utm_source=zalo",
        ]:
            response = client.get(f"/vi/news/{kind}/{asked}")
            assert (response.status_code, response["Location"]) == (301, linked), asked
        response = client.get(f"/vi/news/{kind}/?q=&utm_source=zalo")
        assert (response.status_code, response["Location"]) == (301, f"/vi/news/{kind}/")

    def test_an_empty_feed_is_still_a_feed(self, client):
        _response, feed = parsed_feed(client, "/vi/news/feed/?year=1990")
        assert feed.entries == []


def parsed_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(event["URL"]).rsplit("/", 2)[-2]: event for event in calendar.walk("VEVENT")}


class TestMeetingCalendars:
    def test_every_published_meeting_as_an_all_day_event(self, client):
        two_days = MeetingFactory(
            start_date=datetime.date(2019, 11, 20),
            end_date=datetime.date(2019, 11, 21),
            city_en="Da Nang",
            venue_en="Ariyana Convention Centre",
        )
        one_day = MeetingFactory(start_date=datetime.date(2025, 5, 7))
        hidden = hidden_records()
        calendar = parsed_calendar(client, "/en/meetings/calendar.ics")
        assert calendar["VERSION"] == "2.0"
        assert calendar.get("PRODID")
        events = events_of(calendar)
        assert set(events) == {two_days.slug, one_day.slug}
        event = events[two_days.slug]
        assert event.decoded("DTSTART") == datetime.date(2019, 11, 20)
        assert event.decoded("DTEND") == datetime.date(2019, 11, 22)  # exclusive
        assert str(event["SUMMARY"]) == two_days.title_en
        assert "Ariyana Convention Centre" in str(event["LOCATION"])
        assert "Da Nang" in str(event["LOCATION"])
        assert str(event["URL"]) == f"http://testserver/en/meetings/{two_days.slug}/"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert events[one_day.slug].decoded("DTEND") == datetime.date(2025, 5, 8)
        assert not {record.slug for record in hidden} & set(events)

    def test_a_meeting_known_by_its_month_is_tentative_over_the_month(self, client):
        meeting = MeetingFactory(
            start_date=datetime.date(2027, 2, 1), date_precision="month", end_date=None
        )
        event = events_of(parsed_calendar(client, "/vi/meetings/calendar.ics"))[meeting.slug]
        assert str(event["STATUS"]) == "TENTATIVE"
        assert event.decoded("DTSTART") == datetime.date(2027, 2, 1)
        assert event.decoded("DTEND") == datetime.date(2027, 3, 1)

    def test_ids_are_stable_across_languages_and_addresses(self, client):
        meeting = MeetingFactory()
        (vi,) = parsed_calendar(client, "/vi/meetings/calendar.ics").walk("VEVENT")
        meeting.slug = "dia-chi-moi"
        meeting.save()
        (en,) = parsed_calendar(client, "/en/meetings/calendar.ics").walk("VEVENT")
        assert str(vi["UID"]) == str(en["UID"]) == f"meeting-{meeting.pk}@testserver"
        assert str(vi["SUMMARY"]) == meeting.title_vi

    def test_the_meetings_listing_filters_apply(self, client):
        series = MeetingSeriesFactory()
        chosen = MeetingFactory(series=series)
        MeetingFactory()
        events = events_of(
            parsed_calendar(client, f"/en/meetings/calendar.ics?series={series.slug}")
        )
        assert set(events) == {chosen.slug}
        listing = client.get(f"/en/meetings/?series={series.slug}").content.decode()
        assert f'href="/en/meetings/calendar.ics?series={series.slug}"' in listing

    def test_one_meeting_from_its_page(self, client):
        meeting = MeetingFactory()
        MeetingFactory()
        page = html.fromstring(client.get(meeting.get_absolute_url()).content)
        (link,) = page.xpath("//main//a[@type='text/calendar']")
        events = events_of(parsed_calendar(client, link.get("href")))
        assert set(events) == {meeting.slug}

    def test_bad_addresses(self, client):
        draft = MeetingFactory(state=Workflow.DRAFT, published_at=None)
        moved = MeetingFactory(slug="truoc-day")
        moved.slug = "bay-gio"
        moved.save()
        assert client.get(f"/vi/meetings/{draft.slug}/calendar.ics").status_code == 404
        assert client.get("/vi/meetings/khong-co/calendar.ics").status_code == 404
        response = client.get("/vi/meetings/truoc-day/calendar.ics")
        assert response.status_code == 301
        assert response["Location"] == "/vi/meetings/bay-gio/calendar.ics"
        assert client.get("/vi/meetings/calendar.ics?year=abc").status_code == 404
        response = client.get("/vi/meetings/calendar.ics?page=999999")
        assert response.status_code == 301  # a calendar has no pages, and one address
        assert response["Location"] == "/vi/meetings/calendar.ics"
        response = client.get("/vi/meetings/calendar.ics?status=&year=2019&utm_source=zalo")
        assert response.status_code == 301
        assert response["Location"] == "/vi/meetings/calendar.ics?year=2019"


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def structured_data(page):
    """Every JSON-LD block of ``page``, parsed: ``{@type: data}``."""
    blocks = [
        json.loads(script.text) for script in page.xpath("//script[@type='application/ld+json']")
    ]
    assert all(block["@context"] == "https://schema.org" for block in blocks)
    return {block["@type"]: block for block in blocks}


def meta(page, name):
    (value,) = page.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
    return value


class TestWhatPagesSayOfThemselves:
    def test_alternates_are_absolute_with_x_default(self, client):
        article = ArticleFactory()
        page = head_of(client, f"/en/news/{article.slug}/")
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")
        }
        assert alternates == {
            "vi": f"http://testserver/vi/news/{article.slug}/",
            "en": f"http://testserver/en/news/{article.slug}/",
            "x-default": f"http://testserver/news/{article.slug}/",
        }
        # x-default leads each reader to their language.
        response = client.get(path_of(alternates["x-default"]), HTTP_ACCEPT_LANGUAGE="en")
        assert response["Location"] == f"/en/news/{article.slug}/"

    def test_canonical_keeps_only_what_chooses_the_page(self, client):
        topic = TopicFactory()
        ArticleFactory().topics.set([topic])
        page = head_of(client, f"/vi/news/?utm_source=zalo&topic={topic.slug}&fbclid=abc&page=1")
        canonical = f"http://testserver/vi/news/?topic={topic.slug}"
        assert page.xpath("//link[@rel='canonical']/@href") == [canonical]
        assert meta(page, "og:url") == canonical
        hreflang_en = page.xpath("//link[@hreflang='en']/@href")
        assert hreflang_en == [f"http://testserver/en/news/?topic={topic.slug}"]

    def test_an_article_shares_its_image_title_and_lead(self, client):
        article = ArticleFactory(
            image=SimpleUploadedFile("anh.jpg", image_bytes(size=(1600, 1000))),
            image_alt_vi="Các bộ trưởng chụp ảnh chung",
            image_alt_en="The ministers pose for a photo",
        )
        page = head_of(client, f"/en/news/{article.slug}/")
        assert meta(page, "og:type") == "article"
        assert meta(page, "og:title") == article.title_en
        assert meta(page, "og:description") == article.lead_en
        assert meta(page, "description") == article.lead_en
        assert meta(page, "og:image:alt") == "The ministers pose for a photo"
        assert meta(page, "og:locale") == "en_US"
        assert meta(page, "og:locale:alternate") == "vi_VN"
        assert meta(page, "twitter:card") == "summary_large_image"
        image = meta(page, "og:image")
        assert image.startswith("http://testserver/media/") and image.endswith(".jpg")
        with Image.open(io.BytesIO(media_file(image))) as shown:
            assert shown.size == (1200, 630)

    def test_markup_in_a_title_stays_text(self, client):
        title = 'Họp "ASEAN" <script>alert(1)</script> & bàn'
        article = ArticleFactory(title_vi=title, lead_vi='Tóm tắt <b>"đậm"</b>')
        response = client.get(f"/vi/news/{article.slug}/")
        head = response.content.decode().split("</head>")[0]
        assert "<script>alert" not in head and "<b>" not in head
        page = html.fromstring(response.content)
        assert meta(page, "og:title") == meta(page, "twitter:title") == title
        assert meta(page, "description") == 'Tóm tắt <b>"đậm"</b>'

    def test_a_page_without_an_image_shares_the_portals(self, client):
        page = head_of(client, "/vi/meetings/")
        assert meta(page, "og:image") == "http://testserver/static/img/share.png"
        assert client.get("/static/img/share.png").status_code == 200

    def test_every_page_names_the_news_feeds(self, client):
        meeting = MeetingFactory()
        for url in ("/vi/", "/vi/plans/", meeting.get_absolute_url(), "/vi/search/?q=asean"):
            page = head_of(client, url)
            feeds = page.xpath("//head/link[@type='application/rss+xml']/@href")
            assert "http://testserver/vi/news/feed/" in feeds
        page = head_of(client, meeting.get_absolute_url())
        assert f"http://testserver/vi/news/feed/?meeting={meeting.slug}" in page.xpath(
            "//head/link[@type='application/rss+xml']/@href"
        )

    def test_home_is_a_website_with_a_search_box(self, client):
        data = structured_data(head_of(client, "/en/"))
        assert set(data) == {"WebSite"}
        action = data["WebSite"]["potentialAction"]
        assert action["@type"] == "SearchAction"
        template = action["target"]["urlTemplate"]
        assert template == "http://testserver/en/search/?q={search_term_string}"
        assert action["query-input"] == "required name=search_term_string"

    def test_an_article_is_a_news_article(self, client):
        article = ArticleFactory(
            author="Minh Châu",
            image=SimpleUploadedFile("anh.jpg", image_bytes(size=(1600, 1000))),
            image_alt_vi="Ảnh",
        )
        article.topics.set([TopicFactory()])
        address = f"/vi/news/{article.slug}/"
        data = structured_data(head_of(client, address))
        news = data["NewsArticle"]
        assert news["headline"] == article.title_vi
        assert news["datePublished"] == article.published_at.isoformat()
        assert news["author"] == {"@type": "Person", "name": "Minh Châu"}
        assert news["publisher"]["@type"] == "Organization"
        assert news["image"][0].startswith("http://testserver/media/")
        assert news["mainEntityOfPage"] == f"http://testserver{address}"
        crumbs = data["BreadcrumbList"]["itemListElement"]
        assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
        assert crumbs[1]["item"] == "http://testserver/vi/news/"
        assert crumbs[2]["item"] == f"http://testserver{address}"

    def test_a_meeting_is_an_event(self, client):
        organiser = OrganisationFactory(name_en="ASEAN Ministers Responsible for Information")
        meeting = MeetingFactory(
            series=MeetingSeriesFactory(organisation=organiser),
            start_date=datetime.date(2019, 11, 20),
            end_date=datetime.date(2019, 11, 21),
            city_en="Da Nang",
        )
        event = structured_data(head_of(client, f"/en/meetings/{meeting.slug}/"))["Event"]
        assert event["name"] == meeting.title_en
        assert (event["startDate"], event["endDate"]) == ("2019-11-20", "2019-11-21")
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert event["location"]["address"]["addressLocality"] == "Da Nang"
        assert event["location"]["address"]["addressCountry"] == meeting.host_country.code
        assert event["organizer"]["name"] == "ASEAN Ministers Responsible for Information"

    def test_a_planned_meeting_gives_the_dates_it_knows(self, client):
        meeting = MeetingFactory(start_date=datetime.date(2027, 5, 1), date_precision="month")
        event = structured_data(head_of(client, meeting.get_absolute_url()))["Event"]
        assert event["startDate"] == "2027-05"
        assert "endDate" not in event

    def test_text_cannot_end_the_json_ld_block(self, client):
        article = ArticleFactory(title_vi='Tin </script><script>alert("x")</script> & <!--')
        page = head_of(client, f"/vi/news/{article.slug}/")
        assert structured_data(page)["NewsArticle"]["headline"] == article.title_vi
        assert not page.xpath("//script[not(@type='application/ld+json') and not(@src)]")

    @pytest.mark.parametrize("url", ["/vi/", "/en/meetings/", "/vi/plans/", "/en/news/"])
    def test_lists_have_breadcrumbs_or_a_website(self, client, url):
        data = structured_data(head_of(client, url))
        assert set(data) in ({"WebSite"}, {"BreadcrumbList"})


def test_every_address_works_in_both_languages_with_the_demo(demo, client):
    assert len(sitemap_urls(client)) > 20
    for language in ("vi", "en"):
        for kind in ("feed", "atom"):
            _response, feed = parsed_feed(client, f"/{language}/news/{kind}/")
            assert feed.entries and feed.feed.language == language
        events = parsed_calendar(client, f"/{language}/meetings/calendar.ics").walk("VEVENT")
        assert len(events) == Meeting.objects.published().count()
        for meeting in Meeting.objects.published():
            parsed_calendar(client, f"/{language}/meetings/{meeting.slug}/calendar.ics")
            assert "Event" in structured_data(
                head_of(client, f"/{language}/meetings/{meeting.slug}/")
            )
        for kind in ("meetings", "plans", "news"):
            response = client.get(f"/api/v1/{kind}/?lang={language}")
            assert response.status_code == 200 and response.json()["count"] > 0
