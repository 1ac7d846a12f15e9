import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import (
    FacetedFilterSet,
    SearchFilter,
    YearFilter,
    count_by_translated,
    count_by_year,
)
from core.models import Country, Topic
from meetings.filters import count_by_meeting
from meetings.models import Meeting
from plans.models import Plan

from .models import Article


class ArticleFilter(FacetedFilterSet):
    q = SearchFilter("article", newest_by="published_at")
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), to_field_name="slug", label=_("Topic")
    )
    meeting = django_filters.ModelChoiceFilter(
        field_name="meetings",
        queryset=Meeting.objects.all(),
        to_field_name="slug",
        label=_("Meeting"),
    )
    plan = django_filters.ModelChoiceFilter(
        field_name="plans", queryset=Plan.objects.all(), to_field_name="slug", label=_("Plan")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
    )
    year = YearFilter(field_name="published_at", lookup_expr="year")

    class Meta:
        model = Article
        fields = []

    def facet_topic(self, queryset):
        return count_by_translated(queryset, "topics__slug", "topics__name")

    def facet_meeting(self, queryset):
        return count_by_meeting(queryset, "meetings")

    def facet_plan(self, queryset):
        return count_by_translated(queryset, "plans__slug", "plans__title", label="plans__acronym")

    def facet_country(self, queryset):
        return count_by_translated(queryset, "countries__code", "countries__name")

    def facet_year(self, queryset):
        return count_by_year(queryset, "published_year")
