"""Reference data (countries, bodies, topics, meeting series) keeps a history like content:
each save a version, compared, restored, and recovered once deleted."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from .admin_forms import admin_post_data
from .factories import (
    ArticleFactory,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
REFERENCE = [
    (CountryFactory, "name_en"),
    (OrganisationFactory, "name_en"),
    (TopicFactory, "name_en"),
    (MeetingSeriesFactory, "name_en"),
]


def admin_url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture(params=REFERENCE, ids=lambda reference: reference[0]._meta.model.__name__)
def edited(request, editor_client):
    """A record an editor created, then renamed in English, in the admin."""
    factory, field = request.param
    record = factory()
    url = admin_url(record, "change", record.pk)
    for name in ("First name", "Second name"):
        response = editor_client.post(url, admin_post_data(editor_client.get(url), **{field: name}))
        assert response.status_code == 302, response.context["adminform"].form.errors
    return record


def test_every_save_is_a_version_named_in_the_readers_language(edited, editor_client):
    versions = Version.objects.get_for_object(edited)
    assert versions.count() == 2
    page = editor_client.get(admin_url(edited, "history", edited.pk)).content.decode()
    assert page.count("Đã sửa") == 2 and "(Tiếng Anh)" in page


def test_two_versions_compare(edited, editor_client):
    newer, older = Version.objects.get_for_object(edited)
    page = editor_client.get(
        admin_url(edited, "compare", edited.pk), {"from": older.pk, "to": newer.pk}
    ).content.decode()
    assert "First name" in page and "Second name" in page


def test_a_version_is_restored_through_its_form(edited, editor_client):
    newer, older = Version.objects.get_for_object(edited)
    url = admin_url(edited, "revision", edited.pk, older.pk)
    response = editor_client.post(url, admin_post_data(editor_client.get(url)))
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.name_en == "First name"


def test_a_deleted_record_is_recovered(edited, admin_client):
    edited.refresh_from_db()
    name = edited.name_en
    assert (
        admin_client.post(admin_url(edited, "delete", edited.pk), {"post": "yes"}).status_code
        == 302
    )
    assert not type(edited).objects.filter(pk=edited.pk).exists()
    listing = admin_client.get(admin_url(edited, "recoverlist")).content.decode()
    version = re.search(r"/recover/(\d+)/", listing).group(1)
    url = admin_url(edited, "recover", version)
    response = admin_client.post(url, admin_post_data(admin_client.get(url)))
    assert response.status_code == 302
    assert type(edited).objects.get(pk=edited.pk).name_en == name


def test_editors_cannot_delete_reference_data(edited, editor_client):
    assert (
        editor_client.post(admin_url(edited, "delete", edited.pk), {"post": "yes"}).status_code
        == 403
    )
    assert type(edited).objects.filter(pk=edited.pk).exists()


@pytest.mark.parametrize(
    "factory,listing,parameter",
    [
        (TopicFactory, "/vi/news/", "topic"),
        (TopicFactory, "/en/meetings/", "topic"),
        (MeetingSeriesFactory, "/vi/meetings/", "series"),
    ],
)
def test_a_changed_slug_keeps_old_filter_links_working(
    editor_client, client, factory, listing, parameter
):
    record = factory(slug="ten-cu")
    url = admin_url(record, "change", record.pk)
    response = editor_client.post(url, admin_post_data(editor_client.get(url), slug="ten-moi"))
    assert response.status_code == 302

    old = client.get(listing, {parameter: "ten-cu", "year": "2025"})
    assert old.status_code == 301
    assert old["Location"] == f"{listing}?{parameter}=ten-moi&year=2025"
    assert client.get(old["Location"]).status_code == 200
    # A value that never named anything is still reported on the page, not redirected.
    assert client.get(listing, {parameter: "khong-co"}).status_code == 200


def test_deleting_what_records_use_names_them_first(publisher_client):
    topic = TopicFactory()
    articles, meeting = [ArticleFactory(), ArticleFactory()], MeetingFactory()
    for record in (*articles, meeting):
        record.topics.add(topic)
    page = publisher_client.get(admin_url(topic, "delete", topic.pk)).content.decode()
    used_by = page[page.index('id="used-by"') :]
    for record in (*articles, meeting):
        assert str(record) in used_by
        assert admin_url(record, "change", record.pk) in used_by
    assert (
        publisher_client.post(admin_url(topic, "delete", topic.pk), {"post": "yes"}).status_code
        == 302
    )
    assert not articles[0].topics.exists()
