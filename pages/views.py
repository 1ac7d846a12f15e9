from core.prepared import prepared
from core.views import PublishedDetailView

from .models import Page


@prepared
def published_page(now, today, slug):
    return Page.objects.published(now).filter(slug=slug)


class PageDetailView(PublishedDetailView):
    model = Page
    published_record = published_page
