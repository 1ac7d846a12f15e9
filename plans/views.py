from django.utils.translation import gettext_lazy as _

from core.models import in_every_language
from core.prepared import keep_prefetched, prepared
from core.views import FacetedListView, PublishedDetailView
from meetings.models import MeetingPlan

from .filters import PlanFilter
from .models import Plan, Thrust
from .timeline import timeline


class PlanListView(FacetedListView):
    extra_context = {"section": "plans"}
    page_description = _(
        "ASEAN master plans, work plans and agreements on information and communications."
    )

    def listed(self):
        # The cards, and the timeline's arrow from the plan each follows on from.
        return (
            super()
            .listed()
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


@prepared
def published_plan(now, today, slug):
    return Plan.objects.published(now).select_related("adopted_at", "predecessor").filter(slug=slug)


@prepared
def thrusts_of_plan(now, today, plan):
    return Thrust.objects.filter(plan=plan)


@prepared
def meeting_links_of_plan(now, today, plan):
    return MeetingPlan.objects.to_published_meetings(now).filter(plan=plan)


@prepared
def successors_of_plan(now, today, plan):
    return (
        Plan.objects.for_links("start_year", "end_year", "predecessor")
        .published(now)
        .filter(predecessor=plan)
    )


class PlanDetailView(PublishedDetailView):
    extra_context = {"section": "plans"}
    model = Plan
    news_filter = "plan"
    published_record = published_plan

    def get_queryset(self):
        return super().get_queryset().select_related("adopted_at", "predecessor")

    def read_related(self, plan):
        keep_prefetched(plan, "thrusts", thrusts_of_plan(plan=plan.pk))
        keep_prefetched(plan, "meetingplan_set", meeting_links_of_plan(plan=plan.pk))
        keep_prefetched(plan, "successors", successors_of_plan(plan=plan.pk))
