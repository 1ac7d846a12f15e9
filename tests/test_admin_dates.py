"""Dates in the admin as Vietnamese editors type and read them: day first, 24-hour times in
the site's zone, the format written next to each field, weeks from Monday."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from core.models import AdminPreference, Workflow
from meetings.models import Meeting

from .admin_forms import admin_post_data
from .factories import ArticleFactory, MeetingFactory

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@pytest.fixture(params=["vi", "en"])
def language(request, editor, publisher):
    """The admin language both users chose."""
    for user in (editor, publisher):
        AdminPreference.objects.create(user=user, language=request.param)
    return request.param


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=HANOI), tick=False):
        yield


class TestTypedDates:
    def test_a_day_first_time_schedules_that_day_in_vietnam_time(self, publisher_client, language):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        form = publisher_client.get(change_url(article))
        data = admin_post_data(
            form, state=Workflow.PUBLISHED, published_at_0="01/12/2026", published_at_1="08:00"
        )
        response = publisher_client.post(change_url(article), data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.published_at == datetime.datetime(2026, 12, 1, 8, tzinfo=HANOI)

    def test_a_day_past_twelve_is_read_not_refused(self, editor_client, language):
        meeting = MeetingFactory(state=Workflow.DRAFT)
        form = editor_client.get(change_url(meeting))
        data = admin_post_data(form, start_date="13/12/2026", end_date="14.12.2026")
        response = editor_client.post(change_url(meeting), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        meeting.refresh_from_db()
        assert (meeting.start_date, meeting.end_date) == (
            datetime.date(2026, 12, 13),
            datetime.date(2026, 12, 14),
        )

    def test_times_written_the_vietnamese_way(self, publisher_client):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        form = publisher_client.get(change_url(article))
        data = admin_post_data(
            form, state=Workflow.PUBLISHED, published_at_0="1/12/2026", published_at_1="8h30"
        )
        publisher_client.post(change_url(article), data)
        article.refresh_from_db()
        assert article.published_at == datetime.datetime(2026, 12, 1, 8, 30, tzinfo=HANOI)

    def test_fields_show_their_values_day_first_with_the_format_beside(
        self, editor_client, language
    ):
        meeting = MeetingFactory(
            state=Workflow.DRAFT,
            start_date=datetime.date(2026, 12, 1),
            published_at=datetime.datetime(2026, 12, 1, 8, tzinfo=HANOI),
        )
        html = editor_client.get(change_url(meeting)).content.decode()
        assert 'name="start_date" value="01/12/2026"' in html
        assert 'name="published_at_0" value="01/12/2026"' in html
        assert 'name="published_at_1" value="08:00"' in html
        hint = {"vi": "ngày/tháng/năm, ví dụ 30/11/2026", "en": "day/month/year, e.g. 30/11/2026"}
        zone = {"vi": "giờ:phút (GMT+7), ví dụ 08:30", "en": "hours:minutes (GMT+7), e.g. 08:30"}
        assert f'<span class="format-hint" id="id_start_date_hint">{hint[language]}</span>' in html
        assert 'aria-describedby="id_start_date_hint"' in html
        assert f'id="id_published_at_time_hint">{zone[language]}</span>' in html

    def test_the_calendar_starts_weeks_on_monday(self, editor_client, language):
        catalog = editor_client.get(reverse("admin:jsi18n")).content.decode()
        assert '"FIRST_DAY_OF_WEEK": 1' in catalog
        assert '"%d/%m/%Y"' in catalog

    def test_inline_dates_are_read_day_first_too(self, editor_client):
        meeting = MeetingFactory(state=Workflow.DRAFT)
        form = editor_client.get(change_url(meeting))
        data = admin_post_data(
            form,
            **{
                "documents-TOTAL_FORMS": "1",
                "documents-0-title_vi": "Tuyên bố chung",
                "documents-0-kind": "declaration",
                "documents-0-language": "en",
                "documents-0-date": "05/06/2026",
                "documents-0-order": "0",
            },
        )
        response = editor_client.post(change_url(meeting), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Meeting.objects.get().documents.get().date == datetime.date(2026, 6, 5)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def publish(client, record, day, time, **changes):
    form = client.get(change_url(record))
    data = admin_post_data(
        form, state=Workflow.PUBLISHED, published_at_0=day, published_at_1=time, **changes
    )
    return client.post(change_url(record), data, follow=True)


class TestWorkflowSteps:
    def test_scheduling_says_when_readers_will_see_it(self, publisher_client):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        response = publish(publisher_client, article, "01/12/2026", "08:00")
        assert "Đã hẹn giờ: người đọc sẽ thấy từ 08:00, thứ Ba 1/12/2026 (GMT+7)." in (
            messages_of(response)
        )
        listing = publisher_client.get(reverse("admin:news_article_changelist"))
        assert "Hẹn giờ xuất bản lúc 08:00, thứ Ba 1/12/2026 (GMT+7)" in listing.content.decode()

    def test_publishing_now_says_so(self, publisher_client):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        response = publish(publisher_client, article, "", "")
        assert "Đã xuất bản: người đọc xem được ngay." in messages_of(response)

    def test_submitting_says_what_comes_next(self, editor_client):
        draft = ArticleFactory(state=Workflow.DRAFT, published_at=None)
        form = editor_client.get(change_url(draft))
        response = editor_client.post(
            change_url(draft), admin_post_data(form, state=Workflow.REVIEW), follow=True
        )
        assert any(message.startswith("Đã gửi duyệt") for message in messages_of(response))

    def test_a_time_long_past_asks_for_confirmation_and_keeps_what_was_typed(
        self, publisher_client
    ):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None, title_vi="Tin cũ")
        response = publish(publisher_client, article, "01/11/2026", "08:00", title_vi="Tin sửa")

        form = response.context["adminform"].form
        assert [error.code for error in form.errors.as_data()["published_at"]] == [
            "past_publication_time"
        ]
        html = response.content.decode()
        assert 'type="checkbox" name="confirm_past_time"' in html
        assert 'value="Tin sửa"' in html and 'name="published_at_0" value="01/11/2026"' in html
        article.refresh_from_db()
        assert (article.state, article.title_vi) == (Workflow.REVIEW, "Tin cũ")

        response = publish(publisher_client, article, "01/11/2026", "08:00", confirm_past_time="on")
        article.refresh_from_db()
        assert article.published_at == datetime.datetime(2026, 11, 1, 8, tzinfo=HANOI)

    def test_a_time_a_few_minutes_past_is_taken_as_it_is(self, publisher_client):
        article = ArticleFactory(state=Workflow.REVIEW, published_at=None)
        publish(publisher_client, article, "30/11/2026", "08:55")
        article.refresh_from_db()
        assert article.state == Workflow.PUBLISHED

    def test_a_published_record_keeps_its_past_time_without_asking(self, publisher_client):
        article = ArticleFactory(published_at=datetime.datetime(2026, 1, 5, 8, tzinfo=HANOI))
        form = publisher_client.get(change_url(article))
        response = publisher_client.post(
            change_url(article), admin_post_data(form, title_vi="Sửa tiêu đề")
        )
        assert response.status_code == 302

    def test_where_the_record_stands_comes_first_in_its_form(self, editor_client):
        article = ArticleFactory(state=Workflow.DRAFT)
        fieldsets = editor_client.get(change_url(article)).context["adminform"].fieldsets
        assert fieldsets[0][1]["fields"][:2] == ["state", "published_at"]
