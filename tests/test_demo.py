"""The demo loads from fixtures and holds the facts of ../shared/seeds/FACTS.md."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Country, Organisation, Topic
from meetings.models import Meeting, MeetingSeries
from news.models import Article
from plans.models import Plan

from .conftest import log_in

CONTENT_MODELS = [Country, Organisation, Topic, MeetingSeries, Meeting, Plan, Article]


def snapshot():
    return {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in CONTENT_MODELS
    }


@pytest.mark.django_db
class TestDemoContent:
    def test_counts(self, demo):
        assert Meeting.objects.count() == 4
        assert Plan.objects.count() == 7
        assert Article.objects.published().count() == 3
        assert Country.objects.filter(relation=Country.Relation.MEMBER).count() == 11

    def test_all_seed_content_is_published_and_one_draft_shows_the_workflow(self, demo):
        for model in (Meeting, Plan):
            assert model.objects.published().count() == model.objects.count()
        draft = Article.objects.exclude(pk__in=Article.objects.published()).get()
        assert draft.state == "draft"
        assert draft.title_en and draft.title_vi

    def test_telmin_15_in_da_nang_launched_aim_2020_and_signed_itu_mou(self, demo):
        telmin = Meeting.objects.get(series__acronym="TELMIN", edition=15)
        assert (telmin.start_date, telmin.end_date) == (
            datetime.date(2015, 11, 26),
            datetime.date(2015, 11, 27),
        )
        assert telmin.city_vi == "Đà Nẵng"
        assert telmin.host_country_id == "VN"
        assert telmin.chair_name == "Nguyễn Bắc Son"
        assert set(telmin.adopted_plans.values_list("acronym", flat=True)) == {
            "AIM 2020",
            "ASEAN–ITU MoU",
        }
        assert {"CN", "JP", "KR"} <= set(
            telmin.participating_countries.values_list("pk", flat=True)
        )
        assert telmin.participating_organisations.filter(acronym="ITU").exists()

    def test_aim_2020_has_its_eight_thrusts_in_order(self, demo):
        aim = Plan.objects.get(acronym="AIM 2020")
        thrusts = list(aim.thrusts.values_list("title_en", flat=True))
        assert len(thrusts) == 8
        assert thrusts[0] == "Economic development and transformation"
        assert thrusts[-1] == "Information security and assurance"
        assert (aim.start_year, aim.end_year, aim.status) == (2016, 2020, "completed")

    def test_itu_mou_has_eight_priority_areas(self, demo):
        mou = Plan.objects.get(acronym="ASEAN–ITU MoU")
        assert mou.thrusts.count() == 8
        assert mou.partner_organisations.filter(acronym="ITU").exists()

    def test_amri_17_adopted_kuala_lumpur_declaration(self, demo):
        amri = Meeting.objects.get(series__acronym="AMRI", edition=17)
        assert amri.last_day == datetime.date(2025, 5, 7)
        assert amri.host_country_id == "MY"
        assert amri.documents.filter(kind="declaration", title_en__contains="Kuala Lumpur").exists()
        assert {"TL", "CN", "JP", "KR"} <= set(
            amri.participating_countries.values_list("pk", flat=True)
        )
        reviewed = set(amri.plans.values_list("slug", flat=True))
        assert {"acmp-ii", "acmp-iii"} <= reviewed

    def test_amri_18_is_planned_in_cambodia_for_2027(self, demo):
        amri18 = Meeting.objects.get(series__acronym="AMRI", edition=18)
        assert amri18.host_country_id == "KH"
        assert amri18.date_precision == "year"
        assert amri18.start_date.year == 2027

    def test_drafting_plans_and_successors(self, demo):
        acmp3 = Plan.objects.get(acronym="ACMP III")
        assert acmp3.status == "drafting"
        assert acmp3.predecessor.acronym == "ACMP II"
        assert Plan.objects.with_status().filter(current_status="drafting").count() == 2

    def test_wg_imt_5_in_bohol(self, demo):
        meeting = Meeting.objects.get(series__acronym="SOMRI WG-IMT", edition=5)
        assert meeting.start_date == datetime.date(2019, 11, 20)
        assert meeting.host_country_id == "PH"
        assert meeting.topics.filter(slug="tin-gia").exists()
        article = meeting.articles.get()
        assert article.published_at.date() == datetime.date(2021, 1, 25)

    def test_every_record_is_complete_in_both_languages(self, demo):
        for model in CONTENT_MODELS:
            for obj in model.objects.all():
                assert obj.missing_languages() == [], f"{model.__name__} {obj.pk}"

    def test_articles_have_images_with_alt_text_and_files(self, demo):
        for article in Article.objects.published():
            assert article.image_alt_vi and article.image_alt_en
            assert article.image.storage.exists(article.image.name)

    def test_running_twice_changes_nothing(self, demo):
        before = snapshot()
        call_command("load_demo", allow_production=True, verbosity=0)
        assert snapshot() == before

    def test_creates_demo_editor_who_can_log_in(self, demo, client):
        user = get_user_model().objects.get(username="editor")
        assert user.groups.filter(name="Editors").exists()
        assert not user.is_superuser
        assert log_in(client, "editor", "asean-demo-editor").status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_creates_demo_publisher_who_can_publish(self, demo, client):
        user = get_user_model().objects.get(username="publisher")
        assert user.has_perm("news.publish") and not user.is_superuser
        assert not get_user_model().objects.get(username="editor").has_perm("news.publish")
        assert log_in(client, "publisher", "asean-demo-publisher").status_code == 302

    def test_demo_records_start_with_a_version_in_their_history(self, demo):
        from reversion.models import Version

        for article in Article.objects.all():
            assert Version.objects.get_for_object(article).count() == 1
        call_command("load_demo", allow_production=True, verbosity=0)
        assert Version.objects.get_for_model(Article).count() == Article.objects.count()

    def test_plain_loaddata_works(self, db):
        call_command(
            "loaddata", "demo_reference", "demo_meetings", "demo_plans", "demo_news", verbosity=0
        )
        assert Meeting.objects.count() == 4

    def test_refuses_to_run_without_debug_unless_told(self, db, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError):
            call_command("load_demo", verbosity=0)
