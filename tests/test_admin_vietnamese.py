"""The Vietnamese admin has no English left: every message of Django's admin, of
django-reversion and of ours that a page shows is in Vietnamese, checked on the rendered HTML."""

import html
import re
from pathlib import Path

import django
import polib
import pytest
import reversion
from django.urls import reverse

from core.models import Country, Organisation, Topic
from editorial.models import WorkingCopy
from meetings.models import Meeting, MeetingSeries
from news.models import Article
from plans.models import Plan

from .admin_forms import admin_post_data
from .test_workflow import client_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
#: Django's Vietnamese that misleads: "Add" as "add into", "By state" as "by means of", the
#: actions menu as "activity", "History" as "memo".
MISREAD = {"Thêm vào", "Bởi ", "Hoạt động:", "Bản ghi nhớ"}


def english_messages():
    """Messages of two words or more, as the catalogues of Django's admin, of reversion and
    of this project write them in English."""
    catalogues = [
        Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        Path(reversion.__file__).parent / "locale/de/LC_MESSAGES/django.po",  # no English one
        ROOT / "locale/en/LC_MESSAGES/django.po",
    ]
    found = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            for text in (entry.msgid, entry.msgid_plural):
                # The text around placeholders, where a page shows it whole.
                for piece in re.split(r"%\(\w+\)s|%s|\{\}|<[^>]+>", text or ""):
                    piece = piece.strip(" .:,–-")
                    if len(piece.split()) >= 2 and not piece.isupper():
                        found.add(piece)
    return found


def shown_text(page):
    """What a reader of the page meets: its text and the labels of its controls, but the
    records' own English text (the English fields of a form)."""
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<input[^>]*name="[\w-]*_en"[^>]*>', " ", page)
    labels = re.findall(r'(?:title|aria-label|placeholder|value)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(" ".join([text, *labels])))


def admin_pages():
    article = Article.objects.get(slug="amri-17-thong-qua-tuyen-bo-kuala-lumpur")
    meeting, plan = Meeting.objects.first(), Plan.objects.first()
    pages = [reverse("admin:index"), reverse("two_factor"), reverse("admin:password_change")]
    for record in (article, meeting, plan):
        opts = record._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[record.pk]),
            reverse(f"{name}_history", args=[record.pk]),
            reverse(f"{name}_recoverlist"),
            reverse(f"{name}_delete", args=[record.pk]),
        ]
    for model in (Topic, Country, Organisation, MeetingSeries):
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = model.objects.first()
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_history", args=[record.pk]),
            reverse(f"{name}_recoverlist"),
            reverse(f"{name}_delete", args=[record.pk]),
        ]
    return pages


def test_no_english_on_any_admin_page(demo, editor, publisher_client):
    english = english_messages()
    # Changes to the published article awaiting review, rejected once: their notes show.
    article = Article.objects.get(slug="amri-17-thong-qua-tuyen-bo-kuala-lumpur")
    editor_client, change = (
        client_for(editor),
        reverse("admin:news_article_change", args=[article.pk]),
    )
    editor_client.post(change, admin_post_data(editor_client.get(change), title_vi="Tiêu đề mới"))
    changes = reverse("admin:news_article_changes", args=[article.pk])
    publisher_client.post(changes, {"action": "reject", "note": "Cần nguồn."})
    assert WorkingCopy.objects.get().is_rejected
    left = {}
    for path in [*admin_pages(), changes]:
        response = publisher_client.get(path)
        assert response.status_code == 200, path
        text = shown_text(response.content.decode())
        found = sorted(message for message in english | MISREAD if message in text)
        if found:
            left[path] = found
    assert left == {}


def test_no_english_on_the_login_and_lockout_pages(demo, client, settings):
    english = english_messages()
    settings.AXES_FAILURE_LIMIT = 1
    pages = {"login": client.get(reverse("admin:login"))}
    pages["lockout"] = client.post(
        reverse("admin:login"), {"username": "editor", "password": "wrong"}
    )
    assert pages["lockout"].status_code == 429
    left = {
        name: sorted(m for m in english | MISREAD if m in shown_text(r.content.decode()))
        for name, r in pages.items()
    }
    assert left == {"login": [], "lockout": []}
