from django.db import models
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_address
from core.fields import RichTextField
from core.models import PublishableModel


class Page(PublishableModel):
    """A page editors own and keep up to date: About, Contact, Accessibility statement,
    Privacy, or any other, in the same workflow and history as the content."""

    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for search engines and shares.")
    )
    body = RichTextField(_("full text"))
    in_footer = models.BooleanField(
        _("linked from the footer"), default=False, help_text=_("Linked from every page's footer.")
    )
    footer_order = models.PositiveSmallIntegerField(
        _("order in the footer"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta(PublishableModel.Meta):
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["footer_order", "title_vi"]

    #: What search reads of a page (see search.index), besides its title.
    search_fields = ("summary", "body")
    search_prefetch = ()
    search_names = ()

    def __str__(self):
        return self.title

    def search_spec(self):
        return {"date": self.published_at or self.updated_at}

    def get_absolute_url(self):
        return slug_address("pages:detail", self.slug)
