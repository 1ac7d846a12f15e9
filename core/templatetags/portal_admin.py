from django import template
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from core.models import PublishableModel

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_gaps(context):
    """For the admin home: per publishable model the user may view, how many published
    records lack each language, with a link to the filtered list."""
    user, rows = context["request"].user, []
    for model in apps.get_models():
        if not issubclass(model, PublishableModel):
            continue
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        published = model.objects.published()
        counts = [
            (
                name,
                published.missing_translation(code).count(),
                f"{changelist}?state=published&translation=missing_{code}",
            )
            for code, name in settings.LANGUAGES
        ]
        rows.append((opts.verbose_name_plural, counts))
    return rows
