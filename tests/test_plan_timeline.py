"""The plans of a listing page on one timeline: a bar per plan over its years, coloured by its
status, today marked, an arrow from a plan to the one that follows it, and a table of the same
facts for screen readers."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from lxml import html

from core.models import Workflow

from .factories import MeetingFactory, PlanFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plans():
    long_ago = timezone.make_aware(datetime.datetime(2015, 1, 1))
    adopting = MeetingFactory(start_date=datetime.date(2017, 3, 1), published_at=long_ago)
    first = PlanFactory(
        acronym="ACMP II",
        start_year=2018,
        end_year=2025,
        adopted_at=adopting,
        published_at=long_ago,
    )
    second = PlanFactory(
        acronym="ACMP III", start_year=2026, end_year=2030, predecessor=first, published_at=long_ago
    )
    PlanFactory(acronym="HIDDEN", state=Workflow.DRAFT, published_at=None)
    return first, second


def chart_of(client, url):
    page = html.fromstring(client.get(url).content)
    (svg,) = page.xpath("//figure[@class='plan-timeline']/*[local-name()='svg']")
    return page, svg


def test_one_linked_bar_per_plan_coloured_by_status(client, plans):
    first, second = plans
    with time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        page, svg = chart_of(client, "/en/plans/")
    bars = {link.get("href"): link for link in svg.xpath(".//*[local-name()='a']")}
    assert set(bars) == {f"/en/plans/{first.slug}/", f"/en/plans/{second.slug}/"}
    first_bar = bars[f"/en/plans/{first.slug}/"]
    second_bar = bars[f"/en/plans/{second.slug}/"]
    assert "plan-timeline__plan--completed" in first_bar.get("class")
    assert "plan-timeline__plan--drafting" in second_bar.get("class")

    def span(bar):
        (rect,) = bar.xpath("./*[local-name()='rect']")
        return float(rect.get("x")), float(rect.get("x")) + float(rect.get("width"))

    (first_start, first_end), (second_start, second_end) = span(first_bar), span(second_bar)
    # 8 years and 5 years on one scale; the second starts where the first ends.
    assert (first_end - first_start) / (second_end - second_start) == pytest.approx(8 / 5, rel=0.01)
    assert second_start == pytest.approx(first_end, abs=0.2)
    (today,) = svg.xpath(".//*[@class='plan-timeline__today']/*[local-name()='line']")
    assert second_start < float(today.get("x1")) < second_end  # mid-2027
    assert len(svg.xpath(".//*[@class='plan-timeline__link']")) == 1
    titles = " ".join(svg.xpath(".//*[local-name()='title']/text()"))
    assert "Timeline of the plans" in titles and "2018–2025: Completed" in titles


def test_the_same_facts_as_a_table(client, plans):
    page, _svg = chart_of(client, "/vi/plans/")
    rows = page.xpath("//div[@class='visually-hidden']/table/tbody/tr")
    facts = [[cell.text_content().strip() for cell in row] for row in rows]
    assert [row[1] for row in facts] == ["2018–2025", "2026–2030"]
    assert facts[1][3] == "ACMP II"


def test_no_chart_without_plans(client, plans):
    page = html.fromstring(client.get("/en/plans/?q=khongcotu").content)
    assert not page.xpath("//figure[@class='plan-timeline']")
