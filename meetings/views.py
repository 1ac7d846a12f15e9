from django.db.models import Prefetch

from core.views import FacetedListView, PublishedDetailView
from plans.models import Plan

from .filters import MeetingFilter
from .models import Meeting, MeetingPlan


class MeetingListView(FacetedListView):
    extra_context = {"section": "meetings"}
    filterset_class = MeetingFilter
    model = Meeting

    def get_queryset(self):
        return super().get_queryset().select_related("series", "host_country")


class MeetingDetailView(PublishedDetailView):
    extra_context = {"section": "meetings"}
    model = Meeting
    news_filter = "meeting"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("series__organisation", "host_country")
            .prefetch_related(
                "documents",
                Prefetch(
                    "meetingplan_set",
                    MeetingPlan.objects.filter(plan__in=Plan.objects.published()).select_related(
                        "plan"
                    ),
                ),
                Prefetch("adopted_plans", Plan.objects.published()),
                "participating_countries",
                "participating_organisations",
                "topics",
            )
        )

    def get_context_data(self, **kwargs):
        previous, following = self.object.neighbours()
        return super().get_context_data(previous=previous, following=following, **kwargs)
