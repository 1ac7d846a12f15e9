"""Two people editing one record: the second save merges with the first, field by field and
row by row, against the version the second person opened; only fields both changed are put
to them side by side."""

import pytest

from core.models import Workflow

from .admin_forms import admin_post_data
from .factories import EditorFactory, PlanFactory, ThrustFactory, TopicFactory
from .test_workflow import admin_url, client_for, versioned_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor):
    return client_for(editor), client_for(EditorFactory(first_name="Lan"))


def test_fields_each_changed_are_both_kept(two_editors):
    first, second = two_editors
    article = versioned_article(first)
    form_a, form_b = first.get(admin_url(article)), second.get(admin_url(article))
    topic = TopicFactory()
    data = admin_post_data(form_a, title_en="Their title", topics=[str(topic.pk)])
    assert first.post(admin_url(article), data).status_code == 302

    response = second.post(admin_url(article), admin_post_data(form_b, lead_en="My lead"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.lead_en) == ("Their title", "My lead")
    assert list(article.topics.all()) == [topic]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Title (English)" in m or "Tiêu đề (Tiếng Anh)" in m for m in messages), messages


def test_a_field_both_changed_is_shown_side_by_side_and_the_editor_chooses(two_editors):
    first, second = two_editors
    article = versioned_article(first)
    form_a, form_b = first.get(admin_url(article)), second.get(admin_url(article))
    data = admin_post_data(form_a, title_en="Their title", lead_vi="Sapo của họ")
    assert first.post(admin_url(article), data).status_code == 302

    mine = admin_post_data(form_b, title_en="My title", body_en="<p>My text</p>")
    refused = second.post(admin_url(article), mine)

    assert refused.status_code == 200
    conflict = refused.context["adminform"].form.conflict
    assert [(c.name, c.mine, c.theirs) for c in conflict.merged.conflicts] == [
        ("title_en", "My title", "Their title")
    ]
    assert 'name="keep_theirs" value="title_en"' in refused.content.decode()
    article.refresh_from_db()
    assert article.title_en == "Their title"  # nothing saved yet

    chosen = second.post(
        admin_url(article), {**admin_post_data(refused), "keep_theirs": "title_en"}
    )

    assert chosen.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.body_en, article.lead_vi) == (
        "Their title",
        "<p>My text</p>",
        "Sapo của họ",
    )


def test_keeping_mine_in_a_conflict_still_keeps_their_other_changes(two_editors):
    first, second = two_editors
    article = versioned_article(first)
    form_a, form_b = first.get(admin_url(article)), second.get(admin_url(article))
    first.post(admin_url(article), admin_post_data(form_a, title_en="Theirs", lead_vi="Sapo họ"))
    refused = second.post(admin_url(article), admin_post_data(form_b, title_en="Mine"))

    assert second.post(admin_url(article), admin_post_data(refused)).status_code == 302

    article.refresh_from_db()
    assert (article.title_en, article.lead_vi) == ("Mine", "Sapo họ")


def test_inline_rows_merge_row_by_row(publisher_client, two_editors):
    first, second = two_editors
    plan = PlanFactory(state=Workflow.DRAFT)
    ThrustFactory(plan=plan, order=1, title_vi="Định hướng một")
    ThrustFactory(plan=plan, order=2, title_vi="Định hướng hai")
    form = first.get(admin_url(plan))
    first.post(admin_url(plan), admin_post_data(form, title_en="Versioned"))  # a first version
    form_a, form_b = first.get(admin_url(plan)), second.get(admin_url(plan))
    data = admin_post_data(form_a, **{"thrusts-0-title_vi": "Một, sửa bởi người kia"})
    assert first.post(admin_url(plan), data).status_code == 302

    data = admin_post_data(form_b, **{"thrusts-1-title_vi": "Hai, sửa bởi tôi"})
    response = second.post(admin_url(plan), data)

    assert response.status_code == 302
    assert [t.title_vi for t in plan.thrusts.order_by("order")] == [
        "Một, sửa bởi người kia",
        "Hai, sửa bởi tôi",
    ]


def test_a_row_deleted_meanwhile_is_named_and_the_editor_decides(two_editors):
    first, second = two_editors
    plan = PlanFactory(state=Workflow.DRAFT)
    ThrustFactory(plan=plan, order=1)
    ThrustFactory(plan=plan, order=2, title_vi="Định hướng sẽ bị xoá")
    first.post(admin_url(plan), admin_post_data(first.get(admin_url(plan)), title_en="Versioned"))
    form_a, form_b = first.get(admin_url(plan)), second.get(admin_url(plan))
    first.post(admin_url(plan), admin_post_data(form_a, **{"thrusts-1-DELETE": "on"}))

    refused = second.post(admin_url(plan), admin_post_data(form_b, title_en="My title"))

    assert refused.status_code == 200
    row = refused.context["inline_admin_formsets"][0].formset.forms[1]
    assert [e.code for e in row.errors.as_data()["id"]] == ["invalid_choice"]
    assert "deleted this row" in str(row.errors["id"]) or "đã xóa dòng này" in str(row.errors["id"])
    agreed = admin_post_data(form_b, title_en="My title", **{"thrusts-1-DELETE": "on"})
    assert second.post(admin_url(plan), agreed).status_code == 302
    plan.refresh_from_db()
    assert plan.title_en == "My title" and plan.thrusts.count() == 1
