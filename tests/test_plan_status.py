"""A plan's status follows from its period and the meeting that adopted it, whatever day it
is read; an editor may set it by hand, with a reason readers see. Every record's page says when
it last changed."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from plans.models import Plan

from .admin_forms import admin_post_data
from .factories import ArticleFactory, MeetingFactory, PlanFactory

pytestmark = pytest.mark.django_db


def on(day):
    return time_machine.travel(datetime.datetime(*day, 12, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def plan():
    """A 2026–2030 plan that AMRI adopts on 20–21 May 2026."""
    meeting = MeetingFactory(
        start_date=datetime.date(2026, 5, 20), end_date=datetime.date(2026, 5, 21)
    )
    long_ago = timezone.make_aware(datetime.datetime(2020, 1, 1))
    return PlanFactory(start_year=2026, end_year=2030, adopted_at=meeting, published_at=long_ago)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ((2025, 12, 31), "drafting"),  # before adoption
        ((2026, 5, 21), "active"),  # adopted on the meeting's last day, in its period
        ((2030, 12, 31), "active"),
        ((2031, 1, 1), "completed"),  # past its last year
    ],
)
def test_status_follows_from_the_dates(client, plan, day, status):
    with on(day):
        assert Plan.objects.get(pk=plan.pk).status == status
        assert Plan.objects.get(pk=plan.pk).status_on(timezone.localdate()) == status
        assert plan.status == status  # not read through Plan.objects: from its meeting
        assert Plan.objects.with_status().filter(current_status=status).get() == plan
        page = client.get(f"/en/plans/?status={status}")
        assert [record.pk for record in page.context["object_list"]] == [plan.pk]
        options = {group.name: group for group in page.context["facets"]}["status"].options
        assert {option.value: option.count for option in options}[status] == 1


def test_adopted_before_its_period_starts(plan):
    plan.start_year, plan.end_year = 2027, 2031
    plan.save()
    with on((2026, 6, 1)):
        assert Plan.objects.get(pk=plan.pk).status == "adopted"


def test_never_adopted_is_being_drafted_until_its_end(plan):
    plan.adopted_at = None
    plan.save()
    with on((2028, 6, 1)):
        assert Plan.objects.get(pk=plan.pk).status == "drafting"
    with on((2031, 6, 1)):
        assert Plan.objects.get(pk=plan.pk).status == "completed"


def test_the_home_page_lists_plans_in_force_once_adopted(client, plan):
    with on((2026, 5, 1)):
        page = client.get("/en/")
        assert list(page.context["plans_in_force"]) == []
        assert list(page.context["plans_in_preparation"]) == [plan]
    with on((2026, 6, 1)):
        page = client.get("/en/")
        assert list(page.context["plans_in_force"]) == [plan]


def test_the_home_page_lists_six_plans_of_each_the_latest_first(client):
    adopted = MeetingFactory(start_date=datetime.date(2020, 5, 20), end_date=None)
    in_force = [
        PlanFactory(start_year=2020 + index, end_year=2035, adopted_at=adopted)
        for index in range(8)
    ]
    drafting = [PlanFactory(start_year=2031 + index, end_year=2040) for index in range(8)]
    PlanFactory(start_year=2010, end_year=2015, adopted_at=adopted)  # completed
    PlanFactory(start_year=2040, end_year=2045, status_override="completed", status_note_vi="x")
    PlanFactory(start_year=2045, end_year=2050, adopted_at=adopted)  # adopted, not yet in force
    kept_in_force = PlanFactory(  # past its last year, kept in force by hand
        start_year=2028, end_year=2028, status_override="active", status_note_vi="Gia hạn"
    )
    with on((2029, 6, 1)):
        page = client.get("/en/")
    assert list(page.context["plans_in_force"]) == [kept_in_force, *in_force[::-1][:5]]
    assert list(page.context["plans_in_preparation"]) == drafting[::-1][:6]


def test_an_editor_sets_it_by_hand_with_a_reason(publisher_client, plan):
    url = f"/admin/plans/plan/{plan.pk}/change/"
    response = publisher_client.get(url)
    refused = publisher_client.post(url, admin_post_data(response, status_override="completed"))
    assert refused.status_code == 200
    assert "status_note_vi" in refused.context["adminform"].form.errors
    saved = publisher_client.post(
        url,
        admin_post_data(
            response,
            status_override="completed",
            status_note_vi="Đã được thay thế sớm.",
            status_note_en="Replaced early.",
        ),
    )
    assert saved.status_code == 302
    listing = publisher_client.get("/admin/plans/plan/?status=completed")
    assert list(listing.context["cl"].result_list) == [plan]
    other = PlanFactory(start_year=2026, end_year=2030)  # never adopted: being drafted
    status_column = listing.context["cl"].list_display.index("status")
    by_status = publisher_client.get(f"/admin/plans/plan/?o={status_column}")
    assert list(by_status.context["cl"].result_list) == [plan, other]  # completed < drafting
    descending = publisher_client.get(f"/admin/plans/plan/?o=-{status_column}")
    assert list(descending.context["cl"].result_list) == [other, plan]
    with on((2027, 1, 1)):
        assert Plan.objects.get(pk=plan.pk).status == "completed"
        html = Client().get(f"/en/plans/{plan.slug}/").content.decode()  # a reader
        assert "Completed" in html and "Replaced early." in html


def test_the_api_gives_todays_status(client, plan):
    with on((2026, 6, 1)):
        data = client.get(f"/api/v1/plans/{plan.slug}/").json()
        assert (data["status"], data["status_set_by_hand"]) == ("active", False)


@pytest.mark.parametrize("factory", [ArticleFactory, MeetingFactory, PlanFactory])
def test_every_record_says_when_it_last_changed(client, factory):
    with on((2026, 3, 7)):
        record = factory()
    html = client.get(f"/en{record.get_absolute_url()[3:]}").content.decode()
    assert 'Last updated: <time datetime="2026-03-07T' in html
    assert "7 March 2026</time>" in html
