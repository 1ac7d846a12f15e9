from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .text import normalize_nfc, slugify_vi


class ChoiceLabel:
    """``kind_label = ChoiceLabel("kind")``: the label of the field's value, as
    ``get_kind_display()`` gives it, in the active language. Django's rebuilds a dict of every
    choice on each call (250 Python calls for a document's kind, on every row of a list)."""

    def __init__(self, field_name):
        self.field_name = field_name
        self.labels = None

    def __get__(self, instance, owner):
        if instance is None:
            return self
        if self.labels is None:
            self.labels = dict(owner._meta.get_field(self.field_name).flatchoices)
        value = getattr(instance, self.field_name)
        return str(self.labels.get(value, value))


class PortalModel(models.Model):
    """Base for every editable record: timestamps, NFC text and sanitised rich text."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    #: The rows edited inline with the record, by their accessor (a plan's "thrusts"): part of
    #: it in its history, its working copy and its merges.
    edited_with = ()

    class Meta:
        abstract = True

    def clean_text(self):
        """Normalise text to NFC and sanitise rich text, whatever path the save came by (admin,
        shell, a script, loaddata's raw saves: ``core.apps`` calls it before every save; bulk
        creators call it themselves): the admin form is not the only way in."""
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

    def derive_fields(self):
        """Set the columns computed from others. Called before every save, loaddata's too
        (``core.apps``), and by bulk creators, which bypass ``save``."""

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
        missing = self.missing_fields()
        return [code for code, _name in settings.LANGUAGES if missing[code]]

    def missing_fields(self):
        """``{language: [translated field name, …]}``: the fields that lack a text in that
        language which another language has, in the form's order."""
        codes = [code for code, _name in settings.LANGUAGES]
        missing = {code: [] for code in codes}
        translated = set(self.translated_field_names())
        for name in (field.name for field in self._meta.fields if field.name in translated):
            values = {code: str(getattr(self, f"{name}_{code}") or "").strip() for code in codes}
            if any(values.values()):
                for code, value in values.items():
                    if not value:
                        missing[code].append(name)
        return missing

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
    #: What ``keeps_old_address`` reads of the stored row before a save.
    address_fields = ("slug",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(getattr(self, self.slug_source_field))
        stored = None
        if self.pk is not None:
            stored = (
                type(self)._default_manager.filter(pk=self.pk).values(*self.address_fields).first()
            )
        super().save(*args, **kwargs)
        if stored and stored["slug"] != self.slug:
            PreviousSlug.objects.moved(self, stored["slug"], keep=self.keeps_old_address(stored))

    def keeps_old_address(self, stored):
        """Whether the address the record had (``stored``, as it was) keeps leading to it:
        links and bookmarks to it exist."""
        return True

    def unique_slug(self, text):
        max_length = self._meta.get_field("slug").max_length
        base = slugify_vi(text)[: max_length - 4].strip("-") or self._meta.model_name
        candidate, number = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=candidate).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate


def in_every_language(*names):
    """``in_every_language("plan__title")``: ``["plan__title_vi", "plan__title_en"]``, the
    stored columns of translated fields across a relation, which ``only()`` does not add by
    itself as it does for the model's own fields."""
    return [
        build_localized_fieldname(name, code)
        for name in names
        for code, _language in settings.LANGUAGES
    ]


def visible(now=None, through=""):
    """What readers may see: published, and its publish time has come. The only definition of
    "visible" on the site; ``through`` ("plan__") for the records a relation leads to."""
    return Q(
        **{
            f"{through}state": Workflow.PUBLISHED,
            f"{through}published_at__lte": now or timezone.now(),
        }
    )


def visible_sql(connection, now=None):
    """``visible`` as SQL on a record's own table, for the rare query written by hand: the
    condition and its parameters (tests/test_workflow.py checks that both say the same)."""
    quote = connection.ops.quote_name
    return (
        f"{quote('state')} = %s AND {quote('published_at')} <= %s",
        [Workflow.PUBLISHED, connection.ops.adapt_datetimefield_value(now or timezone.now())],
    )


class PublishedQuerySet(models.QuerySet):
    def published(self, now=None):
        """Only what readers may see (``visible``)."""
        return self.filter(visible(now))

    def for_cards(self):
        """Only what a record's card shows (the model's ``card_fields``): listings and the
        home page read a dozen records at a time, without their texts in every language."""
        return self.only(*self.model.card_fields)

    def for_links(self, *shown):
        """Only what a link to a record needs: its slug, its title in every language and the
        fields the link also shows (``shown``). The records a page links to are a fraction as
        wide without their texts, and each row is read faster."""
        return self.only("slug", "title", *shown)

    def scheduled(self, now=None):
        """Published, but waiting for its publish time."""
        return self.filter(state=Workflow.PUBLISHED, published_at__gt=now or timezone.now())

    def missing_translation(self, language):
        """Records with a translated field that has text in another language but not in
        ``language`` (see ``PortalModel.missing_languages``)."""
        others = [code for code, _name in settings.LANGUAGES if code != language]
        condition = Q()
        for name in self.model.translated_field_names():
            empty = Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
            filled = Q()
            for other in others:
                filled |= ~Q(**{f"{name}_{other}": ""}) & Q(**{f"{name}_{other}__isnull": False})
            condition |= empty & filled
        return self.filter(condition) if condition else self.none()


class Workflow(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class PublishableModel(SluggedModel):
    """A record readers see only once a Publisher has published it (see ``published()``)."""

    state = models.CharField(_("state"), max_length=12, choices=Workflow, default=Workflow.DRAFT)
    #: The field that sums the record up in lists, shares and the meta description.
    summary_field = "summary"
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: set to the moment it is published. A time in the future keeps the "
            "published record hidden until then."
        ),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        permissions = [("publish", _("Can publish and unpublish"))]
        # published() and scheduled(): a range of one state's publication times.
        indexes = [
            models.Index(fields=["state", "published_at"], name="%(app_label)s_%(class)s_visible")
        ]

    address_fields = ("slug", "state")

    def save(self, *args, **kwargs):
        if self.state == Workflow.PUBLISHED and self.published_at is None:
            # To the second, as the admin's date and time inputs show it.
            self.published_at = timezone.now().replace(microsecond=0)
        super().save(*args, **kwargs)

    def keeps_old_address(self, stored):
        # Only a published record's address was public.
        return stored["state"] == Workflow.PUBLISHED

    @property
    def is_visible(self):
        return (
            self.state == Workflow.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.state == Workflow.PUBLISHED and not self.is_visible

    @classmethod
    def publish_permission(cls):
        return f"{cls._meta.app_label}.publish"

    @classmethod
    def states_for(cls, user, stored_state=None):
        """The states ``user`` may give a record now in ``stored_state`` (None: new).

        Publishers may set any state. Editors move drafts to review and back; a record that
        is (or was) published keeps its state in their hands."""
        if user.has_perm(cls.publish_permission()):
            return list(Workflow.values)
        if stored_state in (Workflow.PUBLISHED, Workflow.UNPUBLISHED):
            return [stored_state]
        return [Workflow.DRAFT, Workflow.REVIEW]


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


class PreviousSlugQuerySet(models.QuerySet):
    def moved(self, record, old_slug, keep):
        """``record`` now lives at its new slug: ``old_slug`` leads to it if ``keep`` (it was
        published there), and the new slug is nobody's old address any more."""
        content_type = ContentType.objects.get_for_model(record)
        self.filter(content_type=content_type, slug=record.slug).delete()
        if keep:
            self.update_or_create(
                content_type=content_type, slug=old_slug, defaults={"object_id": record.pk}
            )

    def record(self, queryset, slug):
        """The record of ``queryset`` that used to live at ``slug``, or None."""
        content_type = ContentType.objects.get_for_model(queryset.model)
        pk = (
            self.filter(content_type=content_type, slug=slug)
            .values_list("object_id", flat=True)
            .first()
        )
        return None if pk is None else queryset.filter(pk=pk).first()


class PreviousSlug(models.Model):
    """An address a published record had before its slug changed: links to it still work."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreviousSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("previous web address")
        verbose_name_plural = _("previous web addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="previous_slug_once"),
        ]

    def __str__(self):
        return self.slug


class AdminPreference(models.Model):
    """What a staff member chose for the admin: its language, Vietnamese until they choose
    (``core.middleware.AdminLanguageMiddleware``), whatever language they read the site in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="admin_preference",
    )
    language = models.CharField(_("admin language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("admin preference")
        verbose_name_plural = _("admin preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"

    @classmethod
    def language_of(cls, user):
        chosen = cls.objects.filter(user=user).values_list("language", flat=True).first()
        return chosen or settings.LANGUAGE_CODE
