from django.db.models import Prefetch

from core.views import FacetedListView, PublishedDetailView
from meetings.models import Meeting
from plans.models import Plan

from .filters import ArticleFilter
from .models import Article


class ArticleListView(FacetedListView):
    extra_context = {"section": "news"}
    filterset_class = ArticleFilter
    model = Article


class ArticleDetailView(PublishedDetailView):
    extra_context = {"section": "news"}
    model = Article

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("meetings", Meeting.objects.published()),
                Prefetch("plans", Plan.objects.published()),
                "topics",
                "countries",
            )
        )
