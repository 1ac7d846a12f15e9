"""Anonymous readers' pages are cached whole and are never stale: every change to the content
or reference data, from any path, and every scheduled publication time passing show at once."""

import datetime
import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from asean_portal.settings.base import SITE_CHROME_CACHE
from core.models import Workflow
from news.models import Article
from pagecache import generation

from .admin_forms import admin_post_data
from .factories import ArticleFactory, CountryFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def titles_on(client, path="/vi/news/"):
    return client.get(path).content.decode()


class TestCachedPages:
    def test_a_second_read_is_served_without_a_query(self, client, django_assert_num_queries):
        ArticleFactory(title_vi="Tin đã lưu")
        first = client.get("/vi/news/")
        with django_assert_num_queries(0):
            second = client.get("/vi/news/")
        assert second.status_code == 200
        assert second.content == first.content and "Tin đã lưu" in second.content.decode()

    def test_pages_are_cached_per_language_and_query_string(self, client):
        TopicFactory(name_vi="An ninh mạng", name_en="Cybersecurity", slug="an-ninh")
        ArticleFactory(title_vi="Bài tiếng Việt", title_en="English article")
        assert "Bài tiếng Việt" in titles_on(client, "/vi/news/")
        assert "English article" in titles_on(client, "/en/news/")
        assert "Bài tiếng Việt" in titles_on(client, "/vi/news/")
        assert "Không có" in titles_on(client, "/vi/news/?topic=an-ninh")  # no results there

    def test_a_cached_page_sets_no_cookie_and_holds_no_csrf_token(self, client):
        ArticleFactory()
        for _read in range(2):
            response = client.get("/vi/news/")
            assert not response.cookies
            assert "Set-Cookie" not in response.headers
            assert "csrfmiddlewaretoken" not in response.content.decode()

    def test_gzip_for_clients_that_accept_it(self, client):
        ArticleFactory(title_vi="Tin nén")
        plain = client.get("/vi/news/")
        packed = client.get("/vi/news/", headers={"accept-encoding": "gzip, br"})
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) < len(plain.content) / 2
        assert "Accept-Encoding" in packed["Vary"]


class TestConditionalRequests:
    def test_etag_and_last_modified_give_304s(self, client):
        ArticleFactory()
        response = client.get("/vi/news/")
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag.startswith('W/"')
        not_modified = client.get("/vi/news/", headers={"if-none-match": etag})
        assert not_modified.status_code == 304 and not_modified.content == b""
        since = client.get("/vi/news/", headers={"if-modified-since": modified})
        assert since.status_code == 304

    def test_a_change_makes_the_old_etag_a_200(self, client):
        article = ArticleFactory()
        etag = client.get("/vi/news/")["ETag"]
        article.title_vi = "Tiêu đề mới"
        article.save()
        response = client.get("/vi/news/", headers={"if-none-match": etag})
        assert response.status_code == 200 and "Tiêu đề mới" in response.content.decode()

    @override_settings(PAGE_CACHE_SHARED_MAX_AGE=30)
    def test_browsers_revalidate_and_shared_caches_keep_it_briefly(self, client):
        ArticleFactory()
        assert client.get("/vi/news/")["Cache-Control"] == "public, max-age=0, s-maxage=30"

    @override_settings(PAGE_CACHE_SHARED_MAX_AGE=300)
    def test_shared_caches_never_keep_a_page_past_the_next_publication(self, client):
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=90))
        cache_control = client.get("/vi/news/")["Cache-Control"]
        max_age = int(cache_control.rsplit("=", 1)[1])
        assert 85 <= max_age <= 90


class TestNeverStale:
    def test_publishing_in_the_admin_shows_at_once(self, client, publisher):
        draft = ArticleFactory(state=Workflow.DRAFT, published_at=None, title_vi="Tin mới duyệt")
        assert "Tin mới duyệt" not in titles_on(client)
        editor = Client()
        editor.force_login(publisher)
        url = reverse("admin:news_article_changelist")
        editor.post(url, {"action": "publish", "_selected_action": [draft.pk]})
        assert Article.objects.get(pk=draft.pk).state == Workflow.PUBLISHED
        assert "Tin mới duyệt" in titles_on(client)

    def test_an_edit_in_the_admin_shows_at_once(self, client, publisher):
        article = ArticleFactory(title_vi="Tiêu đề cũ")
        assert "Tiêu đề cũ" in titles_on(client, article.get_absolute_url())
        editor = Client()
        editor.force_login(publisher)
        url = reverse("admin:news_article_change", args=[article.pk])
        editor.post(url, admin_post_data(editor.get(url), title_vi="Tiêu đề đã sửa"))
        html = titles_on(client, article.get_absolute_url())
        assert "Tiêu đề đã sửa" in html and "Tiêu đề cũ" not in html

    def test_a_deleted_record_disappears(self, client):
        article = ArticleFactory(title_vi="Tin sẽ xoá")
        assert "Tin sẽ xoá" in titles_on(client)
        article.delete()
        assert "Tin sẽ xoá" not in titles_on(client)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_renaming_reference_data_shows_everywhere(self, client):
        topic = TopicFactory(name_vi="Chuyển đổi số")
        ArticleFactory().topics.add(topic)
        assert "Chuyển đổi số" in titles_on(client)
        topic.name_vi = "Kinh tế số"
        topic.save()
        html = titles_on(client)
        assert "Kinh tế số" in html and "Chuyển đổi số" not in html

    def test_a_new_link_between_records_shows(self, client):
        meeting = MeetingFactory(title_vi="Hội nghị AMRI")
        article = ArticleFactory(title_vi="Tin về hội nghị")
        assert "Tin về hội nghị" not in titles_on(client, meeting.get_absolute_url())
        article.meetings.add(meeting)
        assert "Tin về hội nghị" in titles_on(client, meeting.get_absolute_url())

    def test_a_scheduled_record_appears_on_time_without_a_save(self, client):
        now = timezone.now().replace(microsecond=0)
        ArticleFactory(title_vi="Tin hẹn giờ", published_at=now + datetime.timedelta(minutes=5))
        with time_machine.travel(now, tick=False) as clock:
            assert "Tin hẹn giờ" not in titles_on(client)
            clock.shift(datetime.timedelta(minutes=4, seconds=59))
            assert "Tin hẹn giờ" not in titles_on(client)
            clock.shift(datetime.timedelta(seconds=1))
            assert "Tin hẹn giờ" in titles_on(client)

    def test_upcoming_meetings_become_held_at_midnight(self, client):
        today = timezone.localdate()
        MeetingFactory(title_vi="Hội nghị ngày mai", start_date=today + datetime.timedelta(days=1))
        evening = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 59)))
        with time_machine.travel(evening, tick=False) as clock:
            assert "Hội nghị ngày mai" in titles_on(client, "/vi/meetings/?status=upcoming")
            clock.shift(datetime.timedelta(days=1, minutes=2))
            assert "Hội nghị ngày mai" not in titles_on(client, "/vi/meetings/?status=upcoming")

    def test_a_change_in_another_process_makes_every_process_pages_stale(self, client, tmp_path):
        """The default cache is shared by the processes of one machine (files), so a save
        handled by one gunicorn worker or a management command reaches every worker."""
        location = tmp_path / "cache"
        file_cache = {
            "default": {
                "BACKEND": "pagecache.backends.FileBasedCache",
                "LOCATION": str(location),
            },
            "site-chrome": SITE_CHROME_CACHE,
        }
        with override_settings(CACHES=file_cache):
            article = ArticleFactory(title_vi="Bản cũ")
            assert "Bản cũ" in titles_on(client)
            Article.objects.filter(pk=article.pk).update(title_vi="Bản mới")  # no signal
            assert "Bản cũ" in titles_on(client)  # served from the cache
            environment = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "asean_portal.settings.dev",
                "DJANGO_CACHE_DIR": str(location),
            }
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    "from pagecache.generation import invalidate_pages; invalidate_pages()",
                ],
                cwd=ROOT,
                env=environment,
                check=True,
                capture_output=True,
            )
            assert "Bản mới" in titles_on(client)
        caches["default"].clear()


class GenerationReads:
    """The shared cache, counting the reads of the generation (``get`` and ``get_many``)."""

    def __init__(self, cache):
        self.cache, self.count = cache, 0

    def get(self, key, *args, **kwargs):
        self.count += key == generation.GENERATION_KEY
        return self.cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.count += generation.GENERATION_KEY in keys
        return self.cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


class TestOneGenerationPerRequest:
    """A page names reference records by the dozen (each meeting card its host country, from
    the copy kept for the current generation) and facet counts kept in the cache: the
    generation is read once for all of them."""

    @pytest.fixture
    def reads(self, monkeypatch):
        counting = GenerationReads(generation.cache)
        monkeypatch.setattr(generation, "cache", counting)
        return counting

    @pytest.mark.parametrize("page_cache_seconds", [0, 60])
    def test_a_page_reads_it_once(self, client, reads, page_cache_seconds):
        for country in CountryFactory.create_batch(5):
            MeetingFactory(host_country=country)
        with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
            client.get("/vi/meetings/")  # the reference copies and counts, read and kept
            generation.invalidate_pages()  # pages made again, from what is kept
            reads.count = 0
            page = client.get("/vi/meetings/").content.decode()
        assert page.count("card--meeting") == 5
        assert reads.count == 1

    def test_a_new_generation_made_while_serving_is_read_again(self, db):
        with generation.per_request():
            first = generation.current_generation()
            generation.invalidate_pages()
            assert generation.current_generation() != first

    def test_another_process_generation_shows_on_the_next_request(self, db):
        with generation.per_request():
            first = generation.current_generation()
            caches["default"].set(generation.GENERATION_KEY, "another process", timeout=None)
            assert generation.current_generation() == first
        assert generation.current_generation() == "another process"


class TestNeverCached:
    def test_staff_see_their_own_rendering_and_leave_nothing_cached(self, editor_client):
        ArticleFactory()
        editor_client.get("/vi/news/")
        response = editor_client.get("/vi/news/")
        assert "ETag" not in response
        first = Client().get("/vi/news/")
        assert first.status_code == 200 and "ETag" in first  # rendered for the reader

    def test_a_preview_is_never_cached(self, editor_client):
        draft = ArticleFactory(state=Workflow.DRAFT, title_vi="Bản nháp")
        for _read in range(2):
            response = editor_client.get(draft.get_absolute_url())
            assert (
                "no-store" in response["Cache-Control"] and "Bản nháp" in response.content.decode()
            )

    def test_a_draft_is_404_for_readers_even_after_staff_previewed_it(self, editor_client):
        draft = ArticleFactory(state=Workflow.DRAFT)
        assert editor_client.get(draft.get_absolute_url()).status_code == 200
        assert Client().get(draft.get_absolute_url()).status_code == 404

    def test_a_reader_with_a_message_waiting_is_not_served_from_the_cache(self, client):
        ArticleFactory()
        client.get("/vi/news/")
        client.cookies["messages"] = "waiting"
        assert "ETag" not in client.get("/vi/news/")

    def test_not_found_pages_are_not_kept(self, client):
        assert client.get("/vi/news/khong-co/").status_code == 404
        article = ArticleFactory(slug="khong-co")
        Article.objects.filter(pk=article.pk).update(title_vi="Đã có")  # no signal needed
        assert client.get("/vi/news/khong-co/").status_code == 200

    def test_admin_and_health_check_are_not_cached(self, editor_client, client):
        assert "ETag" not in editor_client.get("/admin/")
        assert "no-cache" in client.get("/healthz")["Cache-Control"]

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_the_cache_can_be_turned_off(self, client):
        ArticleFactory()
        client.get("/vi/news/")
        assert "ETag" not in client.get("/vi/news/")


class TestServedBeforeDjango:
    """Under gunicorn, ``pagecache.wsgi.CachedPages`` answers from the cache before Django
    builds a request; what it serves is what the middleware stored."""

    @staticmethod
    def call(environ_changes=None, served_by=None):
        """What ``served_by`` (a new ``CachedPages`` by default) answers, and the paths it
        sent on to Django."""
        from pagecache.wsgi import CachedPages

        reached = []

        def django(environ, start_response):
            reached.append(environ["PATH_INFO"])
            start_response("418 I'm a teapot", [])
            return [b""]

        served_by = served_by or CachedPages(None)
        served_by.application = django
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/vi/news/",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            **(environ_changes or {}),
        }
        answer = {}

        def start_response(status, headers):
            answer.update(status=status, headers=dict(headers))

        body = b"".join(served_by(environ, start_response))
        return answer, body, reached

    def test_a_cached_page_is_served_without_django(self, client, django_assert_num_queries):
        ArticleFactory(title_vi="Tin nhanh")
        stored = client.get("/vi/news/")
        with django_assert_num_queries(0):
            answer, body, reached = self.call()
        assert reached == [] and answer["status"] == "200 OK"
        assert body == stored.content
        assert answer["headers"]["ETag"] == stored["ETag"]
        assert answer["headers"]["X-Content-Type-Options"] == "nosniff"
        assert len(answer["headers"]["X-Request-ID"]) == 32

    def test_conditional_requests_get_a_304(self, client):
        ArticleFactory()
        etag = client.get("/vi/news/")["ETag"]
        answer, body, _reached = self.call({"HTTP_IF_NONE_MATCH": etag})
        assert answer["status"] == "304 Not Modified" and body == b""

    def test_head_and_304_carry_a_get_headers_and_no_body(self, client):
        ArticleFactory()
        packed = client.get("/vi/news/", HTTP_ACCEPT_ENCODING="gzip")
        head, body, _reached = self.call({"REQUEST_METHOD": "HEAD", "HTTP_ACCEPT_ENCODING": "gzip"})
        assert head["status"] == "200 OK" and body == b""
        assert head["headers"]["Content-Encoding"] == "gzip"
        assert head["headers"]["Content-Length"] == str(len(packed.content))
        not_modified, body, _reached = self.call({"HTTP_IF_NONE_MATCH": packed["ETag"]})
        assert body == b""
        assert not_modified["headers"]["ETag"] == packed["ETag"]
        assert not_modified["headers"]["Cache-Control"] == packed["Cache-Control"]
        assert "Accept-Encoding" in not_modified["headers"]["Vary"]
        assert not {"Content-Length", "Content-Type", "Content-Encoding"} & set(
            not_modified["headers"]
        )

    @pytest.mark.parametrize(
        "changes",
        [
            {"HTTP_COOKIE": "sessionid=abc"},
            {"HTTP_HOST": "evil.example"},
            {"REQUEST_METHOD": "POST"},
            {"QUERY_STRING": "page=2"},  # not cached yet
            {"wsgi.url_scheme": "https"},  # another address
        ],
    )
    def test_everything_else_goes_to_django(self, client, changes):
        ArticleFactory()
        client.get("/vi/news/")
        _answer, _body, reached = self.call(changes)
        assert reached == ["/vi/news/"]

    def test_a_process_serves_its_own_copy_while_nothing_changes(self, client):
        from pagecache.generation import GENERATION_KEY
        from pagecache.wsgi import CachedPages

        ArticleFactory()
        stored = client.get("/vi/news/")
        worker = CachedPages(None)
        self.call(served_by=worker)
        generation = caches["default"].get(GENERATION_KEY)
        caches["default"].clear()  # the page, and the generation…
        caches["default"].set(GENERATION_KEY, generation)  # …which is still the same

        answer, body, reached = self.call(served_by=worker)

        assert reached == [] and answer["status"] == "200 OK" and body == stored.content

    def test_a_change_elsewhere_makes_a_process_copy_stale(self, client):
        from pagecache.generation import invalidate_pages
        from pagecache.wsgi import CachedPages

        ArticleFactory()
        client.get("/vi/news/")
        worker = CachedPages(None)
        assert self.call(served_by=worker)[2] == []
        invalidate_pages()  # as a save in another process does
        assert self.call(served_by=worker)[2] == ["/vi/news/"]

    def test_a_process_copy_expires_with_the_page(self, client):
        from pagecache.wsgi import CachedPages

        ArticleFactory(title_vi="Đã đăng")
        ArticleFactory(
            title_vi="Sắp đăng", published_at=timezone.now() + timezone.timedelta(hours=1)
        )
        with time_machine.travel(timezone.now(), tick=False) as clock:
            client.get("/vi/news/")
            worker = CachedPages(None)
            assert self.call(served_by=worker)[2] == []
            clock.shift(datetime.timedelta(hours=1, seconds=1))
            assert self.call(served_by=worker)[2] == ["/vi/news/"]

    def test_a_change_sends_the_next_reader_to_django(self, client):
        article = ArticleFactory()
        client.get("/vi/news/")
        article.title_vi = "Đã sửa"
        article.save()
        assert self.call()[2] == ["/vi/news/"]
