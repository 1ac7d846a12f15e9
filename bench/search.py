"""Search latency on a large generated corpus, per database backend.

    .venv/bin/python bench/search.py                 # SQLite, 100,000 articles
    .venv/bin/python bench/search.py --articles 20000
    scripts/with-postgres .venv/bin/python bench/search.py   # PostgreSQL (uses DATABASE_URL)
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search.py --reuse
                            # while tuning: fills a new file once, then measures it again

Fills a fresh database (a temporary SQLite file, or the database DATABASE_URL names) with
``manage.py generate_content`` (bilingual articles, indexed through the documented bulk path
``search.index.reindex``), then times what the search page does for each query: the counts
by type, the first page of ranked results and the records behind it. Prints p50 and p95.
"""

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "vi": [
        "tin gia",
        "tin giả",
        "ĐÀ NẴNG",
        "an ninh mang",
        '"chuyển đổi số"',
        "hoi nghi bo truong thong tin",
        "ke hoach tong the",
        "asean",
        "thanh nien kinh te sang tao",
        "khongcotu",
    ],
    "en": [
        "fake news",
        "Da Nang",
        '"digital transformation"',
        "ministers meeting information",
        "asean",
        "youth creative economy",
    ],
}


def time_queries(repeats):
    from django.utils import translation

    from search.text import parse_query
    from search.views import SearchResults

    rows = []
    for language, queries in QUERIES.items():
        with translation.override(language):
            for text in queries:
                query = parse_query(text)
                timings = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    results = SearchResults(query, language, None)
                    hits = results[0:10]
                    timings.append((time.perf_counter() - started) * 1000)
                rows.append((language, text, len(results), len(hits), timings))
    return rows


def explain(text):
    """Print the plan of every statement the search page runs for ``text`` (in Vietnamese)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.text import parse_query
    from search.views import SearchResults

    with CaptureQueriesContext(connection) as context:
        SearchResults(parse_query(text), "vi", None)[0:10]
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        for captured in context.captured_queries:
            sql = captured["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            print(sql[:300])
            cursor.execute(prefix + sql)
            for row in cursor.fetchall():
                print("   ", " | ".join(str(value) for value in row))


def is_filled(count):
    """Whether the database already holds the ``count`` generated articles, indexed."""
    from django.db import connection
    from django.db.utils import DatabaseError

    from news.models import Article
    from search.backends import KEYS, TABLE

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {KEYS if connection.vendor == 'sqlite' else TABLE}"
            )
            return Article.objects.count() == count and cursor.fetchone()[0] > 0
    except DatabaseError:
        return False


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the articles of an earlier --reuse run on the same database (while tuning)",
    )
    parser.add_argument(
        "--explain", metavar="QUERY", help="also print the database's plan for each statement"
    )
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        workdir = tempfile.mkdtemp(prefix="asean-portal-bench-")
        atexit.register(shutil.rmtree, workdir, ignore_errors=True)  # 650 MB at 100,000
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "asean_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    reused = args.reuse and is_filled(args.articles)
    if connection.vendor == "postgresql" and not reused:
        # Never run on a database that holds anything: start from an empty schema.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)

    filled = 0.0
    if not reused:
        started = time.perf_counter()
        call_command("generate_content", articles=args.articles, meetings=0, plans=0)
        filled = time.perf_counter() - started
    if connection.vendor == "postgresql" and not reused:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would soon do in production

    if args.explain:
        explain(args.explain)
    rows = time_queries(args.repeats)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_table_size('search_index')), "
                "pg_size_pretty(pg_indexes_size('search_index')), current_setting('shared_buffers')"
            )
            table, indexes, buffers = cursor.fetchone()
        print(f"search_index: table {table}, indexes {indexes}; shared_buffers {buffers}")
    everything = [t for *_rest, timings in rows for t in timings]
    print(f"backend: {connection.vendor}; articles: {args.articles:,}; repeats: {args.repeats}")
    if reused:
        print("generate, index: reused from an earlier run")
    else:
        print(f"generate_content (with the bulk reindex): {filled:.1f} s")
    print(f"{'lang':4} {'query':32} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for language, text, matches, _hits, timings in rows:
        print(
            f"{language:4} {text:32} {matches:>8} "
            f"{statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f}"
        )
    print(
        f"all queries: p50 {statistics.median(everything):.1f} ms, "
        f"p95 {percentile(everything, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
