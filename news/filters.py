from django.utils.translation import gettext_lazy as _

from core.filters import (
    FacetedFilterSet,
    RecordChoiceFilter,
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
    topic = RecordChoiceFilter(Topic, field_name="topics", label=_("Topic"))
    meeting = RecordChoiceFilter(Meeting, field_name="meetings", label=_("Meeting"))
    plan = RecordChoiceFilter(Plan, field_name="plans", label=_("Plan"))
    country = RecordChoiceFilter(Country, "code", field_name="countries", label=_("Country"))
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
