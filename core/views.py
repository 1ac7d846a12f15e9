from django.views.generic import TemplateView

from meetings.models import Meeting
from news.models import Article
from plans.models import Plan


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_articles=Article.objects.all()[:5],
            upcoming_meetings=Meeting.objects.upcoming()
            .select_related("series")
            .order_by("start_date")[:5],
            recent_meetings=Meeting.objects.past().select_related("series")[:5],
            active_plans=Plan.objects.filter(status=Plan.Status.ACTIVE)[:5],
            **kwargs,
        )
