"""Hardening for the public internet: what an outside audit checks."""

import datetime

import pytest


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
