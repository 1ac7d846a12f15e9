"""The editorial workflow, through the admin and the public site: states, schedule, roles,
preview, history and restore, recovery, edit conflicts, translation status, stable links."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Workflow
from editorial.models import WorkingCopy
from meetings.models import MeetingPlan
from news.models import Article
from plans.models import Plan

from .admin_forms import admin_post_data
from .factories import (
    ArticleFactory,
    EditorFactory,
    MeetingFactory,
    PlanFactory,
    ThrustFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def admin_url(record, view="change", *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def page(client, record, language="vi"):
    return client.get(f"/{language}{record.get_absolute_url()[3:]}")


def search(client, words):
    return client.get("/vi/search/", {"q": words})


def client_for(user):
    """A browser of its own (the ``client`` fixture is one browser, one login at a time)."""
    client = Client()
    client.force_login(user)
    return client


class TestOnlyPublishedIsVisible:
    @pytest.mark.parametrize("state", [Workflow.DRAFT, Workflow.REVIEW, Workflow.UNPUBLISHED])
    def test_unpublished_states_are_hidden_everywhere(self, client, state):
        hidden = ArticleFactory(state=state, title_vi="Tin ẩn về an ninh mạng")
        shown = ArticleFactory(title_vi="Tin công khai về an ninh mạng")
        assert page(client, hidden).status_code == 404
        assert page(client, hidden, "en").status_code == 404
        assert page(client, shown).status_code == 200
        for path in ("/vi/", "/vi/news/"):
            html = client.get(path).content.decode()
            assert "Tin công khai" in html and "Tin ẩn" not in html
        listing = client.get("/vi/news/", {"q": "an ninh mang"})
        assert listing.context["paginator"].count == 1
        results = search(client, "an ninh mang")
        assert [hit.record for hit in results.context["hits"]] == [shown]
        assert (
            dict((v, n) for v, _label, n, _sel in results.context["type_options"])["article"] == 1
        )

    def test_related_records_show_only_published_ones(self, client):
        meeting = MeetingFactory()
        plan = PlanFactory(adopted_at=meeting)
        draft_plan = PlanFactory(state=Workflow.DRAFT, title_en="Secret plan", adopted_at=meeting)
        ArticleFactory(state=Workflow.DRAFT, title_en="Secret article").meetings.add(meeting)
        reviewed = PlanFactory(title_en="Reviewed plan")
        scheduled = PlanFactory(title_en="Scheduled plan", published_at=timezone.now() + HOUR)
        for linked in (reviewed, scheduled):
            MeetingPlan.objects.create(meeting=meeting, plan=linked, role=MeetingPlan.Role.REVIEWED)
        html = page(client, meeting, "en").content.decode()
        assert plan.title_en in html and "Reviewed plan" in html
        assert "Secret plan" not in html and "Secret article" not in html
        assert "Scheduled plan" not in html
        draft_meeting = MeetingFactory(state=Workflow.DRAFT, title_en="Secret meeting")
        draft_plan.adopted_at = draft_meeting
        draft_plan.state = Workflow.PUBLISHED
        draft_plan.save()
        assert "Secret meeting" not in page(client, draft_plan, "en").content.decode()
        later = MeetingFactory(title_en="Later meeting", published_at=timezone.now() + HOUR)
        MeetingPlan.objects.create(meeting=later, plan=reviewed, role=MeetingPlan.Role.REVIEWED)
        html = page(client, reviewed, "en").content.decode()
        assert meeting.title_en in html and "Later meeting" not in html

    def test_the_hand_written_sql_says_visible_as_the_orm_does(self):
        from django.db import connection

        from core.models import visible, visible_sql

        now = timezone.now()
        for factory in (ArticleFactory, MeetingFactory, PlanFactory):
            records = [
                factory(state=state, published_at=now - HOUR) for state, _ in Workflow.choices
            ]
            records += [
                factory(published_at=now + offset)
                for offset in (-HOUR, datetime.timedelta(0), HOUR)
            ]
            model = type(records[0])
            condition, params = visible_sql(connection, now)
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT id FROM {table} WHERE {condition}", params)
                by_hand = {row[0] for row in cursor.fetchall()}
            by_orm = set(model.objects.filter(visible(now)).values_list("pk", flat=True))
            assert by_hand == by_orm and len(by_orm) == 3, model

    def test_facet_counts_leave_drafts_out(self, client):
        topic = TopicFactory()
        ArticleFactory().topics.add(topic)
        ArticleFactory(state=Workflow.DRAFT).topics.add(topic)
        facets = client.get("/vi/news/").context["facets"]
        topics = next(group for group in facets if group.name == "topic")
        assert [option.count for option in topics.options] == [1]


class TestScheduledPublishing:
    def test_hidden_until_its_time_then_shown_without_any_job(self, client):
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
        article = ArticleFactory(published_at=start, title_vi="Tin hẹn giờ về chuyển đổi số")
        with time_machine.travel(start - datetime.timedelta(seconds=1), tick=False):
            assert page(client, article).status_code == 404
            assert "Tin hẹn giờ" not in client.get("/vi/news/").content.decode()
            assert "Tin hẹn giờ" not in client.get("/vi/").content.decode()
            assert search(client, "chuyen doi so").context["hits"] == []
        with time_machine.travel(start, tick=False):
            assert page(client, article).status_code == 200
        with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
            assert page(client, article).status_code == 200
            assert "Tin hẹn giờ" in client.get("/vi/news/").content.decode()
            assert "Tin hẹn giờ" in client.get("/vi/").content.decode()
            assert [hit.record for hit in search(client, "chuyen doi so").context["hits"]] == [
                article
            ]

    def test_publishing_without_a_time_sets_it_to_now(self, publisher_client):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        form = publisher_client.get(admin_url(article))
        response = publisher_client.post(
            admin_url(article), admin_post_data(form, state=Workflow.PUBLISHED)
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.state == Workflow.PUBLISHED
        assert abs(article.published_at - timezone.now()) < datetime.timedelta(minutes=1)

    def test_the_admin_list_says_when_a_record_is_scheduled(self, publisher_client):
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))
        html = publisher_client.get(changelist_url(Article)).content.decode()
        assert "workflow--scheduled" in html


class TestEditorsCannotPublish:
    def test_not_through_the_add_form(self, editor_client):
        form = editor_client.get(add_url(Article))
        choices = [
            value for value, _label in form.context["adminform"].form.fields["state"].choices
        ]
        assert choices == [Workflow.DRAFT, Workflow.REVIEW]
        data = admin_post_data(
            form, title_vi="Tin mới", body_vi="<p>Nội dung</p>", state=Workflow.PUBLISHED
        )
        response = editor_client.post(add_url(Article), data)
        assert response.status_code == 200
        assert "state" in response.context["adminform"].form.errors
        assert response.context["adminform"].form["title_vi"].value() == "Tin mới"
        assert not Article.objects.exists()

    @pytest.mark.parametrize("state", [Workflow.PUBLISHED, Workflow.UNPUBLISHED])
    def test_not_through_a_crafted_change_post(self, editor_client, state):
        article = ArticleFactory(state=Workflow.REVIEW)
        form = editor_client.get(admin_url(article))
        response = editor_client.post(admin_url(article), admin_post_data(form, state=state))
        assert response.status_code == 200
        article.refresh_from_db()
        assert article.state == Workflow.REVIEW

    def test_nor_unpublish_or_reschedule_a_published_record(self, editor_client):
        published_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
        article = ArticleFactory(published_at=published_at)
        form = editor_client.get(admin_url(article))
        assert [c for c, _l in form.context["adminform"].form.fields["state"].choices] == [
            Workflow.PUBLISHED
        ]
        later = timezone.localtime() + datetime.timedelta(days=30)
        data = admin_post_data(
            form,
            title_vi="Sửa lỗi chính tả",
            state=Workflow.DRAFT,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        )
        assert editor_client.post(admin_url(article), data).status_code == 200
        data["state"] = Workflow.PUBLISHED
        assert editor_client.post(admin_url(article), data).status_code == 302
        article.refresh_from_db()
        assert (article.state, article.published_at) == (Workflow.PUBLISHED, published_at)
        # Editors may correct published text: for review (tests/test_working_copies.py).
        copy = WorkingCopy.objects.get()
        assert copy.proposed["record"]["fields"]["title_vi"] == "Sửa lỗi chính tả"
        assert copy.proposed["record"]["fields"]["state"] == Workflow.PUBLISHED

    @pytest.mark.parametrize("action", ["publish", "unpublish"])
    def test_not_through_an_admin_action(self, editor_client, action):
        draft, published = ArticleFactory(state=Workflow.DRAFT), ArticleFactory()
        response = editor_client.post(
            changelist_url(Article),
            {"action": action, "_selected_action": [draft.pk, published.pk]},
        )
        assert response.status_code in (200, 302)
        assert Article.objects.get(pk=draft.pk).state == Workflow.DRAFT
        assert Article.objects.get(pk=published.pk).state == Workflow.PUBLISHED
        actions = editor_client.get(changelist_url(Article)).context["action_form"]
        assert action not in dict(actions.fields["action"].choices)

    def test_not_by_restoring_a_published_version(self, editor, publisher_client):
        editor_client = client_for(editor)
        article = ArticleFactory(state=Workflow.REVIEW, title_vi="Bản đầu")
        form = publisher_client.get(admin_url(article))
        publisher_client.post(admin_url(article), admin_post_data(form, state=Workflow.PUBLISHED))
        form = publisher_client.get(admin_url(article))
        data = admin_post_data(form, state=Workflow.DRAFT, title_vi="Bản nháp mới")
        assert publisher_client.post(admin_url(article), data).status_code == 302
        published_version = history_versions(article)[-1]  # the older of the two
        revision_url = admin_url(article, "revision", published_version)
        form = editor_client.get(revision_url)
        assert form.status_code == 200
        response = editor_client.post(revision_url, admin_post_data(form, state=Workflow.PUBLISHED))
        assert response.status_code == 200
        article.refresh_from_db()
        assert (article.state, article.title_vi) == (Workflow.DRAFT, "Bản nháp mới")

    def test_not_by_recovering_a_deleted_published_record(self, editor, publisher_client):
        article = versioned_article(publisher_client, state=Workflow.PUBLISHED)
        publisher_client.post(admin_url(article, "delete"), {"post": "yes"})
        version = deleted_version(article)
        editor_client = client_for(editor)
        url = reverse("admin:news_article_recover", args=[version])
        form = editor_client.get(url)
        editor_client.post(url, admin_post_data(form, state=Workflow.PUBLISHED))
        assert not Article.objects.published().exists()

    def test_editors_submit_for_review_and_publishers_publish(self, editor_client, publisher):
        draft = ArticleFactory(state=Workflow.DRAFT)
        editor_client.post(
            changelist_url(Article), {"action": "submit_for_review", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.state == Workflow.REVIEW
        client_for(publisher).post(
            changelist_url(Article), {"action": "publish", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.is_visible


class TestPreview:
    def test_staff_see_a_draft_with_a_banner_and_others_get_404(self, client, editor):
        article = ArticleFactory(state=Workflow.DRAFT, title_vi="Bản nháp xem trước")
        assert page(client, article).status_code == 404
        response = page(client_for(editor), article)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="preview-banner"' in html and "Bản nháp xem trước" in html
        assert "no-cache" in response["Cache-Control"]
        published = page(client_for(editor), ArticleFactory())
        assert 'class="preview-banner"' not in published.content.decode()

    def test_a_scheduled_record_says_when_it_goes_live(self, editor):
        article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=3))
        html = page(client_for(editor), article, "en").content.decode()
        assert "readers will see this page from" in html

    def test_view_on_site_works_for_drafts(self, editor_client):
        article = ArticleFactory(state=Workflow.DRAFT)
        form = editor_client.get(admin_url(article)).content.decode()
        content_type = ContentType.objects.get_for_model(article)
        view_on_site = reverse("admin:view_on_site", args=[content_type.pk, article.pk])
        assert view_on_site in form
        response = editor_client.get(view_on_site, follow=True)
        assert response.status_code == 200
        assert 'class="preview-banner"' in response.content.decode()

    def test_a_logged_in_non_staff_user_gets_404(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("reader"))
        assert page(client, ArticleFactory(state=Workflow.DRAFT)).status_code == 404


def history_versions(record):
    from reversion.models import Version

    return list(Version.objects.get_for_object(record).values_list("pk", flat=True))


def deleted_version(record):
    from reversion.models import Version

    return Version.objects.get_deleted(type(record)).get(object_id=str(record.pk)).pk


def versioned_article(client, **changes):
    """An article made through the admin add form, so its first version exists."""
    form = client.get(add_url(Article))
    data = admin_post_data(
        form,
        title_vi="Tiêu đề gốc",
        title_en="Original title",
        body_vi="<p>Nội dung gốc</p>",
        body_en="<p>Original text</p>",
        **changes,
    )
    assert client.post(add_url(Article), data).status_code == 302
    return Article.objects.get(title_vi="Tiêu đề gốc")


class TestHistoryAndRestore:
    def test_every_save_is_kept_with_who_and_when(self, editor, editor_client):
        article = versioned_article(editor_client)
        form = editor_client.get(admin_url(article))
        editor_client.post(admin_url(article), admin_post_data(form, title_en="Second title"))
        html = editor_client.get(admin_url(article, "history")).content.decode()
        assert html.count('name="from"') == 2
        assert editor.username in html

    def test_compare_two_versions_shows_each_language(self, editor_client):
        article = versioned_article(editor_client)
        form = editor_client.get(admin_url(article))
        data = admin_post_data(form, title_vi="Tiêu đề mới", title_en="New title")
        editor_client.post(admin_url(article), data)
        older, newer = sorted(history_versions(article))
        response = editor_client.get(
            reverse("admin:news_article_compare", args=[article.pk]),
            {"from": newer, "to": older},
        )
        assert response.status_code == 200
        changed = {change.field: change for change in response.context["changes"]}
        assert changed["title_vi"].before == "Tiêu đề gốc"
        assert changed["title_vi"].after == "Tiêu đề mới"
        assert changed["title_en"].after == "New title"
        assert "body_vi" not in changed
        assert "Tiêu đề mới" in response.content.decode()

    def test_compare_with_a_bad_version_is_404(self, editor_client):
        article = versioned_article(editor_client)
        url = reverse("admin:news_article_compare", args=[article.pk])
        assert editor_client.get(url, {"from": "x", "to": "1"}).status_code == 404
        assert editor_client.get(url, {"from": 999999, "to": 1}).status_code == 404
        assert editor_client.get(url).status_code == 404

    def test_restore_brings_back_both_languages_and_relations(self, editor_client):
        topic = TopicFactory()
        article = versioned_article(editor_client, topics=[str(topic.pk)])
        first = history_versions(article)[0]
        form = editor_client.get(admin_url(article))
        data = admin_post_data(
            form, title_vi="Đã sửa", title_en="Edited", body_en="<p>Edited</p>", topics=[]
        )
        editor_client.post(admin_url(article), data)
        article.refresh_from_db()
        assert article.title_en == "Edited" and not article.topics.exists()
        revision_url = admin_url(article, "revision", first)
        form = editor_client.get(revision_url)
        assert form.context["adminform"].form["title_en"].value() == "Original title"
        article.refresh_from_db()
        assert article.title_en == "Edited"  # opening a version changes nothing
        assert editor_client.post(revision_url, admin_post_data(form)).status_code == 302
        article.refresh_from_db()
        assert (article.title_vi, article.title_en) == ("Tiêu đề gốc", "Original title")
        assert "Original text" in article.body_en
        assert list(article.topics.all()) == [topic]
        assert len(history_versions(article)) == 3

    def test_restore_brings_back_inline_rows(self, publisher_client):
        plan = PlanFactory()
        ThrustFactory(plan=plan, title_vi="Định hướng một")
        form = publisher_client.get(admin_url(plan))
        publisher_client.post(admin_url(plan), admin_post_data(form))
        first = history_versions(plan)[0]
        form = publisher_client.get(admin_url(plan))
        data = admin_post_data(form, **{"thrusts-0-DELETE": "on"})
        assert publisher_client.post(admin_url(plan), data).status_code == 302
        assert not plan.thrusts.exists()
        revision_url = admin_url(plan, "revision", first)
        form = publisher_client.get(revision_url)
        assert publisher_client.post(revision_url, admin_post_data(form)).status_code == 302
        assert [t.title_vi for t in plan.thrusts.all()] == ["Định hướng một"]

    def test_a_deleted_record_can_be_recovered(self, publisher_client):
        article = versioned_article(publisher_client, state=Workflow.PUBLISHED)
        pk = article.pk
        response = publisher_client.post(admin_url(article, "delete"), {"post": "yes"})
        assert response.status_code == 302 and not Article.objects.filter(pk=pk).exists()
        listing = publisher_client.get(reverse("admin:news_article_recoverlist"))
        assert "Tiêu đề gốc" in listing.content.decode()
        url = reverse("admin:news_article_recover", args=[deleted_version(article)])
        form = publisher_client.get(url)
        assert publisher_client.post(url, admin_post_data(form)).status_code == 302
        recovered = Article.objects.get(pk=pk)
        assert (recovered.title_vi, recovered.title_en) == ("Tiêu đề gốc", "Original title")
        assert recovered.is_visible

    def test_editors_cannot_delete(self, editor_client):
        article = ArticleFactory()
        assert editor_client.post(admin_url(article, "delete"), {"post": "yes"}).status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()


class TestEditConflicts:
    def test_the_second_save_is_refused_and_keeps_what_was_typed(self, editor):
        first, second = client_for(editor), client_for(EditorFactory(first_name="Lan"))
        article = versioned_article(first)
        form_a, form_b = first.get(admin_url(article)), second.get(admin_url(article))
        saved = first.post(admin_url(article), admin_post_data(form_a, title_en="Their title"))
        assert saved.status_code == 302
        mine = admin_post_data(form_b, title_en="My title", body_vi="<p>Nội dung của tôi</p>")
        refused = second.post(admin_url(article), mine)
        assert refused.status_code == 200
        html = refused.content.decode()
        form = refused.context["adminform"].form
        assert [e.code for e in form.non_field_errors().as_data()] == ["edit_conflict"]
        assert 'id="edit-conflict"' in html
        assert "Their title" in html  # what changed is shown…
        assert refused.context["adminform"].form["title_en"].value() == "My title"  # …mine kept
        assert [c.field for c in form.conflict.changes] == ["title_en"]
        assert [r.user for r in form.conflict.saves] == [editor]
        article.refresh_from_db()
        assert article.title_en == "Their title"
        # Having seen it, saving again is a deliberate choice.
        again = second.post(admin_url(article), admin_post_data(refused))
        assert again.status_code == 302
        article.refresh_from_db()
        assert (article.title_en, article.body_vi) == ("My title", "<p>Nội dung của tôi</p>")

    def test_a_record_saved_outside_the_admin_still_reports_the_conflict(self, editor_client):
        article = ArticleFactory()  # no version in its history
        form = editor_client.get(admin_url(article))
        article.title_en = "Changed in the shell"
        article.save()
        refused = editor_client.post(admin_url(article), admin_post_data(form, title_en="Mine"))
        assert refused.status_code == 200
        assert not refused.context["adminform"].form.conflict.known
        article.refresh_from_db()
        assert article.title_en == "Changed in the shell"

    def test_a_missing_or_forged_token_is_a_conflict_not_an_error(self, editor_client):
        article = versioned_article(editor_client)
        form = editor_client.get(admin_url(article))
        for token in (None, "not a date"):
            data = admin_post_data(form, edit_token=token, title_en="Forged")
            assert editor_client.post(admin_url(article), data).status_code == 200
        article.refresh_from_db()
        assert article.title_en == "Original title"


class TestTranslationStatus:
    def test_filters_for_missing_english_and_vietnamese(self, editor_client):
        complete = ArticleFactory(title_en="Complete")
        no_english = ArticleFactory(title_en="", lead_en="")
        no_vietnamese_lead = ArticleFactory(lead_vi="")
        for code, expected in (("en", {no_english}), ("vi", {no_vietnamese_lead})):
            response = editor_client.get(
                changelist_url(Article), {"translation": f"missing_{code}"}
            )
            assert set(response.context["cl"].result_list) == expected
        everything = editor_client.get(changelist_url(Article)).context["cl"].result_list
        assert complete in everything

    def test_admin_home_counts_published_records_lacking_a_translation(self, editor_client):
        ArticleFactory(title_en="", lead_en="")
        ArticleFactory(title_en="", lead_en="", state=Workflow.DRAFT)  # not published
        MeetingFactory()
        html = editor_client.get(reverse("admin:index")).content.decode()
        missing_en = f"{changelist_url(Article)}?state=published&amp;translation=missing_en"
        assert f'<a href="{missing_en}">1</a>' in html


class TestStableLinks:
    def test_a_published_records_old_address_redirects_permanently(self, publisher_client):
        article = ArticleFactory(slug="ten-cu")
        form = publisher_client.get(admin_url(article))
        publisher_client.post(admin_url(article), admin_post_data(form, slug="ten-moi"))
        for language in ("vi", "en"):
            response = publisher_client.get(f"/{language}/news/ten-cu/")
            assert response.status_code == 301
            assert response["Location"] == f"/{language}/news/ten-moi/"

    def test_renamed_twice_both_old_addresses_lead_to_the_current_one(self, client):
        plan = PlanFactory(slug="mot")
        for slug in ("hai", "ba"):
            plan.slug = slug
            plan.save()
        for old in ("mot", "hai"):
            assert client.get(f"/en/plans/{old}/")["Location"] == "/en/plans/ba/"

    def test_a_draft_leaves_no_redirect_and_hidden_targets_stay_hidden(self, client):
        draft = ArticleFactory(state=Workflow.DRAFT, slug="nhap-cu")
        draft.slug = "nhap-moi"
        draft.save()
        assert client.get("/vi/news/nhap-cu/").status_code == 404
        article = ArticleFactory(slug="cong-khai")
        article.slug = "doi-ten"
        article.save()
        article.state = Workflow.UNPUBLISHED
        article.save()
        assert client.get("/vi/news/cong-khai/").status_code == 404

    def test_taking_back_an_old_slug_serves_the_record_again(self, client):
        plan = PlanFactory(slug="goc")
        plan.slug = "tam"
        plan.save()
        plan.slug = "goc"
        plan.save()
        assert client.get("/en/plans/goc/").status_code == 200
        assert client.get("/en/plans/tam/")["Location"] == "/en/plans/goc/"
        assert Plan.objects.get().slug == "goc"
