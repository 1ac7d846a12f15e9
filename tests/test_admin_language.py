"""The admin speaks the language each editor chose for it, not the public site's."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN = "/admin/news/article/"
ENGLISH, VIETNAMESE = '<html lang="en"', '<html lang="vi"'


def choose(client, language, next=ADMIN):
    return client.post(reverse("admin_language"), {"language": language, "next": next})


def test_vietnamese_until_chosen_whatever_the_public_pages_were_read_in(editor_client):
    editor_client.cookies["django_language"] = "en"
    assert VIETNAMESE in editor_client.get(ADMIN).content.decode()


def test_the_choice_is_kept_for_the_user_not_the_browser(editor_client, editor):
    response = choose(editor_client, "en")
    assert response.status_code == 302 and response["Location"] == ADMIN
    editor_client.cookies["django_language"] = "vi"
    assert ENGLISH in editor_client.get(ADMIN).content.decode()
    assert VIETNAMESE in editor_client.get("/vi/").content.decode()

    elsewhere = Client()
    elsewhere.force_login(editor)
    assert ENGLISH in elsewhere.get(ADMIN).content.decode()


def test_each_editor_has_their_own(editor_client, publisher):
    choose(editor_client, "en")
    other = Client()
    other.force_login(publisher)
    assert VIETNAMESE in other.get(ADMIN).content.decode()


def test_the_switch_is_in_every_admin_page(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert f'action="{reverse("admin_language")}"' in html
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html


def test_only_a_staff_post_with_a_known_language_and_a_local_next(client, editor_client):
    assert editor_client.get(reverse("admin_language")).status_code == 405
    assert choose(editor_client, "fr").status_code == 302
    assert VIETNAMESE in editor_client.get(ADMIN).content.decode()
    assert choose(editor_client, "en", next="https://evil.example/")["Location"] == "/admin/"

    client.logout()
    response = choose(client, "en")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
