from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.generic import TemplateView

from core.prepared import prepared
from meetings.models import Meeting
from news.models import Article
from plans.models import Plan


@prepared
def latest_articles(now, today):
    return Article.objects.published(now).for_cards()[:5]


@prepared
def upcoming_meetings(now, today):
    return Meeting.objects.published(now).for_cards().upcoming(today).order_by("start_date")[:4]


@prepared
def recent_meetings(now, today):
    return Meeting.objects.published(now).for_cards().past(today)[:4]


@prepared
def unfinished_plans(now, today):
    return Plan.objects.published(now).for_cards().unfinished(today)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        now, today = timezone.now(), timezone.localdate()
        plans_in_force, plans_in_preparation = Plan.first_of_each_status(
            unfinished_plans(now, today), [Plan.Status.ACTIVE, Plan.Status.DRAFTING], limit=6
        )
        lead_article, *latest = latest_articles(now, today) or [None]
        return super().get_context_data(
            lead_article=lead_article,
            latest_articles=latest,
            upcoming_meetings=upcoming_meetings(now, today),
            recent_meetings=recent_meetings(now, today),
            plans_in_force=plans_in_force,
            plans_in_preparation=plans_in_preparation,
            **kwargs,
        )


class RobotsView(TemplateView):
    """Crawlers: everywhere but the admin, the language switch and search results (endless
    combinations of words); the sitemap lists what there is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            languages=[code for code, _name in settings.LANGUAGES],
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            **kwargs,
        )


def page_not_found(request, exception):
    """The API's clients read JSON, also at an address that names nothing."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
