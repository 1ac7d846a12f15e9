"""Logins: a lockout per account and address (django-axes), unlocking, idle staff sessions."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from .conftest import log_in
from .factories import EditorFactory

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    settings.CLIENT_IP_HEADER = ""


def fail(client, user, times, **where):
    """``times`` wrong passwords: refused with the login form's error, the fifth with the
    lockout itself."""
    for attempt in range(1, times + 1):
        response = log_in(client, user.username, "wrong password", **where)
        if attempt < 5:
            assert response.status_code == 200
            assert "Bạn hãy nhập đúng Tên đăng nhập và mật khẩu" in response.content.decode()
        else:
            assert response.status_code == 429


class TestLockout:
    def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(self, client):
        user = EditorFactory()
        fail(client, user, 5)
        response = log_in(client, user.username, PASSWORD)
        assert response.status_code == 429
        page = response.content.decode()
        assert "Đăng nhập sai quá nhiều lần" in page
        assert "5 lần liên tiếp" in page and "30 phút" in page
        assert "_auth_user_id" not in client.session

    def test_below_the_limit_a_right_password_logs_in_and_the_count_starts_again(self, client):
        user = EditorFactory()
        fail(client, user, 4)
        assert log_in(client, user.username, PASSWORD).status_code == 302
        client.logout()
        fail(client, user, 4)
        assert log_in(client, user.username, PASSWORD).status_code == 302

    def test_the_account_stays_open_from_other_addresses(self, client):
        user = EditorFactory()
        fail(client, user, 5, address="203.0.113.7")
        assert log_in(client, user.username, PASSWORD, address="203.0.113.7").status_code == 429
        assert log_in(Client(), user.username, PASSWORD, address="198.51.100.2").status_code == 302

    def test_behind_a_proxy_the_clients_address_comes_from_the_configured_header(
        self, client, settings
    ):
        settings.CLIENT_IP_HEADER = "X-Real-IP"
        user = EditorFactory()
        # Every request comes from the proxy (127.0.0.1); the header tells the clients apart.
        fail(client, user, 5, **{"X-Real-IP": "203.0.113.7"})
        attempt = AccessAttempt.objects.get(username=user.username)
        assert attempt.ip_address == "203.0.113.7"
        locked = log_in(client, user.username, PASSWORD, **{"X-Real-IP": "203.0.113.7"})
        assert locked.status_code == 429
        other = log_in(Client(), user.username, PASSWORD, **{"X-Real-IP": "198.51.100.2"})
        assert other.status_code == 302

    def test_the_pause_ends_after_the_cool_off(self, client):
        user = EditorFactory()
        fail(client, user, 5)
        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
        assert log_in(client, user.username, PASSWORD).status_code == 302

    def test_a_command_unlocks_an_account_at_once(self, client):
        user = EditorFactory()
        fail(client, user, 5)
        call_command("axes_reset_username", user.username, verbosity=0)
        assert log_in(client, user.username, PASSWORD).status_code == 302


class TestLockoutsInTheAdmin:
    def test_an_administrator_lists_them(self, client, admin_user):
        user = EditorFactory()
        fail(Client(), user, 5, address="203.0.113.7")
        client.force_login(admin_user)
        response = client.get("/admin/axes/accessattempt/")
        assert response.status_code == 200
        assert user.username in response.content.decode()
        assert "203.0.113.7" in response.content.decode()

    def test_editors_do_not_see_them(self, editor_client):
        assert editor_client.get("/admin/axes/accessattempt/").status_code == 403


class TestSessions:
    def test_a_staff_session_ends_after_two_idle_hours(self, client):
        user = EditorFactory()
        log_in(client, user.username, PASSWORD)
        session = Session.objects.get()
        remaining = session.expire_date - timezone.now()
        assert datetime.timedelta(minutes=119) < remaining <= datetime.timedelta(hours=2)

        # Each request moves the end two hours on...
        Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
        assert client.get("/admin/").status_code == 200
        assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(minutes=119)

        # ...and after two hours without one, the editor logs in again.
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    def test_changing_the_password_ends_the_other_sessions(self, client):
        user = EditorFactory()
        elsewhere = Client()
        log_in(elsewhere, user.username, PASSWORD, address="198.51.100.2")
        log_in(client, user.username, PASSWORD)
        response = client.post(
            "/admin/password_change/",
            {
                "old_password": PASSWORD,
                "new_password1": "another long passphrase 2026",
                "new_password2": "another long passphrase 2026",
            },
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
        assert elsewhere.get("/admin/").status_code == 302
