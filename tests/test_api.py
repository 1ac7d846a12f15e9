"""The read-only JSON API: what it gives, that it gives the listings' records for the
listings' filters, never a hidden record, a 4xx for what it cannot read, and answers that
match its own OpenAPI schema (schemathesis)."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from core.models import Workflow
from meetings.models import MeetingPlan

from .factories import (
    ArticleFactory,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    OutcomeDocumentFactory,
    PlanFactory,
    ThrustFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Published records linked to each other and to hidden ones."""
    topic, country = TopicFactory(), CountryFactory(code="VN")
    series = MeetingSeriesFactory(acronym="AMRI")
    meeting = MeetingFactory(
        series=series, host_country=country, start_date=datetime.date(2019, 11, 20)
    )
    meeting.topics.set([topic])
    OutcomeDocumentFactory(meeting=meeting)
    draft_meeting = MeetingFactory(state=Workflow.DRAFT, published_at=None)
    plan = PlanFactory(adopted_at=meeting, start_year=2020, end_year=2025)
    plan.implementing_bodies.set([OrganisationFactory()])
    ThrustFactory(plan=plan)
    MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.ADOPTED)
    hidden_plan = PlanFactory(
        adopted_at=draft_meeting, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    article = ArticleFactory()
    article.topics.set([topic])
    article.countries.set([country])
    article.meetings.set([meeting, draft_meeting])
    article.plans.set([plan, hidden_plan])
    ArticleFactory(state=Workflow.UNPUBLISHED)
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=2))
    return {
        "topic": topic,
        "country": country,
        "series": series,
        "meeting": meeting,
        "draft_meeting": draft_meeting,
        "plan": plan,
        "hidden_plan": hidden_plan,
        "article": article,
    }


def api(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


class TestRecords:
    def test_an_article_in_both_languages_with_related_records_by_slug(self, client, world):
        article = world["article"]
        data = api(client, f"/api/v1/news/{article.slug}/?lang=en")
        assert data["title"] == article.title_en
        assert data["lead"] == article.lead_en
        assert data["translations"]["vi"]["title"] == article.title_vi
        assert data["translations"]["en"]["title"] == article.title_en
        assert data["url"] == f"http://testserver/api/v1/news/{article.slug}/"
        assert data["page"] == f"http://testserver/en/news/{article.slug}/"
        assert data["topics"] == [world["topic"].slug]
        assert data["countries"] == ["VN"]
        assert data["meetings"] == [world["meeting"].slug]  # not the draft
        assert data["plans"] == [world["plan"].slug]  # not the scheduled one
        vietnamese = api(client, f"/api/v1/news/{article.slug}/")
        assert vietnamese["title"] == article.title_vi
        assert vietnamese["page"] == f"http://testserver/vi/news/{article.slug}/"

    def test_a_meeting(self, client, world):
        meeting = world["meeting"]
        data = api(client, f"/api/v1/meetings/{meeting.slug}/?lang=en")
        assert data["series"] == {"slug": "amri", "acronym": "AMRI", "name": meeting.series.name_en}
        assert data["start_date"] == "2019-11-20"
        assert data["host_country"] == "VN"
        assert data["plans"] == [{"plan": world["plan"].slug, "role": "adopted"}]
        assert data["calendar"] == f"http://testserver/en/meetings/{meeting.slug}/calendar.ics"
        assert len(data["documents"]) == 1

    def test_a_plan_names_only_the_meetings_readers_see(self, client, world):
        data = api(client, f"/api/v1/plans/{world['plan'].slug}/")
        assert data["adopted_at"] == world["meeting"].slug
        assert data["meetings"] == [{"meeting": world["meeting"].slug, "role": "adopted"}]
        assert len(data["thrusts"]) == 1
        world["plan"].adopted_at = world["draft_meeting"]
        world["plan"].save()
        assert api(client, f"/api/v1/plans/{world['plan'].slug}/")["adopted_at"] is None

    def test_hidden_records_never_appear(self, client, world):
        listed = {
            kind: {record["slug"] for record in api(client, f"/api/v1/{kind}/")["results"]}
            for kind in ("meetings", "plans", "news")
        }
        assert listed["meetings"] == {world["meeting"].slug}
        assert listed["plans"] == {world["plan"].slug}
        assert listed["news"] == {world["article"].slug}
        api(client, f"/api/v1/meetings/{world['draft_meeting'].slug}/", status=404)
        api(client, f"/api/v1/plans/{world['hidden_plan'].slug}/", status=404)

    def test_pages(self, client, world):
        ArticleFactory.create_batch(4)
        first = api(client, "/api/v1/news/?page_size=2")
        assert first["count"] == 5
        assert first["next"] == "http://testserver/api/v1/news/?page=2&page_size=2"
        last = api(client, "/api/v1/news/?page_size=2&page=3")
        assert len(last["results"]) == 1 and last["next"] is None
        assert "detail" in api(client, "/api/v1/news/?page=999999", status=404)


# The same filters as the HTML listings, with the same records, in the same order.
FILTERED = [
    ("news", "topic={topic}&country={country}"),
    ("news", "meeting={meeting}"),
    ("news", "year=2019"),
    ("news", "q=News"),
    ("meetings", "series={series}&status=past"),
    ("meetings", "topic={topic}&year=2019"),
    ("meetings", "country={country}"),
    ("plans", "status=drafting"),
    ("plans", "year=2021"),
]


@pytest.mark.parametrize(("kind", "query"), FILTERED)
def test_filters_give_the_listings_records(client, world, kind, query):
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2019, 6, 1))).topics.set(
        [world["topic"]]
    )
    MeetingFactory(series=world["series"])
    PlanFactory()
    query = query.format(
        topic=world["topic"].slug,
        country=world["country"].code,
        meeting=world["meeting"].slug,
        series=world["series"].slug,
    )
    listing = client.get(f"/en/{kind}/?{query}")
    expected = [record.slug for record in listing.context["object_list"]]
    data = api(client, f"/api/v1/{kind}/?{query}&lang=en")
    assert [record["slug"] for record in data["results"]] == expected
    assert data["count"] == len(expected)


class TestBadRequests:
    @pytest.mark.parametrize(
        ("url", "parameter"),
        [
            ("/api/v1/news/?topic=%3Cscript%3E", "topic"),
            ("/api/v1/news/?year=abc", "year"),
            ("/api/v1/meetings/?status=soon", "status"),
            ("/api/v1/news/?lang=xx", "lang"),
            ("/api/v1/plans/?lang=xx", "lang"),
        ],
    )
    def test_a_parameter_that_cannot_be_read_is_a_400_naming_it(self, client, url, parameter):
        data = api(client, url, status=400)
        assert list(data) == [parameter]
        assert "<script>" not in str(data)

    def test_an_unknown_slug_is_a_404(self, client):
        assert "detail" in api(client, "/api/v1/news/khong-co/", status=404)

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_nothing_can_be_written(self, client, world, method):
        for url in ("/api/v1/news/", f"/api/v1/news/{world['article'].slug}/"):
            response = getattr(client, method)(url, {}, content_type="application/json")
            assert response.status_code == 405

    def test_other_sites_may_read_but_not_write(self, client):
        response = client.get("/api/v1/news/", headers={"Origin": "https://example.org"})
        assert response["Access-Control-Allow-Origin"] == "*"
        preflight = client.options(
            "/api/v1/news/",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
        )
        assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
        page = client.get("/vi/news/", headers={"Origin": "https://example.org"})
        assert "Access-Control-Allow-Origin" not in page

    @override_settings(API_THROTTLE_RATE="3/minute")
    def test_a_client_that_asks_too_often_is_told_to_wait(self, client):
        for _attempt in range(3):
            api(client, "/api/v1/plans/")
        response = client.get("/api/v1/plans/")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        # Another address is not held back.
        assert client.get("/api/v1/plans/", REMOTE_ADDR="10.0.0.2").status_code == 200


class TestDocumentation:
    def test_the_schema_is_openapi_3(self, client):
        response = client.get("/api/v1/schema/?format=json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert {"/api/v1/news/", "/api/v1/news/{slug}/"} <= set(schema["paths"])
        news = schema["paths"]["/api/v1/news/"]["get"]
        parameters = {parameter["name"] for parameter in news["parameters"]}
        assert {"topic", "meeting", "plan", "country", "year", "q", "lang", "page"} <= parameters
        assert set(schema["paths"]["/api/v1/news/"]) == {"get"}

    def test_the_documentation_page_loads_everything_from_the_site(self, client):
        response = client.get("/api/v1/docs/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "swagger-ui-bundle.js" in page
        assert "//cdn" not in page and "unpkg" not in page


@pytest.fixture
def connection_kept_open():
    """Requests made straight to the WSGI application (not through Django's test client)
    would close the database connection after each one, and with it the test's transaction
    (PostgreSQL): keep it open, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read through the WSGI application, in this process and on the test database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@override_settings(API_THROTTLE_RATE="100000/minute")
def test_every_answer_matches_the_schema(case, world, connection_kept_open):
    """No 5xx; every status, content type and body as the schema says."""
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
