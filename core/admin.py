from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from js_asset import Media
from modeltranslation.admin import TranslationAdmin

from .forms import SlugFromTextField
from .models import Country, Organisation, Topic
from .widgets import DATE_WIDGETS

TIMESTAMPS_FIELDSET = (
    _("Record"),
    {"classes": ["collapse"], "fields": ["created_at", "updated_at"]},
)


class ContentAdmin(TranslationAdmin):
    """Admin for translated content: one language switch per form (content-languages.js), a
    translation column, timestamps."""

    save_on_top = True
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {
        # A web address typed without a scheme is taken as https (Django 6's default).
        models.URLField: {"assume_scheme": "https"},
        models.SlugField: {"form_class": SlugFromTextField},
        **DATE_WIDGETS,
    }

    class Media:
        js = ["core/content-languages.js", "core/prose-editor-labels.js"]

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor's import map is an inline script: give it the request's CSP
        # nonce (django-js-asset puts it on every tag of the form's media).
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **named_choices(db_field, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **named_choices(db_field, kwargs)
        )

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        """Each language, complete or with the fields it lacks: "EN ✗ tiêu đề, sapo"."""
        missing = obj.missing_fields()
        labels = {
            name: str(obj._meta.get_field(name).verbose_name)
            for name in obj.translated_field_names()
        }
        return format_html_join(
            " ",
            '<span class="lang-status lang-status--{}" title="{}">{}&nbsp;{}</span>',
            (
                (
                    "missing" if missing[code] else "complete",
                    _("%(language)s: missing") % {"language": name}
                    if missing[code]
                    else _("%(language)s: complete") % {"language": name},
                    code.upper(),
                    "✗ " + ", ".join(labels[field] for field in missing[code])
                    if missing[code]
                    else "✓",
                )
                for code, name in settings.LANGUAGES
            ),
        )


def named_choices(db_field, kwargs):
    """A relation's choices with what their names read, where their queryset says so
    (``named()``, e.g. a meeting's series), so that a picker names each without a query."""
    named = getattr(db_field.related_model._default_manager, "named", None)
    if named is not None and "queryset" not in kwargs:
        kwargs["queryset"] = named()
    return kwargs


def short_dates(start, end=None):
    """A list's dates, day first and short: "07/05/2025", "20/11/2019 – 21/11/2019"."""
    dates = [date_format(day, "SHORT_DATE_FORMAT") for day in (start, end) if day]
    return " – ".join(dict.fromkeys(dates))


def short_moment(moment):
    """A list's time in the site's zone: "07/05/2025 20:00", or "-"."""
    if moment is None:
        return "-"
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def image_thumbnail(obj, spec="image_thumbnail", css_class="admin-thumbnail"):
    """An <img> of a rendition, or a note when the image's file is gone. Only of a stored
    image: a form shown again with errors holds the upload it refused, which must never be
    decoded or resized."""
    if not obj.image or not obj.image._committed:
        return ""
    url = obj.rendition_url(spec)
    if not url:
        return format_html('<span class="errornote">{}</span>', _("image file missing"))
    return format_html('<img src="{}" alt="" class="{}">', url, css_class)


# Reference data keeps a history like content. Imported here, below ContentAdmin, which the
# history's admin builds on.
from editorial.admin import VersionedAdmin  # noqa: E402


@admin.register(Country)
class CountryAdmin(VersionedAdmin):
    list_display = ["code", "name", "relation", "translation_status"]
    list_filter = ["relation"]
    search_fields = ["code", "name_vi", "name_en"]
    fields = ["code", "name", "relation"]


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin):
    list_display = ["acronym", "name", "kind", "parent", "translation_status"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name_vi", "name_en", "slug"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "kind", "parent", "website", "description"]}),
        (_("Address"), {"classes": ["collapse"], "fields": ["slug"]}),
        TIMESTAMPS_FIELDSET,
    ]


@admin.register(Topic)
class TopicAdmin(VersionedAdmin):
    list_display = ["name", "slug", "translation_status"]
    search_fields = ["name_vi", "name_en", "slug"]
    fields = ["name", "slug"]


# Authenticator devices are managed on each person's own page (core/two_factor.py) and reset
# with `manage.py reset_two_factor`; django-otp's list shows their secret keys to anyone with
# its permissions.
admin.site.unregister(TOTPDevice)
