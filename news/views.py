from django.utils.translation import gettext_lazy as _

from core.addresses import address
from core.prepared import keep_prefetched, prepared
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

    def listed(self):
        return super().listed().for_cards()


@prepared
def published_article(now, today, slug):
    return Article.objects.published(now).filter(slug=slug)


@prepared
def meetings_of_article(now, today, article):
    return Meeting.objects.published(now).for_links().filter(articles=article)


@prepared
def plans_of_article(now, today, article):
    return Plan.objects.for_links("acronym").published(now).filter(articles=article)


class ArticleDetailView(PublishedDetailView):
    extra_context = {"section": "news"}
    model = Article
    published_record = published_article

    def read_related(self, article):
        keep_prefetched(article, "meetings", meetings_of_article(article=article.pk))
        keep_prefetched(article, "plans", plans_of_article(article=article.pk))
