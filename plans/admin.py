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


class StatusFilter(admin.SimpleListFilter):
    """Today's status, derived or set by hand (``Plan.status``)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Plan.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(current_status=self.value()) if self.value() else queryset


@admin.register(Plan)
class PlanAdmin(PublishableAdmin):
    list_display = ["title", "period", "status", "translation_status"]
    list_filter = [StatusFilter, "kind", "implementing_bodies"]
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
        (None, {"fields": ["title", "acronym", "kind", "summary", "body"]}),
        (
            _("Period and status"),
            {"fields": ["start_year", "end_year", "status_override", "status_note"]},
        ),
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

    def get_queryset(self, request):
        # ``current_status`` for the status filter and column (``StatusFilter``, ``status``).
        return super().get_queryset(request).with_status()

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, obj):
        return obj.period

    @admin.display(description=_("status"), ordering="current_status")
    def status(self, obj):
        label = obj.status_label
        return _("%(status)s (set by hand)") % {"status": label} if obj.status_override else label
