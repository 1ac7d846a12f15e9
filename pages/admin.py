from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import TIMESTAMPS_FIELDSET
from editorial.admin import PublishableAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "in_footer", "footer_order", "translation_status"]
    list_filter = ["in_footer"]
    search_fields = ["title_vi", "title_en", "summary_vi", "summary_en", "slug"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body"]}),
        (_("Footer"), {"fields": ["in_footer", "footer_order"]}),
        (_("Address"), {"classes": ["collapse"], "fields": ["slug"]}),
        TIMESTAMPS_FIELDSET,
    ]
