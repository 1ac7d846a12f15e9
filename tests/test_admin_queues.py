"""The admin home lists the work of each role: what awaits review, the user's drafts, what is
scheduled or just published, what lacks a translation, each a count linked to its list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Workflow
from news.models import Article

from .admin_forms import admin_post_data
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
NEWS = reverse("admin:news_article_changelist")


def queue(html, name):
    """The count and link of the news row's ``name`` queue."""
    row = re.search(r'<tr><th scope="row">News articles</th>(.*?)</tr>', html, re.S)[1]
    cell = re.search(rf'<td class="work-queues__{name}( work-queues--due)?">(.*?)</td>', row)
    link = re.search(r'<a href="([^"]+)">(\d+)</a>', cell[2])
    return (
        (int(link[2]), link[1].replace("&amp;", "&"), bool(cell[1])) if link else (0, None, False)
    )


def listed(client, url):
    return {record.pk for record in client.get(url).context["cl"].result_list}


def home(client):
    client.post(reverse("admin_language"), {"language": "en"})
    return client.get(reverse("admin:index")).content.decode()


def test_publishers_see_what_awaits_their_review(publisher_client):
    waiting = ArticleFactory.create_batch(2, state=Workflow.REVIEW)
    ArticleFactory(state=Workflow.DRAFT)
    count, url, due = queue(home(publisher_client), "review")
    assert (count, due) == (2, True)
    assert listed(publisher_client, url) == {article.pk for article in waiting}


def test_editors_see_it_without_the_alarm(editor_client):
    ArticleFactory(state=Workflow.REVIEW)
    assert queue(home(editor_client), "review")[::2] == (1, False)


def test_my_drafts_are_the_drafts_i_saved(editor_client):
    mine = ArticleFactory(state=Workflow.DRAFT, title_vi="Bản nháp của tôi")
    url = reverse("admin:news_article_change", args=[mine.pk])
    editor_client.post(url, admin_post_data(editor_client.get(url)))
    ArticleFactory(state=Workflow.DRAFT, title_vi="Bản nháp của người khác")

    count, link, _due = queue(home(editor_client), "drafts")
    assert count == 1
    assert listed(editor_client, link) == {mine.pk}


def test_scheduled_and_recently_published(editor_client):
    now = timezone.now()
    later = ArticleFactory(published_at=now + datetime.timedelta(days=1))
    fresh = ArticleFactory(published_at=now - datetime.timedelta(days=2))
    ArticleFactory(published_at=now - datetime.timedelta(days=30))
    html = home(editor_client)

    count, url, _due = queue(html, "scheduled")
    assert count == 1 and listed(editor_client, url) == {later.pk}
    count, url, _due = queue(html, "recent")
    assert count == 1 and listed(editor_client, url) == {fresh.pk}


def test_missing_translations(editor_client):
    ArticleFactory(title_en="", lead_en="")
    count, url, _due = queue(home(editor_client), "missing_en")
    assert count == 1
    assert listed(editor_client, url) == set(
        Article.objects.filter(title_en="").values_list("pk", flat=True)
    )
