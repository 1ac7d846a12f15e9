import re

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

from core import seo
from core.addresses import slug_address
from core.fields import RichTextField
from core.models import PublishableModel
from core.reference import LinksReferenceData
from core.validators import validate_image_upload

# django-imagekit hashes a spec's pickled processors on every access (about a millisecond a
# card). A rendition's name follows from the stored file's name alone, and imagekit itself
# never makes it again once the file exists, so each process keeps the URLs it has seen.
RENDITION_URLS = {}
#: "Ảnh: ", "Photo: ", "Nguồn ảnh: "… typed before a photo credit.
CREDIT_PREFIX = re.compile(r"^\s*(ảnh|hình ảnh|hình|nguồn ảnh|photo|photograph)\s*[:：]\s*", re.I)
RENDITION_URLS_KEPT = 20_000


class Article(LinksReferenceData, PublishableModel):
    """A news report about ASEAN cooperation in information and communications."""

    title = models.CharField(_("title"), max_length=255)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("The opening paragraph, shown in lists and shares.")
    )
    body = RichTextField(_("full text"))
    author = models.CharField(_("author"), max_length=200, blank=True)
    source_name = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. Vietnam News Agency.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    image = models.ImageField(
        _("main image"),
        upload_to="news/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_image_upload],
        help_text=_("A JPEG, PNG or WebP photo of at most 5 MB, ideally 1600 pixels wide."),
    )
    image_thumbnail = ImageSpecField(
        source="image", processors=[ResizeToFill(160, 90)], format="WEBP", options={"quality": 80}
    )
    image_preview = ImageSpecField(
        source="image", processors=[ResizeToFit(640, 640)], format="WEBP", options={"quality": 85}
    )
    image_card = ImageSpecField(
        source="image", processors=[ResizeToFill(480, 270)], format="WEBP", options={"quality": 80}
    )
    image_medium = ImageSpecField(
        source="image", processors=[ResizeToFit(800, 800)], format="WEBP", options={"quality": 82}
    )
    image_large = ImageSpecField(
        source="image", processors=[ResizeToFit(1600, 1600)], format="WEBP", options={"quality": 82}
    )
    # Share previews and feed enclosures: the size and format every reader of them takes.
    image_share = ImageSpecField(
        source="image", processors=[ResizeToFill(1200, 630)], format="JPEG", options={"quality": 82}
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    image_caption = models.CharField(_("caption"), max_length=255, blank=True)
    image_credit = models.CharField(
        _("photo credit"), max_length=200, blank=True, help_text=_("e.g. VGP/Thế Phong.")
    )
    topics = models.ManyToManyField(
        "core.Topic", verbose_name=_("topics"), blank=True, related_name="articles"
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        verbose_name=_("related meetings"),
        blank=True,
        related_name="articles",
    )
    plans = models.ManyToManyField(
        "plans.Plan", verbose_name=_("related plans"), blank=True, related_name="articles"
    )
    countries = models.ManyToManyField(
        "core.Country", verbose_name=_("related countries"), blank=True, related_name="articles"
    )
    # The local year of published_at, stored so that the year facet groups by a column
    # instead of converting every row's time (see derive_fields).
    published_year = models.PositiveSmallIntegerField(null=True, editable=False)

    summary_field = "lead"
    #: What a card shows (``includes/_article_card.html``, the home page's lead story).
    card_fields = ("slug", "title", "lead", "published_at", "image", "image_alt")
    og_type = "article"

    class Meta(PublishableModel.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            *PublishableModel.Meta.indexes,
            models.Index(
                fields=["state", "published_at", "published_year"], name="news_article_year"
            ),
        ]
        # Unpublished drafts (no time yet) first in the admin, on every database.
        ordering = [models.F("published_at").desc(nulls_first=True), "-pk"]
        get_latest_by = "published_at"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("news:detail", self.slug)

    def derive_fields(self):
        self.published_year = (
            timezone.localtime(self.published_at).year if self.published_at else None
        )
        # Pages write "Ảnh: …" themselves.
        self.image_credit = CREDIT_PREFIX.sub("", self.image_credit or "")

    #: The translated fields search reads and a result's excerpt quotes (see search.index).
    search_fields = ("lead", "body", "source_name", "image_caption")
    #: What search_spec() reads of other records, fetched in bulk when reindexing.
    search_prefetch = ("topics", "countries")
    #: The relations whose names an article is found by: a rename reindexes it.
    search_names = ("topics", "countries")

    def search_spec(self):
        """What search reads of an article besides ``search_fields`` (see search.index)."""
        return {
            "plain": [self.author],
            "related": [(self.topics.all(), "name"), (self.countries.all(), "name")],
            "date": self.published_at,
        }

    def rendition_url(self, spec):
        """The URL of a resized copy of the image (never the upload itself), or "" when there
        is no image or its file cannot be read."""
        if not self.image:
            return ""
        key = (self.image.name, spec)
        url = RENDITION_URLS.get(key)
        if url is None:
            try:
                url = getattr(self, spec).url
            except (OSError, ValueError):
                return ""
            if len(RENDITION_URLS) >= RENDITION_URLS_KEPT:
                RENDITION_URLS.clear()
            RENDITION_URLS[key] = url
        return url

    @property
    def card_image_url(self):
        return self.rendition_url("image_card")

    @property
    def share_image_url(self):
        return self.rendition_url("image_share")

    def json_ld(self, request):
        """schema.org's ``NewsArticle`` for the page's JSON-LD."""
        url = request.build_absolute_uri(self.get_absolute_url())
        publisher = seo.publisher(request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": Truncator(self.title).chars(110),
            "description": self.lead or self.title,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": self.shown_language("title"),
            "datePublished": self.published_at.isoformat() if self.published_at else None,
            "dateModified": self.updated_at.isoformat() if self.updated_at else None,
            "publisher": publisher,
            "author": {"@type": "Person", "name": self.author} if self.author else publisher,
            "about": [topic.name for topic in self.references["topics"]],
        }
        if self.share_image_url:
            data["image"] = [request.build_absolute_uri(self.share_image_url)]
        return {key: value for key, value in data.items() if value not in (None, [], "")}

    @property
    def picture(self):
        medium, large = self.rendition_url("image_medium"), self.rendition_url("image_large")
        if not medium:
            return None
        return {"src": medium, "srcset": f"{medium} 800w, {large} 1600w"}

    def clean(self):
        super().clean()
        if self.image and not self.image_alt_vi:
            raise ValidationError(
                {
                    "image_alt_vi": ValidationError(
                        _("Describe the image for readers who cannot see it."),
                        code="image_alt_required",
                    )
                }
            )
