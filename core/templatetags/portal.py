from django import template
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def switch_language_url(context, language):
    """This page (same record, filters and page number) in ``language``.

    Every public path is the same in both languages but for its prefix, so swapping the prefix
    works even for a page that does not resolve (a 404)."""
    request = context["request"]
    path = request.get_full_path()
    prefix = f"/{get_language()}/"
    if path.startswith(prefix):
        return f"/{language}/{path[len(prefix) :]}"
    return translate_url(path, language)


@register.simple_tag(takes_context=True)
def language_switch_url(context, language):
    """The switcher's link to this page in ``language``, which also remembers the choice."""
    target = switch_language_url(context, language)
    return reverse("switch_language", args=[language]) + "?" + urlencode({"next": target})


@register.filter
def lang_of(obj, field):
    """The language of the text shown for ``obj.field`` (for the ``lang`` attribute)."""
    return obj.shown_language(field)


@register.filter
def falls_back(obj, field):
    """True where ``obj.field`` is shown in Vietnamese on a page in another language."""
    return obj.shown_language(field) != get_language()


@register.filter
def admin_change_url(record):
    """The admin page where ``record`` is edited."""
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
