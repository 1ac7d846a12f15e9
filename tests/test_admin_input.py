"""Bad input in the admin gets a clear form error and keeps what the editor typed."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan

from .admin_forms import admin_post_data
from .conftest import image_bytes, pdf_bytes
from .factories import ArticleFactory, CountryFactory, MeetingSeriesFactory

TYPED_BODY = "<p>Nội dung biên tập viên đã gõ, không được mất.</p>"


def with_document(data, upload):
    """The meeting form's data with one outcome document row carrying ``upload``."""
    return dict(
        data,
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-title_vi": "Tuyên bố chung",
            "documents-0-kind": "declaration",
            "documents-0-language": "en",
            "documents-0-order": "1",
            "documents-0-file": upload,
        },
    )


def add_form(client, app, model):
    url = reverse(f"admin:{app}_{model}_add")
    return url, client.get(url)


def errors_of(response):
    """Error codes by field, so tests hold in either admin language."""
    form = response.context["adminform"].form
    return {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()}


def inline_errors_of(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [
                {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()}
                for form in inline.formset.forms
            ]
    raise AssertionError(f"no inline {prefix}")


@pytest.fixture
def meeting_form(editor_client):
    series = MeetingSeriesFactory()
    country = CountryFactory()
    url, response = add_form(editor_client, "meetings", "meeting")
    data = admin_post_data(
        response,
        title_vi="Hội nghị thử nghiệm",
        title_en="Test meeting",
        series=str(series.pk),
        host_country=country.pk,
        start_date="2025-05-06",
        end_date="2025-05-07",
        body_vi=TYPED_BODY,
    )
    return url, data


@pytest.mark.django_db
class TestMeetingForm:
    def test_valid_meeting_is_saved_with_a_slug_from_the_vietnamese_title(
        self, editor_client, meeting_form
    ):
        url, data = meeting_form
        response = editor_client.post(url, data)
        assert response.status_code == 302, errors_of(response)
        assert Meeting.objects.get().slug == "hoi-nghi-thu-nghiem"

    def test_missing_vietnamese_title_is_refused_and_keeps_the_rest(
        self, editor_client, meeting_form
    ):
        url, data = meeting_form
        data["title_vi"] = ""
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert errors_of(response)["title_vi"] == ["required"]
        assert not Meeting.objects.exists()
        html = response.content.decode()
        assert 'value="Test meeting"' in html
        assert "Nội dung biên tập viên đã gõ" in html

    def test_end_date_before_start_date_is_refused(self, editor_client, meeting_form):
        url, data = meeting_form
        data.update(start_date="2025-05-07", end_date="2025-05-01")
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert errors_of(response)["end_date"] == ["end_before_start"]
        assert 'value="Hội nghị thử nghiệm"' in response.content.decode()
        assert not Meeting.objects.exists()

    def test_malformed_date_is_a_form_error(self, editor_client, meeting_form):
        url, data = meeting_form
        data["start_date"] = "31/02/2025x"
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert "start_date" in errors_of(response)

    def test_script_in_body_is_removed(self, editor_client, meeting_form):
        url, data = meeting_form
        data["body_vi"] = (
            '<p onclick="steal()">Xin chào<script>alert(1)</script>'
            '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)></p>'
        )
        assert editor_client.post(url, data).status_code == 302
        body = Meeting.objects.get().body_vi
        assert "Xin chào" in body
        for bad in ("<script", "onclick", "onerror", "javascript:", "<img"):
            assert bad not in body

    def test_pdf_outcome_document_is_accepted(self, editor_client, meeting_form):
        url, data = meeting_form
        response = editor_client.post(
            url,
            with_document(data, SimpleUploadedFile("tuyen-bo.pdf", pdf_bytes(), "application/pdf")),
        )
        assert response.status_code == 302, inline_errors_of(response, "documents")
        assert Meeting.objects.get().documents.get().file.name.endswith(".pdf")

    @pytest.mark.parametrize(
        "name,content,code",
        [
            ("tuyen-bo.pdf", b"This is a text file, renamed.", "invalid_pdf"),
            ("tuyen-bo.pdf", b"%PDF-1.7\nbroken beyond repair", "invalid_pdf"),
            ("tuyen-bo.txt", b"plain text", "invalid_extension"),
        ],
    )
    def test_fake_pdf_is_refused(self, editor_client, meeting_form, name, content, code):
        url, data = meeting_form
        response = editor_client.post(
            url, with_document(data, SimpleUploadedFile(name, content, "application/pdf"))
        )
        assert response.status_code == 200
        assert code in inline_errors_of(response, "documents")[0]["file"]
        assert not Meeting.objects.exists()
        assert 'value="Tuyên bố chung"' in response.content.decode()

    @pytest.mark.parametrize(
        "content,code",
        [
            (lambda: pdf_with(document_script), "pdf_active_content"),
            (lambda: pdf_with(lambda w: w.add_attachment("a.exe", b"MZ")), "pdf_active_content"),
            (lambda: pdf_with(open_action("/Launch", "/F", "calc.exe")), "pdf_active_content"),
            # A name written with an escape ("/J#53" is "/JS") is the same name.
            (
                lambda: escaped(pdf_with(open_action("/JavaScript", "/JS", "app.alert(1)"))),
                "pdf_active_content",
            ),
            (lambda: pdf_bytes() + b"<html><script>alert(1)</script></html>", "pdf_trailing_data"),
            (lambda: pdf_bytes().replace(b"%%EOF", b"%%EOX"), "invalid_pdf"),
        ],
        ids=["javascript", "embedded-file", "launch", "escaped-name", "html-after-end", "no-end"],
    )
    def test_pdf_that_could_run_something_is_refused_and_leaves_no_file(
        self, editor_client, meeting_form, content, code
    ):
        url, data = meeting_form
        before = media_files()
        upload = SimpleUploadedFile("tuyen-bo.pdf", content(), "application/pdf")
        response = editor_client.post(url, with_document(data, upload))
        assert response.status_code == 200
        assert inline_errors_of(response, "documents")[0]["file"] == [code]
        assert not Meeting.objects.exists()
        assert media_files() == before

    def test_pdf_with_trailing_line_ends_is_accepted(self, editor_client, meeting_form):
        url, data = meeting_form
        upload = SimpleUploadedFile("tuyen-bo.pdf", pdf_bytes() + b"\r\n\n", "application/pdf")
        response = editor_client.post(url, with_document(data, upload))
        assert response.status_code == 302, inline_errors_of(response, "documents")

    def test_oversized_pdf_is_refused(self, editor_client, meeting_form, settings):
        settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
        url, data = meeting_form
        response = editor_client.post(
            url, with_document(data, SimpleUploadedFile("big.pdf", pdf_bytes()))
        )
        assert inline_errors_of(response, "documents")[0]["file"] == ["file_too_large"]


@pytest.mark.django_db
class TestPlanForm:
    def test_end_year_before_start_year_is_refused_and_keeps_thrusts(self, editor_client):
        url, response = add_form(editor_client, "plans", "plan")
        data = admin_post_data(
            response,
            title_vi="Kế hoạch thử",
            start_year="2030",
            end_year="2026",
            status_override="",
            **{
                "thrusts-TOTAL_FORMS": "1",
                "thrusts-0-order": "1",
                "thrusts-0-title_vi": "Định hướng đã gõ",
            },
        )
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert errors_of(response)["end_year"] == ["end_before_start"]
        assert "Định hướng đã gõ" in response.content.decode()
        assert not Plan.objects.exists()

    def test_thrusts_are_saved_in_order(self, editor_client):
        url, response = add_form(editor_client, "plans", "plan")
        data = admin_post_data(
            response,
            title_vi="Kế hoạch thử",
            start_year="2026",
            end_year="2030",
            **{
                "thrusts-TOTAL_FORMS": "2",
                "thrusts-0-order": "2",
                "thrusts-0-title_vi": "Thứ hai",
                "thrusts-1-order": "1",
                "thrusts-1-title_vi": "Thứ nhất",
            },
        )
        assert editor_client.post(url, data).status_code == 302
        titles = list(Plan.objects.get().thrusts.values_list("title_vi", flat=True))
        assert titles == ["Thứ nhất", "Thứ hai"]


@pytest.fixture
def article_form(editor_client):
    url, response = add_form(editor_client, "news", "article")
    data = admin_post_data(
        response,
        title_vi="Tin có ảnh",
        title_en="News with a photo",
        image_alt_vi="Mô tả ảnh",
        body_vi=TYPED_BODY,
    )
    return url, data


def pdf_with(change):
    """A one-page PDF written by pypdf after ``change(writer)``."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def document_script(writer):
    """A script the viewer runs when the document opens (the catalogue's /Names tree)."""
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi');"),
        }
    )
    tree = ArrayObject([TextStringObject("greeting"), writer._add_object(script)])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): tree})}
    )


def escaped(pdf):
    """The same PDF with its "/JS" names written with an escape: "/J#53"."""
    assert b"/JS " in pdf
    return pdf.replace(b"/JS ", b"/J#53 ")


def open_action(kind, key, value):
    """A change adding an action the viewer runs on opening: ``/S kind``, ``key`` = value."""

    def change(writer):
        action = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject(kind),
                NameObject(key): TextStringObject(value),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return change


def media_files():
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def post_image(client, url, data, name, content):
    data = dict(data, image=SimpleUploadedFile(name, content))
    return client.post(url, data)


@pytest.mark.django_db
class TestImageUpload:
    def test_real_jpeg_png_and_webp_are_accepted(self, editor_client, article_form):
        url, data = article_form
        for number, fmt in enumerate(["JPEG", "PNG", "WEBP"]):
            data["title_vi"] = f"Tin có ảnh {number}"
            response = post_image(editor_client, url, data, f"anh.{fmt.lower()}", image_bytes(fmt))
            assert response.status_code == 302, errors_of(response)
        assert Article.objects.count() == 3

    def test_image_needs_a_description(self, editor_client, article_form):
        url, data = article_form
        data["image_alt_vi"] = ""
        response = post_image(editor_client, url, data, "anh.jpg", image_bytes())
        assert errors_of(response)["image_alt_vi"] == ["image_alt_required"]

    def assert_refused(self, client, url, data, name, content, code):
        """Refused with a form error that keeps what was typed, and nothing decoded, resized
        or written for the file: no preview, no rendition, no file under MEDIA_ROOT."""
        before = media_files()
        response = post_image(client, url, data, name, content)
        assert response.status_code == 200
        assert code in errors_of(response)["image"]
        assert not Article.objects.exists()
        html = response.content.decode()
        assert 'value="Tin có ảnh"' in html and "Nội dung biên tập viên đã gõ" in html
        assert "admin-preview" not in html
        assert media_files() == before

    def test_text_file_renamed_to_jpg_is_refused(self, editor_client, article_form):
        url, data = article_form
        self.assert_refused(editor_client, url, data, "anh.jpg", b"just some text", "invalid_image")

    def test_truncated_jpeg_is_refused(self, editor_client, article_form):
        url, data = article_form
        whole = image_bytes("JPEG", size=(400, 300), noise=True)
        for cut in (len(whole) // 2, len(whole) - 200):
            self.assert_refused(editor_client, url, data, "anh.jpg", whole[:cut], "invalid_image")

    def test_gif_disguised_as_png_is_refused(self, editor_client, article_form):
        url, data = article_form
        gif = image_bytes("GIF", mode="P")
        self.assert_refused(editor_client, url, data, "anh.png", gif, "image_format")

    def test_decompression_bomb_is_refused(self, editor_client, article_form):
        url, data = article_form
        # 10000 × 5000 pixels compress to a few kilobytes but would take 150 MB to decode.
        bomb = image_bytes("PNG", size=(10_000, 5_000), mode="1")
        assert len(bomb) < 100_000
        self.assert_refused(editor_client, url, data, "anh.png", bomb, "image_too_many_pixels")

    def test_oversized_file_is_refused(self, editor_client, article_form, settings):
        settings.MAX_IMAGE_UPLOAD_BYTES = 10_000
        url, data = article_form
        big = image_bytes("JPEG", size=(400, 300), noise=True)
        assert len(big) > 10_000
        self.assert_refused(editor_client, url, data, "anh.jpg", big, "file_too_large")

    def test_a_refused_replacement_leaves_the_stored_image_alone(self, editor_client):
        article = ArticleFactory(image=SimpleUploadedFile("ok.jpg", image_bytes()))
        url = reverse("admin:news_article_change", args=[article.pk])
        data = admin_post_data(editor_client.get(url))
        before = media_files()
        gif = SimpleUploadedFile("anh.png", image_bytes("GIF", mode="P"))
        response = editor_client.post(url, dict(data, image=gif))
        assert "image_format" in errors_of(response)["image"]
        assert media_files() == before
        article.refresh_from_db()
        assert article.image.name.endswith(".jpg")


@pytest.mark.django_db
def test_error_messages_speak_the_editors_language(editor_client, article_form):
    url, data = article_form
    vietnamese = post_image(
        editor_client, url, data, "anh.png", image_bytes("GIF", mode="P")
    ).content.decode()
    assert "Chỉ chấp nhận ảnh JPEG, PNG và WebP (ảnh này là GIF)." in vietnamese
    editor_client.post(reverse("admin_language"), {"language": "en"})
    english = post_image(
        editor_client, url, data, "anh.png", image_bytes("GIF", mode="P")
    ).content.decode()
    assert "Only JPEG, PNG and WebP images are accepted (this one is GIF)." in english
