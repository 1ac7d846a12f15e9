from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.dates import reader_date
from core.prepared import prepared
from pagecache.generation import remember

from .backends import COUNT_CAP, KINDS, get_backend
from .index import scheduled_records, text_in
from .text import highlight, parse_query

KIND_LABELS = {
    "meeting": _("Meetings"),
    "plan": _("Plans"),
    "article": _("News"),
    "page": _("About the portal"),
}
#: What one result is.
KIND_NAMES = {
    "meeting": _("Meeting"),
    "plan": _("Plan"),
    "article": _("News article"),
    "page": _("Page"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Everything")), *KIND_LABELS.items()], required=False
    )


@dataclass
class Hit:
    kind: str
    record: object
    title: str
    snippet: str

    @property
    def kind_label(self):
        return KIND_NAMES[self.kind]

    @property
    def when(self):
        """The dates a reader tells results apart by: a meeting's, a plan's period, an
        article's day, when a page was last updated."""
        if self.kind == "meeting":
            return self.record.dates_label
        if self.kind == "plan":
            return self.record.period
        if self.kind == "page":
            return _("Last updated %(day)s") % {"day": reader_date(self.record.updated_at)}
        return reader_date(self.record.published_at)


@cache
def records_by_id(model):
    """A prepared query of the records of ``model`` with the primary keys ``ids``."""
    return prepared(lambda now, today, ids: model._base_manager.order_by().filter(pk__in=ids))


class SearchResults(Sequence):
    """The ranked matches of a query, fetched a page at a time (for Django's Paginator)."""

    def __init__(self, query, language, kind):
        # Kept until anything changes or the next of them goes live (``remember``).
        self.backend = get_backend(hidden=remember("search:scheduled", scheduled_records))
        self.query, self.language, self.kind = query, language, kind
        self.counts = self.backend.counts(query, language)
        found = self.counts.get(kind, 0) if kind else sum(self.counts.values())
        self.more = found > COUNT_CAP
        self.total = min(found, COUNT_CAP)

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.total)
        found = {self.kind: self.counts[self.kind]} if self.kind else self.counts
        rows = self.backend.search(
            self.query, self.language, found, limit=max(stop - start, 0), offset=start
        )
        records = {}
        for kind in {kind for kind, _pk in rows}:
            model = apps.get_model(KINDS[kind])
            pks = [pk for row_kind, pk in rows if row_kind == kind]
            # By primary key only (a visibility filter here leads SQLite to scan the state
            # index); the visibility rule is checked on each record instead. Unordered: the
            # ranking gives the order, and the model's default ordering cost a fifth of the
            # query's construction. Through the plain manager: nothing a model's own adds to
            # every read (a plan's adopting meeting's day, for its status) shows in a hit.
            records[kind] = {record.pk: record for record in records_by_id(model)(ids=pks)}
        return [
            self.hit(kind, records[kind][pk])
            for kind, pk in rows
            if pk in records[kind] and records[kind][pk].is_visible
        ]

    def hit(self, kind, record):
        text = " ".join(text_in(record, field, self.language) for field in record.search_fields)
        return Hit(
            kind=kind,
            record=record,
            title=highlight(text_in(record, "title", self.language), self.query, length=500),
            snippet=highlight(text, self.query),
        )


class SearchView(TemplateView):
    template_name = "search/search.html"
    paginate_by = 10
    extra_context = {"section": "search"}
    page_description = _(
        "Search meetings, plans, news and the portal's own pages, with or without Vietnamese "
        "tone marks."
    )

    def canonical_parameters(self):
        return ("q", "type", "page")

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        context = super().get_context_data(form=form, **kwargs)
        if not form.is_valid():
            return context
        query = parse_query(form.cleaned_data["q"])
        if not query:
            return context
        kind = form.cleaned_data["type"] or None
        results = SearchResults(query, get_language(), kind)
        try:
            page = Paginator(results, self.paginate_by).page(self.request.GET.get("page", 1))
        except InvalidPage:
            raise Http404("No such page of results") from None
        if not results.total and get_language() != settings.LANGUAGE_CODE:
            # Nothing in this language: say what the Vietnamese pages would find.
            elsewhere = SearchResults(query, settings.LANGUAGE_CODE, kind)
            context["in_default_language"] = elsewhere.total
            with translation.override(settings.LANGUAGE_CODE):
                context["default_language_url"] = (
                    f"{reverse('search:search')}?{self.request.GET.urlencode()}"
                )
        context.update(
            query=query,
            page_obj=page,
            hits=page.object_list,
            is_paginated=page.has_other_pages(),
            more_than=COUNT_CAP if results.more else None,
            count_cap=COUNT_CAP,
            type_options=[
                ("", _("Everything"), sum(results.counts.values()), kind is None),
                *(
                    (value, label, results.counts.get(value, 0), kind == value)
                    for value, label in KIND_LABELS.items()
                ),
            ],
        )
        return context
