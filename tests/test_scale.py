"""What keeps pages fast at 100,000 records: generated content that obeys the rules of real
saves, a stored year, counts kept until the content changes, bounded lists on detail pages."""

import datetime
import pickle

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.filters import SearchFilter
from core.models import Topic
from meetings.models import Meeting, OutcomeDocument
from news.models import Article
from pagecache.generation import GENERATION_KEY
from plans.models import Plan
from search.text import parse_query
from search.views import SearchResults

from .factories import ArticleFactory, MeetingFactory, PlanFactory, TopicFactory

pytestmark = pytest.mark.django_db


def march(year):
    return datetime.datetime(year, 3, 1, tzinfo=datetime.UTC)


def options(response, name):
    group = next(g for g in response.context["facets"] if g.name == name)
    return {option.value: option.count for option in group.options}


class TestGenerateContent:
    def test_adds_linked_indexed_records_and_is_idempotent_per_seed(self):
        call_command("generate_content", articles=60, meetings=5, plans=3, verbosity=0)
        assert (Article.objects.count(), Meeting.objects.count(), Plan.objects.count()) == (
            60,
            5,
            3,
        )
        call_command("generate_content", articles=60, meetings=5, plans=3, verbosity=0)
        assert Article.objects.count() == 60
        call_command("generate_content", articles=10, meetings=0, plans=0, seed=2, verbosity=0)
        assert Article.objects.count() == 70

    def test_generated_records_follow_the_rules_of_real_saves(self, client):
        call_command("generate_content", articles=40, meetings=4, plans=2, verbosity=0)
        article = Article.objects.published().first()
        assert article.title_vi and article.title_en and "<p>" in article.body_vi
        assert article.published_year == timezone.localtime(article.published_at).year
        assert article.topics.exists() and article.countries.exists()
        assert Article.objects.filter(meetings__isnull=False).exists()
        assert Plan.objects.filter(adopted_at__isnull=False).exists()
        # Each meeting with two outcome documents, in the library.
        assert OutcomeDocument.objects.count() == 8
        library = client.get("/en/documents/")
        assert library.context["page_obj"].paginator.count == 8
        # Indexed for search, as a save would have done.
        word = article.title_vi.split()[-1]
        results = SearchResults(parse_query(word), "vi", "article")
        assert len(results) > 0
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/en/news/").status_code == 200


class TestStoredYear:
    def test_is_the_local_year_of_the_publication_time(self):
        # 31 December 20:00 UTC is already 1 January in Viet Nam.
        moment = datetime.datetime(2025, 12, 31, 20, 0, tzinfo=datetime.UTC)
        assert ArticleFactory(published_at=moment).published_year == 2026

    def test_follows_a_change_and_a_fixture_load(self, tmp_path):
        article = ArticleFactory(published_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
        article.published_at = datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC)
        article.save()
        assert Article.objects.get(pk=article.pk).published_year == 2023
        dump = tmp_path / "news.json"
        call_command("dumpdata", "news.article", output=str(dump), verbosity=0)
        Article.objects.filter(pk=article.pk).update(published_year=None)
        call_command("loaddata", str(dump), verbosity=0)
        assert Article.objects.get(pk=article.pk).published_year == 2023

    def test_year_facet_counts_by_it(self, client):
        ArticleFactory(published_at=march(2024))
        ArticleFactory.create_batch(2, published_at=march(2025))
        assert options(client.get("/vi/news/"), "year") == {"2025": 2, "2024": 1}


class TestCountsKeptUntilAChange:
    def test_a_second_reading_counts_nothing_again(self, client, settings):
        settings.PAGE_CACHE_SECONDS = 0  # the page itself is rendered each time
        topic = TopicFactory()
        ArticleFactory.create_batch(2)
        ArticleFactory().topics.add(topic)
        client.get("/vi/news/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/vi/news/")
        assert response.status_code == 200
        assert len(queries) == 1  # the page of articles; counts and total kept
        assert options(response, "topic") == {topic.slug: 1}

    def test_every_facet_is_read_from_the_cache_at_once(self, client, settings, monkeypatch):
        settings.PAGE_CACHE_SECONDS = 0
        ArticleFactory().topics.add(TopicFactory())
        client.get("/vi/news/")
        reads = []
        read = cache.get_many
        monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or read(keys))
        response = client.get("/vi/news/")
        facets = [keys for keys in reads if any(":options-" in key for key in keys)]
        assert len(facets) == 1  # one round trip to Redis, not one per facet
        options_read = [key for key in facets[0] if ":options-" in key]
        assert len(options_read) == len(response.context["facets"]) >= 5
        # The generation they were kept in: read once for the whole request.
        assert sum(GENERATION_KEY in keys for keys in reads) == 1

    def test_counts_follow_every_change(self, client, settings):
        settings.PAGE_CACHE_SECONDS = 0
        topic = TopicFactory()
        article = ArticleFactory()
        assert options(client.get("/vi/news/"), "topic") == {}
        article.topics.add(topic)
        assert options(client.get("/vi/news/"), "topic") == {topic.slug: 1}
        assert client.get("/vi/news/").context["paginator"].count == 1
        ArticleFactory()
        assert client.get("/vi/news/").context["paginator"].count == 2

    def test_counts_depend_on_the_other_filters_and_the_language(self, client, settings):
        settings.PAGE_CACHE_SECONDS = 0
        topic = TopicFactory(name_vi="Chủ đề", name_en="Topic")
        ArticleFactory(published_at=march(2024)).topics.add(topic)
        ArticleFactory(published_at=march(2025)).topics.add(topic)
        assert options(client.get("/vi/news/"), "topic") == {topic.slug: 2}
        assert options(client.get("/vi/news/?year=2024"), "topic") == {topic.slug: 1}
        assert "Chủ đề (2)" in client.get("/vi/news/").content.decode()
        assert "Topic (2)" in client.get("/en/news/").content.decode()

    def test_a_scheduled_article_is_counted_once_its_time_comes(self, client, settings):
        import time_machine

        settings.PAGE_CACHE_SECONDS = 0
        now = timezone.now().replace(microsecond=0)
        ArticleFactory(published_at=now - datetime.timedelta(days=1))
        ArticleFactory(published_at=now + datetime.timedelta(minutes=10))
        with time_machine.travel(now, tick=False) as clock:
            assert client.get("/vi/news/").context["paginator"].count == 1
            clock.shift(datetime.timedelta(minutes=10))
            assert client.get("/vi/news/").context["paginator"].count == 2

    def test_option_labels_are_escaped(self, client):
        Topic.objects.create(name_vi='<script>alert("x")</script>', slug="xss")
        ArticleFactory().topics.add(Topic.objects.get(slug="xss"))
        html = client.get("/vi/news/").content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; (1)" in html


class TestDetailPagesStayBounded:
    @pytest.mark.parametrize("kind", ["meeting", "plan"])
    def test_latest_ten_news_and_a_link_to_all(self, client, kind):
        record = MeetingFactory() if kind == "meeting" else PlanFactory()
        now = timezone.now()
        for days in range(12):
            article = ArticleFactory(
                title_vi=f"Tin số {days}", published_at=now - datetime.timedelta(days=days)
            )
            getattr(article, f"{kind}s").add(record)
        html = client.get(record.get_absolute_url()).content.decode()
        assert "Tin số 0" in html and "Tin số 9" in html and "Tin số 10" not in html
        assert f'href="/vi/news/?{kind}={record.slug}"' in html

    def test_no_link_when_all_are_shown(self, client):
        meeting = MeetingFactory()
        ArticleFactory(title_vi="Tin duy nhất").meetings.add(meeting)
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "Tin duy nhất" in html and "/vi/news/?meeting=" not in html


class TestDeepPages:
    def test_pages_past_the_middle_read_from_the_far_end_in_the_same_order(self, client):
        now = timezone.now()
        for number in range(29):
            # Pairs share a publication time: the order is settled by the id.
            ArticleFactory(published_at=now - datetime.timedelta(hours=number // 2))
        expected = list(Article.objects.published().values_list("pk", flat=True))
        shown = []
        for page in (1, 2, 3):
            response = client.get("/vi/news/", {"page": page})
            shown += [article.pk for article in response.context["object_list"]]
        assert shown == expected

    def test_the_last_page_is_read_backwards(self, client):
        ArticleFactory.create_batch(30)
        with CaptureQueriesContext(connection) as queries:
            client.get("/vi/news/", {"page": 3})
        # The last 6 of 30, not 6 after skipping 24.
        page_query = next(q["sql"] for q in queries if "LIMIT 6" in q["sql"])
        assert "OFFSET" not in page_query and "ASC" in page_query


class TestSearchedListings:
    """A search of common words in the news listing reads a page from its newest matches."""

    @pytest.fixture(autouse=True)
    def small_window(self, monkeypatch):
        # A page looks first among as many of the newest matches as it shows: the narrowed
        # listing is only just enough, so any error in its bounds shows.
        monkeypatch.setattr(SearchFilter, "WINDOWS", (1, 3))

    def listed(self, client, pages, **filters):
        """The articles shown on ``pages``, and whether each page came from the newest."""
        shown, narrowed = [], []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/vi/news/", {"q": "an ninh mạng", "page": page, **filters})
            shown += [article.pk for article in response.context["object_list"]]
            page_queries = [
                q["sql"] for q in captured if '"news_article"."id" DESC LIMIT' in q["sql"]
            ]
            narrowed.append(all('"news_article"."published_at" >=' in sql for sql in page_queries))
        return shown, narrowed

    def matching(self, **filters):
        return list(
            Article.objects.published()
            .filter(title_vi__startswith="An ninh mạng", **filters)
            .values_list("pk", flat=True)
        )

    def test_pages_are_those_of_the_whole_listing(self, client):
        now = timezone.now().replace(microsecond=0)
        for number in range(40):
            # Pairs in the same second, the later one with the lower id: the index knows
            # dates to the second only.
            moment = now - datetime.timedelta(hours=number // 2, microseconds=number % 2)
            ArticleFactory(title_vi=f"An ninh mạng {number}", published_at=moment)
            ArticleFactory(title_vi=f"Chuyển đổi số {number}", published_at=in_days(-10))

        shown, narrowed = self.listed(client, pages=(1, 2))

        assert shown == self.matching()[:24]
        assert narrowed == [True, True]

    def test_scheduled_matches_are_never_shown(self, client, monkeypatch):
        monkeypatch.setattr(SearchFilter, "WINDOWS", (2,))
        ArticleFactory.create_batch(2, title_vi="An ninh mạng sắp đăng", published_at=in_days(1))
        for number in range(30):
            ArticleFactory(title_vi=f"An ninh mạng {number}", published_at=in_days(-number))

        shown, narrowed = self.listed(client, pages=(1,))

        assert shown == self.matching()[:12]
        assert narrowed == [True]

    def test_a_larger_window_when_other_filters_leave_the_first_short(self, client):
        topic = TopicFactory()
        for number in range(60):
            article = ArticleFactory(
                title_vi=f"An ninh mạng {number}", published_at=in_days(-number)
            )
            if number % 2 == 0:
                article.topics.add(topic)

        shown, narrowed = self.listed(client, pages=(1,), topic=topic.slug)

        assert shown == self.matching(topics=topic)[:12]
        assert narrowed == [True]

    def test_a_year_is_read_from_its_own_newest_matches(self, client):
        new_year = timezone.make_aware(datetime.datetime(2026, 1, 1))
        for number in range(30):
            for year_end in (new_year, new_year.replace(year=2027)):
                moment = year_end - datetime.timedelta(days=number, microseconds=1)
                ArticleFactory(title_vi=f"An ninh mạng {number}", published_at=moment)
        ArticleFactory(title_vi="An ninh mạng năm mới", published_at=new_year)

        with CaptureQueriesContext(connection) as captured:
            shown, narrowed = self.listed(client, pages=(1,), year=2025)

        assert shown == self.matching(published_at__year=2025)[:12]
        assert narrowed == [True]
        # The window reads the matches of 2025 only, not every one since its start.
        page_query = next(q["sql"] for q in captured if "LIMIT 12" in q["sql"])
        end_of_window = "rowid <" if connection.vendor == "sqlite" else "date <"
        assert end_of_window in page_query.split('"news_article"."id" IN', 1)[1]

    def test_other_filters_that_leave_the_newest_short_read_the_whole_listing(self, client):
        topic = TopicFactory()
        for number in range(30):
            article = ArticleFactory(
                title_vi=f"An ninh mạng {number}", published_at=in_days(-number)
            )
            if number < 2 or number >= 20:
                article.topics.add(topic)

        shown, narrowed = self.listed(client, pages=(1,), topic=topic.slug)

        assert shown == self.matching(topics=topic)
        assert narrowed == [False]


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_a_model_s_querysets_share_one_multilingual_class():
    """modeltranslation made a new class for every queryset of a model with its own
    queryset class; one each now, still translating lookups, and a queryset still pickles."""
    for model in (Article, Meeting, Plan, Topic):
        assert type(model.objects.all()) is type(model.objects.all())
    with translation.override("en"):
        article = ArticleFactory(title_vi="Tin", title_en="News")
        queryset = Article.objects.published().filter(title="News")
        assert list(queryset) == [article]
        assert pickle.loads(pickle.dumps(queryset)).get() == article
