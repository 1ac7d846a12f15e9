"""Generated bilingual content at scale, for benchmarks and load tests
(``python manage.py generate_content``).

Records are made in bulk but through the rules a real save keeps: NFC and sanitised text
(``clean_text``), derived columns, every relation, the search index and a stale page cache.
Generated rows have slugs ``g<seed>-a<n>`` (articles), ``g<seed>-m<n>`` and ``g<seed>-p<n>``:
running again with the same seed adds only what is missing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting, MeetingSeries, OutcomeDocument
from news.models import Article
from plans.models import Plan
from search.index import reindex

from .models import Country, Organisation, Topic, Workflow

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


#: (kind, Vietnamese, English) of generated outcome documents.
DOCUMENT_KINDS = [
    (OutcomeDocument.Kind.DECLARATION, "Tuyên bố", "Declaration"),
    (OutcomeDocument.Kind.JOINT_STATEMENT, "Tuyên bố chung", "Joint statement"),
    (OutcomeDocument.Kind.REPORT, "Báo cáo", "Report"),
    (OutcomeDocument.Kind.GUIDELINES, "Hướng dẫn", "Guidelines"),
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


SERIES = [
    ("AMRI", "Hội nghị Bộ trưởng Thông tin ASEAN", "ASEAN Ministers Responsible for Information"),
    ("SOMRI", "Hội nghị Quan chức cao cấp về Thông tin", "Senior Officials Meeting on Information"),
    ("TELMIN", "Hội nghị Bộ trưởng Viễn thông và CNTT", "ASEAN Telecommunications Ministers"),
    ("ADGMIN", "Hội nghị Bộ trưởng Số ASEAN", "ASEAN Digital Ministers' Meeting"),
]
COUNTRIES = [
    ("VN", "Việt Nam", "Viet Nam"),
    ("MY", "Ma-lai-xi-a", "Malaysia"),
    ("PH", "Phi-líp-pin", "the Philippines"),
    ("KH", "Cam-pu-chia", "Cambodia"),
    ("LA", "Lào", "Lao PDR"),
    ("ID", "In-đô-nê-xi-a", "Indonesia"),
    ("TH", "Thái Lan", "Thailand"),
    ("SG", "Xin-ga-po", "Singapore"),
    ("MM", "Mi-an-ma", "Myanmar"),
    ("BN", "Bru-nây", "Brunei Darussalam"),
]
BATCH = 2000


def capitalised(text):
    return text[0].upper() + text[1:]


class ContentGenerator:
    """Adds ``g<seed>-…`` records: ``articles`` articles, ``meetings`` meetings and ``plans``
    plans, linked to each other and to reference data as real ones are."""

    def __init__(self, seed=1):
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)

    def slug(self, kind, number):
        return f"g{self.seed}-{kind}{number}"

    def missing(self, model, kind, count):
        """Numbers of the generated records of ``model`` that do not exist yet."""
        existing = set(
            model.objects.filter(slug__startswith=f"g{self.seed}-{kind}").values_list(
                "slug", flat=True
            )
        )
        return [n for n in range(count) if self.slug(kind, n) not in existing]

    def reference_data(self):
        topics = []
        for vi, en in TOPICS:
            topic = Topic.objects.filter(name_vi=capitalised(vi)).first()
            topics.append(
                topic or Topic.objects.create(name_vi=capitalised(vi), name_en=capitalised(en))
            )
        countries = [
            Country.objects.get_or_create(code=code, defaults={"name_vi": vi, "name_en": en})[0]
            for code, vi, en in COUNTRIES
        ]
        series = []
        for acronym, vi, en in SERIES:
            found = MeetingSeries.objects.filter(acronym=acronym).first()
            series.append(
                found or MeetingSeries.objects.create(acronym=acronym, name_vi=vi, name_en=en)
            )
        bodies = list(Organisation.objects.all()[:8]) or [
            Organisation.objects.create(acronym=acronym, name_vi=vi, name_en=en)
            for acronym, vi, en in SERIES
        ]
        return topics, countries, series, bodies

    @transaction.atomic
    def run(self, articles=0, meetings=0, plans=0):
        topics, countries, series, bodies = self.reference_data()
        made_meetings = self.make_meetings(meetings, series, countries, topics)
        generated = Meeting.objects.filter(slug__startswith=f"g{self.seed}-m")
        self.make_documents(generated.filter(documents__isnull=True).select_related("series"))
        meeting_ids = list(
            Meeting.objects.filter(slug__startswith=f"g{self.seed}-m").values_list("pk", flat=True)
        )
        made_plans = self.make_plans(plans, meeting_ids, bodies, countries)
        plan_ids = list(
            Plan.objects.filter(slug__startswith=f"g{self.seed}-p").values_list("pk", flat=True)
        )
        made_articles = self.make_articles(articles, topics, countries, meeting_ids, plan_ids)
        for model, kind, made in (
            (Meeting, "m", made_meetings),
            (Plan, "p", made_plans),
            (Article, "a", made_articles),
        ):
            if made:
                reindex(model.objects.filter(slug__startswith=f"g{self.seed}-{kind}"))
        return {"meetings": made_meetings, "plans": made_plans, "articles": made_articles}

    def save_in_bulk(self, model, records, relations):
        """``records`` with their many-to-many ``relations`` ({field: [ids per record]})."""
        for record in records:
            record.clean_text()
            record.derive_fields()
        model.objects.bulk_create(records, batch_size=BATCH)
        if records and records[0].pk is None:  # SQLite before 3.35 returns no ids
            by_slug = dict(
                model.objects.filter(slug__in=[r.slug for r in records]).values_list("slug", "pk")
            )
            for record in records:
                record.pk = by_slug[record.slug]
        for field, per_record in relations.items():
            through = getattr(model, field).through
            source = f"{model._meta.model_name}_id"
            target = next(
                f.attname
                for f in through._meta.concrete_fields
                if f.is_relation and f.attname != source
            )
            rows = [
                through(**{source: record.pk, target: target_id})
                for record, ids in zip(records, per_record, strict=True)
                for target_id in set(ids)
            ]
            through.objects.bulk_create(rows, batch_size=BATCH)

    def texts(self):
        return article_texts(self.rng)

    def published_record_texts(self, texts):
        """A meeting's or plan's summary and text, published since yesterday."""
        return {
            "summary_vi": texts["lead_vi"],
            "summary_en": texts["lead_en"],
            "body_vi": texts["body_vi"],
            "body_en": texts["body_en"],
            "state": Workflow.PUBLISHED,
            "published_at": self.now - datetime.timedelta(days=1),
        }

    def make_meetings(self, count, series, countries, topics):
        numbers = self.missing(Meeting, "m", count)
        records, topic_ids, country_ids = [], [], []
        for number in numbers:
            kind = series[number % len(series)]
            host = self.rng.choice(countries)
            start = (self.now - datetime.timedelta(days=self.rng.randint(-200, 7000))).date()
            texts = self.texts()
            records.append(
                Meeting(
                    slug=self.slug("m", number),
                    title_vi=f"{kind.acronym} {number + 1}: {texts['title_vi']}",
                    title_en=f"{kind.acronym} {number + 1}: {texts['title_en']}",
                    series=kind,
                    edition=number + 1,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=self.rng.randint(0, 2)),
                    host_country=host,
                    **self.published_record_texts(texts),
                )
            )
            topic_ids.append([t.pk for t in self.rng.sample(topics, 2)])
            country_ids.append([c.pk for c in self.rng.sample(countries, 5)])
        self.save_in_bulk(
            Meeting, records, {"topics": topic_ids, "participating_countries": country_ids}
        )
        return len(records)

    def make_documents(self, meetings):
        """Two outcome documents (no file) for each of ``meetings``: what a meeting's page
        and the documents library list."""
        documents = []
        for meeting in meetings:
            for order, (kind, vi, en) in enumerate(self.rng.sample(DOCUMENT_KINDS, 2)):
                document = OutcomeDocument(
                    meeting=meeting,
                    kind=kind,
                    title_vi=f"{vi} {meeting.series.acronym} {meeting.edition}",
                    title_en=f"{en} of {meeting.series.acronym} {meeting.edition}",
                    date=meeting.end_date,
                    order=order,
                )
                document.clean_text()
                documents.append(document)
        OutcomeDocument.objects.bulk_create(documents, batch_size=BATCH)

    def make_plans(self, count, meeting_ids, bodies, countries):
        numbers = self.missing(Plan, "p", count)
        records, body_ids, country_ids = [], [], []
        this_year = self.now.year
        for number in numbers:
            start = self.rng.randint(this_year - 20, this_year + 1)
            end = start + self.rng.randint(1, 9)
            texts = self.texts()
            records.append(
                Plan(
                    slug=self.slug("p", number),
                    title_vi=f"Kế hoạch công tác {start}–{end}: {texts['title_vi']}",
                    title_en=f"Work plan {start}–{end}: {texts['title_en']}",
                    acronym=f"WP{number + 1}",
                    start_year=start,
                    end_year=end,
                    adopted_at_id=self.rng.choice(meeting_ids) if meeting_ids else None,
                    **self.published_record_texts(texts),
                )
            )
            body_ids.append([b.pk for b in self.rng.sample(bodies, min(2, len(bodies)))])
            country_ids.append([c.pk for c in self.rng.sample(countries, 2)])
        self.save_in_bulk(
            Plan, records, {"implementing_bodies": body_ids, "partner_countries": country_ids}
        )
        return len(records)

    def make_articles(self, count, topics, countries, meeting_ids, plan_ids):
        numbers = self.missing(Article, "a", count)
        made = 0
        for start in range(0, len(numbers), BATCH * 5):
            records, relations = [], {"topics": [], "countries": [], "meetings": [], "plans": []}
            for number in numbers[start : start + BATCH * 5]:
                # Spread over ten years, newest last; a few still scheduled.
                published_at = self.now - datetime.timedelta(
                    minutes=(count - number) * (5_256_000 // max(count, 1)) - 60
                )
                records.append(
                    Article(
                        slug=self.slug("a", number),
                        state=Workflow.PUBLISHED,
                        published_at=published_at,
                        **self.texts(),
                    )
                )
                relations["topics"].append(
                    [t.pk for t in self.rng.sample(topics, self.rng.randint(1, 3))]
                )
                relations["countries"].append(
                    [c.pk for c in self.rng.sample(countries, self.rng.randint(1, 2))]
                )
                relations["meetings"].append(
                    [self.rng.choice(meeting_ids)]
                    if meeting_ids and self.rng.random() < 0.5
                    else []
                )
                relations["plans"].append(
                    [self.rng.choice(plan_ids)] if plan_ids and self.rng.random() < 0.3 else []
                )
            self.save_in_bulk(Article, records, relations)
            made += len(records)
        return made
