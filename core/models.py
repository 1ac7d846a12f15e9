from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from .text import normalize_nfc, slugify_vi


class PortalModel(models.Model):
    """Base for every editable record: timestamps, NFC text and sanitised rich text."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.clean_text()
        super().save(*args, **kwargs)

    def clean_text(self):
        """Normalise text to NFC and sanitise rich text, whatever path the save came by
        (admin, shell, a script): the admin form is not the only way in."""
        # The untranslated "title" of a translated field is a proxy: setting it writes to the
        # active language's column. Only the real columns (title_vi, title_en) are touched.
        proxies = set(self.translated_field_names())
        for field in self._meta.concrete_fields:
            if field.name in proxies:
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            value = normalize_nfc(value)
            sanitize = getattr(field, "sanitize", None)
            if sanitize is not None:
                value = sanitize(value)
            setattr(self, field.attname, value)

    @classmethod
    def translated_field_names(cls):
        try:
            return sorted(translator.get_options_for_model(cls).all_fields)
        except NotRegistered:
            return []

    def missing_languages(self):
        """Languages that lack a text which another language has.

        A record is complete in a language when every translated field that holds text in
        any language holds text in that one too.
        """
        codes = [code for code, _name in settings.LANGUAGES]
        missing = set()
        for name in self.translated_field_names():
            values = {code: getattr(self, f"{name}_{code}") or "" for code in codes}
            if any(str(v).strip() for v in values.values()):
                missing.update(code for code, v in values.items() if not str(v).strip())
        return [code for code in codes if code in missing]

    def shown_language(self, field):
        """The language of the text a reader sees for ``field``: the active language, or
        Vietnamese where that text has no translation yet."""
        language = get_language()
        if getattr(self, f"{field}_{language}", None):
            return language
        return settings.MODELTRANSLATION_DEFAULT_LANGUAGE

    def is_translated(self):
        return get_language() not in self.missing_languages()


class SluggedModel(PortalModel):
    """A record with a public URL made from its Vietnamese title."""

    slug = models.SlugField(
        _("web address"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The last part of the page's address. Leave empty to make it from the "
            "Vietnamese title; only change it before publishing, as links use it."
        ),
    )
    slug_source_field = "title_vi"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(getattr(self, self.slug_source_field))
        super().save(*args, **kwargs)

    def unique_slug(self, text):
        max_length = self._meta.get_field("slug").max_length
        base = slugify_vi(text)[: max_length - 4].strip("-") or self._meta.model_name
        candidate, number = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=candidate).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate


class Country(PortalModel):
    """A country that hosts, attends or partners in ASEAN cooperation."""

    class Relation(models.TextChoices):
        MEMBER = "member", _("ASEAN member state")
        PARTNER = "partner", _("Dialogue or development partner")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, e.g. VN or MY."))],
        help_text=_("The two-letter ISO 3166 code, e.g. VN for Viet Nam, MY for Malaysia."),
    )
    name = models.CharField(_("name"), max_length=100)
    relation = models.CharField(
        _("relation to ASEAN"), max_length=10, choices=Relation, default=Relation.MEMBER
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_vi"]

    def __str__(self):
        return self.name


class Organisation(SluggedModel):
    """A ministerial body, working group, secretariat or international organisation."""

    class Kind(models.TextChoices):
        ASEAN_BODY = "asean_body", _("ASEAN body")
        WORKING_GROUP = "working_group", _("ASEAN working group or task force")
        SECRETARIAT = "secretariat", _("Secretariat")
        INTERNATIONAL = "international", _("International organisation")
        GOVERNMENT = "government", _("Government agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ASEAN_BODY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The body this one reports to, e.g. SOMRI for a SOMRI working group."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    slug_source_field = "name_vi"

    class Meta:
        verbose_name = _("organisation or body")
        verbose_name_plural = _("organisations and bodies")
        ordering = ["acronym", "name_vi"]

    def __str__(self):
        return f"{self.acronym} – {self.name}" if self.acronym else self.name


class Topic(SluggedModel):
    """A subject that readers follow across meetings and news."""

    name = models.CharField(_("name"), max_length=100)
    slug_source_field = "name_vi"

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_vi"]

    def __str__(self):
        return self.name
