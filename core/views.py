from django.utils import timezone
from django.views.generic import TemplateView
from django_filters.views import FilterView

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan


class FacetedListView(FilterView):
    """A listing narrowed by a FacetedFilterSet. Filters that cannot be read are ignored and
    reported on the page instead of emptying it; a page number out of range is a 404."""

    paginate_by = 12
    strict = False
    template_name_suffix = "_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = self.filterset.facets()
        context["invalid_filters"] = self.filterset.invalid_fields()
        context["is_filtered"] = self.filterset.is_filtered
        return context


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        meetings = Meeting.objects.select_related("series", "host_country")
        return super().get_context_data(
            latest_articles=Article.objects.all()[:4],
            upcoming_meetings=meetings.upcoming(today).order_by("start_date")[:4],
            recent_meetings=meetings.past(today)[:4],
            plans_in_force=Plan.objects.filter(status=Plan.Status.ACTIVE)[:6],
            plans_in_preparation=Plan.objects.filter(status=Plan.Status.DRAFTING)[:6],
            **kwargs,
        )
