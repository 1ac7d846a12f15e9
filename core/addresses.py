"""A record's address without a ``reverse()`` for each record.

Listings, cards and the sitemap show dozens to thousands of records' addresses, and
``reverse()`` costs as much as rendering the rest of a card. A record's address differs from
another's of its kind only by the slug: it is made once per view, language, script prefix and
URLconf with a stand-in slug, then the stand-in is replaced."""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

STAND_IN = "__slug__"
# What Django's ``slug`` path converter accepts: anything else goes through reverse(), which
# refuses it as it always did.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=256)
def _address_with_stand_in(viewname, language, script_prefix, urlconf):
    return reverse(viewname, kwargs={"slug": STAND_IN})


def slug_address(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})`` in the active language."""
    if not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    address = _address_with_stand_in(
        viewname, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return address.replace(STAND_IN, slug)
