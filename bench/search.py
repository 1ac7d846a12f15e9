"""Search latency on a large generated corpus, per database backend.

    .venv/bin/python bench/search.py                 # SQLite, 100,000 articles
    .venv/bin/python bench/search.py --articles 20000
    scripts/with-postgres .venv/bin/python bench/search.py   # PostgreSQL (uses DATABASE_URL)
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search.py --reuse
                            # while tuning: fills a new file once, then measures it again

Fills a fresh database (a temporary SQLite file, or the database DATABASE_URL names) with
generated Vietnamese/English articles, indexes them through the documented bulk path
(``search.index.reindex``), then times what the search page does for each query: the counts
by type, the first page of ranked results and the records behind it. Prints p50 and p95.
"""

import argparse
import atexit
import os
import random
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

# (Vietnamese, English) fragments that generated sentences are built from.
SUBJECTS = [
    ("Các bộ trưởng ASEAN", "ASEAN ministers"),
    ("Hội nghị", "The meeting"),
    ("Đoàn Việt Nam", "Viet Nam's delegation"),
    ("Nhóm công tác", "The working group"),
    ("Ban Thư ký ASEAN", "The ASEAN Secretariat"),
    ("Các quan chức cao cấp", "Senior officials"),
    ("Các nhà báo trong khu vực", "Journalists from the region"),
    ("Các chuyên gia", "Experts"),
    ("Đại diện các nước đối tác", "Partner countries"),
    ("Bộ Thông tin và Truyền thông", "The Ministry of Information and Communications"),
    ("Các doanh nghiệp công nghệ", "Technology companies"),
    ("Sinh viên", "Students"),
]
VERBS = [
    ("thảo luận về", "discussed"),
    ("thông qua kế hoạch về", "adopted a plan on"),
    ("đánh giá tiến độ", "reviewed progress on"),
    ("nhấn mạnh vai trò của", "stressed the role of"),
    ("đề xuất hợp tác về", "proposed cooperation on"),
    ("chia sẻ kinh nghiệm về", "shared experience of"),
    ("kêu gọi đầu tư vào", "called for investment in"),
    ("công bố báo cáo về", "published a report on"),
    ("tổ chức tập huấn về", "held training on"),
    ("ký thỏa thuận về", "signed an agreement on"),
]
TOPICS = [
    ("tin giả", "fake news"),
    ("an ninh mạng", "cyber security"),
    ("chuyển đổi số", "digital transformation"),
    ("kỹ năng số", "digital literacy"),
    ("thanh niên", "youth"),
    ("kinh tế sáng tạo", "the creative economy"),
    ("bản sắc ASEAN", "the ASEAN identity"),
    ("nền tảng mạng xã hội", "social media platforms"),
    ("hạ tầng băng rộng", "broadband infrastructure"),
    ("truyền thông chiến lược", "strategic communication"),
    ("ngôn từ thù địch", "hate speech"),
    ("hành động vì khí hậu", "climate action"),
    ("trí tuệ nhân tạo", "artificial intelligence"),
    ("báo chí điều tra", "investigative journalism"),
    ("phát thanh truyền hình", "broadcasting"),
    ("di sản văn hóa", "cultural heritage"),
    ("du lịch", "tourism"),
    ("y tế cộng đồng", "public health"),
    ("phòng chống thiên tai", "disaster management"),
    ("thương mại điện tử", "e-commerce"),
    ("dịch vụ công trực tuyến", "online public services"),
    ("bảo vệ dữ liệu cá nhân", "personal data protection"),
    ("điện toán đám mây", "cloud computing"),
    ("thể thao", "sport"),
]
PLACES = [
    ("Đà Nẵng", "Da Nang"),
    ("Hà Nội", "Hanoi"),
    ("Huế", "Hue"),
    ("Cần Thơ", "Can Tho"),
    ("Kuala Lumpur", "Kuala Lumpur"),
    ("Bohol", "Bohol"),
    ("Phnôm Pênh", "Phnom Penh"),
    ("Viêng Chăn", "Vientiane"),
    ("Jakarta", "Jakarta"),
    ("Băng Cốc", "Bangkok"),
    ("Singapore", "Singapore"),
    ("Manila", "Manila"),
    ("Yangon", "Yangon"),
    ("Bandar Seri Begawan", "Bandar Seri Begawan"),
    ("Dili", "Dili"),
    ("Tokyo", "Tokyo"),
    ("Seoul", "Seoul"),
    ("Bắc Kinh", "Beijing"),
]
TITLES = [
    ("Hội nghị về {topic} tại {place}", "Meeting on {topic} in {place}"),
    ("{place}: {subject} {verb} {topic}", "{place}: {subject} {verb} {topic}"),
    ("ASEAN tăng cường hợp tác về {topic}", "ASEAN steps up cooperation on {topic}"),
    ("Diễn đàn {topic} khai mạc tại {place}", "Forum on {topic} opens in {place}"),
    ("{subject} {verb} {topic}", "{subject} {verb} {topic}"),
    ("Ra mắt sáng kiến mới về {topic}", "New initiative on {topic} launched"),
]


def sentence(rng, topic, place):
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    return (
        f"{subject[0]} {verb[0]} {topic[0]} tại {place[0]}.",
        f"{subject[1]} {verb[1]} {topic[1]} in {place[1]}.",
    )


def article_texts(rng):
    """One main topic and place, as real reports have, with some sentences about others."""
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    pairs = []
    for _ in range(rng.randint(5, 12)):
        focused = rng.random() < 0.6
        pairs.append(
            sentence(
                rng,
                topic if focused else rng.choice(TOPICS),
                place if focused else rng.choice(PLACES),
            )
        )
    subject, verb, title = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(TITLES)

    def fill_title(template, index):
        text = template.format(
            topic=topic[index], place=place[index], subject=subject[index], verb=verb[index]
        )
        return text[0].upper() + text[1:]

    return {
        "title_vi": fill_title(title[0], 0),
        "title_en": fill_title(title[1], 1),
        "lead_vi": pairs[0][0],
        "lead_en": pairs[0][1],
        "body_vi": "".join(f"<p>{vi}</p>" for vi, _en in pairs[1:]),
        "body_en": "".join(f"<p>{en}</p>" for _vi, en in pairs[1:]),
    }


def fill(count, seed=2025):
    import datetime

    from django.utils import timezone

    from core.models import Workflow
    from news.models import Article

    rng = random.Random(seed)
    start = timezone.now() - datetime.timedelta(days=3650)
    batch = []
    for number in range(count):
        texts = article_texts(rng)
        batch.append(
            Article(
                slug=f"bai-{number}",
                state=Workflow.PUBLISHED,
                published_at=start + datetime.timedelta(minutes=number * 50),
                **texts,
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)  # no signals: indexed below, in bulk
            batch = []
    Article.objects.bulk_create(batch)


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

    from news.models import Article
    from search.index import reindex

    reused = args.reuse and is_filled(args.articles)
    if connection.vendor == "postgresql" and not reused:
        # Never run on a database that holds anything: start from an empty schema.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)

    filled = indexed = 0.0
    if not reused:
        started = time.perf_counter()
        fill(args.articles)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        reindex(Article.objects.all())
        indexed = time.perf_counter() - started
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
        print(f"generate: {filled:.1f} s; index (bulk reindex): {indexed:.1f} s")
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
