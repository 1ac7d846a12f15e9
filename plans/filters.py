from collections import Counter

import django_filters
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from core.filters import (
    FacetedFilterSet,
    RecordChoiceFilter,
    SearchFilter,
    YearFilter,
    count_by_translated,
)
from core.models import Organisation

from .models import Plan


class InForceFilter(YearFilter):
    """The plans in force in a year: begun by then and not ended before."""

    def filter(self, queryset, value):
        return queryset.in_force(value) if value else queryset


class PlanFilter(FacetedFilterSet):
    q = SearchFilter("plan")
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=Plan.Status.choices, label=_("Status")
    )
    year = InForceFilter(label=_("In force in"))
    body = RecordChoiceFilter(
        Organisation, field_name="implementing_bodies", label=_("Implementing body")
    )

    class Meta:
        model = Plan
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status().filter(current_status=value)

    def facet_status(self, queryset):
        rows = (
            queryset.with_status()
            .annotate(status=F("current_status"))
            .order_by()
            .values("status")
            .annotate(count=Count("pk"))
        )
        counts = {row["status"]: row["count"] for row in rows}
        return [(status.value, status.label, counts.get(status.value, 0)) for status in Plan.Status]

    def facet_year(self, queryset):
        # A plan counts in every year of its period: count in Python over one small query.
        counts = Counter()
        for start, end in queryset.order_by().values_list("start_year", "end_year"):
            counts.update(range(start, end + 1))
        return [(year, year, counts[year]) for year in sorted(counts, reverse=True)]

    def facet_body(self, queryset):
        return count_by_translated(
            queryset,
            "implementing_bodies__slug",
            "implementing_bodies__name",
            label="implementing_bodies__acronym",
        )
