from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

from core import collation, dates, seo
from core.addresses import address

register = template.Library()


@register.simple_tag(name="address")
def address_tag(viewname, **kwargs):
    """``{% url %}`` for the site's own addresses (its sections, feeds, search), reversed once
    per process and language (``core.addresses``): a ``{% url %}`` costs five times as much."""
    return address(viewname, **kwargs)


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[(code, name, address), …]``: the switcher's entry for each language, in its own
    name; ``address`` is empty for the page's language, else the link that shows this page
    (same record, filters and page number) in that language and remembers the choice."""
    path = context["request"].get_full_path()
    current = get_language()
    prefix = f"/{current}/"
    links = []
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        if code == current:
            links.append((code, name, ""))
            continue
        # Swapping the prefix (``seo.in_language``) works even for a page that does not
        # resolve (a 404).
        target = (
            seo.in_language(path, code) if path.startswith(prefix) else translate_url(path, code)
        )
        switch = address("switch_language", language=code)
        links.append((code, name, f"{switch}?{urlencode({'next': target})}"))
    return links


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
def iso_moment(moment):
    """``<time datetime="{{ article.published_at|iso_moment }}">``: the moment in ISO 8601 in
    the site's time zone, as ``|date:'c'`` writes it, at half its cost (a card has one)."""
    return timezone.localtime(moment).isoformat() if moment else ""


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


@register.simple_tag(takes_context=True)
def page_head(context):
    """Canonical address, alternates, share preview, feeds and JSON-LD (see ``core.seo``)."""
    return seo.head_tags(seo.page_head(context))
