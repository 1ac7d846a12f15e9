"""Public pages at scale: queries, time in process and, with --serve, requests per second
under gunicorn, cached and uncached, next to gunicorn answering with the page's bytes and
nothing else, and nginx serving the same HTML from a file.

    .venv/bin/python bench/pages.py                      # SQLite, 100,000 articles
    .venv/bin/python bench/pages.py --demo               # the demo content only
    scripts/with-postgres .venv/bin/python bench/pages.py    # PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/pages.py --serve              # also gunicorn + wrk (+ nginx)
    DATABASE_URL=sqlite:////tmp/pages.sqlite3 .venv/bin/python bench/pages.py --reuse

Fills a fresh database (a temporary SQLite file, or the one DATABASE_URL names) with
``manage.py generate_content`` (``--articles``, with one meeting per 100 articles and one
plan per 1,000), or with ``load_demo`` for ``--demo``. In process, the page cache is off:
each page is rendered in full, through Django's WSGI handler as gunicorn calls it. ``cpu ms``
is the process's CPU time per page (what a gunicorn worker spends), ``p50``/``p95`` the wall
time, ``calls`` the Python function calls of one request (cProfile): unlike times, it does not
move with the load of a shared machine, so it shows what a change saves.
"""

import argparse
import atexit
import cProfile
import gc
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.in_process import wsgi_get  # noqa: E402
from tests.servers import Gunicorn, Redis, answers, free_port, wait_until  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def pages():
    """(label, path) of every page type, with slugs and filter values from the database."""
    from api.views import Pages
    from core.models import Topic
    from meetings.models import Meeting
    from news.models import Article
    from plans.models import Plan

    article = Article.objects.published().first()
    meeting = Meeting.objects.published().filter(articles__isnull=False).first()
    plan = Plan.objects.published().filter(meetings__isnull=False).first() or (
        Plan.objects.published().first()
    )
    topic = Topic.objects.filter(articles__isnull=False).first()
    year = article.published_at.year - 1
    articles = Article.objects.published().count()
    last_page = max(1, -(-articles // 12))
    return [
        ("home", "/vi/"),
        ("news", "/vi/news/"),
        ("news ?year", f"/vi/news/?year={year}"),
        ("news ?topic", f"/vi/news/?topic={topic.slug}"),
        ("news ?country", "/vi/news/?country=VN"),
        ("news ?meeting", f"/vi/news/?meeting={meeting.slug}"),
        ("news ?topic&year", f"/vi/news/?topic={topic.slug}&year={year}"),
        ("news page 2", f"/vi/news/?page={min(2, last_page)}"),
        ("news last page", f"/vi/news/?page={last_page}"),
        ("news ?q", "/vi/news/?q=an+ninh+mang"),
        *([("news ?q page 2", "/vi/news/?q=an+ninh+mang&page=2")] if last_page > 100 else []),
        ("news ?q&topic", f"/vi/news/?q=an+ninh+mang&topic={topic.slug}"),
        ("news ?q&year", f"/vi/news/?q=an+ninh+mang&year={year}"),
        ("meetings", "/en/meetings/"),
        ("meetings ?status", "/en/meetings/?status=past"),
        ("plans", "/en/plans/"),
        ("plans ?year", "/en/plans/?year=2020"),
        ("documents", "/en/documents/"),
        ("documents ?series&kind", f"/en/documents/?series={meeting.series.slug}&kind=report"),
        ("article", article.get_absolute_url()),
        ("meeting", meeting.get_absolute_url()),
        ("plan", plan.get_absolute_url()),
        ("search", "/vi/search/?q=da+nang"),
        ("feed", "/vi/news/feed/"),
        ("atom ?topic", f"/vi/news/atom/?topic={topic.slug}"),
        ("calendar", "/en/meetings/calendar.ics"),
        ("meeting calendar", f"{meeting.get_absolute_url()}calendar.ics"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap news p1", "/sitemap-news.xml"),
        ("api news", "/api/v1/news/"),
        ("api news ?topic", f"/api/v1/news/?topic={topic.slug}&lang=en"),
        *(
            [("api news page 500", "/api/v1/news/?page=500")]
            if articles > 500 * Pages.page_size
            else []
        ),
        ("api article", f"/api/v1/news/{article.slug}/"),
    ]


def measure_in_process(paths, repeats):
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    application = WSGIHandler()
    rows = []
    with override_settings(PAGE_CACHE_SECONDS=0, API_THROTTLE_RATE="1000000/minute"):
        for label, path in paths:
            status = wsgi_get(application, path)  # warm up, and check it works
            assert status == 200, (path, status)
            with CaptureQueriesContext(connection) as captured:
                wsgi_get(application, path)
            queries = len(captured)  # now: the next request empties the log
            profile = cProfile.Profile()
            profile.runcall(wsgi_get, application, path)
            calls = pstats.Stats(profile).total_calls
            rows.append((label, path, queries, calls, [], []))
        # Each round serves every page once: a shared machine's load, which drifts from one
        # minute to the next, weighs on all pages alike.
        for _ in range(repeats):
            for _label, path, _queries, _calls, cpus, walls in rows:
                wall, cpu = time.perf_counter(), time.process_time()
                wsgi_get(application, path)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
    return [
        (label, path, queries, calls, statistics.median(cpus), walls)
        for label, path, queries, calls, cpus, walls in rows
    ]


def wrk(url, seconds, connections=16):
    """Requests per second from wrk, each request on a new connection (as a browser's first
    visit, and as nginx measured with the same flag)."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Connection: close", url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("Requests/sec"))
    errors = [line for line in result.stdout.splitlines() if "Non-2xx" in line or "errors" in line]
    return float(line.split()[1]), " ".join(errors)


class NginxPage:
    """nginx serving one page's HTML from a file: the most this machine does per page."""

    def __init__(self, workdir, html):
        root = Path(workdir) / "nginx"
        (root / "logs").mkdir(parents=True, exist_ok=True)
        (root / "page.html").write_bytes(html)
        self.port = free_port()
        # As root, nginx's workers would run as nobody, who cannot read the temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (root / "nginx.conf").write_text(
            user
            + f"""worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/logs/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{self.port};
        root {root};
        location = / {{ default_type text/html; try_files /page.html =404; }}
    }}
}}
"""
        )
        self.process = subprocess.Popen(
            ["nginx", "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"]
        )
        atexit.register(self.process.terminate)
        wait_until(lambda: answers(self.port, "/"), what="nginx")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def rates_in_turns(urls, seconds):
    """Requests/s at each of ``urls``, measured a second at a time, in turns, ``seconds``
    turns each: a shared machine's load drifts from one second to the next, and so weighs on
    every server alike, and their ratios hold."""
    for url in urls:
        for _ in range(3):  # each worker's first requests import and open what it needs
            urllib.request.urlopen(url).close()
    rates = {url: [] for url in urls}
    errors = []
    for _ in range(seconds):
        for url in urls:
            rate, error = wrk(url, 1)
            rates[url].append(rate)
            if error:
                errors.append(error)
    return [statistics.fmean(rates[url]) for url in urls], " ".join(errors)


def measure_served(paths, workdir, seconds, redis=False):
    """req/s under gunicorn (2 sync workers, production settings) for a few page types, with
    the default file cache or with Redis."""
    static_root = Path(workdir) / "static"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "asean_portal.settings.prod",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 44,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS_ONLY": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_CACHE_DIR": str(Path(workdir) / "cache"),
        "WEB_CONCURRENCY": "2",
    }
    if redis:
        server = Redis(Path(workdir))
        atexit.register(server.stop)
        environment["REDIS_URL"] = server.url
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    workdir = Path(workdir)
    servers = [
        Gunicorn({**environment, "DJANGO_PAGE_CACHE_SECONDS": "0"}, workdir, "uncached"),
        Gunicorn(environment, workdir, "cached"),
    ]
    for server in servers:
        atexit.register(server.stop)
    uncached_port, cached_port = (server.port for server in servers)
    rows = []
    for label, path in paths:
        with urllib.request.urlopen(f"http://127.0.0.1:{cached_port}{path}") as response:
            html = response.read()
            headers = [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in ("server", "date", "connection")
            ]
        # Every server this page is measured on runs at once, each idle while another is.
        others = [gunicorn_floor(environment, workdir, html, headers)]
        if shutil.which("nginx"):
            others.append(NginxPage(workdir, html))
        urls = [
            f"http://127.0.0.1:{uncached_port}{path}",
            f"http://127.0.0.1:{cached_port}{path}",
            *(f"http://127.0.0.1:{other.port}/" for other in others),
        ]
        try:
            rates, errors = rates_in_turns(urls, seconds)
        finally:
            for other in others:
                other.stop()
        uncached, cached, floor, *ceiling = rates
        rows.append((label, uncached, cached, floor, ceiling[0] if ceiling else None, errors))
    return rows


def gunicorn_floor(environment, workdir, html, headers):
    """gunicorn, as configured for the portal, answering with the page's bytes and headers
    and doing nothing else (``bench/static_page.py``): the most a cached page can reach."""
    page = Path(workdir) / "floor" / "page.html"
    page.parent.mkdir(exist_ok=True)
    page.write_bytes(html)
    page.with_suffix(".headers").write_text(json.dumps(headers))
    return Gunicorn(
        {**environment, "PAGE_FILE": str(page)},
        Path(workdir),
        "floor",
        application="bench.static_page:application",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--demo", action="store_true", help="the demo content, not generated")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's database")
    parser.add_argument("--serve", action="store_true", help="also gunicorn and wrk")
    parser.add_argument("--seconds", type=int, default=5, help="wrk's seconds per page and server")
    parser.add_argument("--redis", action="store_true", help="with --serve: Redis as the cache")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="asean-portal-pages-")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/pages.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "asean_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from news.models import Article

    reused = args.reuse and Article.objects.exists() if _has_tables() else False
    if connection.vendor == "postgresql" and not reused:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    if not reused:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if args.demo:
            call_command("load_demo", allow_production=True, verbosity=0)
        else:
            call_command("generate_content", articles=args.articles)
        print(f"filled in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    print(
        f"backend: {connection.vendor}; articles: {Article.objects.count():,}; "
        f"repeats: {args.repeats}"
    )
    paths = pages()
    # As in gunicorn's workers (``pre_fork`` in deploy/gunicorn.conf.py): what is loaded
    # before the first request, here the filling's leftovers too, is out of the garbage
    # collector's reach. Else a full collection walks it, about 90 ms at 100,000 articles, in
    # the middle of whichever request it falls on.
    gc.collect()
    gc.freeze()
    print(
        f"{'page':18} {'queries':>7} {'calls':>7} {'cpu ms':>7} {'p50 ms':>7} {'p95 ms':>7}  path"
    )
    for label, path, queries, calls, cpu, walls in measure_in_process(paths, args.repeats):
        print(
            f"{label:18} {queries:>7} {calls:>7} {cpu:>7.1f} {statistics.median(walls):>7.1f} "
            f"{percentile(walls, 0.95):>7.1f}  {path}"
        )
    if args.serve:
        connection.close()
        chosen = [row for row in paths if row[0] in SERVED]
        cache = "Redis" if args.redis else "file"
        print(
            f"\nrequests/s, gunicorn 2 sync workers, {cache} cache, "
            f"wrk -t2 -c16, Connection: close, {args.seconds} one-second turns on each server"
        )
        print(
            f"{'page':18} {'uncached':>9} {'cached':>9} {'page bytes':>11} {'nginx file':>11}"
            f" {'cached/bytes':>13} {'cached/nginx':>13}"
        )
        for label, uncached, cached, floor, ceiling, errors in measure_served(
            chosen, workdir, args.seconds, redis=args.redis
        ):
            share = f"{100 * cached / ceiling:.1f} %" if ceiling else "-"
            print(
                f"{label:18} {uncached:>9.0f} {cached:>9.0f} {floor:>11.0f} {ceiling or 0:>11.0f}"
                f" {f'{100 * cached / floor:.0f} %':>13} {share:>13}  {errors}"
            )
        print(
            "page bytes: gunicorn as configured, answering with the cached page's bytes and "
            "headers and doing nothing else (bench/static_page.py)"
        )


SERVED = {"home", "news", "news ?topic", "article", "meetings", "plan"}


def _has_tables():
    from django.db import connection

    return "news_article" in connection.introspection.table_names()


if __name__ == "__main__":
    main()
