"""Deleting a record and recovering it from its history, in the admin, brings back every link:
its own fields, links and rows, and those other records held to it."""

import pytest
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from meetings.models import MeetingPlan

from .admin_forms import admin_post_data
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
def web(db):
    """Records linked in every way the models allow."""
    topic, country = TopicFactory(), CountryFactory(code="LA")
    body = OrganisationFactory(parent=OrganisationFactory())
    OrganisationFactory(parent=body)
    first_series = MeetingSeriesFactory(organisation=body, predecessor=MeetingSeriesFactory())
    series = MeetingSeriesFactory(predecessor=first_series, organisation=body)
    meeting = MeetingFactory(series=series)
    meeting.topics.add(topic)
    meeting.participating_countries.add(country)
    meeting.participating_organisations.add(body)
    OutcomeDocumentFactory(meeting=meeting)
    plan = PlanFactory(adopted_at=meeting, predecessor=PlanFactory())
    PlanFactory(predecessor=plan)
    plan.implementing_bodies.add(body)
    plan.partner_organisations.add(body)
    plan.partner_countries.add(country)
    ThrustFactory(plan=plan)
    MeetingPlan.objects.create(meeting=meeting, plan=plan, role=MeetingPlan.Role.REVIEWED)
    article = ArticleFactory()
    article.topics.add(topic)
    article.meetings.add(meeting)
    article.plans.add(plan)
    article.countries.add(country)
    return {
        "meeting": meeting,
        "plan": plan,
        "article": article,
        "topic": topic,
        "country": country,
        "organisation": body,
        "meetingseries": first_series,
    }


#: Each relation of each model, as ``links_of`` names it: all of them hold something in ``web``.
RELATIONS = {
    "meeting": [
        "meetingplan_set",
        "documents",
        "adopted_plans",
        "articles",
        "series",
        "host_country",
        "participating_countries",
        "participating_organisations",
        "topics",
        "plans",
    ],
    "plan": [
        "meetings",
        "meetingplan_set",
        "successors",
        "thrusts",
        "articles",
        "adopted_at",
        "predecessor",
        "implementing_bodies",
        "partner_countries",
        "partner_organisations",
    ],
    "article": ["topics", "meetings", "plans", "countries"],
    "topic": ["meetings", "articles"],
    "country": ["attended_meetings", "plans", "articles"],
    "organisation": [
        "parent",
        "children",
        "meeting_series",
        "attended_meetings",
        "implemented_plans",
        "partnered_plans",
    ],
    "meetingseries": ["successors", "organisation", "predecessor"],
}
#: Relations that forbid a deletion while they hold the record (PROTECT).
PROTECTING = {"country": ["hosted_meetings"], "meetingseries": ["meetings"]}


def links_of(record):
    """Every relation of ``record``, forward and reverse, as the names of what it links."""
    with translation.override("vi"):  # names in one language, whatever a request left active
        return _links_of(record)


def _links_of(record):
    links = {}
    for field in record._meta.get_fields():
        if not field.is_relation or field.one_to_one:
            continue
        if field.many_to_one:
            links[field.name] = str(getattr(record, field.name) or "")
        else:
            name = field.name if field.concrete else field.get_accessor_name()
            links[name] = sorted(map(str, getattr(record, name).all()))
    return links


@pytest.mark.parametrize("kind", list(RELATIONS))
def test_recovering_a_deleted_record_brings_back_every_link(web, publisher_client, kind):
    record = web[kind]
    opts, pk = record._meta, record.pk
    before = links_of(record)
    assert [name for name in RELATIONS[kind] if not before[name]] == []
    assert set(RELATIONS[kind]) == {name for name in before if name in RELATIONS[kind]}

    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[pk])
    assert publisher_client.post(delete, {"post": "yes"}).status_code == 302
    assert not type(record).objects.filter(pk=pk).exists()
    version = Version.objects.get_deleted(type(record)).get(object_id=str(pk))
    recover = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
    response = publisher_client.post(recover, admin_post_data(publisher_client.get(recover)))

    assert response.status_code == 302
    assert links_of(type(record).objects.get(pk=pk)) == before


def test_every_relation_of_every_model_is_covered(web):
    """A relation added to a model later must be added to ``RELATIONS`` (and to ``web``)."""
    for kind, record in web.items():
        assert set(links_of(record)) == {*RELATIONS[kind], *PROTECTING.get(kind, [])}, kind


def test_records_deleted_from_the_list_come_back_with_their_links_too(web, publisher_client):
    plan = web["plan"]
    before = links_of(plan)
    changelist = reverse("admin:plans_plan_changelist")
    publisher_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"}
    )
    version = Version.objects.get_deleted(type(plan)).get(object_id=str(plan.pk))
    recover = reverse("admin:plans_plan_recover", args=[version.pk])
    publisher_client.post(recover, admin_post_data(publisher_client.get(recover)))
    assert links_of(type(plan).objects.get(pk=plan.pk)) == before
