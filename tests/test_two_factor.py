"""Two-step verification: turned on by scanning and confirming a code, asked for at each
login, required of those who publish when DJANGO_REQUIRE_2FA is on."""

import re
import time

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import log_in
from .factories import EditorFactory, PublisherFactory

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    """The clock, stopped at the start of a 30-second step and moved on only by the test (past
    django-otp's pause after a wrong code: ``clock.shift(5)``). A ticking clock could cross a
    step between a code and its check, and django-otp would then expect the next codes a step
    early (its drift)."""
    start = (int(time.time()) // 30) * 30 + 1
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def code(device, steps_ahead=0):
    """What the authenticator app shows (``steps_ahead`` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def turn_on(client):
    page = client.get(reverse("two_factor"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    key = re.search(r'class="two-factor__key">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    assert key.replace(" ", "") in device.config_url
    response = client.post(reverse("two_factor"), {"otp_token": code(device)})
    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode())
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_editor_turns_it_on_and_then_each_login_asks_for_a_code(client, clock):
    user = EditorFactory()
    log_in(client, user.username, PASSWORD)
    wrong = client.post(reverse("two_factor"), {"otp_token": "000000"})
    assert wrong.status_code == 200 and "Mã này không đúng" in wrong.content.decode()
    clock.shift(5)
    device = turn_on(client)
    client.logout()

    without = log_in(client, user.username, PASSWORD)
    assert without.status_code == 200
    assert "Tài khoản này đã bật xác thực hai bước" in without.content.decode()
    wrong = log_in(client, user.username, PASSWORD, otp_token="123456")
    assert wrong.status_code == 200
    assert "Mã này không đúng" in wrong.content.decode()
    clock.shift(5)
    # The code of the next 30 seconds (a used code is never accepted twice).
    assert log_in(client, user.username, PASSWORD, otp_token=code(device, 1)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_turning_it_off_takes_a_current_code(client, clock):
    user = EditorFactory()
    log_in(client, user.username, PASSWORD)
    device = turn_on(client)
    assert client.post(reverse("two_factor"), {"otp_token": "000000"}).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    # Right after a wrong code even the right one waits: guessing is slowed down.
    hurried = client.post(reverse("two_factor"), {"otp_token": code(device, 1)})
    assert "Nhập sai mã quá nhiều lần" in hurried.content.decode()
    clock.shift(5)
    response = client.post(reverse("two_factor"), {"otp_token": code(device, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


class TestRequiredForPublishers:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.REQUIRE_2FA = True

    def test_a_publisher_without_it_is_led_to_turn_it_on(self, client):
        user = PublisherFactory()
        assert log_in(client, user.username, PASSWORD).status_code == 302
        response = client.get(reverse("admin:news_article_changelist"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor"))
        turn_on(client)
        assert client.get(reverse("admin:news_article_changelist")).status_code == 200
        # ...and cannot turn it off again.
        page = client.get(reverse("two_factor")).content.decode()
        assert "không thể tắt" in page and 'name="otp_token"' not in page

    def test_editors_are_not_asked(self, client):
        user = EditorFactory()
        log_in(client, user.username, PASSWORD)
        assert client.get(reverse("admin:index")).status_code == 200

    def test_a_lost_phone_is_reset_by_an_administrator(self, client):
        user = PublisherFactory()
        log_in(client, user.username, PASSWORD)
        turn_on(client)
        call_command("reset_two_factor", user.username, verbosity=0)
        other = Client()
        assert log_in(other, user.username, PASSWORD).status_code == 302
        response = other.get(reverse("admin:index"))
        assert response["Location"].startswith(reverse("two_factor"))
