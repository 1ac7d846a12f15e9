from django.views.generic import DetailView

from core.views import FacetedListView

from .filters import MeetingFilter
from .models import Meeting


class MeetingListView(FacetedListView):
    extra_context = {"section": "meetings"}
    filterset_class = MeetingFilter
    queryset = Meeting.objects.select_related("series", "host_country")


class MeetingDetailView(DetailView):
    extra_context = {"section": "meetings"}
    queryset = Meeting.objects.select_related(
        "series__organisation", "host_country"
    ).prefetch_related(
        "documents",
        "meetingplan_set__plan",
        "adopted_plans",
        "participating_countries",
        "participating_organisations",
        "topics",
        "articles",
    )

    def get_context_data(self, **kwargs):
        previous, following = self.object.neighbours()
        return super().get_context_data(previous=previous, following=following, **kwargs)
