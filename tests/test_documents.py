"""The documents library (``/<lang>/documents/``) and what is read from a PDF on upload."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from core.models import Workflow
from core.pdfs import text_pdf
from meetings.models import Meeting, OutcomeDocument

from .conftest import pdf_bytes
from .factories import MeetingFactory, MeetingSeriesFactory, OutcomeDocumentFactory
from .test_admin_input import inline_errors_of, meeting_form, with_document  # noqa: F401

pytestmark = pytest.mark.django_db


def pdf_file(title="Joint Statement", text="The ministers agreed to work together."):
    return ContentFile(text_pdf(title, [text] if text else []), name="statement.pdf")


def titles(response):
    page = html.fromstring(response.content)
    return [" ".join(t.split()) for t in page.xpath("//article[@class='document']/h3//text()")]


@pytest.fixture
def library():
    amri = MeetingSeriesFactory(acronym="AMRI", slug="amri")
    telmin = MeetingSeriesFactory(acronym="TELMIN", slug="telmin")
    amri_17 = MeetingFactory(series=amri, start_date=datetime.date(2025, 5, 7), slug="amri-17")
    telmin_15 = MeetingFactory(
        series=telmin, start_date=datetime.date(2015, 11, 26), slug="telmin-15"
    )
    draft = MeetingFactory(series=amri, state=Workflow.DRAFT, published_at=None)
    return {
        "declaration": OutcomeDocumentFactory(
            meeting=amri_17,
            title_en="Kuala Lumpur Declaration",
            kind=OutcomeDocument.Kind.DECLARATION,
            date=datetime.date(2025, 5, 7),
            file=pdf_file(),
        ),
        # No date of its own: its meeting's is used to order and filter it.
        "guidelines": OutcomeDocumentFactory(
            meeting=amri_17,
            title_en="Social media guidelines",
            kind=OutcomeDocument.Kind.GUIDELINES,
            language=OutcomeDocument.Language.BOTH,
        ),
        "mou": OutcomeDocumentFactory(
            meeting=telmin_15,
            title_en="ASEAN–ITU MoU",
            kind=OutcomeDocument.Kind.MOU,
            date=datetime.date(2015, 11, 27),
        ),
        "draft": OutcomeDocumentFactory(meeting=draft, title_en="Not yet public"),
    }


def test_every_document_of_a_published_meeting_newest_first(client, library):
    response = client.get("/en/documents/")
    assert titles(response) == [
        "Kuala Lumpur Declaration",
        "Social media guidelines",
        "ASEAN–ITU MoU",
    ]
    assert "3 documents" in response.content.decode()
    vietnamese = client.get("/vi/documents/")
    assert vietnamese.status_code == 200
    assert "Tài liệu" in vietnamese.content.decode()


def test_a_document_shows_its_file_size_pages_and_language(client, library):
    page = html.fromstring(client.get("/en/documents/?kind=declaration").content)
    (document,) = page.xpath("//article[@class='document']")
    link = document.xpath(".//h3/a")[0]
    assert link.get("href") == library["declaration"].file.url
    assert link.get("hreflang") == "en"
    meta = " ".join(document.text_content().split())
    size = library["declaration"].file_size
    assert f"PDF, 1 page, {size} bytes, English" in meta
    assert "7 May 2025" in meta
    assert document.xpath(".//a[@href='/en/meetings/amri-17/']")
    guidelines = client.get("/en/documents/?kind=guidelines").content.decode()
    assert "No file published yet" in guidelines


@pytest.mark.parametrize(
    "query,expected",
    [
        ("meeting=amri-17", ["Kuala Lumpur Declaration", "Social media guidelines"]),
        ("series=telmin", ["ASEAN–ITU MoU"]),
        ("kind=mou", ["ASEAN–ITU MoU"]),
        ("year=2025", ["Kuala Lumpur Declaration", "Social media guidelines"]),
        ("language=vi-en", ["Social media guidelines"]),
        ("series=amri&kind=guidelines&year=2025", ["Social media guidelines"]),
        ("series=telmin&year=2025", []),
    ],
)
def test_filters(client, library, query, expected):
    assert titles(client.get(f"/en/documents/?{query}")) == expected


def test_facets_count_what_each_choice_would_give(client, library):
    page = html.fromstring(client.get("/en/documents/?series=amri").content)
    kinds = [o.text for o in page.xpath("//select[@name='kind']/option")]
    assert kinds == ["All", "Declaration (1)", "Guidelines (1)"]
    series = [o.text for o in page.xpath("//select[@name='series']/option")]
    assert series == ["All", "AMRI (2)", "TELMIN (1)"]
    years = [o.text for o in page.xpath("//select[@name='year']/option")]
    assert years == ["All", "2025 (2)"]


@pytest.mark.parametrize(
    "query", ["year=twenty", "kind=poem", "meeting=no-such-meeting", "language=fr"]
)
def test_bad_filters_are_reported_not_errors(client, library, query):
    response = client.get(f"/en/documents/?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "could not be understood" in response.content.decode()


@pytest.mark.parametrize("page", ["2", "x"])
def test_a_page_past_the_end_is_not_found(client, library, page):
    assert client.get(f"/en/documents/?page={page}").status_code == 404


def test_a_renamed_series_in_the_address_moves_to_its_new_one(client, library):
    series = Meeting.objects.get(slug="telmin-15").series
    series.slug = "telmin-ministers"
    series.save()
    response = client.get("/en/documents/?series=telmin")
    assert response.status_code == 301
    assert response["Location"] == "/en/documents/?series=telmin-ministers"


def test_a_meetings_page_links_its_documents_in_the_library(client, library):
    page = client.get("/en/meetings/amri-17/").content.decode()
    assert 'href="/en/documents/?meeting=amri-17"' in page
    assert "Kuala Lumpur Declaration" in page


def test_the_library_is_in_the_main_navigation(client, library):
    page = html.fromstring(client.get("/vi/").content)
    assert page.xpath("//nav[@class='site-nav']//a[@href='/vi/documents/']")


class TestFileChecks:
    """A PDF is read once, on upload: its size, pages, title and whether it has text. What
    is missing is a warning to the editor, never a refusal."""

    def test_a_pdf_with_text_and_a_title_is_read_on_save(self, library):
        document = library["declaration"]
        assert document.file_size == document.file.size > 0
        assert document.page_count == 1
        assert document.file_has_title and document.file_has_text
        assert document.file_warnings() == []

    def test_removing_the_file_forgets_what_was_read(self, library):
        document = library["declaration"]
        document.file = ""
        document.save()
        document.refresh_from_db()
        assert (document.file_size, document.page_count, document.file_has_text) == (
            None,
            None,
            None,
        )

    def test_a_scan_is_accepted_with_a_warning(self, editor_client, meeting_form):  # noqa: F811
        url, data = meeting_form
        upload = SimpleUploadedFile("scan.pdf", pdf_bytes(), "application/pdf")
        response = editor_client.post(url, with_document(data, upload), follow=True)
        assert response.status_code == 200, inline_errors_of(response, "documents")
        document = Meeting.objects.get().documents.get()
        assert document.file_has_text is False
        assert document.file_size == len(pdf_bytes())
        messages = [str(message) for message in response.context["messages"]]
        assert any("không có văn bản, chỉ có ảnh chụp các trang" in message for message in messages)
        assert any("không có tiêu đề trong phần thuộc tính" in message for message in messages)
        change = editor_client.get(
            reverse("admin:meetings_meeting_change", args=[document.meeting.pk])
        )
        assert "không có văn bản, chỉ có ảnh chụp các trang" in change.content.decode()

    def test_a_text_pdf_with_a_title_gets_no_warning(self, editor_client, meeting_form):  # noqa: F811
        url, data = meeting_form
        upload = SimpleUploadedFile(
            "statement.pdf", text_pdf("Joint Statement", ["The ministers agreed."] * 3)
        )
        response = editor_client.post(url, with_document(data, upload), follow=True)
        document = Meeting.objects.get().documents.get()
        assert (document.file_has_text, document.file_has_title) == (True, True)
        assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
        change = editor_client.get(
            reverse("admin:meetings_meeting_change", args=[document.meeting.pk])
        )
        assert "có văn bản và tiêu đề: ai cũng đọc được" in change.content.decode()

    def test_a_pdf_without_a_title_is_named_in_a_warning(self, editor_client, meeting_form):  # noqa: F811
        url, data = meeting_form
        upload = SimpleUploadedFile("statement.pdf", text_pdf("", ["The ministers agreed."] * 3))
        response = editor_client.post(url, with_document(data, upload), follow=True)
        messages = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        assert len(messages) == 1
        assert messages[0].startswith("Tuyên bố chung: Tệp PDF không có tiêu đề")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kind_and_language_labels_are_those_of_the_choices(client, language):
    from django.utils import translation

    document = OutcomeDocumentFactory(kind="joint_statement", language="vi-en")
    with translation.override(language):
        assert document.kind_label == document.get_kind_display()
        assert document.language_label == document.get_language_display()
        kind = document.get_kind_display()
    assert kind in client.get(f"/{language}/documents/").content.decode()


def test_a_value_without_a_choice_is_shown_as_stored():
    assert OutcomeDocumentFactory.build(kind="communique").kind_label == "communique"
