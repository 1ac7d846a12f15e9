from django.urls import path

from . import views
from .feeds import ArticleAtomFeed, ArticleFeed

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("feed/", ArticleFeed(), name="feed"),
    path("atom/", ArticleAtomFeed(), name="atom"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
