import datetime

from django import template
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import PublishableModel, Workflow
from editorial.admin import PublicationFilter, saved_by
from editorial.models import WorkingCopy

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queues(context):
    """For the admin home: per publishable model the user may view, how many records are in
    each queue of the workflow, each count with the link to its filtered list. A queue is
    ``(name, count, url, highlighted)``: review, and changes to published records awaiting
    review, are highlighted for those who publish."""
    request = context["request"]
    rows = []
    for model in apps.get_models():
        if not issubclass(model, PublishableModel):
            continue
        opts = model._meta
        if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        records = model._default_manager
        since = timezone.now() - datetime.timedelta(days=PublicationFilter.RECENT_DAYS)
        queues = [
            (
                "review",
                records.filter(state=Workflow.REVIEW),
                "state=review",
                request.user.has_perm(model.publish_permission()),
            ),
            (
                "changes",
                records.filter(
                    pk__in=WorkingCopy.objects.of_model(model).awaiting_review().values("object_id")
                ),
                "changes=awaiting",
                request.user.has_perm(model.publish_permission()),
            ),
            (
                "drafts",
                saved_by(records.filter(state=Workflow.DRAFT), request.user),
                "state=draft&edited_by=me",
                False,
            ),
            ("scheduled", records.scheduled(), "publication=scheduled", False),
            (
                "recent",
                records.published().filter(published_at__gte=since),
                "publication=recent",
                False,
            ),
            *(
                (
                    f"missing_{code}",
                    records.published().missing_translation(code),
                    f"state=published&translation=missing_{code}",
                    False,
                )
                for code, _name in settings.LANGUAGES
            ),
        ]
        rows.append(
            (
                opts.verbose_name_plural,
                [
                    (name, queryset.count(), f"{changelist}?{query}", highlighted)
                    for name, queryset, query, highlighted in queues
                ],
            )
        )
    return rows
