import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import collated
from core.filters import (
    FacetedFilterSet,
    SearchFilter,
    YearFilter,
    count_by,
    count_by_translated,
    count_by_year,
)
from core.models import Country, Topic

from .models import Meeting, MeetingSeries


class MeetingFilter(FacetedFilterSet):
    q = SearchFilter("meeting")
    year = YearFilter(field_name="start_date", lookup_expr="year")
    series = django_filters.ModelChoiceFilter(
        queryset=MeetingSeries.objects.all(), to_field_name="slug", label=_("Series")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="host_country",
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Host country"),
    )
    status = django_filters.ChoiceFilter(
        choices=[("upcoming", _("Upcoming")), ("past", _("Held"))],
        method="filter_status",
        label=_("Held or upcoming"),
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), to_field_name="slug", label=_("Topic")
    )

    class Meta:
        model = Meeting
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()

    def facet_year(self, queryset):
        return count_by_year(queryset, "start_date")

    def facet_series(self, queryset):
        rows = count_by(queryset, "series__slug", "series__acronym")
        options = [(row["series__slug"], row["series__acronym"], row["count"]) for row in rows]
        return collated(options, key=lambda option: option[1])

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
