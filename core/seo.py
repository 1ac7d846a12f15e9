"""What a page tells search engines, share previews and feed readers about itself: its
canonical address, the same page in each language, Open Graph and Twitter card tags, its feeds
and JSON-LD: ``page_head`` works them out for a page, ``head_tags`` writes them (the
``{% page_head %}`` tag of ``base.html``)."""

import json
from html import escape

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.addresses import address, with_query

#: Open Graph's names of the portal's languages.
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
#: The image shared for a page that has none of its own (1200×630, like a rendition).
SHARE_IMAGE = "img/share.png"
SHARE_IMAGE_SIZE = (1200, 630)
DESCRIPTION_WORDS = 40


def section_crumb(section):
    """``(name, URL name)`` of a public section's listing, or None."""
    return {
        "meetings": (_("Meetings"), "meetings:list"),
        "plans": (_("Plans"), "plans:list"),
        "news": (_("News"), "news:list"),
        "search": (_("Search"), "search:search"),
    }.get(section)


def canonical_query(request, parameters):
    """The query string of the address a page is known by: only the parameters that choose
    what it shows (``parameters``), never an empty one, tracking tags or a first page."""
    chosen = [
        (name, value)
        for name, values in request.GET.lists()
        if name in parameters
        for value in values
        if value.strip() and not (name == "page" and value.strip() == "1")
    ]
    return urlencode(chosen)


def in_language(path, language):
    """``path`` (of a page in the active language) in ``language``: every public path is the
    same in both languages but for its prefix. ``None`` for x-default: the address without a
    prefix, which leads each reader to their language (as in the sitemap)."""
    prefix = f"/{get_language()}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return f"/{language}/{rest}" if language else f"/{rest}"


def absolute_alternates(request, query):
    """``[(hreflang, absolute URL), …]``: this page in each language, and x-default."""
    suffix = f"?{query}" if query else ""
    languages = [(code, code) for code, _name in settings.LANGUAGES] + [("x-default", None)]
    return [
        (hreflang, request.build_absolute_uri(in_language(request.path, code) + suffix))
        for hreflang, code in languages
    ]


def description_of(record):
    text = getattr(record, record.summary_field, "") or record.title
    return Truncator(text).words(DESCRIPTION_WORDS)


def json_ld(data):
    """``<script type="application/ld+json">`` holding ``data``, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # As json_script: no "</script>" or "<!--" can end the block early.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def breadcrumb_list(request, section, record=None):
    crumb = section_crumb(section)
    items = [(_("Home"), address("home"))]
    if crumb:
        items.append((crumb[0], address(crumb[1])))
    if record is not None:
        items.append((record.title, record.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def website(request):
    """The home page's ``WebSite``, with the search box search engines may show."""
    search = request.build_absolute_uri(address("search:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": _("ASEAN Information Portal"),
        "url": request.build_absolute_uri(address("home")),
        "inLanguage": get_language(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def publisher(request):
    return {
        "@type": "Organization",
        "name": _("ASEAN Information Portal"),
        "url": request.build_absolute_uri(address("home")),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static(SHARE_IMAGE))},
    }


def feeds(request, view=None):
    """``[(title, RSS URL, Atom URL), …]``: the news feeds a page names; a news listing's and
    a record's page name theirs (the news it lists) first."""
    chosen = getattr(view, "feed_filters", lambda: {})()
    named = []
    if chosen:
        query = f"?{urlencode(chosen)}"
        named.append(
            (
                _("News on this page"),
                request.build_absolute_uri(address("news:feed") + query),
                request.build_absolute_uri(address("news:atom") + query),
            )
        )
    named.append(
        (
            _("News from the ASEAN Information Portal"),
            request.build_absolute_uri(address("news:feed")),
            request.build_absolute_uri(address("news:atom")),
        )
    )
    return named


def page_head(context):
    """What ``head_tags`` writes for the page rendering ``context``."""
    request, view = context["request"], context.get("view")
    record = context.get("object") if getattr(view, "object", None) is not None else None
    section = context.get("section")
    parameters = getattr(view, "canonical_parameters", lambda: ())()
    query = canonical_query(request, parameters)
    found = view is not None  # error pages (404) are rendered without a view
    canonical = request.build_absolute_uri(with_query(request.path, query))
    language = get_language()
    image = share_image(request, record)
    crumb = section_crumb(section)
    if record is not None:
        title, description = record.title, description_of(record)
    else:
        title = crumb[0] if crumb else _("ASEAN Information Portal")
        description = getattr(view, "page_description", "") or _(
            "ASEAN cooperation in information and communications: meetings, plans and news."
        )
    structured = []
    if found and section is None and record is None:
        structured.append(website(request))
    if found and (crumb or record is not None):
        structured.append(breadcrumb_list(request, section, record))
    if record is not None and hasattr(record, "json_ld"):
        structured.append(record.json_ld(request))
    return {
        "canonical": canonical if found else "",
        "alternates": absolute_alternates(request, query),
        "og": {
            "type": "article" if getattr(record, "og_type", "") == "article" else "website",
            "title": title,
            "description": description,
            "url": canonical,
            "locale": OG_LOCALES.get(language, language),
            "alternate_locales": [
                OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language
            ],
            "site_name": _("ASEAN Information Portal"),
            **image,
        },
        "record": record,
        "description": description,
        "feeds": feeds(request, view),
        "json_ld": [json_ld(data) for data in structured],
    }


def share_image(request, record):
    """``{"image", "image_alt", "image_width", "image_height"}`` of a page's share preview:
    the record's own 1200×630 rendition where it has one, else the portal's."""
    url = getattr(record, "share_image_url", "") if record is not None else ""
    if url:
        alt = record.image_alt or record.title
    else:
        url, alt = static(SHARE_IMAGE), _("ASEAN Information Portal")
    width, height = SHARE_IMAGE_SIZE
    return {
        "image": request.build_absolute_uri(url),
        "image_alt": alt,
        "image_width": width,
        "image_height": height,
    }


def head_tags(head):
    """The ``<head>`` lines of ``page_head``'s ``head``, every value escaped: written here
    rather than by a template, as they are the most numerous values of a page (a template, or
    ``format_html``, took 1,300 Python calls for them, this a fifth of that)."""
    og, record = head["og"], head["record"]
    properties = [
        ("og:site_name", og["site_name"]),
        ("og:type", og["type"]),
        ("og:title", og["title"]),
        ("og:description", og["description"]),
        ("og:url", og["url"]),
        ("og:locale", og["locale"]),
        *(("og:locale:alternate", locale) for locale in og["alternate_locales"]),
        ("og:image", og["image"]),
        ("og:image:width", og["image_width"]),
        ("og:image:height", og["image_height"]),
        ("og:image:alt", og["image_alt"]),
    ]
    if og["type"] == "article":
        properties += [
            ("article:published_time", timezone.localtime(record.published_at).isoformat()),
            ("article:modified_time", timezone.localtime(record.updated_at).isoformat()),
        ]
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", og["title"]),
        ("twitter:description", og["description"]),
        ("twitter:image", og["image"]),
        ("twitter:image:alt", og["image_alt"]),
    ]
    lines = [
        *(
            [f'<link rel="canonical" href="{escape(head["canonical"])}">']
            if head["canonical"]
            else []
        ),
        *(
            f'<link rel="alternate" hreflang="{language}" href="{escape(url)}">'
            for language, url in head["alternates"]
        ),
        f'<meta name="description" content="{escape(str(head["description"]))}">',
        *(f'<meta property="{name}" content="{escape(str(value))}">' for name, value in properties),
        *(f'<meta name="{name}" content="{escape(str(value))}">' for name, value in names),
        *(
            f'<link rel="alternate" type="{kind}" title="{escape(f"{title} ({format})")}" '
            f'href="{escape(url)}">'
            for title, rss, atom in head["feeds"]
            for kind, format, url in (
                ("application/rss+xml", "RSS", rss),
                ("application/atom+xml", "Atom", atom),
            )
        ),
        *head["json_ld"],
    ]
    return mark_safe("\n  ".join(lines))
