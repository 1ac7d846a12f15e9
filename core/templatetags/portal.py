from django import template
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language

from core import collation, dates, seo
from core.addresses import address

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
    return address("switch_language", language=language) + "?" + urlencode({"next": target})


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


@register.filter
def reader_date(day):
    """{{ article.published_at|reader_date }}: "ngày 7 tháng 5 năm 2025" / "7 May 2025"."""
    return dates.reader_date(day) if day else ""


@register.filter
def reader_dates(start, end):
    """{{ start|reader_dates:end }}: "20–21 tháng 11 năm 2019" / "20–21 November 2019"."""
    return dates.reader_dates(start, end) if start else ""


@register.filter
def reader_moment(moment):
    """{{ article.published_at|reader_moment }}: "7 May 2025, 20:00 (GMT+7)"."""
    return dates.reader_moment(moment) if moment else ""


@register.filter
def svg_number(value):
    """A coordinate in an SVG attribute: one decimal and a dot in every language, as
    ``floatformat:'1u'`` gives, at a tenth of its cost (a timeline has dozens)."""
    return f"{value:.1f}"


@register.filter
def collated(items, attribute="name"):
    """``{% for topic in meeting.topics.all|collated %}``: sorted by ``attribute`` (their name,
    or e.g. "acronym", falling back to the name) in the order of the page's language."""
    return collation.collated(
        items, key=lambda item: str(getattr(item, attribute, "") or getattr(item, "name", ""))
    )


@register.inclusion_tag("includes/page_head.html", takes_context=True)
def page_head(context):
    """Canonical address, alternates, share preview, feeds and JSON-LD (see ``core.seo``)."""
    return seo.page_head(context)
