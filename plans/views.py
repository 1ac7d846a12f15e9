from django.views.generic import DetailView

from .models import Plan


class PlanDetailView(DetailView):
    queryset = Plan.objects.select_related("adopted_at", "predecessor").prefetch_related(
        "thrusts", "meetings", "successors"
    )
