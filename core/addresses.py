"""Addresses without a ``reverse()`` each time.

A page names dozens of addresses (its records', the feeds', the sections') and ``reverse()``
costs as much as rendering the rest of a card. What it gives depends only on the view, its
arguments, the active language, the script prefix and the URLconf: it is worked out once per
process for each. A record's address differs from another's of its kind only by the slug, so
it is made from one with a stand-in slug."""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

STAND_IN = "__slug__"
# What Django's ``slug`` path converter accepts: anything else goes through reverse(), which
# refuses it as it always did.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=1024)
def _reversed(viewname, arguments, language, script_prefix, urlconf):
    return reverse(viewname, kwargs=dict(arguments))


def address(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)`` in the active language, for views with few
    possible arguments (none, or a language code): each is kept."""
    scope = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return _reversed(viewname, tuple(sorted(kwargs.items())), *scope)


def with_query(path, query):
    """``path`` with the query string ``query``, or alone when there is none."""
    return f"{path}?{query}" if query else path


def slug_address(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})`` in the active language."""
    if not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    return address(viewname, slug=STAND_IN).replace(STAND_IN, slug)
