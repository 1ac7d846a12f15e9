import calendar
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import connections, models, router
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_address
from core.dates import reader_dates, reader_month
from core.fields import RichTextField
from core.models import (
    ChoiceLabel,
    Country,
    Organisation,
    PortalModel,
    PublishableModel,
    PublishedQuerySet,
    SluggedModel,
    Topic,
    in_every_language,
    visible,
    visible_sql,
)
from core.pdfs import read_facts
from core.reference import LinksReferenceData, ReferenceKey
from core.validators import validate_pdf_upload


class MeetingSeries(SluggedModel):
    """A recurring meeting, e.g. AMRI, SOMRI or TELMIN, numbered by edition."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, help_text=_("e.g. AMRI, TELMIN."))
    description = models.TextField(_("description"), blank=True)
    organisation = ReferenceKey(
        "core.Organisation",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_series",
        help_text=_("The body whose meetings these are."),
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("earlier name of this series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text=_("If the series was renamed, the series it continues."),
    )
    slug_source_field = "acronym"
    summary_field = "description"

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["acronym"]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return slug_address("meetings:series", self.slug)

    @property
    def title(self):
        """What a page, share or breadcrumb names the series by: "AMRI – ASEAN Ministers…"."""
        return f"{self.acronym} – {self.name}" if self.name else self.acronym


class MeetingQuerySet(PublishedQuerySet):
    def named(self):
        """With what a meeting's name (``__str__``) reads: its series."""
        return self.select_related("series")

    def with_end(self):
        return self.alias(ends_on=Coalesce("end_date", "start_date"))

    def upcoming(self, today=None):
        return self.with_end().filter(ends_on__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.with_end().filter(ends_on__lt=today or timezone.localdate())

    def for_cards(self):
        """As ``PublishedQuerySet.for_cards``, the series read with them."""
        return self.select_related("series").only(*self.model.card_fields)

    def with_relations(self):
        """What a meeting's API record shows: its series, documents and the published plans
        it dealt with, and the slugs (countries: codes) of its topics and participants. (Its
        page reads the same by prepared queries: ``meetings.views``.)"""
        return self.select_related("series").prefetch_related(
            "documents",
            models.Prefetch("meetingplan_set", MeetingPlan.objects.to_published_plans()),
            models.Prefetch("topics", Topic.objects.only("slug")),
            models.Prefetch("participating_countries", Country.objects.only("code")),
            models.Prefetch("participating_organisations", Organisation.objects.only("slug")),
        )


class Meeting(LinksReferenceData, PublishableModel):
    """One meeting of a series: when and where it met, who took part and what it decided."""

    edited_with = ("meetingplan_set", "documents")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact dates")
        MONTH = "month", _("Month only")
        YEAR = "year", _("Year only")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=255)
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("e.g. 17 for the 17th AMRI.")
    )
    start_date = models.DateField(
        _("start date"),
        help_text=_(
            "If only the month or year is known, pick its first day and set the precision."
        ),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a one-day meeting."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("For a planned meeting whose dates are not fixed yet."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    host_country = ReferenceKey(
        "core.Country",
        verbose_name=_("host country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    mode = models.CharField(_("format"), max_length=10, choices=Mode, default=Mode.IN_PERSON)
    mode_label = ChoiceLabel("mode")
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    chair_office = models.CharField(
        _("chair's office"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Minister of Information and Communications of Viet Nam."),
    )
    participating_countries = models.ManyToManyField(
        "core.Country",
        verbose_name=_("participating countries"),
        blank=True,
        related_name="attended_meetings",
    )
    participating_organisations = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="attended_meetings",
    )
    topics = models.ManyToManyField(
        "core.Topic", verbose_name=_("topics"), blank=True, related_name="meetings"
    )
    plans = models.ManyToManyField(
        "plans.Plan",
        verbose_name=_("related plans"),
        through="MeetingPlan",
        blank=True,
        related_name="meetings",
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in lists and search.")
    )
    body = RichTextField(_("full text"))

    objects = MeetingQuerySet.as_manager()
    #: What a card shows (``includes/_meeting_card.html``): the series' acronym too, and
    #: which country hosted it (named from the reference copy, ``ReferenceKey``).
    card_fields = (
        "slug",
        "title",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "series__acronym",
        "host_country",
    )

    class Meta(PublishableModel.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date"]
        indexes = [
            *PublishableModel.Meta.indexes,
            # Listings and the home page read a few meetings in date order, upcoming or past
            # (``MeetingQuerySet.with_end``), not every meeting sorted.
            models.Index(fields=["start_date"], name="meetings_meeting_start"),
            models.Index(Coalesce("end_date", "start_date"), name="meetings_meeting_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        """What tells meetings apart in the admin's pickers and lists: "AMRI 17 · Kuala
        Lumpur · 5/2025" (a meeting without an edition number by its title)."""
        name = f"{self.series.acronym} {self.edition}" if self.edition else self.title
        return " · ".join(str(part) for part in (name, self.city, self.month_label) if part)

    def get_absolute_url(self):
        return slug_address("meetings:detail", self.slug)

    @property
    def month_label(self):
        """ "5/2025", or "2027" for a meeting known only by its year."""
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.start_date.year)
        return f"{self.start_date.month}/{self.start_date.year}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        _("The end date cannot be before the start date."), code="end_before_start"
                    )
                }
            )

    def save(self, *args, **kwargs):
        if self.start_date and not self.end_date:
            self.end_date = self.last_possible_day()
        super().save(*args, **kwargs)

    def last_possible_day(self):
        """For a meeting known only by month or year, the last day it could take place."""
        start = self.start_date
        if self.date_precision == self.DatePrecision.YEAR:
            return datetime.date(start.year, 12, 31)
        if self.date_precision == self.DatePrecision.MONTH:
            return start.replace(day=calendar.monthrange(start.year, start.month)[1])
        return None

    #: The translated fields search reads and a result's excerpt quotes (see search.index).
    search_fields = ("summary", "city", "venue", "chair_office", "body")
    #: What search_spec() reads of other records, fetched in bulk when reindexing.
    search_prefetch = (
        "documents",
        "series",
        "host_country",
        "topics",
        "participating_countries",
        "participating_organisations",
    )
    #: The relations whose names a meeting is found by: a rename reindexes it.
    search_names = (
        "series",
        "host_country",
        "topics",
        "participating_countries",
        "participating_organisations",
    )

    def search_spec(self):
        """What search reads of a meeting besides ``search_fields`` (see search.index)."""
        bodies = list(self.participating_organisations.all())
        return {
            "plain": [self.chair_name, self.series.acronym, *(body.acronym for body in bodies)],
            "related": [
                (self.documents.all(), "title"),
                ([self.series], "name"),
                ([self.host_country] if self.host_country else [], "name"),
                (self.topics.all(), "name"),
                (self.participating_countries.all(), "name"),
                (bodies, "name"),
            ],
            "date": self.start_date,
        }

    @property
    def dates_label(self):
        """The dates as precisely as they are known, as the page's language writes them:
        "20–21 tháng 11 năm 2019", "tháng 5/2027", "2027"."""
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.start_date.year)
        if self.date_precision == self.DatePrecision.MONTH:
            return reader_month(self.start_date)
        return reader_dates(self.start_date, self.end_date)

    @property
    def place_label(self):
        return ", ".join(str(part) for part in (self.city, self.host_country) if part)

    def neighbours(self):
        """The previous and the next published meeting of the same series, as links: a row
        each (a series may have hundreds of editions), in one query written here. Through the
        ORM, the two queries took more of a meeting's page than any other part of it (3,500
        Python calls; this one, 500)."""
        connection = connections[router.db_for_read(Meeting)]

        def column(name):
            return connection.ops.quote_name(self._meta.get_field(name).column)

        columns = ", ".join(
            column(name) for name in ("id", "slug", *in_every_language("title"), "start_date")
        )
        visibility, visibility_params = visible_sql(connection)
        edition = (
            f"SELECT {columns} FROM {connection.ops.quote_name(self._meta.db_table)} "
            f"WHERE {visibility} AND {column('series')} = %s AND {column('start_date')} {{}} %s "
            f"ORDER BY {column('start_date')} {{}}, {column('id')} {{}} LIMIT 1"
        )
        sql = (
            f"SELECT * FROM ({edition.format('<', 'DESC', 'DESC')}) AS earlier UNION ALL "
            f"SELECT * FROM ({edition.format('>', 'ASC', 'ASC')}) AS later"
        )
        params = [
            *visibility_params,
            self.series_id,
            connection.ops.adapt_datefield_value(self.start_date),
        ]
        editions = list(Meeting.objects.raw(sql, params * 2))
        return (
            next((edition for edition in editions if edition.start_date < self.start_date), None),
            next((edition for edition in editions if edition.start_date > self.start_date), None),
        )

    def iso_dates(self):
        """``(start, end)`` in ISO 8601 as precisely as they are known: "2027-05" for a month,
        "2027" for a year."""
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.start_date.year), None
        if self.date_precision == self.DatePrecision.MONTH:
            return self.start_date.strftime("%Y-%m"), None
        return self.start_date.isoformat(), self.last_day.isoformat()

    def json_ld(self, request):
        """schema.org's ``Event`` for the page's JSON-LD."""
        url = request.build_absolute_uri(self.get_absolute_url())
        start, end = self.iso_dates()
        place = {
            "@type": "Place",
            "name": self.venue or self.place_label or self.title,
            "address": {
                "@type": "PostalAddress",
                **({"addressLocality": self.city} if self.city else {}),
                **({"addressCountry": self.host_country.code} if self.host_country else {}),
            },
        }
        online = {"@type": "VirtualLocation", "url": url}
        organiser = self.series.organisation
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary or self.title,
            "url": url,
            "inLanguage": self.shown_language("title"),
            "startDate": start,
            "endDate": end,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": {
                self.Mode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
                self.Mode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
                self.Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
            }[self.mode],
            "location": {
                self.Mode.IN_PERSON: place,
                self.Mode.ONLINE: online,
                self.Mode.HYBRID: [place, online],
            }[self.mode],
            "organizer": {
                "@type": "Organization",
                "name": organiser.name if organiser else self.series.name,
                **({"url": organiser.website} if organiser and organiser.website else {}),
            },
            "superEvent": {"@type": "EventSeries", "name": self.series.name},
        }
        return {key: value for key, value in data.items() if value is not None}

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def is_upcoming(self):
        """Derived from the dates, never typed: upcoming until its last day has passed."""
        return self.last_day >= timezone.localdate()


class MeetingPlanQuerySet(models.QuerySet):
    """Links readers may see, for a meeting's plans or a plan's meetings."""

    def to_published_plans(self, now=None):
        return (
            self.filter(visible(now, through="plan__"))
            .select_related("plan")
            .only("meeting", "role", "plan__slug", *in_every_language("plan__title"))
        )

    def to_published_meetings(self, now=None):
        return (
            self.filter(visible(now, through="meeting__"))
            .select_related("meeting")
            .only(  # a link to each meeting, with its dates
                "plan",
                "role",
                "meeting__slug",
                *in_every_language("meeting__title"),
                "meeting__start_date",
                "meeting__end_date",
                "meeting__date_precision",
            )
        )


class MeetingPlan(models.Model):
    """What a meeting did with a plan: launched, adopted, reviewed…"""

    class Role(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        LAUNCHED = "launched", _("launched")
        SIGNED = "signed", _("signed")
        REVIEWED = "reviewed", _("progress reviewed")
        NOTED = "noted", _("drafting noted")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE)
    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE)
    role = models.CharField(_("what the meeting did"), max_length=10, choices=Role)
    role_label = ChoiceLabel("role")

    objects = MeetingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("related plan")
        verbose_name_plural = _("related plans")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "plan"], name="meeting_plan_once"),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.role_label} – {self.plan}"


class OutcomeDocumentQuerySet(models.QuerySet):
    def published(self, now=None):
        """The documents readers may see: those of published meetings."""
        return self.filter(meeting__in=Meeting.objects.published(now).values("pk"))

    def for_library(self):
        """Newest first (by the document's date, else its meeting's; a meeting's documents
        of one day in their order), with what a row of the documents library shows."""
        return (
            self.annotate(dated=Coalesce("date", "meeting__start_date"))
            .select_related("meeting")
            # Rows are sorted before the page is cut: without the meetings' texts, in every
            # language, they are a fraction as wide.
            .defer("meeting__summary", "meeting__body")
            .order_by(F("dated").desc(nulls_last=True), "-meeting_id", "order", "pk")
        )


class OutcomeDocument(PortalModel):
    """A text a meeting produced: a declaration, joint statement, MoU…"""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        VIETNAMESE = "vi", _("Vietnamese")
        BOTH = "vi-en", _("Vietnamese and English")

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        MOU = "mou", _("Memorandum of understanding")
        GUIDELINES = "guidelines", _("Guidelines")
        PLAN = "plan", _("Plan or work plan")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DECLARATION)
    kind_label = ChoiceLabel("kind")
    date = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(
        _("PDF file"),
        upload_to="documents/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
        help_text=_("Optional. A PDF of at most 20 MB."),
    )
    language = models.CharField(
        _("language of the file"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    language_label = ChoiceLabel("language")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # What the file is, read from it when it is uploaded (``read_facts``).
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    file_has_title = models.BooleanField(_("the PDF has a title"), null=True, editable=False)
    file_has_text = models.BooleanField(_("the PDF has text"), null=True, editable=False)

    objects = OutcomeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def parent_record(self):
        """The meeting this row belongs to, or None while a fixture is still loading it."""
        return Meeting.objects.filter(pk=self.meeting_id).first()

    def save(self, *args, **kwargs):
        # A file just uploaded (not yet in storage) is read once, here; a stored one keeps
        # what was read from it.
        if not self.file:
            self.file_size = self.page_count = self.file_has_title = self.file_has_text = None
        elif not self.file._committed:
            facts = read_facts(self.file.file)
            self.file_size = self.file.size
            self.page_count = facts.pages if facts else None
            self.file_has_title = bool(facts and facts.title)
            self.file_has_text = bool(facts and facts.has_text)
        super().save(*args, **kwargs)

    def file_warnings(self):
        """What an editor should fix in the file, though it is accepted."""
        warnings = []
        if self.file_has_text is False:
            warnings.append(
                _(
                    "The PDF has no text, only images of pages (a scan?): screen readers cannot "
                    "read it, and readers cannot search or copy its words. Upload a version with "
                    "text if there is one, or run it through text recognition (OCR)."
                )
            )
        if self.file_has_title is False:
            warnings.append(
                _(
                    "The PDF has no title in its properties: browsers will show its file name "
                    "instead. Set one in the program that made it and upload it again."
                )
            )
        return warnings
