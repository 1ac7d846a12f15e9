"""What production serving needs: the health check, logs with tracebacks and request ids,
database settings for concurrent use, and saves that wait for each other on SQLite."""

import gc
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.cache.backends import filebased
from django.db import OperationalError, connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings

from asean_portal.settings.base import database_from_environment
from pagecache.backends import FileBasedCache, RedisCache

from .servers import Redis, missing

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(expression, settings_module="asean_portal.settings.prod", **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(
        DJANGO_SECRET_KEY="a-test-key-" + "0123456789" * 4,
        DJANGO_ALLOWED_HOSTS="portal.example",
        **env,
    )
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": settings_module},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class TestHealthCheck:
    @pytest.mark.django_db
    def test_says_204_when_database_and_cache_answer(self, client):
        response = client.get("/healthz")
        assert response.status_code == 204 and response.content == b""
        assert "no-cache" in response["Cache-Control"]

    @pytest.mark.django_db
    def test_says_503_and_logs_why_when_the_database_fails(self, client, monkeypatch, caplog):
        def broken_cursor(*args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(connection, "cursor", broken_cursor)
        with caplog.at_level(logging.ERROR):
            assert client.get("/healthz").status_code == 503
        assert "connection refused" in caplog.text

    @pytest.mark.django_db
    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "pagecache.backends.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
    )
    def test_says_503_when_the_cache_is_unreachable(self, client):
        assert client.get("/healthz").status_code == 503

    def test_only_reads(self, client):
        assert client.post("/healthz").status_code == 405


class TestLogging:
    @pytest.mark.django_db
    def test_every_response_carries_a_request_id_from_the_proxy_or_a_new_one(self, client):
        assert client.get("/healthz", headers={"x-request-id": "abc123"})["X-Request-ID"] == (
            "abc123"
        )
        assert len(client.get("/healthz")["X-Request-ID"]) == 32

    def test_a_server_error_is_logged_with_traceback_and_request_id_as_json(self, tmp_path):
        """Production settings, a real request through the WSGI handler, stderr captured."""
        code = (
            "import django; django.setup();"
            "from django.test import Client;"
            "from django.db import connection;"
            "Client(raise_request_exception=False, HTTP_HOST='portal.example')"
            ".get('/vi/news/x/', headers={'x-request-id': 'req-42'})"
        )
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_") and key != "DATABASE_URL"
        }
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={
                **environment,
                "DJANGO_SETTINGS_MODULE": "asean_portal.settings.prod",
                "DJANGO_SECRET_KEY": "a-test-key-" + "0123456789" * 4,
                "DJANGO_ALLOWED_HOSTS": "portal.example",
                "DJANGO_LOG_FORMAT": "json",
                "DJANGO_HTTPS_ONLY": "0",
                # A database that cannot be opened: every page fails.
                "DATABASE_URL": f"sqlite:///{tmp_path}/missing/db.sqlite3",
                "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
                "DJANGO_PAGE_CACHE_SECONDS": "0",
            },
            capture_output=True,
            text=True,
        )
        lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
        errors = [line for line in lines if line["level"] == "ERROR"]
        assert errors, result.stderr
        assert errors[0]["request_id"] == "req-42"
        assert errors[0]["logger"] == "django.request"
        assert "OperationalError" in errors[0]["exc_info"]
        assert "Traceback" in errors[0]["exc_info"]


class TestDatabaseSettings:
    def test_sqlite_waits_for_the_write_lock_instead_of_failing(self):
        database = settings_in_subprocess("settings.DATABASES['default']")
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert database["OPTIONS"]["timeout"] == 20
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]

    def test_sqlite_keeps_its_connection_open(self):
        database = settings_in_subprocess("settings.DATABASES['default']")
        assert database["CONN_MAX_AGE"] == 60

    def test_postgresql_reuses_connections(self):
        database = settings_in_subprocess(
            "settings.DATABASES['default']", DATABASE_URL="postgres://u:p@db.internal/portal"
        )
        assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True

    def test_postgresql_pool_where_asked(self):
        database = settings_in_subprocess(
            "settings.DATABASES['default']",
            DATABASE_URL="postgres://u:p@db.internal/portal",
            DJANGO_DB_POOL="8",
        )
        assert database["OPTIONS"]["pool"]["max_size"] == 8
        assert database["CONN_MAX_AGE"] == 0

    def test_behind_a_tls_proxy(self):
        assert settings_in_subprocess("settings.SECURE_PROXY_SSL_HEADER") == [
            "HTTP_X_FORWARDED_PROTO",
            "https",
        ]

    def test_redis_when_configured_else_a_cache_every_process_shares(self):
        assert settings_in_subprocess("settings.CACHES['default']['BACKEND']") == (
            "pagecache.backends.FileBasedCache"
        )
        assert settings_in_subprocess(
            "settings.CACHES['default']", REDIS_URL="redis://cache.internal:6379/1"
        ) == {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": "redis://cache.internal:6379/1",
        }


def concurrent_saves(path, transaction_mode, monkeypatch, saves=40):
    """Two threads, each with its own connection configured as the site's SQLite database,
    saving as a form does (read, then write, in one transaction). Returns the errors."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings_dict = {
        **connection.settings_dict,
        **database_from_environment(),
        "NAME": str(path),
        "TEST": {},
    }
    settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "transaction_mode": transaction_mode}
    errors, start = [], threading.Barrier(2)

    def editor(number):
        alias = f"editor{number}"
        connections[alias] = DatabaseWrapper(settings_dict, alias=alias)
        try:
            start.wait()
            for save in range(saves):
                try:
                    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                        cursor.execute("SELECT count(*) FROM article")
                        time.sleep(0.002)
                        cursor.execute(
                            "INSERT INTO article (title) VALUES (%s)", [f"{number}-{save}"]
                        )
                except OperationalError as error:
                    errors.append(str(error))
        finally:
            connections[alias].close()

    setup = DatabaseWrapper(settings_dict, alias="setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT)")
    setup.close()
    threads = [threading.Thread(target=editor, args=(number,)) for number in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db
class TestConcurrentSavesOnSqlite:
    def test_two_editors_saving_at_once_both_succeed(self, tmp_path, monkeypatch):
        assert concurrent_saves(tmp_path / "db.sqlite3", "IMMEDIATE", monkeypatch) == []
        with sqlite3.connect(tmp_path / "db.sqlite3") as database:
            assert database.execute("SELECT count(*) FROM article").fetchone() == (80,)
            assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    def test_without_immediate_transactions_saves_fail(self, tmp_path, monkeypatch):
        """What the setting prevents: a read lock that cannot be upgraded fails at once."""
        errors = concurrent_saves(tmp_path / "db.sqlite3", "DEFERRED", monkeypatch)
        assert errors and all("locked" in error for error in errors)


@pytest.mark.skipif(missing("redis-server"), reason="redis-server is not installed")
def test_the_redis_cache_keeps_one_client_per_pool(tmp_path):
    redis = Redis(tmp_path)
    try:
        cache = RedisCache(redis.url, {})
        cache.set("generation", 7)
        cache.set_many({"page": {"body": b"<p>"}, "other": 1})
        assert cache.get_many(["generation", "page"]) == {"generation": 7, "page": {"body": b"<p>"}}
        assert cache.incr("generation") == 8
        cache.delete("other")
        assert cache.get("other") is None
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
    finally:
        redis.stop()


def test_the_file_cache_reads_what_django_s_wrote(tmp_path):
    """The cache every worker on a machine shares reads files its own way (one read each):
    values, expiry and missing or empty files as Django's."""
    cache = FileBasedCache(str(tmp_path), {})
    django_cache = filebased.FileBasedCache(str(tmp_path), {})
    django_cache.set("generation", "1764624000.0:abc", timeout=None)
    django_cache.set_many({"page": {"body": b"<p>" * 10000}, "soon": 1}, timeout=60)
    assert cache.get("generation") == "1764624000.0:abc"
    assert cache.get("page") == {"body": b"<p>" * 10000}
    assert cache.get("missing", "default") == "default"
    with time_machine.travel(time.time() + 61, tick=False):
        assert cache.get("soon", "gone") == "gone"
    assert not cache.has_key("soon") and cache.get("page") is not None
    Path(cache._key_to_file("page")).write_bytes(b"")
    assert cache.get("page", "expired") == "expired"


def test_the_file_cache_reads_a_lasting_value_again_only_once_another_process_changed_it(
    tmp_path,
):
    """The generation, which every cached page reads, is read from its file only when the
    file was replaced or removed, by any process (here another cache on the same folder)."""
    reader = FileBasedCache(str(tmp_path), {})
    writer = filebased.FileBasedCache(str(tmp_path), {})
    writer.set("generation", "1764624000.000000:aaaaaaaa", timeout=None)
    assert reader.get("generation") == "1764624000.000000:aaaaaaaa"
    name = reader._key_to_file("generation")
    with mock.patch("os.open", wraps=os.open) as opened:
        assert reader.get("generation") == "1764624000.000000:aaaaaaaa"
        assert not opened.called
        for number in range(50):
            # Same size every time, as a generation is; two new files, the second of which
            # a file system may give the first one's inode if nothing held it.
            writer.set("generation", f"1764624000.{number:06}:bbbbbbbb", timeout=None)
            writer.set("generation", f"1764624000.{number:06}:cccccccc", timeout=None)
            assert reader.get("generation") == f"1764624000.{number:06}:cccccccc"
            assert reader.get("generation") == f"1764624000.{number:06}:cccccccc"
        assert [call.args[0] for call in opened.call_args_list].count(name) == 50
    writer.delete("generation")
    assert reader.get("generation", "gone") == "gone"
    writer.set("generation", "1764624001.000000:dddddddd", timeout=None)
    assert reader.get("generation") == "1764624001.000000:dddddddd"
    writer.clear()
    assert reader.get("generation", "gone") == "gone"


def test_the_file_cache_keeps_no_value_that_expires_and_touch_reaches_other_processes(
    tmp_path,
):
    reader = FileBasedCache(str(tmp_path), {})
    writer = FileBasedCache(str(tmp_path), {})
    writer.set("soon", "value", timeout=60)
    assert reader.get("soon") == "value"
    writer.set("lasting", "value", timeout=None)
    assert reader.get("lasting") == "value"
    writer.set("changeable", ["value"], timeout=None)
    reader.get("changeable").append("changed by a caller")
    assert reader.get("changeable") == ["value"]
    assert writer.touch("lasting", timeout=60) and not writer.touch("missing", timeout=60)
    with time_machine.travel(time.time() + 61, tick=False):
        assert reader.get("soon", "gone") == "gone"
        assert reader.get("lasting", "gone") == "gone"


def test_the_file_cache_holds_few_files_open(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    cache.set_many({f"lasting-{number}": number for number in range(100)}, timeout=None)
    descriptors = len(os.listdir("/proc/self/fd"))
    assert [cache.get(f"lasting-{number}") for number in range(100)] == list(range(100))
    assert len(os.listdir("/proc/self/fd")) - descriptors <= cache._unchanged.KEPT
    del cache
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= descriptors
