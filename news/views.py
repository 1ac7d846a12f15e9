from django.views.generic import DetailView

from core.views import FacetedListView

from .filters import ArticleFilter
from .models import Article


class ArticleListView(FacetedListView):
    extra_context = {"section": "news"}
    filterset_class = ArticleFilter
    queryset = Article.objects.all()


class ArticleDetailView(DetailView):
    extra_context = {"section": "news"}
    queryset = Article.objects.prefetch_related("meetings", "plans", "topics", "countries")
