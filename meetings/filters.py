import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import collated
from core.filters import (
    FacetedFilterSet,
    RecordChoiceFilter,
    SearchFilter,
    YearFilter,
    count_by,
    count_by_translated,
    count_by_year,
    translated,
)
from core.models import Country, Topic

from .models import Meeting, MeetingSeries, OutcomeDocument


def count_by_meeting(queryset, relation):
    """Options for the meetings ``relation`` leads to, by title, newest first."""
    slug, start = f"{relation}__slug", f"{relation}__start_date"
    rows = count_by(queryset, slug, f"{relation}__title_vi", f"{relation}__title_en", start)
    rows = sorted(rows, key=lambda row: row[start], reverse=True)
    return [(row[slug], translated(row, f"{relation}__title"), row["count"]) for row in rows]


def count_by_series(queryset, relation):
    """Options for the series ``relation`` leads to, by acronym."""
    slug, acronym = f"{relation}__slug", f"{relation}__acronym"
    options = [(row[slug], row[acronym], row["count"]) for row in count_by(queryset, slug, acronym)]
    return collated(options, key=lambda option: option[1])


class MeetingFilter(FacetedFilterSet):
    q = SearchFilter("meeting")
    year = YearFilter(field_name="start_date", lookup_expr="year")
    series = RecordChoiceFilter(MeetingSeries, label=_("Series"))
    country = RecordChoiceFilter(
        Country, "code", field_name="host_country", label=_("Host country")
    )
    status = django_filters.ChoiceFilter(
        choices=[("upcoming", _("Upcoming")), ("past", _("Held"))],
        method="filter_status",
        label=_("Held or upcoming"),
    )
    topic = RecordChoiceFilter(Topic, field_name="topics", label=_("Topic"))

    class Meta:
        model = Meeting
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()

    def facet_year(self, queryset):
        return count_by_year(queryset, "start_date")

    def facet_series(self, queryset):
        return count_by_series(queryset, "series")

    def facet_country(self, queryset):
        return count_by_translated(queryset, "host_country__code", "host_country__name")

    def facet_status(self, queryset):
        today = timezone.localdate()
        counts = queryset.with_end().aggregate(
            upcoming=Count("pk", filter=Q(ends_on__gte=today)),
            past=Count("pk", filter=Q(ends_on__lt=today)),
        )
        return [
            ("upcoming", _("Upcoming"), counts["upcoming"]),
            ("past", _("Held"), counts["past"]),
        ]

    def facet_topic(self, queryset):
        return count_by_translated(queryset, "topics__slug", "topics__name")


class DocumentFilter(FacetedFilterSet):
    """The documents library's filters. Its queryset is ``OutcomeDocument.for_library()``:
    ``dated`` is the document's date, or its meeting's when it has none."""

    meeting = RecordChoiceFilter(Meeting, label=_("Meeting"))
    series = RecordChoiceFilter(MeetingSeries, field_name="meeting__series", label=_("Series"))
    kind = django_filters.ChoiceFilter(choices=OutcomeDocument.Kind, label=_("Kind"))
    year = YearFilter(field_name="dated", lookup_expr="year")
    language = django_filters.ChoiceFilter(
        choices=OutcomeDocument.Language, label=_("Language of the file")
    )

    class Meta:
        model = OutcomeDocument
        fields = []

    def facet_meeting(self, queryset):
        return count_by_meeting(queryset, "meeting")

    def facet_series(self, queryset):
        return count_by_series(queryset, "meeting__series")

    def facet_kind(self, queryset):
        return self.count_choices(queryset, "kind", OutcomeDocument.Kind)

    def facet_year(self, queryset):
        return count_by_year(queryset, "dated")

    def facet_language(self, queryset):
        return self.count_choices(queryset, "language", OutcomeDocument.Language)

    @staticmethod
    def count_choices(queryset, field, choices):
        """The choices some document has, in their own order."""
        counts = {row[field]: row["count"] for row in count_by(queryset, field)}
        return [
            (choice.value, choice.label, counts[choice]) for choice in choices if choice in counts
        ]
