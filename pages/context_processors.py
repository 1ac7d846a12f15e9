from django.db import DatabaseError
from django.utils.translation import get_language

from pagecache.generation import remember

from .models import Page


def footer(request):
    """``footer_pages``: ``[(title, address), …]`` of the published pages linked from the
    footer, read once per change of the content and language (``remember``)."""

    def pages():
        return [
            (page.title, page.get_absolute_url())
            for page in Page.objects.published()
            .filter(in_footer=True)
            .only("slug", "title_vi", "title_en")
        ]

    def footer_pages():
        try:
            return remember(f"footer-pages:{get_language()}", pages)
        except DatabaseError:  # a 404 page still renders, without these links, while it is away
            return []

    return {"footer_pages": footer_pages}
