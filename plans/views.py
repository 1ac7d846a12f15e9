from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.models import in_every_language
from core.views import FacetedListView, PublishedDetailView

from .filters import PlanFilter
from .models import Plan
from .timeline import timeline


class PlanListView(FacetedListView):
    extra_context = {"section": "plans"}
    page_description = _(
        "ASEAN master plans, work plans and agreements on information and communications."
    )

    def get_queryset(self):
        # The cards, and the timeline's arrow from the plan each follows on from.
        return (
            super()
            .get_queryset()
            .select_related("predecessor")
            .only(
                *Plan.card_fields,
                "predecessor__state",
                "predecessor__published_at",
                "predecessor__acronym",
                *in_every_language("predecessor__title"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = timeline(context["object_list"])
        context["statuses"] = Plan.Status.choices
        return context

    filterset_class = PlanFilter
    model = Plan


class PlanDetailView(PublishedDetailView):
    extra_context = {"section": "plans"}
    model = Plan
    news_filter = "plan"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .for_page()
            # The key a prefetched plan is matched to its predecessor by is read with it.
            .prefetch_related(
                Prefetch(
                    "successors",
                    Plan.objects.for_links("start_year", "end_year", "predecessor").published(),
                )
            )
        )
