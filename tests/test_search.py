"""Search: Vietnamese with or without tone marks, ranking, paging, bad input, and an index
that follows every change. Runs on SQLite (FTS5) and on PostgreSQL (tsvector)."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from plans.models import Plan
from search.backends import get_backend
from search.index import PENDING, ask_for_rebuild, reindex

from .admin_forms import admin_post_data
from .factories import (
    ArticleFactory,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    OutcomeDocumentFactory,
    PlanFactory,
    ThrustFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def search(client, q, language="vi", **params):
    return client.get(f"/{language}/search/", {"q": q, **params})


def found(response):
    return [hit.record.title_vi for hit in response.context.get("hits") or []]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def danang(db):
    return ArticleFactory(
        title_vi="Hội nghị tại Đà Nẵng bàn về tin giả",
        title_en="Meeting in Da Nang discusses fake news",
        lead_vi="Các bộ trưởng gặp nhau tại thành phố biển.",
        lead_en="Ministers met in the coastal city.",
    )


class TestVietnameseMatching:
    @pytest.mark.parametrize(
        "q",
        [
            "tin gia",
            "tin giả",
            "TIN GIẢ",
            "da nang",
            "ĐÀ NẴNG",
            "Đà Nẵng",
            "đà nẵng",
            unicodedata.normalize("NFD", "Đà Nẵng"),
            unicodedata.normalize("NFD", "tin giả"),
        ],
    )
    def test_with_or_without_tone_marks_in_any_case_and_form(self, client, danang, q):
        assert found(search(client, q)) == [danang.title_vi]

    def test_marks_in_the_query_find_text_typed_without_them(self, client):
        article = ArticleFactory(title_vi="Hoi nghi o Da Nang", title_en="Meeting")
        assert found(search(client, "Đà Nẵng")) == [article.title_vi]

    def test_english_pages_search_the_english_text(self, client, danang):
        assert found(search(client, "fake news", language="en")) == [danang.title_vi]
        assert found(search(client, "fake news", language="vi")) == []
        assert found(search(client, "coastal", language="vi")) == []

    def test_untranslated_records_are_found_in_english_by_their_vietnamese(self, client):
        article = ArticleFactory(title_vi="Chỉ có tiếng Việt về an ninh mạng", title_en="")
        assert found(search(client, "an ninh mang", language="en")) == [article.title_vi]

    def test_several_words_narrow_the_results(self, client, danang):
        ArticleFactory(title_vi="Tin giả trên mạng xã hội", title_en="Fake news online")
        assert len(found(search(client, "tin gia"))) == 2
        assert found(search(client, "tin gia da nang")) == [danang.title_vi]

    def test_a_quoted_phrase_matches_the_phrase(self, client, danang):
        apart = ArticleFactory(
            title_vi="Giả thuyết mới", lead_vi="Thông tin về kinh tế", title_en="Other"
        )
        assert set(found(search(client, "tin gia"))) == {danang.title_vi, apart.title_vi}
        assert found(search(client, '"tin giả"')) == [danang.title_vi]

    def test_searches_meetings_plans_and_news_with_counts_by_type(self, client):
        MeetingFactory(title_vi="Hội nghị về chuyển đổi số")
        PlanFactory(title_vi="Kế hoạch chuyển đổi số")
        ArticleFactory(title_vi="Tin về chuyển đổi số")
        response = search(client, "chuyen doi so")
        options = {value: count for value, _label, count, _sel in response.context["type_options"]}
        assert options == {"": 3, "meeting": 1, "plan": 1, "article": 1, "page": 0}
        only_plans = search(client, "chuyen doi so", type="plan")
        assert found(only_plans) == ["Kế hoạch chuyển đổi số"]

    def test_snippet_highlights_the_matches(self, client, danang):
        html = search(client, "thanh pho").content.decode()
        assert "<mark>thành phố</mark>" in html

    def test_snippet_is_an_excerpt_around_the_first_match(self, client):
        filler = " ".join(["Các nước thảo luận về hợp tác."] * 40)
        ArticleFactory(title_vi="Bản tin", lead_vi=f"{filler} Vấn đề tin giả. {filler}")
        hit = search(client, "tin gia").context["hits"][0]
        assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
        assert "Vấn đề <mark>tin giả</mark>." in hit.snippet
        assert len(hit.snippet) < 300


class TestRanking:
    def test_a_title_match_ranks_above_a_body_match(self, client):
        in_body = ArticleFactory(
            title_vi="Tin mới nhất", lead_vi="Bàn về an ninh mạng", published_at=days_ago(1)
        )
        in_title = ArticleFactory(
            title_vi="An ninh mạng khu vực", lead_vi="Tin cũ", published_at=days_ago(300)
        )
        assert found(search(client, "an ninh mang")) == [in_title.title_vi, in_body.title_vi]

    def test_newer_ranks_above_older_when_equal(self, client):
        old = ArticleFactory(title_vi="Kinh tế sáng tạo 2019", published_at=days_ago(2000))
        new = ArticleFactory(title_vi="Kinh tế sáng tạo 2025", published_at=days_ago(10))
        assert found(search(client, "kinh te sang tao")) == [new.title_vi, old.title_vi]


class TestPaging:
    def test_results_are_paginated_and_keep_the_query(self, client):
        for days in range(25):
            ArticleFactory(title_vi=f"Bản sắc ASEAN số {days}", published_at=days_ago(days))
        first = search(client, "ban sac")
        assert first.context["page_obj"].paginator.count == 25
        assert len(found(first)) == 10
        assert 'href="?q=ban+sac&amp;page=2"' in first.content.decode()
        third = search(client, "ban sac", page=3)
        assert found(third) == [f"Bản sắc ASEAN số {n}" for n in range(20, 25)]

    @pytest.mark.parametrize("in_titles", [4, 13])
    @pytest.mark.parametrize("small_windows", [False, True])
    def test_every_page_follows_one_ranking_across_kinds(
        self, client, monkeypatch, in_titles, small_windows
    ):
        """Title matches newest first, then text matches newest first, whatever the kind;
        a first page that title matches do not fill, and later pages that start in either
        tier. On PostgreSQL, small windows make pages come from the GIN fallback too."""
        if small_windows:
            if connection.vendor != "postgresql":
                pytest.skip("windows are PostgreSQL's")
            from search.backends import PostgresBackend

            monkeypatch.setattr(PostgresBackend, "WINDOWS", (1,))
        in_title, in_text = [], []
        for n in range(27):  # the smaller n, the newer
            matches_title = n % 2 == 0 and n < 2 * in_titles
            title = f"An ninh mạng {n}" if matches_title else f"Bản tin {n}"
            if n % 3 == 1:
                start_date = timezone.localdate() - datetime.timedelta(days=2 * n + 1)
                MeetingFactory(title_vi=title, summary_vi="Về an ninh mạng", start_date=start_date)
            else:
                ArticleFactory(
                    title_vi=title, lead_vi="Về an ninh mạng", published_at=days_ago(2 * n)
                )
            (in_title if matches_title else in_text).append(title)
        PlanFactory(title_vi="Kế hoạch an ninh mạng", start_year=2001, end_year=2005)
        PlanFactory(title_vi="Kế hoạch khác", summary_vi="An ninh mạng", start_year=2000)
        ArticleFactory.create_batch(3, title_vi="Bản tin khác", lead_vi="Thể thao")
        ArticleFactory(
            title_vi="An ninh mạng ngày mai",
            published_at=timezone.now() + datetime.timedelta(days=1),
        )
        expected = [*in_title, "Kế hoạch an ninh mạng", *in_text, "Kế hoạch khác"]

        first = search(client, "an ninh mang")
        assert first.context["page_obj"].paginator.count == len(expected) == 29
        pages = [found(first)] + [found(search(client, "an ninh mang", page=n)) for n in (2, 3)]
        assert [title for page in pages for title in page] == expected

    @pytest.mark.parametrize("page", ["99", "abc", "0"])
    def test_page_out_of_range_is_404(self, client, danang, page):
        assert search(client, "tin gia", page=page).status_code == 404

    @pytest.mark.parametrize(
        ("factory", "kind"),
        [(MeetingFactory, "meeting"), (PlanFactory, "plan"), (ArticleFactory, "")],
    )
    def test_queries_do_not_grow_with_the_results(self, client, factory, kind):
        def count():
            with CaptureQueriesContext(connection) as context:
                assert search(client, "hop tac", type=kind).status_code == 200
            return len(context.captured_queries)

        factory(title_vi="Hợp tác 1")
        few = count()
        factory.create_batch(25, title_vi="Hợp tác nhiều")
        assert count() == few


class TestBadInput:
    def test_empty_query_gives_a_helpful_page(self, client):
        response = client.get("/vi/search/")
        assert response.status_code == 200
        assert "Có thể gõ không dấu" in response.content.decode()

    @pytest.mark.parametrize(
        "q",
        [
            "",
            "   ",
            "!!!",
            '"',
            '"unbalanced',
            "NEAR(tin gia)",
            "title : tin",
            "lang : vi",
            "tin*",
            "AND OR NOT",
            "-tin",
            "^tin",
            "{title}: x",
            "'; DROP TABLE search_index; --",
            "x" * 200,
        ],
    )
    def test_odd_queries_never_break_the_page(self, client, danang, q):
        assert search(client, q).status_code == 200

    def test_query_syntax_is_not_interpreted(self, client, danang):
        assert found(search(client, "tin OR zzzz")) == []
        assert found(search(client, "lang vi")) == []

    @pytest.mark.parametrize("params", [{"q": "x" * 201}, {"q": "tin\x00gia"}, {"type": "user"}])
    def test_invalid_input_gets_a_message(self, client, params):
        response = client.get("/en/search/", params)
        assert response.status_code == 200
        assert 'class="message message--warning"' in response.content.decode()

    def test_markup_is_escaped(self, client, danang):
        html = search(client, '<script>alert("x")</script> tin').content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


class TestIndexFollowsChanges:
    def test_new_edited_and_deleted_records(self, client):
        article = ArticleFactory(title_vi="Hợp tác truyền thông")
        assert found(search(client, "truyen thong")) == [article.title_vi]
        article.title_vi = "Hợp tác báo chí"
        article.save()
        assert found(search(client, "truyen thong")) == []
        assert found(search(client, "bao chi")) == ["Hợp tác báo chí"]
        article.delete()
        assert found(search(client, "bao chi")) == []

    def test_a_scheduled_record_is_found_once_its_time_comes(self, client, settings):
        import time_machine

        settings.PAGE_CACHE_SECONDS = 0  # the list of scheduled records is kept all the same
        now = timezone.now().replace(microsecond=0)
        ArticleFactory(
            title_vi="Tin hợp tác đã đăng", published_at=now - datetime.timedelta(days=1)
        )
        ArticleFactory(
            title_vi="Tin hợp tác sắp đăng", published_at=now + datetime.timedelta(minutes=10)
        )
        with time_machine.travel(now, tick=False) as clock:
            response = search(client, "tin hop tac")
            assert found(response) == ["Tin hợp tác đã đăng"]
            assert response.context["page_obj"].paginator.count == 1
            clock.shift(datetime.timedelta(minutes=10))
            response = search(client, "tin hop tac")
            assert sorted(found(response)) == ["Tin hợp tác sắp đăng", "Tin hợp tác đã đăng"]
            assert response.context["page_obj"].paginator.count == 2

    def test_thrusts_and_documents_are_part_of_their_record(self, client):
        plan = PlanFactory(title_vi="Kế hoạch tổng thể")
        thrust = ThrustFactory(plan=plan, title_vi="Phát triển nguồn nhân lực")
        assert found(search(client, "nguon nhan luc")) == [plan.title_vi]
        thrust.delete()
        assert found(search(client, "nguon nhan luc")) == []
        meeting = MeetingFactory(title_vi="Hội nghị bộ trưởng")
        OutcomeDocumentFactory(meeting=meeting, title_vi="Tuyên bố Viêng Chăn")
        assert found(search(client, "vieng chan")) == [meeting.title_vi]

    def test_saving_in_the_admin_updates_the_index(self, client, publisher_client):
        article = ArticleFactory(title_vi="Tiêu đề cũ")
        url = reverse("admin:news_article_change", args=[article.pk])
        data = admin_post_data(publisher_client.get(url), title_vi="Tiêu đề đã sửa trong admin")
        assert publisher_client.post(url, data).status_code == 302
        assert found(search(client, "da sua trong admin")) == ["Tiêu đề đã sửa trong admin"]

    def test_fixtures_are_indexed(self, client, demo):
        assert found(search(client, "Kuala Lumpur", type="meeting")) == [
            "Hội nghị Bộ trưởng Thông tin ASEAN lần thứ 17 (AMRI 17) và các hội nghị liên quan"
        ]
        assert "Kế hoạch tổng thể về công nghệ thông tin và truyền thông ASEAN 2020" in found(
            search(client, "an toan va bao dam an ninh thong tin", type="plan")
        )

    def test_bulk_changes_are_indexed_through_reindex(self, client):
        ArticleFactory.create_batch(3, title_vi="Bản tin cũ")
        Article.objects.update(title_vi="Bản tin hàng loạt")  # sends no signal
        assert found(search(client, "hang loat")) == []
        assert reindex(Article.objects.all()) == 3
        assert len(found(search(client, "hang loat"))) == 3

    def test_rebuild_command(self, client):
        PlanFactory(title_vi="Kế hoạch khôi phục")
        Plan.objects.update(title_vi="Kế hoạch dựng lại")
        call_command("rebuild_search_index", verbosity=0)
        assert found(search(client, "dung lai")) == ["Kế hoạch dựng lại"]
        assert found(search(client, "khoi phuc")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's windowed fetch")
def test_windowed_fetch_gives_the_same_pages_as_a_full_sort(client, monkeypatch, settings):
    """PostgreSQL looks for a page among the newest rows first; force tiny windows so that
    the widening path runs, and compare every page with the unwindowed ranking."""
    from search.backends import PostgresBackend

    settings.PAGE_CACHE_SECONDS = 0  # each page rendered by both paths

    now = timezone.now()
    for days in range(30):
        title = "Bản tin an ninh mạng" if days % 3 == 0 else "Bản tin khác"
        # Two articles a day: records with the same date are ordered by id, in every path.
        published_at = now - datetime.timedelta(days=days // 2)
        ArticleFactory(title_vi=title, lead_vi="an ninh mạng", published_at=published_at)
        MeetingFactory(title_vi=f"Hội nghị số {days}", summary_vi="Bàn về an ninh mạng")

    def pages():
        return [found(search(client, "an ninh mang", page=page)) for page in (1, 2, 3, 4, 5, 6)]

    monkeypatch.setattr(PostgresBackend, "WINDOWS", ())
    unwindowed = pages()
    monkeypatch.setattr(PostgresBackend, "WINDOWS", (1, 2))
    assert pages() == unwindowed
    assert unwindowed[0][:3] == ["Bản tin an ninh mạng"] * 3  # title matches first


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's title tables")
@pytest.mark.django_db(transaction=True)
def test_migrating_fills_the_title_tables_from_the_index(client):
    in_title = ArticleFactory(title_vi="Tin giả trên mạng", lead_vi="Bản tin")
    in_text = ArticleFactory(title_vi="Bản tin", lead_vi="Về tin giả", published_at=days_ago(1))
    call_command("migrate", "search", "0002", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    try:
        assert found(search(client, "tin gia")) == [in_title.title_vi, in_text.title_vi]
    finally:  # the index is not emptied between tests like the tables of models are
        in_title.delete()
        in_text.delete()


class TestTheSitesOwnNames:
    """A record is found by the names of its topics, series, countries and bodies."""

    def test_a_topic_finds_its_meetings_and_articles_in_both_languages(self, client):
        topic = TopicFactory(name_vi="Chuyển đổi số", name_en="Digital transformation")
        meeting = MeetingFactory(title_vi="Hội nghị thường niên")
        article = ArticleFactory(title_vi="Bản tin tháng")
        meeting.topics.add(topic)
        article.topics.add(topic)
        assert sorted(found(search(client, "chuyển đổi số"))) == [
            "Bản tin tháng",
            "Hội nghị thường niên",
        ]
        assert len(found(search(client, "digital transformation", "en"))) == 2

    def test_series_country_and_bodies_are_found(self, client):
        meeting = MeetingFactory(
            title_vi="Phiên họp",
            series=MeetingSeriesFactory(acronym="TELSOM", name_vi="Quan chức viễn thông cấp cao"),
            host_country=CountryFactory(code="BN", name_vi="Bru-nây"),
        )
        meeting.participating_organisations.add(
            OrganisationFactory(acronym="ITU", name_vi="Liên minh Viễn thông Quốc tế")
        )
        for words in ("TELSOM", "quan chuc vien thong", "Bru-nây", "ITU", "Liên minh"):
            assert found(search(client, words)) == ["Phiên họp"], words

    def test_a_renamed_topic_finds_its_records_by_the_new_name(self, client):
        topic = TopicFactory(name_vi="Báo chí số")
        ArticleFactory(title_vi="Bản tin").topics.add(topic)
        topic.name_vi = "Truyền thông số"
        topic.save()
        assert found(search(client, "truyền thông số")) == ["Bản tin"]
        assert found(search(client, "báo chí")) == []

    def test_unlinking_a_topic_from_its_side_reindexes_the_records(self, client):
        topic = TopicFactory(name_vi="An ninh mạng")
        article = ArticleFactory(title_vi="Bản tin")
        topic.articles.add(article)
        assert found(search(client, "an ninh mạng")) == ["Bản tin"]
        topic.articles.remove(article)
        assert found(search(client, "an ninh mạng")) == []


class TestResultsTellThemselvesApart:
    def test_each_result_says_what_it_is_and_when(self, client):
        MeetingFactory(
            title_vi="AMRI 17 họp tại Kuala Lumpur",
            title_en="AMRI 17 in Kuala Lumpur",
            start_date=datetime.date(2025, 5, 7),
            end_date=datetime.date(2025, 5, 8),
        )
        PlanFactory(title_vi="Kế hoạch AMRI", title_en="AMRI plan", start_year=2026, end_year=2030)
        html = search(client, "AMRI", "en").content.decode()
        assert "Meeting · 7–8 May 2025" in html
        assert "Plan · 2026–2030" in html

    def test_a_plan_is_read_without_its_adopting_meeting(self, client):
        """A hit shows a plan's period, not its status: its record is read without the join
        to the meeting that adopted it, which every other read of a plan makes."""
        PlanFactory(title_vi="Kế hoạch AMRI", adopted_at=MeetingFactory(title_vi="Hội nghị"))
        with CaptureQueriesContext(connection) as context:
            assert found(search(client, "AMRI", type="plan")) == ["Kế hoạch AMRI"]
        [read] = [query["sql"] for query in context if '"plans_plan"."id" IN' in query["sql"]]
        assert "JOIN" not in read

    def test_a_kind_without_results_is_not_a_link(self, client):
        MeetingFactory(title_vi="Hội nghị về báo chí")
        html = search(client, "báo chí").content.decode()
        assert '<span class="type-filter__empty">Kế hoạch (0)</span>' in html
        assert "type=plan" not in html

    def test_an_english_page_without_english_matches_points_to_the_vietnamese_ones(self, client):
        ArticleFactory(title_vi="Hội thảo báo chí", title_en="Press workshop", lead_en="A lead.")
        html = search(client, "hội thảo", "en").content.decode()
        assert '<a href="/vi/search/?q=h%E1%BB%99i+th%E1%BA%A3o" hreflang="vi">' in html
        assert "1 result in Vietnamese" in html

    def test_every_page_but_search_has_a_search_box_in_its_header(self, client):
        home = client.get("/vi/").content.decode()
        assert '<form class="site-search" method="get" action="/vi/search/" role="search"' in home
        assert 'class="site-search"' not in search(client, "báo chí").content.decode()


def test_where_the_words_stand_together_only_the_phrase_is_marked(client):
    ArticleFactory(
        title_vi="Chuyển đổi số trong báo chí",
        lead_vi="Thay đổi khí hậu và chuyển đổi số là hai chủ đề của hội nghị.",
    )
    hit = search(client, "chuyen doi so").context["hits"][0]
    assert str(hit.title) == "<mark>Chuyển đổi số</mark> trong báo chí"
    assert "Thay đổi khí hậu và <mark>chuyển đổi số</mark>" in str(hit.snippet)


@pytest.mark.parametrize(
    ("language", "q", "titles"),
    [
        ("vi", "chuyển đổi số", ["Chuyển đổi số quốc gia", "Số liệu và chuyển đổi", "Tin khác"]),
        (
            "en",
            "digital transformation",
            ["Digital transformation", "Transformation of digital", "Other news"],
        ),
    ],
)
def test_the_words_as_typed_rank_above_the_same_words_scattered(client, language, q, titles):
    together, scattered, in_text = titles
    ArticleFactory(
        **{f"title_{language}": together, f"lead_{language}": "x"}, published_at=days_ago(30)
    )
    ArticleFactory(
        **{f"title_{language}": scattered, f"lead_{language}": "x"}, published_at=days_ago(10)
    )
    ArticleFactory(
        **{f"title_{language}": in_text, f"lead_{language}": q}, published_at=days_ago(1)
    )
    hits = search(client, q, language).context["hits"]
    assert [getattr(hit.record, f"title_{language}") for hit in hits] == [
        together,
        scattered,
        in_text,
    ]


class TestRichTextWords:
    def test_words_of_two_blocks_do_not_run_together_and_entities_are_read(self, client):
        ArticleFactory(
            title_vi="Bản tin",
            lead_vi="",
            body_vi="<ul><li>Hợp tác</li><li>Tin giả</li></ul><p>Ý kiến &amp; đề xuất</p>",
        )
        assert found(search(client, "tin gia")) == ["Bản tin"]
        (hit,) = search(client, "de xuat").context["hits"]
        assert "Ý kiến &amp; <mark>đề xuất</mark>" in hit.snippet


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_a_migration_asks_for_runs_once_migrate_is_done(client):
    article = ArticleFactory(title_vi="Bản tin", lead_vi="", body_vi="<p>Hợp tác</p>")
    with connection.cursor() as cursor:  # as if indexed before the change
        get_backend().replace(cursor, "article", {article.pk: []})
    try:
        assert found(search(client, "hop tac")) == []
        with connection.schema_editor() as editor:
            ask_for_rebuild(editor, "a test")
        call_command("migrate", verbosity=0)
        assert found(search(client, "hop tac")) == ["Bản tin"]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {PENDING}")
            assert cursor.fetchone() == (0,)
    finally:  # the index is not emptied between tests like the tables of models are
        article.delete()
