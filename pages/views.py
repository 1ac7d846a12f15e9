from core.views import PublishedDetailView

from .models import Page


class PageDetailView(PublishedDetailView):
    model = Page
