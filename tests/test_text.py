"""Slugs, Unicode normalisation and HTML sanitising hold on every save path."""

import json
import unicodedata

import pytest
from django.core import serializers
from django.core.management import call_command

from core.text import slugify_vi

from .factories import ArticleFactory, MeetingFactory, PlanFactory, TopicFactory


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đà Nẵng", "da-nang"),
        ("ĐÀ NẴNG", "da-nang"),
        (
            "Hội nghị Bộ trưởng Thông tin ASEAN lần thứ 17",
            "hoi-nghi-bo-truong-thong-tin-asean-lan-thu-17",
        ),
        ("Đường đến 2025: ĐỔI MỚI!", "duong-den-2025-doi-moi"),
        (unicodedata.normalize("NFD", "Đà Nẵng"), "da-nang"),
    ],
)
def test_slugify_vi_folds_vietnamese_to_ascii(text, slug):
    assert slugify_vi(text) == slug


@pytest.mark.django_db
class TestSlugs:
    def test_made_from_the_vietnamese_title_not_the_english(self):
        meeting = MeetingFactory(title_vi="Hội nghị tại Đà Nẵng", title_en="Meeting in Da Nang")
        assert meeting.slug == "hoi-nghi-tai-da-nang"
        assert meeting.slug.isascii()

    def test_unique_with_a_number_added(self):
        first = PlanFactory(title_vi="Kế hoạch công tác")
        second = PlanFactory(title_vi="Kế hoạch công tác")
        third = PlanFactory(title_vi="Kế hoạch công tác")
        assert [first.slug, second.slug, third.slug] == [
            "ke-hoach-cong-tac",
            "ke-hoach-cong-tac-2",
            "ke-hoach-cong-tac-3",
        ]

    def test_an_edited_slug_is_kept_and_survives_title_changes(self):
        article = ArticleFactory(title_vi="Tin cũ", slug="ten-rieng")
        article.title_vi = "Tin mới"
        article.save()
        article.refresh_from_db()
        assert article.slug == "ten-rieng"

    def test_a_title_with_no_letters_still_gets_a_slug(self):
        assert TopicFactory(name_vi="!!!").slug == "topic"


@pytest.mark.django_db
def test_decomposed_text_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Hội nghị tại Đà Nẵng")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    meeting = MeetingFactory(
        title_vi=decomposed, summary_en=unicodedata.normalize("NFD", "Türkiye")
    )
    meeting.refresh_from_db()
    assert meeting.title_vi == "Hội nghị tại Đà Nẵng"
    assert unicodedata.is_normalized("NFC", meeting.title_vi)
    assert unicodedata.is_normalized("NFC", meeting.summary_en)


@pytest.mark.django_db
def test_rich_text_is_sanitised_even_outside_the_admin():
    article = ArticleFactory(
        body_vi='<p>An toàn</p><script>alert("x")</script><iframe src="https://evil"></iframe>',
        body_en='<p style="color:red" onmouseover="x()"><a href="javascript:x()">link</a></p>',
    )
    article.refresh_from_db()
    assert article.body_vi == "<p>An toàn</p>"
    assert "onmouseover" not in article.body_en and "javascript" not in article.body_en
    assert "style" not in article.body_en


@pytest.mark.django_db
def test_a_malicious_fixture_is_stored_clean(tmp_path):
    """loaddata saves rows raw (no save(), no field pre_save): the cleaning still applies."""
    article = ArticleFactory()
    [record] = json.loads(serializers.serialize("json", [article]))
    record["fields"].update(
        title_vi=unicodedata.normalize("NFD", "Tin đã bị sửa"),
        body_vi='<p onclick="steal()">Tin</p><script>alert(1)</script>',
        body_en='<p><a href="javascript:steal()">link</a></p>',
    )
    fixture = tmp_path / "malicious.json"
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)
    article.refresh_from_db()
    assert article.body_vi == "<p>Tin</p>"
    assert "javascript" not in article.body_en
    assert article.title_vi == "Tin đã bị sửa" and unicodedata.is_normalized(
        "NFC", article.title_vi
    )


@pytest.mark.django_db
def test_allowed_formatting_is_kept():
    html = (
        "<h2>Kết quả</h2><p><strong>Đậm</strong> <em>nghiêng</em></p>"
        '<ul><li>một</li></ul><blockquote><p>trích</p></blockquote><p><a href="https://asean.org">ASEAN</a></p>'
    )
    article = ArticleFactory(body_vi=html)
    article.refresh_from_db()
    for kept in ("<h2>", "<strong>", "<em>", "<ul>", "<blockquote>", 'href="https://asean.org"'):
        assert kept in article.body_vi


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_saving_never_copies_one_language_into_another(language):
    from django.utils import translation

    with translation.override(language):
        article = ArticleFactory(title_vi="Chỉ có tiếng Việt", title_en="", lead_en="")
        article.save()
    article.refresh_from_db()
    assert article.title_en == "" and article.lead_en == ""
    assert article.title_vi == "Chỉ có tiếng Việt"
