from functools import cache, lru_cache, partial

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.addresses import address, with_query
from core.prepared import CannotPrepare, prepared
from news.filters import ArticleFilter
from news.models import Article
from pagecache.generation import remember

from .filters import rows_from_narrowed
from .models import AdminPreference, PreviousSlug


@lru_cache(maxsize=256)
def listing_rows(view_class, names, searches, bottom, top):
    """A prepared query of rows ``bottom:top`` of the listing of ``view_class`` filtered by the
    filters ``names``, each given its value (``FacetedFilterSet.compared_values``), and by the
    searches ``searches``: ``(filter name, SQL of the matches, number of its parameters)``,
    each given its parameters as ``<name>__0``, ``<name>__1``…"""

    def build(now, today, **values):
        for name, sql, count in searches:
            values[name] = RawSQL(sql, [values[f"{name}__{index}"] for index in range(count)])
        view = view_class()
        filterset = view.filterset_class(queryset=view.get_queryset(now))
        queryset = filterset.queryset
        for name in (*names, *(name for name, _sql, _count in searches)):
            queryset = filterset.filters[name].filter(queryset, values[name])
        return queryset[bottom:top]

    return prepared(build)


def listing_arguments(values):
    """``(names, searches, arguments)`` of ``listing_rows`` for the filters' ``values``
    (``FacetedFilterSet.compared_values``): a search's SQL is part of the statement, its
    parameters are arguments."""
    names, searches, arguments = [], [], {}
    for name, value in sorted(values.items()):
        if isinstance(value, RawSQL):
            searches.append((name, value.sql, len(value.params)))
            arguments.update((f"{name}__{index}", p) for index, p in enumerate(value.params))
        else:
            names.append(name)
            arguments[name] = value
    return tuple(names), tuple(searches), arguments


@lru_cache(maxsize=64)
def listed_records(view_class, language):
    """``view_class().listed()`` in ``language``, built once: a manager's annotations and an
    ``only()`` of translated fields took a listing half a millisecond to build on each
    request, and the page's own query is prepared (``listing_rows``). Each request narrows a
    copy of it (a queryset is copied by each method that narrows it)."""
    return view_class().listed()


class RememberedCountPaginator(Paginator):
    """Counts the records once per change of the content (``remember``), not per page read:
    a count of a large table costs more than the page itself."""

    def __init__(self, *args, count_key, newest=None, prepared_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        #: ``newest(rows)``: narrowed listings to read the first ``rows`` records from
        #: (``FacetedFilterSet.newest``).
        self.newest = newest
        #: ``prepared_rows(bottom, top)``: those rows by a prepared query, or None.
        self.prepared_rows = prepared_rows

    @cached_property
    def count(self):
        return remember(self.count_key, partial(Paginator.count.func, self))

    def page(self, number):
        """A page past the middle is read from the far end, in the reverse order: a database
        reads every row an OFFSET skips (the last of 8,000 pages took 300 ms on PostgreSQL).
        Only for a total order (one that ends with the primary key): ties would not come back
        in the same order."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count // 2 or not self.is_totally_ordered():
            rows = self.first_rows(bottom, top)
            return super().page(number) if rows is None else self._get_page(rows, number, self)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)

    def first_rows(self, bottom, top):
        """The rows of a page near the top read from a narrowed listing that has them all, or
        by a prepared query; None when neither can."""
        rows = rows_from_narrowed(self.newest(top) if self.newest else (), bottom, top)
        if rows is None and self.prepared_rows is not None:
            rows = self.prepared_rows(bottom, top)
        return rows

    def is_totally_ordered(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return False
        fields = query.order_by or self.object_list.model._meta.ordering
        last = fields[-1] if fields else None
        return isinstance(last, str) and last.lstrip("-") in ("pk", "id")


class FacetedListView(FilterView):
    """A listing of the published records of ``model``, narrowed by a FacetedFilterSet.
    Filters that cannot be read are ignored and reported on the page instead of emptying it;
    a page number out of range is a 404."""

    paginate_by = 12
    strict = False
    template_name_suffix = "_list"

    #: Pages read by a prepared query (``prepared_rows``): the first few, which nearly every
    #: reader asks for; one statement is kept per page, filters chosen and language.
    prepared_pages = 5

    def listed(self):
        """The records the listing reads, in its order, with what its cards show; not yet
        narrowed to the published, which depends on the moment. A subclass adds to it (what
        its cards read); it must read no clock, as it is built once per process and language
        (``listed_records``)."""
        return super().get_queryset()

    def get_queryset(self, now=None):
        # Per request, never at import: what is published depends on the time.
        return listed_records(type(self), translation.get_language()).published(now)

    def get(self, request, *args, **kwargs):
        chosen = [(key, value) for key, values in request.GET.lists() for value in values]
        chosen = [(key, value) for key, value in chosen if value.strip()]
        if len(chosen) < sum(len(values) for _key, values in request.GET.lists()):
            # The filter form sends every field, chosen or not: the address keeps the chosen.
            query = urlencode(chosen)
            return HttpResponseRedirect(with_query(request.path, query))
        response = super().get(request, *args, **kwargs)  # not rendered yet: nothing is read
        moved = self.filterset.moved_values()
        if moved is not None:
            return HttpResponsePermanentRedirect(with_query(request.path, moved.urlencode()))
        return response

    def chosen_values(self):
        return self.filterset.chosen_values()

    def chosen_query(self):
        """``"?topic=…"`` of ``chosen_values()``, or "": for the listing's feed or calendar."""
        query = urlencode(self.chosen_values())
        return f"?{query}" if query else ""

    def subscriptions(self):
        """``[(label, address, type), …]``: feeds or calendars of what the listing shows."""
        return []

    def canonical_parameters(self):
        """What the page's address may carry (see ``core.seo``): its filters and page."""
        return {*self.filterset.filters, "page"}

    def get_paginator(self, *args, **kwargs):
        count_key = self.filterset.cache_key("count")
        return RememberedCountPaginator(
            *args,
            count_key=count_key,
            newest=self.filterset.newest,
            prepared_rows=self.prepared_rows,
            **kwargs,
        )

    def prepared_rows(self, bottom, top):
        """Rows ``bottom:top`` of the listing by a prepared query (``listing_rows``), on one of
        its first pages when each filter chosen compares a column with its value; else None."""
        if top <= bottom:  # an empty listing: nothing to ask
            return []
        values = self.filterset.compared_values()
        if values is None or top > self.prepared_pages * self.paginate_by:
            return None
        # A whole page's worth whatever ``top`` (the last page's is the count): one statement
        # per page, not one per count a listing ever had.
        names, searches, arguments = listing_arguments(values)
        rows = listing_rows(type(self), names, searches, bottom, bottom + self.paginate_by)
        try:
            return rows(**arguments)[: top - bottom]
        except CannotPrepare:  # e.g. a year, compared with the bounds of a range
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = self.filterset.facets()
        context["invalid_filters"] = self.filterset.invalid_fields()
        context["is_filtered"] = self.filterset.is_filtered
        context["chosen_filters"] = self.chosen_filters(context["facets"])
        context["subscriptions"] = self.subscriptions()
        return context

    def chosen_filters(self, facets):
        """``[(label, address of the listing without it), …]``: the filters chosen, for the
        chips that show and remove each."""
        options = {group.name: group for group in facets}
        chosen = []
        for name, value in self.filterset.cleaned_data.items():
            if value in (None, "", []):
                continue
            if name in options:
                selected = next(o.label for o in options[name].options if o.selected)
                label = f"{options[name].label}: {selected}"
            else:
                label = f"{self.filterset.form.fields[name].label}: “{value}”"
            chosen.append((label, self.address_without(name)))
        return chosen

    def address_without(self, name):
        query = self.request.GET.copy()
        for removed in (name, "page"):
            query.pop(removed, None)
        return (
            f"{self.request.path}?{query.urlencode()}#results"
            if query
            else self.request.path + "#results"
        )


class MovedSlugMixin:
    """A detail page whose slug changed answers with a permanent redirect to the current one
    (``PreviousSlug``)."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = PreviousSlug.objects.record(self.get_queryset(), kwargs[self.slug_url_kwarg])
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())


@cache
def latest_news_through(field, count):
    """A prepared query of the ``count`` latest published articles that link to ``record``
    through ``field``."""
    return prepared(
        lambda now, today, record: (
            Article.objects.published(now)
            .for_links("published_at")
            .filter(**{field: record})[:count]
        )
    )


class PublishedDetailView(MovedSlugMixin, DetailView):
    """A record's page. Readers see published records; staff who may view the record also
    see it before it is published, under a banner, and never from a cache.

    Readers' records are read by ``published_record``, a prepared query (``core.prepared``) of
    the published record with a given ``slug``, and what the page lists of it by
    ``read_related``, with prepared queries too: building and compiling a record page's
    queries took longer than anything else on it. Staff read the record through
    ``get_queryset``.

    ``news_filter`` names the news listing's filter for the record (``meeting``, ``plan``):
    the page then lists its latest news, and links to all of them when there are more."""

    news_filter = None
    latest_news_count = 10
    published_record = None

    def feed_filters(self):
        """The news feed of the record's news (``core.seo.feeds``)."""
        return {self.news_filter: self.object.slug} if self.news_filter else {}

    def can_preview(self):
        user, opts = self.request.user, self.model._meta
        return user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.can_preview() else queryset.published()

    def get_object(self, queryset=None):
        if self.published_record is None or self.can_preview():
            record = super().get_object(queryset)
        else:
            found = self.published_record(slug=self.kwargs[self.slug_url_kwarg])
            if not found:
                raise Http404
            record = found[0]
        self.read_related(record)
        return record

    def read_related(self, record):
        """Give ``record`` what its page lists of it (``keep_prefetched``)."""

    def get_context_data(self, **kwargs):
        if self.news_filter:
            kwargs.update(self.latest_news())
        # "changes": the record's changes awaiting review, previewed by staff (editorial).
        preview = "changes" if getattr(self.request, "previewing_changes", False) else None
        return super().get_context_data(preview=preview or not self.object.is_visible, **kwargs)

    def latest_news(self):
        field = ArticleFilter.base_filters[self.news_filter].field_name
        articles = latest_news_through(field, self.latest_news_count + 1)(record=self.object.pk)
        more = len(articles) > self.latest_news_count
        query = urlencode({self.news_filter: self.object.slug})
        return {
            "latest_news": articles[: self.latest_news_count],
            "all_news_url": f"{address('news:list')}?{query}" if more else "",
        }

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response


def switch_language(request, language):
    """The language switcher's link: remember the reader's choice (``/`` then leads to it)
    and go to ``next``, the same page in that language. Pages themselves set no cookie, so
    that they can be cached and shared."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not target.startswith(f"/{language}/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        with translation.override(language):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    add_never_cache_headers(response)
    return response


def admin_next_page(request, target):
    """``target`` (a ``next`` parameter) where it stays on this site, else the admin's home."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@staff_member_required
@require_POST
def set_admin_language(request):
    """The admin's language switch: kept for the user, in every browser they sign in with."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        AdminPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    return HttpResponseRedirect(admin_next_page(request, request.POST.get("next", "")))
