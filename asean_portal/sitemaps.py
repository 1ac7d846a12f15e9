"""``/sitemap.xml``: an index of the sections below, each page of which lists every published
record once per language, with its alternates (vi, en and x-default) and when it last
changed. Drafts, scheduled and unpublished records never appear (``published()``)."""

import functools

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import get_language

from core.addresses import STAND_IN, with_query
from meetings.models import Meeting, MeetingSeries
from news.models import Article
from pages.models import Page
from plans.models import Plan


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    #: URLs per page (each record is one URL per language): well under the protocol's 50,000,
    #: so that a page renders in about a second at 100,000 articles.
    limit = 5000


class SectionSitemap(PortalSitemap):
    """The home page and the listings."""

    def items(self):
        return ["home", "meetings:list", "plans:list", "news:list", "documents"]

    def location(self, name):
        return reverse(name)


class LanguagePairs:
    """``[(record, language), …]`` of a queryset, read a page at a time: Django's sitemap
    makes the pairs of every record in memory before it paginates them (100,000 articles are
    loaded for each page of the sitemap)."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, languages

    def __len__(self):
        return self.queryset.count() * len(self.languages)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("LanguagePairs are read by pages (slices).")
        start, stop, _step = index.indices(len(self))
        per_record = len(self.languages)
        records = self.queryset[start // per_record : -(-stop // per_record)]
        first = (start // per_record) * per_record
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[start - first : stop - first]


class RecordSitemap(PortalSitemap):
    model = None

    def __init__(self):
        # Per request: Django's sitemap views make the sitemap anew for each.
        self._addresses = {}

    def records(self):
        """What readers may see."""
        return self.model.objects.published()

    def items(self):
        return self.records().only("slug", "updated_at").order_by("pk")

    def location(self, record):
        """The record's address in the active language, from its address with a stand-in
        slug, made once per language and request: a page lists 5,000 addresses, each with its
        alternates, and even ``get_absolute_url()`` (``core.addresses``) reads the language,
        script prefix and URLconf each time."""
        language = get_language()
        if language not in self._addresses:
            self._addresses[language] = self.model(slug=STAND_IN).get_absolute_url()
        return self._addresses[language].replace(STAND_IN, record.slug)

    def _items(self):
        # See LanguagePairs. Django's own _items() is the only place the pairs are made.
        return LanguagePairs(self.items(), self._languages())

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        return self.records().aggregate(latest=Max("updated_at"))["latest"]


class MeetingSitemap(RecordSitemap):
    model = Meeting


class PlanSitemap(RecordSitemap):
    model = Plan


class ArticleSitemap(RecordSitemap):
    model = Article


class PageSitemap(RecordSitemap):
    model = Page


class SeriesSitemap(RecordSitemap):
    """Series are reference data: every one has its page."""

    model = MeetingSeries

    def records(self):
        return MeetingSeries.objects.all()


SITEMAPS = {
    "sections": SectionSitemap,
    "meetings": MeetingSitemap,
    "plans": PlanSitemap,
    "news": ArticleSitemap,
    "pages": PageSitemap,
    "series": SeriesSitemap,
}


def one_address(view, paged=True):
    """Django's sitemap ``view`` at one address per page: the page number (``?p=``, from 2;
    with ``paged``) written plainly and nothing else in the query string. Any other query
    string is sent there before anything is read: each would be an address to render and keep
    in the page cache anew, a second's work for a page of 5,000 addresses. A page number that
    is not one is left to Django (a 404)."""

    @functools.wraps(view)
    def one_address_view(request, *args, **kwargs):
        page = request.GET.get("p") if paged else None
        try:
            number = int(page) if page is not None else 1
        except ValueError:
            return view(request, *args, **kwargs)
        query = f"p={number}" if number != 1 else ""
        if request.META.get("QUERY_STRING", "") == query:
            return view(request, *args, **kwargs)
        return HttpResponsePermanentRedirect(with_query(request.path, query))

    return one_address_view
