"""A record's history says what each save did in the reader's language: the workflow step,
the fields by their labels, the related rows."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from core.models import AdminPreference, Workflow
from news.models import Article

from .admin_forms import admin_post_data
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def url(record, view="change"):
    return reverse(f"admin:news_article_{view}", args=[record.pk])


def save(client, record, **changes):
    form = client.get(url(record))
    return client.post(url(record), admin_post_data(form, **changes))


def history(client, record):
    html = client.get(url(record, "history")).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.findall(r"<td>([^<]*)</td>", row)[-1].strip() for row in rows if "<td>" in row]


def test_fields_are_named_by_their_labels_in_each_language(editor_client, editor):
    article = ArticleFactory(state=Workflow.DRAFT)
    save(editor_client, article, lead_vi="Sapo mới.", image_caption_en="A new caption")
    assert (
        history(editor_client, article)[0] == "Đã sửa Sapo (Tiếng Việt) và Chú thích (Tiếng Anh)."
    )

    AdminPreference.objects.create(user=editor, language="en")
    assert history(editor_client, article)[0] == "Changed Lead (Vietnamese) and Caption (English)."


def test_workflow_steps_are_named(editor, publisher, client):
    article = ArticleFactory(state=Workflow.DRAFT, published_at=None)
    client.force_login(editor)
    save(client, article, state=Workflow.REVIEW)
    client.force_login(publisher)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=HANOI), tick=False):
        save(
            client,
            article,
            state=Workflow.PUBLISHED,
            published_at_0="01/12/2026",
            published_at_1="08:00",
        )
    # The session was renewed in the past the test travelled to: it has expired since.
    client.force_login(publisher)
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert history(client, article)[:3] == [
        "Gỡ xuống.",
        "Hẹn giờ xuất bản lúc 08:00, thứ Ba 1/12/2026 (GMT+7).",
        "Gửi duyệt.",
    ]


def test_the_demos_first_version_is_named_in_the_readers_language(demo, editor_client):
    article = Article.objects.get(slug="amri-17-thong-qua-tuyen-bo-kuala-lumpur")
    assert history(editor_client, article) == ["Nạp nội dung mẫu."]
