from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TIMESTAMPS_FIELDSET, ContentAdmin, image_thumbnail, short_moment
from editorial.admin import PublishableAdmin

from .models import Article


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["thumbnail", "title", "published", "translation_status"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["published_at", "topics", "countries"]
    search_fields = ["title_vi", "title_en", "lead_vi", "lead_en", "author", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["topics", "meetings", "plans", "countries"]
    readonly_fields = [*ContentAdmin.readonly_fields, "image_preview"]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (
            _("Image"),
            {
                "fields": [
                    "image",
                    "image_preview",
                    "image_alt",
                    "image_caption",
                    "image_credit",
                ]
            },
        ),
        (_("Author and source"), {"fields": ["author", "source_name", "source_url"]}),
        (_("Related records"), {"fields": ["topics", "meetings", "plans", "countries"]}),
        (_("Address"), {"classes": ["collapse"], "fields": ["slug"]}),
        TIMESTAMPS_FIELDSET,
    ]

    @admin.display(description=_("publication time"), ordering="published_at")
    def published(self, obj):
        return short_moment(obj.published_at)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return image_thumbnail(obj)

    @admin.display(description=_("current image"))
    def image_preview(self, obj):
        return image_thumbnail(obj, spec="image_preview", css_class="admin-preview")
