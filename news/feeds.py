"""The news as RSS 2.0 and Atom 1.0 feeds: the newest published articles, narrowed by the
news listing's own filters (``?topic=…``, ``?meeting=…``), so that a reader can follow one
topic, meeting, plan or country."""

import copy

from django.contrib.syndication.views import Feed
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.addresses import with_query
from core.filters import FiltersMoved, rows_from_narrowed

from .filters import ArticleFilter
from .models import Article

#: A ``tag:`` URI's date: ids must never change, whatever the domain or the article's slug.
GUID_DATE = "2016"


class ArticleFeed(Feed):
    #: How many of the newest articles a feed holds.
    size = 20

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request (urls.py): each reads its own copy, which knows
        # the request (for absolute addresses and ids).
        feed = copy.copy(self)
        feed.request = request
        try:
            return super(ArticleFeed, feed).__call__(request, *args, **kwargs)
        except FiltersMoved as moved:
            return HttpResponsePermanentRedirect(with_query(request.path, moved.query))

    def get_object(self, request):
        return ArticleFilter.read_strictly(request, Article.objects.published())

    def items(self, filters):
        narrowings = (narrowed.prefetch_related("topics") for narrowed in filters.newest(self.size))
        newest = rows_from_narrowed(narrowings, 0, self.size)
        if newest is not None:
            return newest
        return list(filters.qs.prefetch_related("topics")[: self.size])

    def chosen_labels(self, filters):
        return [
            f"{filters.form.fields[name].label}: {filters.selected_label(name)}"
            for name, value in filters.cleaned_data.items()
            if value not in (None, "", [])
        ]

    def title(self, filters):
        title = _("News – ASEAN Information Portal")
        chosen = self.chosen_labels(filters)
        return f"{title} ({'; '.join(chosen)})" if chosen else title

    def description(self, filters):
        return _("News about ASEAN cooperation in information and communications.")

    def link(self, filters):
        return with_query(reverse("news:list"), urlencode(filters.chosen_values()))

    def feed_url(self, filters):
        return self.request.get_full_path()

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead or article.title

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or None

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]

    def item_guid(self, article):
        return f"tag:{self.request.get_host().split(':')[0]},{GUID_DATE}:news/{article.pk}"

    item_guid_is_permalink = False

    def item_enclosures(self, article):
        url = article.share_image_url
        if not url:
            return []
        try:
            length = article.image_share.size
        except (OSError, ValueError):
            return []
        return [Enclosure(self.request.build_absolute_uri(url), str(length), "image/jpeg")]


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed

    def subtitle(self, filters):
        return self.description(filters)
