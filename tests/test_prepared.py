"""Prepared queries (core/prepared.py): built and compiled once, run with each moment's values.
A prepared query must answer what the queryset it was built from answers, at every moment."""

import datetime

import pytest
import time_machine
from django.db.models import F, Prefetch
from django.utils import translation

from core.models import Topic
from core.prepared import CannotPrepare, keep_prefetched, prepared
from core.views import listing_arguments, listing_rows
from meetings.models import Meeting, MeetingPlan
from meetings.views import MeetingListView
from news.filters import ArticleFilter
from news.models import Article
from news.views import ArticleListView
from plans.models import Plan
from plans.views import PlanListView

from .factories import (
    ArticleFactory,
    MeetingFactory,
    OutcomeDocumentFactory,
    PageFactory,
    PlanFactory,
    TopicFactory,
)

HANOI = datetime.timezone(datetime.timedelta(hours=7))
pytestmark = pytest.mark.django_db


def home_page(client):
    return client.get("/en/").content.decode()


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=HANOI), tick=False) as clock:
        yield clock


def test_a_scheduled_article_appears_on_the_home_page_when_its_time_comes(client, clock):
    ArticleFactory(title_en="Already out")
    ArticleFactory(
        title_en="Out at ten", published_at=datetime.datetime(2026, 12, 2, 10, tzinfo=HANOI)
    )
    assert "Already out" in home_page(client)
    assert "Out at ten" not in home_page(client)
    clock.move_to(datetime.datetime(2026, 12, 2, 10, 0, 1, tzinfo=HANOI))
    assert "Out at ten" in home_page(client)


def test_a_meeting_moves_from_upcoming_to_recent_when_it_has_ended(client, clock):
    MeetingFactory(
        title_en="Two-day meeting",
        start_date=datetime.date(2026, 12, 2),
        end_date=datetime.date(2026, 12, 3),
    )

    def section_of(page):
        upcoming, _, recent = page.partition("Recent meetings")
        return "upcoming" if "Two-day meeting" in upcoming else "recent"

    assert section_of(home_page(client)) == "upcoming"
    clock.move_to(datetime.datetime(2026, 12, 3, 23, 59, tzinfo=HANOI))
    assert section_of(home_page(client)) == "upcoming"
    clock.move_to(datetime.datetime(2026, 12, 4, 0, 1, tzinfo=HANOI))
    assert section_of(home_page(client)) == "recent"


def test_a_plan_leaves_the_home_page_in_the_year_after_its_last(client, clock):
    PlanFactory(title_en="Plan ending this year", start_year=2021, end_year=2026)
    assert "Plan ending this year" in home_page(client)
    clock.move_to(datetime.datetime(2027, 1, 1, 0, 1, tzinfo=HANOI))
    assert "Plan ending this year" not in home_page(client)


@prepared
def articles_by_title(now, today):
    return Article.objects.published(now).order_by("title").only("slug", "title")


def test_records_are_those_of_the_queryset_in_each_language(clock):
    ArticleFactory(title_vi="An toàn", title_en="Zenith", slug="a")
    ArticleFactory(title_vi="Bảo mật", title_en="Aurora", slug="b")
    ArticleFactory(title_vi="Chưa đăng", title_en="Draft", slug="c", state="draft")
    for language, slugs in (("vi", ["a", "b"]), ("en", ["b", "a"])):
        with translation.override(language):
            records = articles_by_title()
            built = list(Article.objects.published().order_by("title").only("slug", "title"))
            assert [record.slug for record in records] == slugs
            assert [(r.pk, r.title, r.title_vi, r.title_en) for r in records] == [
                (r.pk, r.title, r.title_vi, r.title_en) for r in built
            ]
            assert records[0].get_deferred_fields() == built[0].get_deferred_fields()


def test_related_records_annotations_and_prefetches_are_read_as_django_reads_them(
    clock, django_assert_num_queries
):
    topic = TopicFactory()
    meeting = MeetingFactory()
    meeting.topics.add(topic)

    @prepared
    def with_everything(now, today):
        return (
            Meeting.objects.published(now)
            .select_related("series", "host_country")
            .annotate(series_acronym=F("series__acronym"))
            .prefetch_related("topics")
        )

    with django_assert_num_queries(2):
        (record,) = with_everything()
    with django_assert_num_queries(0):
        assert (record.series, record.host_country) == (meeting.series, meeting.host_country)
        assert record.series_acronym == meeting.series.acronym
        assert list(record.topics.all()) == [topic]


def test_a_query_whose_sql_depends_on_another_value_is_refused(clock):
    with pytest.raises(CannotPrepare, match="not one of the values"):
        prepared(lambda now, today: Article.objects.filter(published_at__month=now.month))()
    with pytest.raises(CannotPrepare, match="changes"):
        prepared(lambda now, today: Topic.objects.all()[: now.year % 7 + 1])()
    with pytest.raises(CannotPrepare, match="model instances"):
        prepared(lambda now, today: Topic.objects.values("slug"))()
    with pytest.raises(CannotPrepare, match="Prefetch"):
        prepared(
            lambda now, today: Meeting.objects.prefetch_related(
                Prefetch("articles", Article.objects.published(now))
            )
        )()


def at_ten(**fields):
    """Fields of a record scheduled for ten o'clock on the frozen day."""
    return {"published_at": datetime.datetime(2026, 12, 2, 10, tzinfo=HANOI), **fields}


def test_what_a_record_s_page_links_to_appears_when_its_time_comes(client, clock):
    """Each list on a record's page, read by a prepared query: before ten, only what is out;
    from ten, what was scheduled for ten too."""
    meeting = MeetingFactory()
    plan = PlanFactory()
    article = ArticleFactory()
    later_meeting = MeetingFactory(title_en="Later meeting", **at_ten())
    later_plan = PlanFactory(title_en="Later plan", adopted_at=meeting, **at_ten())
    PlanFactory(title_en="Later successor", predecessor=plan, **at_ten())
    later_article = ArticleFactory(title_en="Later article", **at_ten())
    article.meetings.add(later_meeting)
    article.plans.add(later_plan)
    later_article.meetings.add(meeting)
    later_article.plans.add(plan)
    MeetingPlan.objects.create(meeting=meeting, plan=later_plan, role=MeetingPlan.Role.REVIEWED)
    MeetingPlan.objects.create(meeting=later_meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
    OutcomeDocumentFactory(meeting=meeting, title_en="Joint statement")
    expected = {
        article: ["Later meeting", "Later plan"],
        meeting: ["Later plan", "Later article"],
        plan: ["Later successor", "Later meeting", "Later article"],
    }

    def shown(record):
        with translation.override("en"):
            page = client.get(record.get_absolute_url()).content.decode()
        return [title for title in expected[record] if title in page]

    assert "Joint statement" in client.get(f"/en/meetings/{meeting.slug}/").content.decode()
    for record in expected:
        assert shown(record) == []
    clock.move_to(datetime.datetime(2026, 12, 2, 10, 0, 1, tzinfo=HANOI))
    for record, titles in expected.items():
        assert shown(record) == titles


@pytest.mark.parametrize(
    "factory", [ArticleFactory, MeetingFactory, PlanFactory, PageFactory], ids=lambda f: f.__name__
)
def test_a_record_s_page_answers_404_until_it_is_out(client, clock, factory):
    record = factory(**at_ten())
    with translation.override("en"):
        address = record.get_absolute_url()
    assert client.get(address).status_code == 404
    clock.move_to(datetime.datetime(2026, 12, 2, 10, 0, 1, tzinfo=HANOI))
    assert client.get(address).status_code == 200
    assert client.get(address.replace(record.slug, "no-such-record")).status_code == 404


def test_a_list_is_an_argument_of_its_length(clock, django_assert_num_queries):
    topics = TopicFactory.create_batch(3)
    by_id = prepared(lambda now, today, ids: Topic.objects.filter(pk__in=ids).order_by("pk"))
    assert by_id(ids=[topics[0].pk, topics[2].pk]) == [topics[0], topics[2]]
    assert by_id(ids=[topics[1].pk, topics[0].pk]) == [topics[0], topics[1]]
    assert by_id(ids=[topics[1].pk]) == [topics[1]]
    assert len(by_id.statements) == 2
    with django_assert_num_queries(0):
        assert by_id(ids=[]) == []


def test_an_argument_may_be_called_year(clock):
    """Not to be mistaken for the year of ``today``, which a query may also read."""
    old, new = PlanFactory(start_year=2021), PlanFactory(start_year=2026)
    starting = prepared(lambda now, today, year: Plan.objects.filter(start_year=year))
    assert starting(year=2021) == [old]
    assert starting(year=2026) == [new]


def prepared_in_english(query):
    """Whether ``query`` was prepared for the English pages (other tests may have used it in
    Vietnamese too)."""
    statements = [kept for (language, _), kept in query.statements.items() if language == "en"]
    return bool(statements) and not any(isinstance(kept, CannotPrepare) for kept in statements)


def test_listing_pages_show_a_scheduled_record_when_its_time_comes(client, clock):
    """The first pages of a listing are read by prepared queries (``listing_rows``)."""
    topic = TopicFactory(slug="an-ninh-mang")
    # Newest first: at nine, "Out already 28" to "17" on the first page; from ten, "Out at
    # ten" and "Untagged" before them.
    articles = [ArticleFactory(title_en=f"Out already {n:02}") for n in range(29)]
    articles.append(ArticleFactory(title_en="Out at ten", **at_ten()))
    for article in articles:
        article.topics.add(topic)
    ArticleFactory(title_en="Untagged", **at_ten())
    MeetingFactory(title_en="Meeting out at ten", **at_ten())

    def shown():
        return [
            "Out at ten" in client.get("/en/news/").content.decode(),
            "Out at ten" in client.get("/en/news/?topic=an-ninh-mang").content.decode(),
            "Untagged" in client.get("/en/news/?topic=an-ninh-mang").content.decode(),
            "Meeting out at ten" in client.get("/en/meetings/").content.decode(),
            "Out already 17" in client.get("/en/news/?page=2").content.decode(),
            "Out at ten" in client.get("/en/news/?q=ten&topic=an-ninh-mang").content.decode(),
            # Searched, the listing shows only what matches.
            "Untagged" in client.get("/en/news/?q=ten").content.decode(),
        ]

    assert shown() == [False, False, False, False, False, False, False]
    clock.move_to(datetime.datetime(2026, 12, 2, 10, 0, 1, tzinfo=HANOI))
    assert shown() == [True, True, False, True, True, True, False]
    with translation.override("en"):
        search = ArticleFilter.base_filters["q"].matching_ids("ten")
    _names, searches, _arguments = listing_arguments({"q": search, "topic": topic.pk})
    for view, filters, searched, bottom, top in [
        (ArticleListView, (), (), 0, 12),
        (ArticleListView, ("topic",), (), 0, 12),
        (ArticleListView, (), (), 12, 24),
        (ArticleListView, ("topic",), searches, 0, 12),
        (MeetingListView, (), (), 0, 12),
    ]:
        assert prepared_in_english(listing_rows(view, filters, searched, bottom, top))


def test_plans_in_force_in_a_year_are_read_by_a_prepared_query(client, clock):
    PlanFactory(title_en="Old plan", start_year=2011, end_year=2015)
    PlanFactory(title_en="Current plan", start_year=2021, end_year=2026)
    page = client.get("/en/plans/?year=2013").content.decode()
    assert "Old plan" in page
    assert "Current plan" not in page
    assert prepared_in_english(listing_rows(PlanListView, ("year",), (), 0, 12))


def test_a_prepared_relation_answers_all_and_refuses_a_new_query(clock):
    meeting = MeetingFactory()
    documents = OutcomeDocumentFactory.create_batch(2, meeting=meeting)
    keep_prefetched(meeting, "documents", documents)
    assert list(meeting.documents.all()) == documents
    assert meeting.documents.count() == 2
    with pytest.raises(TypeError, match="prepared query"):
        meeting.documents.filter(pk=documents[0].pk)


def test_an_empty_listing_asks_nothing_for_its_rows(
    client, clock, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered each time
    client.get("/en/meetings/")
    with django_assert_num_queries(0):  # its count and facets are kept: nothing to ask
        assert client.get("/en/meetings/").status_code == 200
