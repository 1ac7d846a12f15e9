from django.utils import timezone
from django.views.generic import TemplateView

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        meetings = Meeting.objects.published().select_related("series", "host_country")
        plans = Plan.objects.published()
        return super().get_context_data(
            latest_articles=Article.objects.published()[:4],
            upcoming_meetings=meetings.upcoming(today).order_by("start_date")[:4],
            recent_meetings=meetings.past(today)[:4],
            plans_in_force=plans.filter(status=Plan.Status.ACTIVE)[:6],
            plans_in_preparation=plans.filter(status=Plan.Status.DRAFTING)[:6],
            **kwargs,
        )
