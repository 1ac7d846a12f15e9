import re

from django.contrib import admin, messages
from django.db.models import Case, Q, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from core.admin import TIMESTAMPS_FIELDSET, short_dates
from core.widgets import DATE_WIDGETS
from editorial.admin import PublishableAdmin, RowFormSet, VersionedAdmin

from .models import Meeting, MeetingPlan, MeetingSeries, OutcomeDocument


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(VersionedAdmin):
    list_display = ["acronym", "name", "organisation", "predecessor", "translation_status"]
    search_fields = ["acronym", "name_vi", "name_en", "slug"]
    autocomplete_fields = ["organisation", "predecessor"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "organisation", "predecessor", "description"]}),
        (_("Address"), {"classes": ["collapse"], "fields": ["slug"]}),
        TIMESTAMPS_FIELDSET,
    ]


class MeetingPlanInline(admin.TabularInline):
    formset = RowFormSet
    model = MeetingPlan
    extra = 0
    autocomplete_fields = ["plan"]


class OutcomeDocumentInline(TranslationStackedInline):
    formset = RowFormSet
    model = OutcomeDocument
    extra = 0
    fields = ["title", "kind", "date", "file", "language", "file_check", "order"]
    readonly_fields = ["file_check"]
    formfield_overrides = DATE_WIDGETS

    @admin.display(description=_("check of the file"))
    def file_check(self, document):
        if not document.file_size:
            return "–"
        warnings = document.file_warnings()
        if not warnings:
            return _("%(size)s, with text and a title: readable by everyone.") % {
                "size": filesizeformat(document.file_size)
            }
        return format_html(
            '<ul class="messagelist file-warnings">{}</ul>',
            format_html_join("", '<li class="warning">{}</li>', ((w,) for w in warnings)),
        )


class HeldFilter(admin.SimpleListFilter):
    title = _("held or upcoming")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Held"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


#: "AMRI 17", "telmin-23", "SOMRI20": a series' acronym and an edition number.
EDITION = re.compile(r"^\s*(?P<series>[^\W\d_][\w-]*?)[\s-]*(?P<edition>\d{1,4})\s*$")


@admin.register(Meeting)
class MeetingAdmin(PublishableAdmin):
    list_display = ["title", "dates", "translation_status"]
    list_filter = [HeldFilter, "series", "host_country", "mode"]
    list_select_related = ["series", "host_country"]
    search_fields = [
        "title_vi",
        "title_en",
        "summary_vi",
        "summary_en",
        "city_vi",
        "city_en",
        "series__acronym",
        "slug",
    ]
    date_hierarchy = "start_date"
    autocomplete_fields = [
        "series",
        "host_country",
        "participating_countries",
        "participating_organisations",
        "topics",
    ]
    inlines = [MeetingPlanInline, OutcomeDocumentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).named()

    def save_formset(self, request, form, formset, change):
        """A file just uploaded is accepted, but what is wrong with it is said at once."""
        super().save_formset(request, form, formset, change)
        if formset.model is not OutcomeDocument:
            return
        for row_form in formset.forms:
            document = row_form.instance
            if "file" in row_form.changed_data and document.pk and document.file:
                for warning in document.file_warnings():
                    self.message_user(request, f"{document.title}: {warning}", messages.WARNING)

    def get_search_results(self, request, queryset, search_term):
        """A search for "AMRI 17" lists that meeting first (in the pickers of other records),
        then the others that mention the words, newest first."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = EDITION.match(search_term)
        if match:
            edition = Q(series__acronym__iexact=match["series"], edition=int(match["edition"]))
            results = (results | queryset.filter(edition)).order_by(
                Case(When(edition, then=Value(0)), default=Value(1)), "-start_date"
            )
        return results, may_have_duplicates

    fieldsets = [
        (None, {"fields": ["title", "series", "edition", "summary", "body"]}),
        (_("When"), {"fields": ["start_date", "end_date", "date_precision"]}),
        (_("Where"), {"fields": ["mode", "city", "host_country", "venue"]}),
        (
            _("Who"),
            {
                "fields": [
                    "chair_name",
                    "chair_office",
                    "participating_countries",
                    "participating_organisations",
                ]
            },
        ),
        (_("Classification and address"), {"fields": ["topics", "slug"]}),
        TIMESTAMPS_FIELDSET,
    ]

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return short_dates(obj.start_date, obj.end_date)
