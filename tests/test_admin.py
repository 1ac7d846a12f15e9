"""Every admin page an Editor needs opens, and nothing beyond an Editor's rights does."""

import json

import pytest
from django.apps import apps
from django.urls import reverse

from meetings.models import Meeting
from news.models import Article

from .factories import ArticleFactory, MeetingFactory, PlanFactory

CONTENT_ADMINS = [
    ("core", "country", "VN", "Việt"),
    ("core", "organisation", None, "SOMRI"),
    ("core", "topic", None, "tin"),
    ("meetings", "meetingseries", None, "AMRI"),
    ("meetings", "meeting", None, "Kuala Lumpur"),
    ("plans", "plan", None, "ACMP"),
    ("news", "article", None, "AMRI"),
]


def admin_url(app, model, view, *args):
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model", "pk", "query"), CONTENT_ADMINS)
class TestEditorOpensEveryPage:
    def test_changelist(self, demo, editor_client, app, model, pk, query):
        assert editor_client.get(admin_url(app, model, "changelist")).status_code == 200

    def test_search(self, demo, editor_client, app, model, pk, query):
        response = editor_client.get(admin_url(app, model, "changelist"), {"q": query})
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1

    def test_add(self, demo, editor_client, app, model, pk, query):
        assert editor_client.get(admin_url(app, model, "add")).status_code == 200

    def test_change(self, demo, editor_client, app, model, pk, query):
        obj = apps.get_model(app, model).objects.order_by("pk").first()
        response = editor_client.get(admin_url(app, model, "change", obj.pk))
        assert response.status_code == 200

    def test_changelist_shows_translation_status(self, demo, editor_client, app, model, pk, query):
        response = editor_client.get(admin_url(app, model, "changelist"))
        assert b"lang-status--complete" in response.content


@pytest.mark.django_db
class TestEditorAdmin:
    def test_search_finds_english_and_vietnamese_titles(self, demo, editor_client):
        url = admin_url("meetings", "meeting", "changelist")
        english = editor_client.get(url, {"q": "Telecommunications"}).context["cl"].result_count
        vietnamese = editor_client.get(url, {"q": "Viễn thông"}).context["cl"].result_count
        assert english == vietnamese == 1

    def test_missing_english_is_flagged_in_the_list(self, editor_client):
        ArticleFactory(title_en="", lead_en="")
        response = editor_client.get(admin_url("news", "article", "changelist"))
        assert b"lang-status--missing" in response.content
        # The fields it lacks, by their labels (the admin is in Vietnamese).
        assert "EN&nbsp;✗ tiêu đề, sapo</span>" in response.content.decode()

    def test_held_and_upcoming_filter_is_derived_from_dates(self, demo, editor_client):
        url = admin_url("meetings", "meeting", "changelist")
        upcoming = editor_client.get(url, {"when": "upcoming"}).context["cl"].result_list
        assert [m.edition for m in upcoming] == [18]
        past = editor_client.get(url, {"when": "past"}).context["cl"].result_count
        assert past == 3

    def test_date_hierarchy_drills_into_a_year(self, demo, editor_client):
        url = admin_url("news", "article", "changelist")
        response = editor_client.get(url, {"published_at__year": "2025"})
        assert response.context["cl"].result_count == 1

    def test_autocomplete_for_relations(self, demo, editor_client):
        response = editor_client.get(
            "/admin/autocomplete/",
            {
                "app_label": "news",
                "model_name": "article",
                "field_name": "meetings",
                "term": "AMRI",
            },
        )
        assert response.status_code == 200
        assert len(response.json()["results"]) == 2

    def test_inline_thrusts_and_documents_are_on_the_forms(self, demo, editor_client):
        plan = PlanFactory()
        response = editor_client.get(admin_url("plans", "plan", "change", plan.pk))
        assert "thrusts" in [f.formset.prefix for f in response.context["inline_admin_formsets"]]
        meeting = MeetingFactory()
        response = editor_client.get(admin_url("meetings", "meeting", "change", meeting.pk))
        prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
        assert "documents" in prefixes

    def test_language_switch_and_local_assets(self, demo, editor_client):
        article = Article.objects.first()
        html = editor_client.get(
            admin_url("news", "article", "change", article.pk)
        ).content.decode()
        assert "core/content-languages.js" in html
        assert "core/prose-editor-labels.js" in html
        assert "tabbed_translation_fields" not in html
        assert "django_prose_editor" in html
        assert 'name="body_vi"' in html and 'name="body_en"' in html
        assert "googleapis" not in html and "cdn" not in html.lower()

    @pytest.mark.parametrize(
        "language,texts",
        [("vi", ["In đậm", "Ngôn ngữ nội dung:", "thiếu %s văn bản"]), ("en", ["Bold"])],
    )
    def test_admin_scripts_speak_the_admins_language(self, editor_client, language, texts):
        editor_client.post(reverse("admin_language"), {"language": language, "next": "/admin/"})
        catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
        for text in texts:
            assert json.dumps(text) in catalogue

    def test_thumbnail_in_list_and_preview_on_form(self, demo, editor_client):
        response = editor_client.get(admin_url("news", "article", "changelist"))
        assert b'class="admin-thumbnail"' in response.content
        article = Article.objects.exclude(image="").first()
        response = editor_client.get(admin_url("news", "article", "change", article.pk))
        assert b'class="admin-preview"' in response.content

    def test_missing_image_file_does_not_break_the_list(self, demo, editor_client):
        article = Article.objects.exclude(image="").first()
        article.image.storage.delete(article.image.name)
        response = editor_client.get(admin_url("news", "article", "changelist"))
        assert response.status_code == 200

    def test_view_on_site_leads_to_the_public_page(self, demo, editor_client):
        meeting = Meeting.objects.get(edition=15)
        response = editor_client.get(admin_url("meetings", "meeting", "change", meeting.pk))
        link = response.context["original"]
        assert link == meeting
        view_on_site = reverse(
            "admin:view_on_site", args=[response.context["content_type_id"], meeting.pk]
        )
        assert view_on_site in response.content.decode()
        page = editor_client.get(view_on_site, follow=True)
        assert page.status_code == 200
        assert page.redirect_chain[-1][0].endswith(f"/meetings/{meeting.slug}/")


@pytest.mark.django_db
class TestEditorsHaveLeastPrivilege:
    def test_cannot_manage_users_or_groups(self, editor_client):
        assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403

    def test_cannot_delete_records(self, demo, editor_client):
        meeting = Meeting.objects.first()
        response = editor_client.get(admin_url("meetings", "meeting", "delete", meeting.pk))
        assert response.status_code == 403
        assert Meeting.objects.filter(pk=meeting.pk).exists()

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(admin_url("meetings", "meeting", "changelist"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
