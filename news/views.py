from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.addresses import address
from core.views import FacetedListView, PublishedDetailView
from meetings.models import Meeting
from plans.models import Plan

from .filters import ArticleFilter
from .models import Article


class ArticleListView(FacetedListView):
    extra_context = {"section": "news"}
    page_description = _("News about ASEAN cooperation in information and communications.")

    def feed_filters(self):
        """The page's own feed (``core.seo.feeds``): these filters' news."""
        return self.chosen_values()

    def subscriptions(self):
        query = self.chosen_query()
        return [
            (_("RSS feed"), address("news:feed") + query, "application/rss+xml"),
            (_("Atom feed"), address("news:atom") + query, "application/atom+xml"),
        ]

    filterset_class = ArticleFilter
    model = Article

    def get_queryset(self):
        return super().get_queryset().for_cards()


class ArticleDetailView(PublishedDetailView):
    extra_context = {"section": "news"}
    model = Article

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("meetings", Meeting.objects.published().for_links()),
                Prefetch("plans", Plan.objects.for_links("acronym").published()),
            )
        )
