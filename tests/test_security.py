"""Hardening for the public internet: what an outside audit checks."""

import datetime

import pytest

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

    def test_a_missing_file_is_a_404(self, client):
        assert client.get("/media/nothing.pdf").status_code == 404
