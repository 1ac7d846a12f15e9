from django.views.generic import DetailView

from core.views import FacetedListView

from .filters import PlanFilter
from .models import Plan


class PlanListView(FacetedListView):
    extra_context = {"section": "plans"}
    filterset_class = PlanFilter
    queryset = Plan.objects.all()


class PlanDetailView(DetailView):
    extra_context = {"section": "plans"}
    queryset = Plan.objects.select_related("adopted_at", "predecessor").prefetch_related(
        "thrusts",
        "successors",
        "meetingplan_set__meeting",
        "implementing_bodies",
        "partner_countries",
        "partner_organisations",
        "articles",
    )
