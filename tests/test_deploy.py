"""The deployment as shipped: gunicorn (deploy/gunicorn.conf.py) behind nginx
(deploy/nginx.conf) with the production settings, on 127.0.0.1, and two application
servers sharing PostgreSQL and Redis."""

import datetime
import gc
import gzip
import http.client
import os
import re
import runpy
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import gunicorn.util
import pytest
import time_machine
from django.db import connection

from .servers import (
    ROOT,
    Gunicorn,
    Nginx,
    Redis,
    answers,
    free_port,
    missing,
    postgres_database,
    prepare_site,
    site_environment,
    wait_until,
)

needs_servers = pytest.mark.skipif(
    bool(missing("nginx", "openssl")), reason="nginx or openssl is not installed"
)


def cookies_of(response):
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(send, username, password, origin):
    """Log in to the admin through ``send(method, path, body, headers)``; the session
    cookie, or the failed response."""
    form = send("GET", "/admin/login/", None, {})
    csrf = cookies_of(form)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.decode(),
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    )
    response = send(
        "POST",
        "/admin/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Origin": origin,
            "Referer": f"{origin}/admin/login/",
        },
    )
    return response, {**cookies_of(response), "csrftoken": csrf}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if missing("nginx", "openssl"):
        pytest.skip("nginx or openssl is not installed")
    workdir = tmp_path_factory.mktemp("deployed")
    environment = site_environment(workdir)
    prepare_site(environment)
    (workdir / "media" / "evil.html").write_text("<script>alert(1)</script>")
    app = Gunicorn(environment, workdir)
    web = Nginx(workdir, [app.port])
    yield web
    web.stop()
    app.stop()


DEMO_DOCUMENT = next((ROOT / "fixtures/media/documents/demo").glob("*.pdf")).name
NGINX_SITE = (ROOT / "deploy/nginx.conf").read_text()


@needs_servers
class TestBehindNginx:
    def test_plain_http_is_sent_to_https(self, site):
        response = site.request("GET", "/vi/news/?page=1", tls=False)
        assert response.status == 301
        assert response.getheader("Location") == "https://portal.example/vi/news/?page=1"

    def test_pages_come_through_tls_with_hsts_and_a_request_id(self, site):
        response = site.request("GET", "/vi/")
        assert response.status == 200
        assert "Hội nghị" in response.body.decode()
        assert response.getheader("Strict-Transport-Security") == (
            "max-age=31536000; includeSubDomains"
        )
        assert len(response.getheader("X-Request-ID")) == 32  # nginx's $request_id

    def test_pages_are_compressed(self, site):
        response = site.request("GET", "/vi/", headers={"Accept-Encoding": "gzip"})
        assert response.getheader("Content-Encoding") == "gzip"
        assert b"</html>" in gzip.decompress(response.body)

    def test_static_files_are_hashed_compressed_and_kept_for_a_year(self, site):
        html = site.request("GET", "/vi/").body.decode()
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        response = site.request("GET", stylesheet, headers={"Accept-Encoding": "gzip"})
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/css"
        assert response.getheader("Content-Encoding") == "gzip"
        assert "immutable" in response.getheader("Cache-Control")
        assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")

    def test_uploads_are_served_with_their_type_and_never_sniffed(self, site):
        image = next((ROOT / "fixtures/media/news/demo").glob("*.jpg")).name
        response = site.request("GET", f"/media/news/demo/{image}")
        assert response.status == 200
        assert response.getheader("Content-Type") == "image/jpeg"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Content-Disposition") is None
        planted = site.request("GET", "/media/evil.html")
        assert planted.getheader("Content-Type") == "application/octet-stream"
        assert "sandbox" in planted.getheader("Content-Security-Policy")
        assert planted.getheader("Content-Disposition") == "attachment"
        document = site.request("GET", f"/media/documents/demo/{DEMO_DOCUMENT}")
        assert document.status == 200 and document.body.startswith(b"%PDF-")
        assert document.getheader("Content-Type") == "application/pdf"
        assert document.getheader("X-Content-Type-Options") == "nosniff"
        assert document.getheader("Content-Disposition") == "attachment"

    def test_admin_login_works_behind_the_tls_proxy(self, site):
        def send(method, path, body, headers):
            return site.request(method, path, body=body, headers=headers)

        response, cookies = log_in(
            send, "publisher", "asean-demo-publisher", "https://portal.example"
        )
        assert response.status == 302, response.body[:500]
        assert response.getheader("Location") == "/admin/"
        assert "sessionid" in cookies
        assert "Secure" in " ".join(response.headers.get_all("Set-Cookie"))

    def test_logins_are_paused_per_client_address_behind_the_proxy(self, site):
        def client_at(address):
            def send(method, path, body, headers):
                # A client naming another address gets it overwritten by nginx.
                headers = {**headers, "X-Real-IP": "192.0.2.99", "X-Forwarded-For": "192.0.2.99"}
                return site.request(method, path, body=body, headers=headers, source=address)

            return send

        origin = "https://portal.example"
        statuses = [
            log_in(client_at("127.0.0.2"), "editor", "wrong password", origin)[0].status
            for _ in range(5)
        ]
        assert statuses == [200, 200, 200, 200, 429]
        locked, _cookies = log_in(client_at("127.0.0.2"), "editor", "asean-demo-editor", origin)
        assert locked.status == 429
        elsewhere, cookies = log_in(client_at("127.0.0.3"), "editor", "asean-demo-editor", origin)
        assert elsewhere.status == 302 and "sessionid" in cookies

    def test_a_request_larger_than_any_upload_is_refused(self, site):
        response = site.request(
            "POST",
            "/admin/login/",
            body=b"x" * (26 * 1024 * 1024),
            headers={"Content-Type": "application/octet-stream"},
        )
        assert response.status == 413

    def test_one_client_address_is_held_to_its_request_rate(self, site, tmp_path):
        """Beyond its burst, a client address's requests to the application answer 429;
        other addresses, and its requests for static files, are still served. The limit as
        shipped but for its figures: a burst of 5 at 1 a second, which requests one after
        another exceed at once (here they come at about the shipped 30 a second)."""
        assert "limit_req zone=asean_portal_app burst=300 nodelay;" in NGINX_SITE
        web = Nginx(
            tmp_path,
            site.upstream_ports,
            changes={
                "rate=30r/s": "rate=1r/s",
                "burst=300": "burst=5",
                # The site's static files, collected for the first nginx.
                "/srv/asean-portal/staticfiles/": f"{site.root.parent}/static/",
            },
        )
        try:
            statuses = [
                web.request("GET", "/healthz", source="127.0.0.77").status for _ in range(10)
            ]
            assert statuses[:6] == [204] * 6  # one, and the burst
            assert statuses[-1] == 429
            assert web.request("GET", "/healthz", source="127.0.0.78").status == 204
            page = web.request("GET", "/vi/").body.decode()
            stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
            assert web.request("GET", stylesheet, source="127.0.0.77").status == 200
        finally:
            web.stop()

    def test_health_check_passes_through(self, site):
        response = site.request("GET", "/healthz")
        assert response.status == 204 and "no-cache" in response.getheader("Cache-Control")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="scale-out runs on PostgreSQL (make test-postgres)"
)
@pytest.mark.skipif(
    bool(missing("nginx", "openssl", "redis-server")), reason="nginx or redis-server missing"
)
@pytest.mark.django_db
def test_two_application_servers_behind_nginx(tmp_path):
    """Publish through server A; nginx and server B show it within a second. Stop A while
    readers load pages through nginx: none of them fails."""
    database_url, drop_database = postgres_database("asean_portal_scaleout")
    redis = Redis(tmp_path)
    servers = []
    try:
        environment = site_environment(
            tmp_path,
            DATABASE_URL=database_url,
            REDIS_URL=redis.url,
            DJANGO_HTTPS_ONLY="0",
            WEB_CONCURRENCY="1",
        )
        prepare_site(environment)
        first, second = Gunicorn(environment, tmp_path, "a"), Gunicorn(environment, tmp_path, "b")
        servers += [first, second]
        # Its readers, all at one address, may ask faster than one address may (up to 1,600
        # requests in three seconds; see test_one_client_address_is_held_to_its_request_rate).
        web = Nginx(tmp_path, [first.port, second.port], changes={"rate=30r/s": "rate=10000r/s"})
        servers.append(web)

        import psycopg

        with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
            pk, slug, title = db.execute(
                "SELECT id, slug, title_vi FROM news_article WHERE state = 'draft'"
            ).fetchone()

        def via(port):
            import http.client

            def send(method, path, body=None, headers=None):
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                client.request(
                    method,
                    path,
                    body=body,
                    headers={"Host": f"127.0.0.1:{port}", **(headers or {})},
                )
                response = client.getresponse()
                response.body = response.read()
                client.close()
                return response

            return send

        to_a, to_b = via(first.port), via(second.port)

        def listing_shows_it(send):
            return title in send("GET", "/vi/news/").body.decode()

        # Every way in has the listing cached without the draft.
        assert not listing_shows_it(to_b)
        assert not listing_shows_it(lambda method, path: web.request(method, path))
        assert to_b("GET", "/vi/news/").getheader("ETag")

        response, cookies = log_in(
            lambda m, p, b, h: to_a(m, p, b, h),
            "publisher",
            "asean-demo-publisher",
            f"http://127.0.0.1:{first.port}",
        )
        assert response.status == 302
        published = to_a(
            "POST",
            "/admin/news/article/",
            urllib.parse.urlencode(
                {
                    "action": "publish",
                    "_selected_action": pk,
                    "csrfmiddlewaretoken": cookies["csrftoken"],
                }
            ),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Origin": f"http://127.0.0.1:{first.port}",
                "Referer": f"http://127.0.0.1:{first.port}/admin/news/article/",
            },
        )
        assert published.status == 302
        started = time.monotonic()
        assert listing_shows_it(to_b)
        assert listing_shows_it(lambda method, path: web.request(method, path))
        assert to_b("GET", f"/vi/news/{slug}/").status == 200
        assert time.monotonic() - started < 1.0

        failures, successes, stop = [], [], threading.Event()
        paths = ["/vi/", "/vi/news/", f"/vi/news/{slug}/", "/en/meetings/", "/vi/plans/"]

        def reader(number):
            for request in range(400):  # bounded: at most 400 requests a reader
                if stop.is_set():
                    return
                path = paths[(number + request) % len(paths)]
                try:
                    status = web.request("GET", path).status
                except OSError as error:
                    failures.append(f"{path}: {error}")
                    continue
                (successes if status == 200 else failures).append(f"{path}: {status}")

        readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for thread in readers:
            thread.start()
        time.sleep(1)
        first.stop()
        time.sleep(2)
        stop.set()
        for thread in readers:
            thread.join(timeout=30)
        assert failures == []
        assert len(successes) > 50
        assert to_b("GET", "/healthz").status == 204
    finally:
        for server in reversed(servers):
            server.stop()
        redis.stop()
        drop_database()


def test_make_serve_works_over_plain_http_and_says_so(tmp_path):
    """scripts/serve (`make serve`): the production settings on http://127.0.0.1, the
    HTTPS-only settings off for itself."""
    port = free_port()
    # scripts/serve's own defaults where a deployment would set more (HTTPS_ONLY among them).
    environment = site_environment(
        tmp_path, BIN=str(Path(sys.executable).parent), PORT=str(port), WEB_CONCURRENCY="1"
    )
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["scripts/serve"], cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until(lambda: answers(port), seconds=120, what="make serve")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/admin/login/", headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        assert response.status == 200  # not sent to https://
        assert response.getheader("Strict-Transport-Security") is None
        cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
        assert "csrftoken" in cookies and "Secure" not in cookies
        assert "Plain HTTP: the HTTPS-only settings are off" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_application_module_imports_every_view_and_opens_no_connection():
    """gunicorn loads asean_portal.wsgi once before forking its workers (preload_app): the
    views imported there serve every worker. A database connection opened there would be
    shared by them all, so none is."""
    check = (
        "import sys\n"
        "import asean_portal.wsgi\n"
        "from django.db import connections\n"
        "assert {'news.views', 'meetings.views', 'api.views'} <= sys.modules.keys()\n"
        "assert all(c.connection is None for c in connections.all(initialized_only=True))\n"
    )
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "asean_portal.settings.test",
    }
    subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=environment, check=True)


@pytest.fixture
def gunicorn_config(monkeypatch):
    """deploy/gunicorn.conf.py as gunicorn reads it; what it changes in gunicorn is undone."""
    monkeypatch.setattr(gunicorn.util, "close_graceful", gunicorn.util.close_graceful)
    monkeypatch.setattr(gunicorn.util, "http_date", gunicorn.util.http_date)
    return runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))


def test_a_worker_formats_the_date_header_once_a_second(gunicorn_config):
    """Responses carry the second they were sent in, formatted once for all the responses
    of that second."""
    assert gunicorn.util.http_date is gunicorn_config["http_date_once_a_second"]
    with time_machine.travel(
        datetime.datetime(2026, 12, 2, 5, 0, 0, 100000, datetime.UTC), tick=False
    ) as clock:
        first = gunicorn.util.http_date()
        assert first == "Wed, 02 Dec 2026 05:00:00 GMT"
        clock.shift(0.8)
        assert gunicorn.util.http_date() is first
        clock.shift(0.2)
        assert gunicorn.util.http_date() == "Wed, 02 Dec 2026 05:00:01 GMT"
    assert gunicorn.util.http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_what_workers_inherit_is_kept_out_of_the_garbage_collector_s_reach(gunicorn_config):
    """Before each fork the master's objects are frozen: the workers' full collections then
    walk only what the workers made themselves."""
    try:
        gunicorn_config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 10000
    finally:
        gc.unfreeze()


def closing_in_background(close, sock):
    closer = threading.Thread(target=close, args=(sock,), daemon=True)
    closer.start()
    return closer


def test_a_worker_does_not_wait_for_the_client_to_close(gunicorn_config):
    """gunicorn lingers after each response until the client closes (up to two seconds);
    with nothing left unread, the config closes at once and the worker moves on."""
    assert gunicorn.util.close_graceful is gunicorn_config["close_promptly"]
    worker_side, client = socket.socketpair()
    worker_side.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
    closer = closing_in_background(gunicorn.util.close_graceful, worker_side)
    closer.join(timeout=1)
    assert not closer.is_alive()  # while the client still holds its side open
    assert client.recv(100) == b"HTTP/1.1 204 No Content\r\n\r\n"
    assert client.recv(100) == b""
    client.close()


def test_a_worker_still_lingers_over_request_data_it_did_not_read(gunicorn_config):
    """Closing with unread data would make the kernel reset the connection and could cut
    the response short: then gunicorn's own close runs, until the client closes."""
    worker_side, client = socket.socketpair()
    client.sendall(b"the rest of an upload the application refused")
    worker_side.sendall(b"HTTP/1.1 413 Content Too Large\r\n\r\n")
    closer = closing_in_background(gunicorn.util.close_graceful, worker_side)
    closer.join(timeout=0.3)
    assert closer.is_alive()
    assert client.recv(100) == b"HTTP/1.1 413 Content Too Large\r\n\r\n"
    client.close()
    closer.join(timeout=5)
    assert not closer.is_alive()
