"""Changes to published records by people who may not publish: kept as a working copy that
readers, the search and the cache never see until a publisher publishes it."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from core.models import Workflow
from editorial.history import describe_save
from editorial.models import WorkingCopy
from meetings.models import Meeting
from news.models import Article

from .admin_forms import admin_post_data
from .factories import (
    ArticleFactory,
    MeetingFactory,
    PageFactory,
    PlanFactory,
    ThrustFactory,
    TopicFactory,
)
from .test_workflow import admin_url, changelist_url, client_for, page, search

pytestmark = pytest.mark.django_db


def save_form(client, record, **changes):
    form = client.get(admin_url(record))
    return client.post(admin_url(record), admin_post_data(form, **changes))


def form_value(client, record, field):
    return client.get(admin_url(record)).context["adminform"].form[field].value()


def publish_changes(client, record):
    return client.post(admin_url(record, "changes"), {"action": "publish"})


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def publisher_client(publisher):
    return client_for(publisher)


@pytest.mark.parametrize("factory", [ArticleFactory, MeetingFactory, PlanFactory])
def test_an_editors_change_stays_off_the_site_until_a_publisher_publishes_it(
    client, editor_client, publisher_client, editor, publisher, factory
):
    record = factory(title_vi="Bản đã đăng về hạ tầng số")

    response = save_form(editor_client, record, title_vi="Bản sửa chờ duyệt về viễn thông")

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title_vi == "Bản đã đăng về hạ tầng số"
    html = page(client, record).content.decode()
    assert "Bản đã đăng về hạ tầng số" in html and "chờ duyệt" not in html
    assert record.get_absolute_url() in search(client, "hạ tầng số").content.decode()
    assert record.get_absolute_url() not in search(client, "viễn thông").content.decode()
    # The editor finds their changes in the form, marked as awaiting review.
    form = editor_client.get(admin_url(record))
    assert form.context["adminform"].form["title_vi"].value() == "Bản sửa chờ duyệt về viễn thông"
    assert 'id="working-copy"' in form.content.decode()

    review = publisher_client.get(admin_url(record, "changes"))
    assert "Bản sửa chờ duyệt về viễn thông" in review.content.decode()
    assert publish_changes(publisher_client, record).status_code == 302

    record.refresh_from_db()
    assert record.title_vi == "Bản sửa chờ duyệt về viễn thông"
    assert "Bản sửa chờ duyệt về viễn thông" in page(client, record).content.decode()
    assert record.get_absolute_url() in search(client, "viễn thông").content.decode()
    assert not WorkingCopy.objects.exists()
    latest = Version.objects.get_for_object(record).first()
    assert latest.revision.user == publisher
    comment = describe_save(type(record), latest.revision.comment)
    assert editor.get_username() in comment


def test_removed_thrusts_stay_on_the_site_until_published(client, editor_client, publisher_client):
    plan = PlanFactory()
    kept, removed = ThrustFactory(plan=plan, order=1), ThrustFactory(plan=plan, order=2)

    response = save_form(
        editor_client,
        plan,
        **{"thrusts-0-title_vi": "Định hướng đã sửa", "thrusts-1-DELETE": "on"},
    )

    assert response.status_code == 302
    html = page(client, plan).content.decode()
    assert kept.title_vi in html and removed.title_vi in html
    assert "Định hướng đã sửa" not in html
    publish_changes(publisher_client, plan)
    assert [t.title_vi for t in plan.thrusts.all()] == ["Định hướng đã sửa"]


def test_a_link_to_a_plan_added_to_a_meeting_waits_too(client, editor_client, publisher_client):
    meeting, plan = MeetingFactory(), PlanFactory()
    form = editor_client.get(admin_url(meeting))
    data = admin_post_data(
        form,
        **{
            "meetingplan_set-TOTAL_FORMS": "1",
            "meetingplan_set-0-plan": str(plan.pk),
            "meetingplan_set-0-role": "adopted",
        },
    )
    assert editor_client.post(admin_url(meeting), data).status_code == 302

    assert meeting.get_absolute_url() not in page(client, plan).content.decode()
    # The editor's form shows the new row, under the key it will keep.
    formset = editor_client.get(admin_url(meeting)).context["inline_admin_formsets"][0].formset
    assert [form.instance.plan_id for form in formset.initial_forms] == [plan.pk]
    publish_changes(publisher_client, meeting)
    assert meeting.get_absolute_url() in page(client, plan).content.decode()


def test_a_removed_topic_keeps_the_article_in_its_listing_until_published(
    client, editor_client, publisher_client
):
    kept, removed = TopicFactory(), TopicFactory()
    article = ArticleFactory()
    article.topics.set([kept, removed])

    save_form(editor_client, article, topics=[str(kept.pk)])

    listing = client.get("/vi/news/", {"topic": removed.slug}).content.decode()
    assert article.get_absolute_url() in listing
    publish_changes(publisher_client, article)
    listing = client.get("/vi/news/", {"topic": removed.slug}).content.decode()
    assert article.get_absolute_url() not in listing
    assert list(article.topics.all()) == [kept]


def test_fields_changed_live_since_keep_their_change(editor_client, publisher_client):
    article = ArticleFactory(title_vi="Tiêu đề cũ", lead_vi="Sapo cũ")
    save_form(editor_client, article, title_vi="Tiêu đề mới của biên tập viên")
    article.lead_vi = "Sapo sửa trực tiếp"  # saved live meanwhile (a publisher, a script)
    article.save()

    publish_changes(publisher_client, article)

    article.refresh_from_db()
    assert (article.title_vi, article.lead_vi) == (
        "Tiêu đề mới của biên tập viên",
        "Sapo sửa trực tiếp",
    )


def test_a_rejected_change_comes_back_to_its_editor_with_the_note(
    client, editor_client, publisher_client
):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng")
    save_form(editor_client, article, title_vi="Tiêu đề có lỗi")
    url = admin_url(article, "changes")

    without_note = publisher_client.post(url, {"action": "reject", "note": ""})
    assert without_note.status_code == 200 and without_note.context["rejection"].errors
    response = publisher_client.post(url, {"action": "reject", "note": "Sai tên bộ trưởng."})

    assert response.status_code == 302
    form = editor_client.get(admin_url(article))
    assert "Sai tên bộ trưởng." in form.content.decode()
    assert form.context["adminform"].form["title_vi"].value() == "Tiêu đề có lỗi"  # kept
    assert "Tiêu đề đã đăng" in page(client, article).content.decode()
    # Corrected and saved again: awaiting review once more.
    save_form(editor_client, article, title_vi="Tiêu đề đã sửa lỗi")
    copy = WorkingCopy.objects.get()
    assert not copy.is_rejected and copy.review_note == ""


def test_editors_may_not_publish_or_reject_but_may_discard_their_own(
    editor_client, publisher_client
):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng")
    save_form(editor_client, article, title_vi="Tiêu đề mới")
    url = admin_url(article, "changes")

    assert editor_client.post(url, {"action": "publish"}).status_code == 403
    assert editor_client.post(url, {"action": "reject", "note": "x"}).status_code == 403
    assert editor_client.post(url, {"action": "discard"}).status_code == 302

    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề đã đăng" and not WorkingCopy.objects.exists()


def test_staff_preview_the_changes_on_the_public_page(client, editor_client):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng", title_en="Published title")
    save_form(editor_client, article, title_en="Title awaiting review")
    url = admin_url(article, "changes_preview")

    preview = editor_client.get(url, {"language": "en"})

    html = preview.content.decode()
    assert "Title awaiting review" in html and "preview-banner" in html
    assert "no-cache" in preview["Cache-Control"]
    assert client.get(url).status_code == 302  # to the login page
    assert "Published title" in page(client, article, "en").content.decode()


def test_a_preview_leaves_what_readers_are_shown_alone(client, editor_client):
    """The footer's links are worked out once per change of the content (``remember``): not
    from a preview's changes, which are rolled back."""
    footer_page = PageFactory(title_vi="Liên hệ", title_en="Contact us", in_footer=True)
    save_form(editor_client, footer_page, title_en="Contact awaiting review")

    preview = editor_client.get(admin_url(footer_page, "changes_preview"), {"language": "en"})

    assert "Contact awaiting review" in preview.content.decode()
    footer = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert "Contact us" in footer and "awaiting review" not in footer


def test_a_publishers_own_save_puts_the_changes_live_with_theirs(editor_client, publisher_client):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng", lead_vi="Sapo đã đăng")
    save_form(editor_client, article, title_vi="Tiêu đề của biên tập viên")
    assert form_value(publisher_client, article, "title_vi") == "Tiêu đề của biên tập viên"

    response = save_form(publisher_client, article, lead_vi="Sapo của người duyệt")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_vi, article.lead_vi) == (
        "Tiêu đề của biên tập viên",
        "Sapo của người duyệt",
    )
    assert not WorkingCopy.objects.exists()


def test_restoring_an_old_version_of_a_live_record_waits_for_review(
    client, editor_client, publisher_client
):
    article = ArticleFactory(state=Workflow.REVIEW, title_vi="Bản đầu tiên")
    save_form(publisher_client, article, state=Workflow.PUBLISHED)
    save_form(publisher_client, article, title_vi="Bản đang đăng")
    first = Version.objects.get_for_object(article).last()
    url = admin_url(article, "revision", first.pk)

    response = editor_client.post(url, admin_post_data(editor_client.get(url)))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_vi == "Bản đang đăng"
    assert "Bản đang đăng" in page(client, article).content.decode()
    assert form_value(editor_client, article, "title_vi") == "Bản đầu tiên"


def test_saving_nothing_new_leaves_no_working_copy(editor_client):
    article = ArticleFactory(published_at=timezone.now().replace(microsecond=0))
    assert save_form(editor_client, article).status_code == 302
    assert not WorkingCopy.objects.exists()


def test_a_form_with_errors_keeps_what_was_typed_and_saves_nothing(editor_client):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng")
    response = save_form(editor_client, article, title_vi="", lead_vi="Sapo mới đang gõ")
    assert response.status_code == 200
    assert response.context["adminform"].form["lead_vi"].value() == "Sapo mới đang gõ"
    assert not WorkingCopy.objects.exists()


def test_work_queue_and_list_show_changes_awaiting_review(editor_client, publisher_client):
    changed, untouched = ArticleFactory(), ArticleFactory()
    save_form(editor_client, changed, title_vi="Tiêu đề mới")

    home = publisher_client.get(reverse("admin:index")).content.decode()
    cell = re.search(
        r'<td class="work-queues__changes work-queues--due"><a href="([^"]+)">1</a>', home
    )
    assert cell, "the publisher's queue shows one record with changes"
    listing = publisher_client.get(cell.group(1).replace("&amp;", "&"))
    assert [a.pk for a in listing.context["cl"].result_list] == [changed.pk]
    assert untouched.pk not in [a.pk for a in listing.context["cl"].result_list]
    assert publisher_client.get(changelist_url(Article)).status_code == 200


def test_deleting_the_record_deletes_its_working_copy(editor_client, publisher_client):
    meeting = MeetingFactory()
    save_form(editor_client, meeting, title_vi="Tên hội nghị mới")
    publisher_client.post(admin_url(meeting, "delete"), {"post": "yes"})
    assert not Meeting.objects.exists() and not WorkingCopy.objects.exists()


def test_a_new_address_published_from_review_keeps_the_old_one(
    client, editor_client, publisher_client
):
    article = ArticleFactory(slug="dia-chi-cu")
    save_form(editor_client, article, slug="dia-chi-moi")
    assert client.get("/vi/news/dia-chi-cu/").status_code == 200
    assert client.get("/vi/news/dia-chi-moi/").status_code == 404

    publish_changes(publisher_client, article)

    response = client.get("/vi/news/dia-chi-cu/")
    assert (response.status_code, response["Location"]) == (301, "/vi/news/dia-chi-moi/")


def schedule(client, record, moment):
    local = timezone.localtime(moment)
    return client.post(
        admin_url(record, "changes"),
        {
            "action": "schedule",
            "publish_at_0": local.strftime("%d/%m/%Y"),
            "publish_at_1": local.strftime("%H:%M"),
        },
    )


def test_scheduled_changes_go_live_at_their_time(
    client, editor_client, publisher_client, publisher
):
    article = ArticleFactory(title_vi="Tiêu đề đã đăng")
    save_form(editor_client, article, title_vi="Tiêu đề hẹn giờ")
    moment = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)

    assert schedule(publisher_client, article, moment).status_code == 302

    assert WorkingCopy.objects.get().publish_at == moment
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled_changes", verbosity=0)
        assert "Tiêu đề đã đăng" in page(client, article).content.decode()
    with time_machine.travel(moment, tick=False):
        call_command("publish_scheduled_changes", verbosity=0)
        assert "Tiêu đề hẹn giờ" in page(client, article).content.decode()
    assert not WorkingCopy.objects.exists()
    assert Version.objects.get_for_object(article).first().revision.user == publisher


def test_a_schedule_in_the_past_is_refused_and_a_new_edit_clears_a_schedule(
    editor_client, publisher_client
):
    article = ArticleFactory()
    save_form(editor_client, article, title_vi="Tiêu đề mới")
    refused = schedule(publisher_client, article, timezone.now() - datetime.timedelta(hours=1))
    assert refused.status_code == 200 and refused.context["schedule"].errors
    schedule(publisher_client, article, timezone.now() + datetime.timedelta(days=1))
    assert WorkingCopy.objects.get().publish_at is not None

    save_form(editor_client, article, title_vi="Tiêu đề sửa thêm")

    assert WorkingCopy.objects.get().publish_at is None  # to be reviewed again


def test_a_link_to_a_record_deleted_since_is_left_out_when_published(
    editor_client, publisher_client
):
    article, topic = ArticleFactory(title_vi="Tiêu đề cũ"), TopicFactory()
    save_form(editor_client, article, title_vi="Tiêu đề mới", topics=[str(topic.pk)])
    topic.delete()

    assert publish_changes(publisher_client, article).status_code == 302

    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề mới" and not article.topics.exists()
