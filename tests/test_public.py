"""The public pages that exist so far: home and the detail pages editors link to."""

import pytest

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan


@pytest.mark.django_db
class TestPublicPages:
    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_home_in_both_languages(self, demo, client, language):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()

    def test_root_redirects_to_vietnamese_by_default(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/vi/"

    def test_root_follows_the_browser_language(self, client):
        response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
        assert response["Location"] == "/en/"

    @pytest.mark.parametrize("model", [Meeting, Plan, Article])
    def test_detail_pages_in_both_languages(self, demo, client, model):
        obj = model.objects.published().first()
        vi = client.get(f"/vi/{model._meta.app_label}/{obj.slug}/")
        en = client.get(f"/en/{model._meta.app_label}/{obj.slug}/")
        assert vi.status_code == en.status_code == 200
        assert obj.title_vi in vi.content.decode()
        assert obj.title_en in en.content.decode()

    def test_get_absolute_url_follows_the_active_language(self, demo):
        from django.utils import translation

        meeting = Meeting.objects.get(edition=15)
        with translation.override("en"):
            assert meeting.get_absolute_url() == "/en/meetings/telmin-15-da-nang-2015/"
        with translation.override("vi"):
            assert meeting.get_absolute_url() == "/vi/meetings/telmin-15-da-nang-2015/"

    def test_addresses_are_those_reverse_gives(self, db):
        """``core.addresses``: made once per view, arguments, language, script prefix and
        URLconf."""
        from django.urls import NoReverseMatch, reverse, set_script_prefix
        from django.utils import translation

        from core.addresses import address, slug_address

        for prefix in ("/", "/portal/"):
            set_script_prefix(prefix)
            for language in ("vi", "en"):
                with translation.override(language):
                    assert address("news:feed") == reverse("news:feed")
                    assert address("news:feed").startswith(f"{prefix}{language}/")
                    for code in ("vi", "en"):
                        expected = reverse("switch_language", args=[code])
                        assert address("switch_language", language=code) == expected
                    for slug in ("amri-17", "a_1", "__slug__"):
                        expected = reverse("plans:detail", kwargs={"slug": slug})
                        assert slug_address("plans:detail", slug) == expected
                        assert expected.startswith(f"{prefix}{language}/plans/")
        set_script_prefix("/")
        for refused in ("", "a/b", "tin tức"):  # what the slug converter would not match
            with pytest.raises(NoReverseMatch):
                slug_address("plans:detail", refused)

    def test_unknown_slug_is_404(self, client, db):
        assert client.get("/vi/meetings/khong-co/").status_code == 404

    def test_stored_html_is_rendered_without_scripts(self, client, db):
        from .factories import ArticleFactory

        article = ArticleFactory(body_vi="<p>Xin chào</p><script>alert(1)</script>")
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<p>Xin chào</p>" in html and "alert(1)" not in html
