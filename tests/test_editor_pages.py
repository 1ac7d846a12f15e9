"""Pages editors own (About, Contact, Accessibility, Privacy…): written in both languages in
the admin, through the same workflow and history as the content, linked from the footer."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from core.models import Workflow
from pages.models import Page

from .admin_forms import admin_post_data
from .factories import PageFactory
from .test_query_counts import queries_for
from .test_workflow import client_for

pytestmark = pytest.mark.django_db


def footer_of(client, url):
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_a_published_page_in_both_languages(client):
    PageFactory(title_vi="Giới thiệu", title_en="About", slug="gioi-thieu")
    vi = client.get("/vi/pages/gioi-thieu/").content.decode()
    en = client.get("/en/pages/gioi-thieu/").content.decode()
    assert '<h1 lang="vi">Giới thiệu</h1>' in vi
    assert '<h1 lang="en">About</h1>' in en and "<p>The page's text.</p>" in en
    assert "Last updated:" in en


@pytest.mark.parametrize("state", [Workflow.DRAFT, Workflow.REVIEW, Workflow.UNPUBLISHED])
def test_an_unpublished_page_is_a_404(client, state):
    page = PageFactory(state=state)
    assert client.get(f"/vi/pages/{page.slug}/").status_code == 404
    assert page.title_vi not in footer_of(client, "/vi/")


def test_the_footer_links_the_chosen_pages_in_order_and_not_the_admin(client):
    PageFactory(title_en="Privacy", in_footer=True, footer_order=4, slug="rieng-tu")
    PageFactory(title_en="About", in_footer=True, footer_order=1, slug="gioi-thieu")
    PageFactory(title_en="An unlinked page", in_footer=False)
    footer = footer_of(client, "/en/meetings/")
    assert footer.index("About") < footer.index("Privacy")
    assert 'href="/en/pages/gioi-thieu/"' in footer
    assert "An unlinked page" not in footer
    assert "/admin/" not in footer
    for feed in ("/en/news/feed/", "/en/news/atom/", "/en/meetings/calendar.ics"):
        assert f'href="{feed}"' in footer


def test_a_renamed_page_leaves_the_footer_at_once(client):
    page = PageFactory(title_en="Contact", in_footer=True)
    assert "Contact" in footer_of(client, "/en/")
    page.title_en = "Get in touch"
    page.save()
    assert "Get in touch" in footer_of(client, "/en/")


def test_the_footer_costs_no_query_once_remembered(client):
    PageFactory.create_batch(3, in_footer=True)
    queries_for(client, "/vi/plans/?status=active")
    few = queries_for(client, "/vi/plans/?status=completed")
    PageFactory.create_batch(10, in_footer=True)
    queries_for(client, "/vi/plans/?status=active")
    assert queries_for(client, "/vi/plans/?status=completed") == few


def test_an_editor_writes_a_page_and_a_publisher_publishes_it(editor, publisher):
    editor_client = client_for(editor)
    add = reverse("admin:pages_page_add")
    data = admin_post_data(
        editor_client.get(add),
        title_vi="Điều khoản sử dụng",
        title_en="Terms of use",
        body_vi="<p>Nội dung.</p>",
        body_en="<p>Text.</p>",
        in_footer="on",
        state=Workflow.REVIEW,
    )
    assert editor_client.post(add, data).status_code == 302
    page = Page.objects.get(title_vi="Điều khoản sử dụng")
    assert page.state == Workflow.REVIEW
    assert client_for(publisher).get(f"/vi/pages/{page.slug}/").status_code == 200  # preview
    changelist = reverse("admin:pages_page_changelist")
    client_for(publisher).post(changelist, {"action": "publish", "_selected_action": [page.pk]})
    assert client_for(editor).get("/en/pages/dieu-khoan-su-dung/").status_code == 200
    history = client_for(publisher).get(reverse("admin:pages_page_history", args=[page.pk]))
    assert history.content.decode().count('name="from"') == 2


def test_editors_may_not_publish_a_page(editor):
    editor_client = client_for(editor)
    add = reverse("admin:pages_page_add")
    data = admin_post_data(
        editor_client.get(add), title_vi="Trang", body_vi="<p>x</p>", state=Workflow.PUBLISHED
    )
    editor_client.post(add, data)
    assert not Page.objects.published().exists()


def test_pages_are_in_the_sitemap(client):
    page = PageFactory()
    assert (
        f"http://testserver/en/pages/{page.slug}/".encode()
        in client.get("/sitemap-pages.xml").content
    )


def test_a_not_found_page_renders_without_the_footers_pages_while_the_database_is_away(
    client, monkeypatch
):
    PageFactory(title_en="Contact us", in_footer=True)

    def away(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Page.objects, "published", away)
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    footer = response.content.decode()
    assert "Contact us" not in footer[footer.index('<footer class="site-footer">') :]
    assert 'href="/en/news/feed/"' in footer


class TestSearch:
    """The site's search finds the pages editors own, in both languages, once published."""

    def test_a_published_page_is_found_by_its_words_and_named_as_a_page(self, client):
        PageFactory(
            title_vi="Liên hệ",
            title_en="Contact",
            body_vi="<p>Gửi thư cho ban biên tập qua địa chỉ thư điện tử.</p>",
            body_en="<p>Write to the editorial team by email.</p>",
            slug="lien-he",
        )
        response = client.get("/vi/search/", {"q": "ban bien tap"})
        (hit,) = response.context["hits"]
        assert hit.record.slug == "lien-he"
        page = response.content.decode()
        assert 'href="/vi/pages/lien-he/"' in page and "Trang · Cập nhật lần cuối" in page
        english = client.get("/en/search/", {"q": "editorial team", "type": "page"})
        assert [hit.record.slug for hit in english.context["hits"]] == ["lien-he"]
        options = {value: count for value, _l, count, _s in english.context["type_options"]}
        assert options["page"] == 1

    @pytest.mark.parametrize("state", [Workflow.DRAFT, Workflow.REVIEW, Workflow.UNPUBLISHED])
    def test_an_unpublished_page_is_not_found(self, client, state):
        PageFactory(title_vi="Quyền riêng tư", body_vi="<p>Dữ liệu cá nhân.</p>", state=state)
        assert client.get("/vi/search/", {"q": "du lieu ca nhan"}).context["hits"] == []

    def test_an_edit_and_a_deletion_reach_the_search_at_once(self, client):
        page = PageFactory(title_vi="Giới thiệu", body_vi="<p>Cổng thông tin.</p>")
        page.body_vi = "<p>Một cổng thông tin song ngữ.</p>"
        page.save()
        assert len(client.get("/vi/search/", {"q": "song ngu"}).context["hits"]) == 1
        page.delete()
        assert client.get("/vi/search/", {"q": "song ngu"}).context["hits"] == []
