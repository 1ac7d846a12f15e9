import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import Country, Organisation, Topic, Workflow
from editorial.permissions import sync_editor_group, sync_publisher_group
from meetings.models import Meeting, MeetingSeries, OutcomeDocument
from news.models import Article
from pages.models import Page
from plans.models import Plan, Thrust


class EditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(sync_editor_group())


class PublisherFactory(EditorFactory):
    username = factory.Sequence(lambda n: f"publisher{n}")

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(sync_publisher_group())


def country_code(n):
    return f"{chr(ord('Q') + n // 26 % 10)}{chr(ord('A') + n % 26)}"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Sequence(country_code)
    name_vi = factory.Sequence(lambda n: f"Quốc gia {n}")
    name_en = factory.Sequence(lambda n: f"Country {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_vi = factory.Sequence(lambda n: f"Tổ chức {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_vi = factory.Sequence(lambda n: f"Chủ đề {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    name_vi = factory.Sequence(lambda n: f"Chuỗi hội nghị {n}")
    name_en = factory.Sequence(lambda n: f"Meeting series {n}")
    acronym = factory.Sequence(lambda n: f"SER{n}")


class PublishedFactory(factory.django.DjangoModelFactory):
    """Records readers see, unless a test says otherwise (``state="draft"``…)."""

    class Meta:
        abstract = True

    state = Workflow.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class MeetingFactory(PublishedFactory):
    class Meta:
        model = Meeting

    title_vi = factory.Sequence(lambda n: f"Hội nghị số {n} tại Đà Nẵng")
    title_en = factory.Sequence(lambda n: f"Meeting {n} in Da Nang")
    series = factory.SubFactory(MeetingSeriesFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    host_country = factory.SubFactory(CountryFactory)


class OutcomeDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeDocument

    meeting = factory.SubFactory(MeetingFactory)
    title_vi = factory.Sequence(lambda n: f"Tuyên bố {n}")
    title_en = factory.Sequence(lambda n: f"Declaration {n}")


class PlanFactory(PublishedFactory):
    class Meta:
        model = Plan

    title_vi = factory.Sequence(lambda n: f"Kế hoạch số {n}")
    title_en = factory.Sequence(lambda n: f"Plan {n}")
    start_year = 2026
    end_year = 2030


class ThrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thrust

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_vi = factory.Sequence(lambda n: f"Định hướng {n}")
    title_en = factory.Sequence(lambda n: f"Thrust {n}")


class ArticleFactory(PublishedFactory):
    class Meta:
        model = Article

    title_vi = factory.Sequence(lambda n: f"Tin tức số {n}")
    title_en = factory.Sequence(lambda n: f"News item {n}")
    lead_vi = "Tóm tắt tin."
    lead_en = "A short lead."


class PageFactory(PublishedFactory):
    class Meta:
        model = Page

    title_vi = factory.Sequence(lambda n: f"Trang số {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    body_vi = "<p>Nội dung trang.</p>"
    body_en = "<p>The page's text.</p>"
