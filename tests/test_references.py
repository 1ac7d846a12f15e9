"""A record's page names its topics, countries and organisations from the process's copy of
that reference data (``core.reference``), never a stale one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from pagecache.signals import paused

from .factories import (
    ArticleFactory,
    CountryFactory,
    MeetingFactory,
    OrganisationFactory,
    PlanFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def linked(record, **relations):
    for name, records in relations.items():
        getattr(record, name).set(records)
    return record


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def test_each_record_page_names_its_reference_data(client):
    topic, country, body = TopicFactory(), CountryFactory(), OrganisationFactory()
    article = linked(ArticleFactory(), topics=[topic], countries=[country])
    meeting = linked(
        MeetingFactory(),
        topics=[topic],
        participating_countries=[country],
        participating_organisations=[body],
    )
    plan = linked(
        PlanFactory(),
        implementing_bodies=[body],
        partner_countries=[country],
        partner_organisations=[body],
    )
    for record in (article, meeting, plan):
        page = client.get(record.get_absolute_url()).content.decode()
        assert country.name_vi in page, record
    for record in (article, meeting):
        assert f"?topic={topic.slug}" in client.get(record.get_absolute_url()).content.decode()
    for record in (meeting, plan):
        assert body.name_vi in client.get(record.get_absolute_url()).content.decode()


def test_a_warm_page_reads_only_which_records_it_links_to(client):
    article = linked(
        ArticleFactory(), topics=TopicFactory.create_batch(3), countries=[CountryFactory()]
    )
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    tables = " ".join(query["sql"] for query in queries)
    assert 'FROM "core_topic"' not in tables
    assert 'FROM "core_country"' not in tables
    assert "news_article_topics" in tables


def test_a_renamed_topic_shows_on_the_next_read(client):
    topic = TopicFactory(name_vi="Chuyển đổi số")
    article = linked(ArticleFactory(), topics=[topic])
    assert "Chuyển đổi số" in client.get(article.get_absolute_url()).content.decode()
    topic.name_vi = "Kinh tế số"
    topic.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Kinh tế số" in page
    assert "Chuyển đổi số" not in page


def test_a_deleted_country_is_no_longer_named(client):
    kept, deleted = CountryFactory(name_vi="Lào"), CountryFactory(name_vi="Quốc gia đã xoá")
    article = linked(ArticleFactory(), countries=[kept, deleted])
    assert "Quốc gia đã xoá" in client.get(article.get_absolute_url()).content.decode()
    deleted.delete()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Lào" in page
    assert "Quốc gia đã xoá" not in page


def test_a_topic_added_without_a_new_generation_is_read_all_the_same(client):
    article = linked(ArticleFactory(), topics=[TopicFactory()])
    client.get(article.get_absolute_url())
    with paused():  # as a bulk loader does: no signal, no new generation
        added = TopicFactory(name_vi="Trí tuệ nhân tạo")
        article.topics.add(added)
    assert "Trí tuệ nhân tạo" in client.get(article.get_absolute_url()).content.decode()


def test_only_reference_relations_are_read_so(db):
    article = linked(ArticleFactory(), meetings=[MeetingFactory()])
    with pytest.raises(KeyError):
        article.references["meetings"]


def test_a_meeting_names_its_host_and_body_from_the_copy(client):
    """The host country and the series' body are reference keys (``ReferenceKey``): cards and
    pages name them without joining their tables, and a rename shows at once."""
    host = CountryFactory(name_vi="Cam-pu-chia")
    meeting = MeetingFactory(host_country=host, series__organisation=OrganisationFactory())
    body = meeting.series.organisation
    for address in (meeting.get_absolute_url(), "/vi/meetings/", "/vi/"):
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(address).content.decode()
        assert "Cam-pu-chia" in html, address
        tables = " ".join(query["sql"] for query in queries)
        assert 'FROM "core_country"' not in tables and '"core_country"' not in tables, address
    assert body.name_vi in client.get(meeting.get_absolute_url()).content.decode()
    host.name_vi = "Vương quốc Cam-pu-chia"
    host.save()
    assert "Vương quốc Cam-pu-chia" in client.get("/vi/meetings/").content.decode()


def test_a_host_added_without_a_new_generation_is_read_all_the_same(client):
    meeting = MeetingFactory()
    client.get(meeting.get_absolute_url())
    with paused():  # as a bulk loader does: no signal, no new generation
        meeting.host_country = CountryFactory(name_vi="Đông Ti-mo")
        meeting.save()
    assert "Đông Ti-mo" in client.get(meeting.get_absolute_url()).content.decode()
    with CaptureQueriesContext(connection) as queries:  # the copy was read again, once
        assert "Đông Ti-mo" in client.get(meeting.get_absolute_url()).content.decode()
    assert '"core_country"' not in " ".join(query["sql"] for query in queries)


def test_reference_keys_are_plain_foreign_keys_to_migrations():
    from meetings.models import Meeting

    _name, path, _args, kwargs = Meeting._meta.get_field("host_country").deconstruct()
    assert path == "django.db.models.ForeignKey" and kwargs["to"] == "core.country"
