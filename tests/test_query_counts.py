"""Queries per page do not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    return {
        "series": MeetingSeriesFactory.create_batch(3),
        "countries": CountryFactory.create_batch(4),
        "topics": TopicFactory.create_batch(4),
        "organisations": OrganisationFactory.create_batch(3),
    }


def add_records(world, count):
    """``count`` meetings, plans and articles, each richly linked to the others."""
    for index in range(count):
        meeting = MeetingFactory(
            series=world["series"][index % 3], host_country=world["countries"][index % 4]
        )
        meeting.topics.set(world["topics"])
        meeting.participating_countries.set(world["countries"])
        meeting.participating_organisations.set(world["organisations"])
        OutcomeDocumentFactory.create_batch(2, meeting=meeting)
        plan = PlanFactory(adopted_at=meeting, predecessor=world.get("last plan"))
        world["last plan"] = plan  # each plan follows on from the one before
        plan.implementing_bodies.set(world["organisations"])
        plan.partner_countries.set(world["countries"][:2])
        ThrustFactory.create_batch(3, plan=plan)
        MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
        article = ArticleFactory()
        article.topics.set(world["topics"])
        article.countries.set(world["countries"])
        article.meetings.add(meeting)
        article.plans.add(plan)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


LISTINGS = [
    "/vi/",
    "/en/",
    "/vi/meetings/",
    "/en/meetings/?status=past&topic={topic}",
    "/en/meetings/?series={series}&year=2026&q=Meeting",
    "/vi/plans/",
    "/en/plans/?year=2027&body={organisation}&status=drafting",
    "/vi/news/",
    "/en/news/?topic={topic}&country={country}&year=2026",
    "/vi/documents/",
    "/en/documents/?series={series}&kind=declaration&language=en",
]

# Feeds, calendars, the sitemap's pages and the API's lists, with the listings' parameters.
SUBSCRIPTIONS = [
    "/vi/news/feed/",
    "/en/news/atom/?topic={topic}&country={country}",
    "/vi/meetings/calendar.ics",
    "/en/meetings/calendar.ics?series={series}&status=past",
    "/sitemap.xml",
    "/sitemap-sections.xml",
    "/sitemap-pages.xml",
    "/sitemap-meetings.xml",
    "/sitemap-plans.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/api/v1/news/?topic={topic}&country={country}&lang=en",
    "/api/v1/meetings/?series={series}",
    "/api/v1/plans/?body={organisation}",
]


@pytest.mark.parametrize("template", LISTINGS + SUBSCRIPTIONS)
def test_home_and_listings(client, world, template):
    url = template.format(
        topic=world["topics"][0].slug,
        series=world["series"][0].slug,
        organisation=world["organisations"][0].slug,
        country=world["countries"][0].code,
    )
    add_records(world, 2)
    few = queries_for(client, url)
    add_records(world, 25)
    many = queries_for(client, url)
    assert few == many


def test_meeting_page(client, world):
    add_records(world, 1)
    meeting = world["series"][0].meetings.get()
    addresses = [meeting.get_absolute_url(), f"/api/v1/meetings/{meeting.slug}/"]
    few = [queries_for(client, address) for address in addresses]
    OutcomeDocumentFactory.create_batch(10, meeting=meeting)
    for plan in PlanFactory.create_batch(5, adopted_at=meeting):
        MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.SIGNED)
    for plan in PlanFactory.create_batch(5):  # listed with their role, not as adopted there
        MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
    for article in ArticleFactory.create_batch(5):
        article.meetings.add(meeting)
    meeting.participating_countries.add(*CountryFactory.create_batch(10))
    MeetingFactory.create_batch(5, series=meeting.series)
    assert [queries_for(client, address) for address in addresses] == few


def test_a_meetings_calendar_file(client, world):
    add_records(world, 1)
    meeting = world["series"][0].meetings.get()
    address = f"{meeting.get_absolute_url()}calendar.ics"
    few = queries_for(client, address)
    meeting.participating_countries.add(*CountryFactory.create_batch(10))
    OutcomeDocumentFactory.create_batch(10, meeting=meeting)
    assert queries_for(client, address) == few


def test_plan_page(client, world):
    add_records(world, 1)
    plan = world["organisations"][0].implemented_plans.get()
    addresses = [plan.get_absolute_url(), f"/api/v1/plans/{plan.slug}/"]
    few = [queries_for(client, address) for address in addresses]
    ThrustFactory.create_batch(10, plan=plan)
    PlanFactory.create_batch(3, predecessor=plan)
    for meeting in MeetingFactory.create_batch(5):
        MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
    for article in ArticleFactory.create_batch(5):
        article.plans.add(plan)
    plan.partner_organisations.add(*OrganisationFactory.create_batch(5))
    assert [queries_for(client, address) for address in addresses] == few


def test_article_page(client, world):
    add_records(world, 1)
    article = world["topics"][0].articles.get()
    addresses = [article.get_absolute_url(), f"/api/v1/news/{article.slug}/"]
    few = [queries_for(client, address) for address in addresses]
    article.meetings.add(*MeetingFactory.create_batch(5))
    article.plans.add(*PlanFactory.create_batch(5))
    article.topics.add(*TopicFactory.create_batch(5))
    article.countries.add(*CountryFactory.create_batch(5))
    assert [queries_for(client, address) for address in addresses] == few
