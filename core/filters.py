"""What every listing's filters share: facet counts, tolerant validation, the search box."""

import copy
import datetime
import hashlib
from dataclasses import dataclass
from functools import cache, partial
from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.prepared import prepared
from pagecache.generation import remember_many
from search.backends import get_backend
from search.text import parse_query

from .collation import collated
from .models import PreviousSlug


class RecordChoiceField(forms.ModelChoiceField):
    """The chosen record read by a prepared query (``core.prepared``): a listing filtered by
    a topic or a meeting otherwise built and compiled a query for it on every request."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        found = record_by(self.queryset.model, self.to_field_name)(key=str(value))
        if not found:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


@cache
def record_by(model, field):
    """A prepared query of the records of ``model`` whose ``field`` is ``key``."""
    return prepared(lambda now, today, key: model._default_manager.filter(**{field: key}))


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    """Any record of ``model``, chosen by its ``to_field_name`` (a slug or a code)."""

    field_class = RecordChoiceField

    def __init__(self, model, to_field_name="slug", **kwargs):
        queryset = model._default_manager.all()
        super().__init__(queryset=queryset, to_field_name=to_field_name, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A four-digit year; anything else is a form error, not a server error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        super().__init__(*args, min_value=1900, max_value=2100, **kwargs)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


def option_html(value, label, count, selected=False):
    return (
        f'<option value="{escape(value)}"{" selected" if selected else ""}>'
        f"{escape(label)} ({count})</option>"
    )


@dataclass(frozen=True)
class Facet:
    """A filter's options, ``(value, label, count)`` rows, and their ``<option>`` elements,
    none selected. A listing may offer a thousand meetings: the elements are built here rather
    than in a template loop (~0.1 ms an option), once, and kept with the counts, so that a page
    only marks the reader's choice."""

    rows: list
    html: str

    @classmethod
    def of(cls, rows):
        return cls(rows, "\n".join(option_html(*row) for row in rows))


@dataclass(frozen=True)
class FacetGroup:
    """A filter's options on a page, with the reader's ``selected`` value."""

    name: str
    label: str
    facet: Facet
    selected: str = ""
    #: Shown as chosen when no record has the ``selected`` value (e.g. a topic's only
    #: article was withdrawn): the reader still sees what the listing is narrowed by.
    missing_label: str = ""

    @property
    def options(self):
        options = [
            Option(value, label, count, value == self.selected)
            for value, label, count in self.facet.rows
        ]
        if self.missing_label:
            options.insert(0, Option(self.selected, self.missing_label, 0, True))
        return options

    def options_html(self):
        html = self.facet.html
        if self.missing_label:
            html = f"{option_html(self.selected, self.missing_label, 0, True)}\n{html}"
        elif self.selected:
            start = f'<option value="{escape(self.selected)}">'
            html = html.replace(start, f"{start[:-1]} selected>", 1)
        return mark_safe(html)  # every value and label is escaped by option_html


def translated(row, prefix):
    """The active language's text of a ``values()`` row, falling back to Vietnamese."""
    return row.get(f"{prefix}_{get_language()}") or row[f"{prefix}_vi"]


def count_by(queryset, value, *labels):
    """Rows of ``value`` (and its ``labels``) with how many records each has.

    No DISTINCT: every filter matches one value of a relation, so its join adds at most one
    row per record, and a record is linked to a related one at most once."""
    return (
        queryset.order_by()
        .filter(**{f"{value}__isnull": False})
        .values(value, *labels)
        .annotate(count=Count("pk"))
    )


def count_by_year(queryset, field):
    """Options for each year of a date field, a date annotation (``dated``) or a stored year,
    newest first."""
    annotation = queryset.query.annotations.get(field)
    column = annotation.output_field if annotation else queryset.model._meta.get_field(field)
    if column.get_internal_type() in ("DateField", "DateTimeField"):
        queryset = queryset.annotate(year=ExtractYear(field))
        field = "year"
    rows = count_by(queryset, field).order_by(f"-{field}")
    return [(row[field], row[field], row["count"]) for row in rows]


def count_by_translated(queryset, value, name, label=None):
    """Options for related records: their ``value`` labelled by ``label`` (e.g. an acronym)
    or else their translated ``name``, sorted by label."""
    names = [f"{name}_{code}" for code, _language in settings.LANGUAGES]
    rows = count_by(queryset, value, *names, *([label] if label else []))
    options = [
        (row[value], (row[label] if label else "") or translated(row, name), row["count"])
        for row in rows
    ]
    return collated(options, key=lambda option: option[1])


class SearchFilter(django_filters.CharFilter):
    """``q``: narrows a listing with the site's search (see the search app).

    ``newest_by`` names the date the search index orders the records by, for a listing
    ordered by that date, newest first. A page of such a listing needs only the newest
    matches: ``newest()`` reads it from those, where the whole list of a common word's
    matches would cost more than the page."""

    #: How many of the newest matches (SQLite) or records (PostgreSQL) a page is looked for
    #: among, per record it shows: a few first, more when other filters leave that short.
    #: Windows over ``MAX_WINDOW`` (deep pages) are not tried: the listing is read as usual.
    WINDOWS = (40, 400)
    MAX_WINDOW = 8000

    def __init__(self, kind, newest_by=None, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(max_length=200, **kwargs)
        self.kind, self.newest_by = kind, newest_by

    def filter(self, queryset, value):
        """``value``: the words looked for, or the SQL of their matches (``matching_ids``), as
        a prepared query is given it."""
        ids = value if isinstance(value, RawSQL) else self.matching_ids(value)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    def matching_ids(self, value):
        """The SQL (``RawSQL``) of the ids of the records that match ``value``, or None when
        it has no words to look for. Written once per filter set, which has a copy of the
        filter of its own: on PostgreSQL writing it asks the database to fold the words, and
        the listing's rows, its prepared rows and its facets each need it."""
        language = get_language()
        kept = getattr(self, "_matching", None)
        if kept is None or kept[:2] != (value, language):
            query = parse_query(value)
            ids = get_backend().ids_sql(query, language, self.kind) if query else None
            self._matching = kept = (value, language, ids)
        return kept[2]

    def newest(self, queryset, value, rows, until=None):
        """``queryset`` narrowed to the matches dated from where each of the search backend's
        windows for ``rows`` starts (``window_start``), smallest first; ``until``: the end
        of the dates that ``queryset`` is already limited to. The first ``rows`` of one are
        those of the whole listing, when it has that many: what it leaves out is older.
        Stops before a window that would hold every match: the listing is then short."""
        query = parse_query(value)
        if not (query and self.newest_by and rows > 0):
            return
        backend, language = get_backend(), get_language()
        for factor in self.WINDOWS:
            if rows * factor > self.MAX_WINDOW:
                return
            since = backend.window_start(query, language, self.kind, rows * factor, until)
            if since is None:
                return
            yield queryset.filter(
                **{f"{self.newest_by}__gte": since},
                pk__in=backend.ids_sql(query, language, self.kind, since=since, until=until),
            )


def rows_from_narrowed(narrowings, bottom, top):
    """Rows ``bottom:top`` of the first of ``narrowings`` (querysets, e.g.
    ``FacetedFilterSet.newest``) that has them all; None when none has."""
    for narrowed in narrowings:
        rows = list(narrowed[bottom:top])
        if len(rows) == top - bottom:
            return rows
    return None


class FiltersMoved(Exception):
    """A feed's or calendar's filters are known by another query string, ``query``: a filter
    names a record by an address it had before, or the query string is not the one address of
    what it chooses (``FacetedFilterSet.read_strictly``)."""

    def __init__(self, query):
        super().__init__(query)
        self.query = query


class SharedDeclarations(dict):
    """Filters or form fields that each filter set or form copies for itself: copied one by
    one, not deep-copied. Their deep copies (querysets, widgets, choices) were a tenth of a
    listing's time; a filter set sets only each filter's model and parent, and no form of a
    listing changes its fields."""

    def __deepcopy__(self, memo):
        return {name: self.copied(declared) for name, declared in self.items()}

    @staticmethod
    def copied(declared):
        copied = copy.copy(declared)
        if getattr(declared, "method", None) is not None:
            copied.method = declared.method  # binds django-filter's FilterMethod to the copy
        return copied


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters each offer options with counts.

    A subclass defines ``facet_<filter name>(queryset)`` returning ``(value, label, count)``
    tuples. The queryset it gets is filtered by every *other* filter, so each count is what
    choosing that option would give. Each facet costs one query, whatever the number of rows.
    """

    # Made once per filter set and language: django-filter builds the form's class anew for
    # every request, from fields that depend on the filters' declarations only.
    form_classes = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # As django-filter's, but each filter is copied, not deep-copied with its queryset
        # and options: a filter set sets only its filters' model and parent.
        self.base_filters = SharedDeclarations(self.base_filters)
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters

    def get_form_class(self):
        key = (type(self), get_language())
        form_class = self.form_classes.get(key)
        if form_class is None:
            form_class = super().get_form_class()
            # Never changed by a request: each form shares them (``SharedDeclarations``).
            form_class.base_fields = SharedDeclarations(form_class.base_fields)
            self.form_classes[key] = form_class
        return form_class

    @property
    def cleaned_data(self):
        """The filter values that could be read; none when the page has no query string."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def queryset_without(self, excluded):
        queryset = self.queryset.all()
        for name, value in self.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def newest(self, rows):
        """The listing narrowed for a page that needs only its first ``rows`` records, in
        ways to try one after the other: a search read from its newest matches
        (``SearchFilter.newest``), with every other filter. Nothing to try when nothing is
        gained; then, and when none gives ``rows`` records, the page is read from the whole
        listing."""
        for name, value in self.cleaned_data.items():
            search = self.filters[name]
            if isinstance(search, SearchFilter) and value:
                until = self.end_of_year_filtered(search.newest_by)
                return search.newest(self.queryset_without(name), value, rows, until)
        return ()

    def compared_values(self):
        """``{filter name: value}`` of the filters chosen, as a prepared query takes them (a
        record by its primary key, a search by the SQL of its matches), when each compares
        columns with its value; None when one does more: a filter with a method (which may
        read the clock). A filter class that has its own ``filter`` must compare only
        (``plans.filters.InForceFilter``)."""
        values = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", []):
                continue
            declared = self.filters[name]
            if isinstance(declared, SearchFilter):
                ids = declared.matching_ids(value)
                if ids is not None:
                    values[name] = ids
                continue
            if declared.method is not None:
                return None
            values[name] = value.pk if isinstance(value, Model) else value
        return values

    def end_of_year_filtered(self, field):
        """The end of the year a YearFilter asks ``field`` to be in, or None."""
        for name, value in self.cleaned_data.items():
            year = self.filters[name]
            if isinstance(year, YearFilter) and year.field_name == field and value:
                return timezone.make_aware(datetime.datetime(value + 1, 1, 1))
        return None

    def selected_value(self, name):
        value = self.cleaned_data.get(name)
        return str(getattr(value, "slug", getattr(value, "pk", value))) if value else ""

    def selected_label(self, name):
        """How a chosen value that no record has is named: as its option would be."""
        value = self.cleaned_data.get(name)
        for attribute in ("acronym", "name", "title"):
            if getattr(value, attribute, ""):
                return str(getattr(value, attribute))
        choices = dict(getattr(self.form.fields[name], "choices", []))
        return str(choices.get(value, value))

    def facets(self):
        """``[FacetGroup, …]`` for the filters that have a ``facet_`` method, in order.

        Counts are kept in the shared cache until the content changes (``remember_many``): the
        same for every reader of a combination of filters, and costly on a large table."""
        keys = {
            name: self.facet_key(name) for name in self.filters if hasattr(self, f"facet_{name}")
        }
        facets = remember_many(
            {key: partial(self.facet, name) for name, key in keys.items()}  # one cache read
        )
        groups = []
        for name, key in keys.items():
            selected = self.selected_value(name)
            facet = facets[key]
            missing = selected and not any(row[0] == selected for row in facet.rows)
            groups.append(
                FacetGroup(
                    name,
                    self.form.fields[name].label,
                    facet,
                    selected,
                    self.selected_label(name) if missing else "",
                )
            )
        return groups

    def facet(self, name):
        method = getattr(self, f"facet_{name}")
        return Facet.of(
            [
                (str(value), str(label), count)
                for value, label, count in method(self.queryset_without(name))
            ]
        )

    def cache_key(self, purpose, excluded=None):
        """A key for what depends on this listing, the language (labels) and the values of
        every filter that could be read, but ``excluded``."""
        values = sorted(
            (name, value) for name, value in self.chosen_values().items() if name != excluded
        )
        digest = hashlib.sha256(repr(values).encode()).hexdigest()[:32]
        return f"{purpose}:{type(self).__name__}:{get_language()}:{digest}"

    def facet_key(self, name):
        # "options", not "facet" as when only counts were kept: a cache that outlives a
        # deployment must not hand a new worker an older kind of value.
        return self.cache_key(f"options-{name}", excluded=name)

    @classmethod
    def read_strictly(cls, request, queryset):
        """The filters of ``request``'s query string for a feed or a calendar, where a value
        ignored as on a listing would pass unseen: one that names nothing is a 404; one that
        names a record by an earlier address raises ``FiltersMoved``. So does any query string
        but the one the chosen values make (``chosen_values``, as the listings link to them):
        anything else (a page number, an empty or unknown parameter, another order) would be
        one more address to render and keep in the page cache: the whole calendar again, 0.7 s
        of work with 1,000 meetings."""
        filters = cls(request.GET, queryset=queryset, request=request)
        if filters.form.errors:
            moved = filters.moved_values()
            if moved is not None:
                raise FiltersMoved(moved.urlencode())
            raise Http404(_("Nothing matches these filters."))
        chosen = urlencode(filters.chosen_values())
        if request.META.get("QUERY_STRING", "") != chosen:
            raise FiltersMoved(chosen)
        return filters

    def chosen_values(self):
        """``{filter: value}`` of the filters chosen that could be read."""
        return {
            name: self.selected_value(name)
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [])
        }

    def moved_values(self):
        """The query string with each filter value that names a topic, series or record by an
        address it had before its slug changed (``PreviousSlug``) replaced by the current one;
        None when no value could not be read for that reason. Only an unreadable value is looked
        up: a listing filtered by current addresses costs no query more."""
        query, moved = self.data.copy(), False
        for name in self.form.errors:
            choice = self.filters.get(name)
            if (
                not isinstance(choice, django_filters.ModelChoiceFilter)
                or choice.extra.get("to_field_name") != "slug"
            ):
                continue
            model = choice.extra["queryset"].model
            record = PreviousSlug.objects.record(model._default_manager.all(), query.get(name, ""))
            if record is not None:
                query[name], moved = record.slug, True
        return query if moved else None

    def invalid_fields(self):
        """Labels and messages of filters that could not be read; they are ignored."""
        return [
            (self.form.fields[name].label if name in self.form.fields else name, errors)
            for name, errors in self.form.errors.items()
        ]

    @property
    def is_filtered(self):
        return any(
            value not in (None, "", [])
            for name, value in self.cleaned_data.items()
            if name in self.filters
        )
