"""Hardening for the public internet: what an outside audit checks."""

import datetime
import json
import logging
import re

import pytest
from django.urls import reverse

from .conftest import image_bytes, pdf_bytes


class TestSecurityTxt:
    def test_names_the_contact_and_a_future_expiry(self, client, settings):
        settings.SECURITY_CONTACT = ["security@portal.example", "https://portal.example/report"]
        response = client.get("/.well-known/security.txt")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
        assert fields[:2] == [
            ["Contact", "mailto:security@portal.example"],
            ["Contact", "https://portal.example/report"],
        ]
        expires = datetime.datetime.fromisoformat(dict(fields)["Expires"])
        now = datetime.datetime.now(datetime.UTC)
        assert now + datetime.timedelta(days=30) < expires < now + datetime.timedelta(days=365)
        assert dict(fields)["Preferred-Languages"] == "vi, en"
        assert dict(fields)["Canonical"] == "http://testserver/.well-known/security.txt"

    @pytest.mark.django_db  # the 404 page's footer lists the editors' pages
    def test_is_absent_without_a_contact(self, client, settings):
        settings.SECURITY_CONTACT = []
        assert client.get("/.well-known/security.txt").status_code == 404

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_only_reads(self, client, settings, method):
        settings.SECURITY_CONTACT = ["security@portal.example"]
        assert getattr(client, method)("/.well-known/security.txt").status_code == 405


class TestUploadsServedByDjango:
    """Where no nginx is in front (`make serve`), uploads get the headers nginx gives them."""

    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.ROOT_URLCONF = "tests.browser.urls"
        settings.MEDIA_ROOT = tmp_path
        (tmp_path / "documents").mkdir()
        (tmp_path / "documents" / "tuyen-bo.pdf").write_bytes(pdf_bytes())
        (tmp_path / "anh.png").write_bytes(image_bytes("PNG"))
        (tmp_path / "evil.html").write_text("<script>alert(1)</script>")

    def test_a_document_is_downloaded_never_sniffed_and_sandboxed(self, client):
        response = client.get("/media/documents/tuyen-bo.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == "attachment"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_an_image_is_shown(self, client):
        response = client.get("/media/anh.png")
        assert response["Content-Type"] == "image/png"
        assert not response.get("Content-Disposition", "").startswith("attachment")

    def test_anything_else_is_bytes_to_download(self, client):
        response = client.get("/media/evil.html")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"

    @pytest.mark.django_db  # the 404 page's footer lists the editors' pages
    def test_a_missing_file_is_a_404(self, client):
        assert client.get("/media/nothing.pdf").status_code == 404


PAGES = [
    "/vi/",
    "/en/meetings/",
    "/vi/meetings/amri-17-kuala-lumpur-2025/",
    "/en/plans/",
    "/vi/plans/aim-2020/",
    "/vi/news/",
    "/vi/search/?q=amri",
    "/vi/no-such-page/",
    "/admin/login/",
]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


@pytest.mark.django_db
class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", PAGES)
    def test_every_page_type_has_a_strict_policy(self, demo, client, path):
        response = client.get(path)
        assert response.status_code in (200, 404)
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["object-src"] == directives["base-uri"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["report-uri"] == [reverse("csp_report")]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]

    def test_a_cached_page_keeps_its_policy(self, demo, client):
        first, second = client.get("/vi/news/"), client.get("/vi/news/")
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]

    def test_the_editors_inline_script_runs_by_the_requests_nonce(self, demo, editor_client):
        response = editor_client.get(reverse("admin:news_article_add"))
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", html)
        assert inline, "the rich-text editor's import map"
        assert all(f'nonce="{nonce}"' in attributes for attributes in inline)
        assert nonce != re.search(
            r"'nonce-([^']+)'",
            editor_client.get(reverse("admin:news_article_add"))["Content-Security-Policy"],
        ).group(1)


class TestViolationReports:
    REPORT = {
        "csp-report": {
            "document-uri": "https://portal.example/vi/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js",
            "original-policy": "default-src 'self'; …",
        }
    }

    def test_are_logged(self, client, caplog):
        with caplog.at_level(logging.WARNING, logger="asean_portal.csp"):
            response = client.post(
                reverse("csp_report"),
                json.dumps(self.REPORT),
                content_type="application/csp-report",
            )
        assert response.status_code == 204
        assert "script-src-elem" in caplog.text and "https://evil.example/x.js" in caplog.text
        assert "original-policy" not in caplog.text

    def test_reporting_api_lists_are_logged_too(self, client, caplog):
        reports = [{"type": "csp-violation", "body": {"effectiveDirective": "img-src"}}]
        with caplog.at_level(logging.WARNING, logger="asean_portal.csp"):
            response = client.post(
                reverse("csp_report"), json.dumps(reports), content_type="application/reports+json"
            )
        assert response.status_code == 204 and "img-src" in caplog.text

    def test_refuse_what_is_not_a_report(self, client):
        url = reverse("csp_report")
        assert client.get(url).status_code == 405
        assert client.post(url, "{not json", content_type="application/json").status_code == 400
        huge = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
        assert client.post(url, huge, content_type="application/csp-report").status_code == 413
