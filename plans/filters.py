from collections import Counter

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FacetedFilterSet, SearchFilter, YearFilter, count_by, count_by_translated
from core.models import Organisation

from .models import Plan


class PlanFilter(FacetedFilterSet):
    q = SearchFilter("plan")
    status = django_filters.ChoiceFilter(
        field_name="current_status", choices=Plan.Status.choices, label=_("Status")
    )
    year = YearFilter(method="filter_in_force", label=_("In force in"))
    body = django_filters.ModelChoiceFilter(
        field_name="implementing_bodies",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label=_("Implementing body"),
    )

    class Meta:
        model = Plan
        fields = []

    def filter_in_force(self, queryset, name, value):
        return queryset.in_force(value)

    def facet_status(self, queryset):
        counts = {
            row["current_status"]: row["count"] for row in count_by(queryset, "current_status")
        }
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
