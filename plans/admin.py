from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import TIMESTAMPS_FIELDSET
from editorial.admin import PublishableAdmin, RowFormSet

from .models import Plan, Thrust


class ThrustInline(TranslationTabularInline):
    formset = RowFormSet
    model = Thrust
    extra = 0
    fields = ["order", "title", "description"]


@admin.register(Plan)
class PlanAdmin(PublishableAdmin):
    list_display = ["title", "period", "status", "translation_status"]
    list_filter = ["status", "kind", "implementing_bodies"]
    search_fields = ["title_vi", "title_en", "acronym", "summary_vi", "summary_en", "slug"]
    autocomplete_fields = [
        "adopted_at",
        "predecessor",
        "implementing_bodies",
        "partner_countries",
        "partner_organisations",
    ]
    inlines = [ThrustInline]
    fieldsets = [
        (None, {"fields": ["title", "acronym", "kind", "status", "summary", "body"]}),
        (_("Period"), {"fields": ["start_year", "end_year"]}),
        (
            _("Relations"),
            {
                "fields": [
                    "adopted_at",
                    "predecessor",
                    "implementing_bodies",
                    "partner_countries",
                    "partner_organisations",
                ]
            },
        ),
        (_("Address"), {"classes": ["collapse"], "fields": ["slug"]}),
        TIMESTAMPS_FIELDSET,
    ]

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, obj):
        return obj.period
