"""Listings: every filter, the combinations that matter, counts per option, bad input."""

import re

import pytest
from django.test import override_settings
from django.utils.html import escape

from meetings.filters import MeetingFilter

from .factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [obj.title_en for obj in response.context["object_list"]]


def editions(response):
    return sorted(obj.edition for obj in response.context["object_list"])


def options(response, name):
    """{value: count} offered by the filter ``name``."""
    group = next(g for g in response.context["facets"] if g.name == name)
    return {option.value: option.count for option in group.options}


class TestMeetingFilters:
    url = "/en/meetings/"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({}, [5, 15, 17, 18]),
            ({"year": "2025"}, [17]),
            ({"series": "amri"}, [17, 18]),
            ({"country": "VN"}, [15]),
            ({"status": "upcoming"}, [18]),
            ({"status": "past"}, [5, 15, 17]),
            ({"topic": "tin-gia"}, [5, 17]),
            ({"q": "Kuala Lumpur"}, [17]),
            ({"q": "Đà Nẵng"}, [15]),
            ({"q": "ministers telecommunications"}, [15]),
            ({"series": "amri", "status": "past"}, [17]),
            ({"series": "amri", "year": "2027", "country": "KH"}, [18]),
            ({"topic": "tin-gia", "country": "PH"}, [5]),
            ({"series": "telmin", "status": "upcoming"}, []),
        ],
    )
    def test_filters(self, demo, client, query, expected):
        response = client.get(self.url, query)
        assert response.status_code == 200
        assert editions(response) == expected

    def test_each_option_counts_what_choosing_it_would_give(self, demo, client):
        response = client.get(self.url, {"series": "amri"})
        # Other filters count within AMRI…
        assert options(response, "year") == {"2027": 1, "2025": 1}
        assert options(response, "status") == {"upcoming": 1, "past": 1}
        # …while the series filter counts as if no series were chosen.
        assert options(response, "series") == {"amri": 2, "somri-wg-imt": 1, "telmin": 1}

    def test_result_count_and_selected_option_are_shown(self, demo, client):
        html = client.get(self.url, {"series": "amri"}).content.decode()
        assert "2 meetings" in html
        assert '<option value="amri" selected>AMRI (2)</option>' in html

    def test_empty_result_says_so_and_offers_to_clear(self, demo, client):
        html = client.get(self.url, {"series": "telmin", "status": "upcoming"}).content.decode()
        assert "No meeting matches these filters." in html
        assert 'href="/en/meetings/">Clear all filters' in html

    def test_filtering_works_without_javascript(self, demo, client):
        html = client.get(self.url).content.decode()
        assert '<details class="filters" id="filters">' in html  # closed: results first
        assert '<form method="get" action="/en/meetings/#results"' in html
        assert '<button type="submit">' in html
        scripts = re.findall(r"<script[^>]*>", html)
        # Data, and the script that adds link addresses and the date to a printed page.
        assert scripts == [
            '<script type="application/ld+json">',
            '<script src="/static/js/print.js" defer>',
        ]


class TestPlanFilters:
    url = "/en/plans/"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({}, 7),
            ({"status": "completed"}, 5),
            ({"status": "drafting"}, 2),
            ({"status": "active"}, 0),
            ({"year": "2020"}, 5),
            ({"year": "2030"}, 2),
            ({"year": "2031"}, 1),
            ({"body": "telmin"}, 2),
            ({"body": "amri", "status": "drafting"}, 2),
            ({"q": "ACMP"}, 2),
            ({"q": "Masterplan"}, 1),
        ],
    )
    def test_filters(self, demo, client, query, expected):
        response = client.get(self.url, query)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == expected

    def test_year_counts_plans_in_force_that_year(self, demo, client):
        counts = options(client.get(self.url, {"status": "drafting"}), "year")
        assert counts["2026"] == 2 and counts["2035"] == 1
        assert "2025" not in counts

    def test_status_offers_every_status_with_its_count(self, demo, client):
        assert options(client.get(self.url), "status") == {
            "drafting": 2,
            "adopted": 0,
            "active": 0,
            "completed": 5,
        }


class TestNewsFilters:
    url = "/en/news/"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({}, 3),
            ({"topic": "tin-gia"}, 2),
            ({"meeting": "telmin-15-da-nang-2015"}, 1),
            ({"plan": "acmp-ii"}, 2),
            ({"country": "VN"}, 2),
            ({"year": "2021"}, 1),
            ({"topic": "tin-gia", "year": "2025"}, 1),
            ({"plan": "acmp-ii", "country": "MY"}, 1),
            ({"q": "fake news"}, 2),  # the two on the topic "Fake news", found by its name
        ],
    )
    def test_filters(self, demo, client, query, expected):
        response = client.get(self.url, query)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == expected

    def test_meeting_options_are_labelled_in_the_page_language(self, demo, client):
        vi = client.get("/vi/news/").content.decode()
        en = client.get("/en/news/").content.decode()
        assert "Hội nghị Bộ trưởng Thông tin ASEAN lần thứ 17" in vi
        assert "17th ASEAN Ministers Responsible for Information" in en


class TestBadInput:
    @pytest.mark.parametrize(
        "query",
        [
            {"year": "abc"},
            {"year": "99999"},
            {"year": "2025.5"},
            {"series": "no-such-series"},
            {"country": "ZZ"},
            {"country": "<b>VN</b>"},
            {"status": "sometime"},
            {"topic": "x" * 300},
            {"q": "x" * 500},
        ],
    )
    def test_unreadable_filter_is_reported_and_ignored(self, demo, client, query):
        response = client.get("/en/meetings/", query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Some filters could not be understood and were ignored" in html
        assert len(response.context["object_list"]) == 4  # the filter was dropped

    def test_a_bad_filter_does_not_undo_the_good_ones(self, demo, client):
        response = client.get("/en/meetings/", {"series": "amri", "year": "abc"})
        assert editions(response) == [17, 18]

    @pytest.mark.parametrize("page", ["99999", "abc", "0", "-1"])
    def test_page_out_of_range_is_404(self, demo, client, page):
        assert client.get("/en/meetings/", {"page": page}).status_code == 404

    @pytest.mark.parametrize("url", ["/vi/plans/", "/en/news/", "/en/meetings/"])
    def test_markup_in_q_is_never_reflected_unescaped(self, demo, client, url):
        attack = '"><script>alert(1)</script>'
        html = client.get(url, {"q": attack}).content.decode()
        assert attack not in html
        assert escape(attack) in html

    def test_repeated_and_unknown_parameters_are_harmless(self, demo, client):
        response = client.get("/en/news/?year=2025&year=abc&utm_source=x&page=1")
        assert response.status_code == 200


class TestPagination:
    def test_pages_keep_the_filters(self, client, db):
        series = MeetingSeriesFactory(acronym="SOMRI", slug="somri")
        MeetingFactory.create_batch(15, series=series)
        MeetingFactory.create_batch(3)
        first = client.get("/en/meetings/", {"series": "somri"})
        assert first.context["page_obj"].paginator.count == 15
        html = first.content.decode()
        assert 'href="?series=somri&amp;page=2"' in html
        second = client.get("/en/meetings/", {"series": "somri", "page": "2"})
        assert len(second.context["object_list"]) == 3
        assert "Page 2 of 2" in second.content.decode()


class TestPhoneFirstListings:
    def test_empty_parameters_never_stay_in_the_address(self, demo, client):
        response = client.get("/vi/meetings/?q=&year=&series=amri&country=&status=past&topic=")
        assert (response.status_code, response["Location"]) == (
            302,
            "/vi/meetings/?series=amri&status=past",
        )
        response = client.get("/en/news/?q=+&topic=&year=")
        assert (response.status_code, response["Location"]) == (302, "/en/news/")

    @pytest.mark.parametrize(
        ("language", "heading", "chips"),
        [
            ("vi", "Lọc (2)", ["Chuỗi hội nghị: AMRI", "Đã hay sắp diễn ra: Đã diễn ra"]),
            ("en", "Filter (2)", ["Series: AMRI", "Held or upcoming: Held"]),
        ],
    )
    def test_chosen_filters_are_chips_that_each_remove_one(
        self, demo, client, language, heading, chips
    ):
        html = client.get(f"/{language}/meetings/?series=amri&status=past").content.decode()
        assert f'class="filters__heading">{heading}</h2>' in html
        found = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>([^<]+) <span', html)
        assert [label for _address, label in found] == chips
        assert [address for address, _label in found] == [
            f"/{language}/meetings/?status=past#results",
            f"/{language}/meetings/?series=amri#results",
        ]

    def test_a_chosen_option_without_results_is_named_not_a_slug(self, demo, client):
        html = client.get("/en/meetings/?series=telmin&status=upcoming").content.decode()
        assert '<option value="telmin" selected>TELMIN (0)</option>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "Năm: Hãy nhập một số nguyên."),
        ({"series": "khong-co"}, "Hãy chọn một giá trị trong danh sách"),
        ({"q": "x" * 500}, "Hãy nhập tối đa 200 ký tự (hiện có 500)."),
    ],
)
def test_a_reader_is_told_in_good_vietnamese_what_was_wrong(demo, client, query, message):
    html = client.get("/vi/meetings/", query).content.decode()
    assert message in html
    assert "tổng thể" not in html and "khả thi" not in html


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_listing_s_filter_form_is_made_once_per_language(demo, client):
    """The filters' form class is made once per listing and language (django-filter makes it
    for every request); each request still reads and answers in its own language."""
    MeetingFilter.form_classes.clear()
    for _round in range(2):
        vietnamese = client.get("/vi/meetings/", {"year": "abc", "series": "amri"})
        english = client.get("/en/meetings/", {"year": "abc", "series": "amri"})
        assert "Năm: Hãy nhập một số nguyên." in vietnamese.content.decode()
        assert "Year: Enter a whole number." in english.content.decode()
        assert editions(english) == [17, 18]
    assert set(MeetingFilter.form_classes) == {(MeetingFilter, "vi"), (MeetingFilter, "en")}
