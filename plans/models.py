import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_address
from core.fields import RichTextField
from core.models import (
    ChoiceLabel,
    Country,
    Organisation,
    PortalModel,
    PublishableModel,
    PublishedQuerySet,
)
from core.reference import LinksReferenceData
from meetings.models import MeetingPlan

year_validators = [MinValueValidator(1967), MaxValueValidator(2100)]


class PlanQuerySet(PublishedQuerySet):
    def in_force(self, year):
        return self.filter(start_year__lte=year, end_year__gte=year)

    def with_status(self, today=None):
        """``current_status``, today's status (``Plan.status``) in SQL: to filter, count and
        sort by. Reading a plan's status needs none of it: ``Plan.status`` follows in Python
        from the plan's own columns and ``adopted_on``."""
        today = today or timezone.localdate()
        adopted = Q(adopted_on__lte=today)
        return self.alias(
            current_status=Case(
                When(~Q(status_override=""), then=F("status_override")),
                When(end_year__lt=today.year, then=Value(Plan.Status.COMPLETED)),
                When(adopted & Q(start_year__lte=today.year), then=Value(Plan.Status.ACTIVE)),
                When(adopted, then=Value(Plan.Status.ADOPTED)),
                default=Value(Plan.Status.DRAFTING),
                output_field=models.CharField(),
            )
        )

    def unfinished(self, today=None):
        """The plans not completed ``today``: in force, adopted or being drafted. Few, however
        many the archive holds; each one's ``status`` tells which, without ``with_status``."""
        year = (today or timezone.localdate()).year
        return self.filter(
            Q(status_override="", end_year__gte=year)
            | Q(status_override__in=[Plan.Status.DRAFTING, Plan.Status.ADOPTED, Plan.Status.ACTIVE])
        )

    def with_relations(self):
        """What a plan's API record shows: the adopting meeting, the plan it follows on from,
        its thrusts and published meetings, and the slugs (countries: codes) of its bodies
        and partners. (Its page reads the same by prepared queries: ``plans.views``.)"""
        return self.select_related("adopted_at", "predecessor").prefetch_related(
            "thrusts",
            models.Prefetch("meetingplan_set", MeetingPlan.objects.to_published_meetings()),
            models.Prefetch("implementing_bodies", Organisation.objects.only("slug")),
            models.Prefetch("partner_countries", Country.objects.only("code")),
            models.Prefetch("partner_organisations", Organisation.objects.only("slug")),
        )


class PlanManager(models.Manager.from_queryset(PlanQuerySet)):
    """Every plan read comes with ``adopted_on`` (see ``Plan.adopted_on``), from which its
    status follows: one join, where building today's status in SQL for every read cost
    more than the rest of the query."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(adopted_on=Coalesce("adopted_at__end_date", "adopted_at__start_date"))
        )

    def for_links(self, *shown):
        """Links to plans show no status: read without ``adopted_on``, whose join and
        ``COALESCE`` cost a fifth of such a query (a link's ``status`` would read its meeting)."""
        return super().get_queryset().for_links(*shown)


class Plan(LinksReferenceData, PublishableModel):
    """A master plan, work plan or agreement that guides cooperation over several years."""

    edited_with = ("thrusts",)

    class Kind(models.TextChoices):
        MASTER_PLAN = "master_plan", _("Master plan")
        STRATEGIC_PLAN = "strategic_plan", _("Strategic plan")
        WORK_PLAN = "work_plan", _("Work plan")
        AGREEMENT = "agreement", _("Memorandum or agreement")

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        ADOPTED = "adopted", _("Adopted, not yet in force")
        ACTIVE = "active", _("In force")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=255)
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("e.g. AIM 2020, ACMP II.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.WORK_PLAN)
    kind_label = ChoiceLabel("kind")
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=year_validators)
    # The status follows from the period and the adopting meeting (``status``); an editor may
    # set it by hand, with the reason readers are given.
    status_override = models.CharField(
        _("status set by hand"),
        max_length=10,
        choices=Status,
        blank=True,
        help_text=_(
            "Leave empty: the status follows from the period and the meeting that adopted the "
            "plan (in force once adopted and in its period, completed after its last year). "
            "Set it only where that would be wrong, and say why below."
        ),
    )
    status_note = models.CharField(
        _("why the status is set by hand"),
        max_length=255,
        blank=True,
        help_text=_("Shown to readers next to the status, e.g. “Extended to 2026 by AMRI 17.”"),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in lists and search.")
    )
    body = RichTextField(_("full text"))
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_plans",
        help_text=_("The meeting that adopted or launched the plan."),
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("follows on from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text=_("The earlier plan this one continues, e.g. ACMP II for ACMP III."),
    )
    implementing_bodies = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("implementing bodies"),
        blank=True,
        related_name="implemented_plans",
    )
    partner_countries = models.ManyToManyField(
        "core.Country", verbose_name=_("partner countries"), blank=True, related_name="plans"
    )
    partner_organisations = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partnered_plans",
    )

    objects = PlanManager()
    #: What a card shows (``includes/_plan_card.html``): its status follows from these.
    card_fields = ("slug", "title", "acronym", "start_year", "end_year", "status_override")

    class Meta(PublishableModel.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "title_vi"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_ends_after_it_starts",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self):
        """ "ACMP III · 2026–2030": plans of one family differ by acronym and period."""
        return f"{self.acronym or self.title} · {self.period}"

    def get_absolute_url(self):
        return slug_address("plans:detail", self.slug)

    @cached_property
    def adopted_on(self):
        """The day the adopting meeting ended (or began, when its end is not known), or
        None. A meeting known only by its month or year ends on that month's or year's last
        day (``Meeting.save``). Plans read through ``Plan.objects`` have it from the query."""
        meeting = self.adopted_at
        return (meeting.end_date or meeting.start_date) if meeting else None

    @property
    def status(self):
        """Today's status: as set by hand, else derived (``status_on``)."""
        return self.status_on(timezone.localdate())

    def status_on(self, today):
        """The status on ``today``; ``PlanQuerySet.with_status`` says the same in SQL."""
        if self.status_override:
            return self.Status(self.status_override)
        if self.end_year < today.year:
            return self.Status.COMPLETED
        if self.adopted_on is not None and self.adopted_on <= today:
            return self.Status.ACTIVE if self.start_year <= today.year else self.Status.ADOPTED
        return self.Status.DRAFTING

    @property
    def status_label(self):
        return self.status.label

    @staticmethod
    def first_of_each_status(plans, statuses, limit):
        """A list of up to ``limit`` of ``plans`` for each of ``statuses``, in order: the home
        page's plans in force and being drafted, from one query of the unfinished ones."""
        found = {status: [] for status in statuses}
        for plan in plans:
            if plan.status in found and len(found[plan.status]) < limit:
                found[plan.status].append(plan)
        return [found[status] for status in statuses]

    def clean(self):
        super().clean()
        if self.status_override and not self.status_note_vi:
            raise ValidationError(
                {
                    "status_note_vi": ValidationError(
                        _("Say why the status is set by hand."), code="status_note_required"
                    )
                }
            )
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": ValidationError(
                        _("The last year cannot be before the first year."), code="end_before_start"
                    )
                }
            )

    #: The translated fields search reads and a result's excerpt quotes (see search.index).
    search_fields = ("summary", "body")
    #: What search_spec() reads of other records, fetched in bulk when reindexing.
    search_prefetch = (
        "thrusts",
        "implementing_bodies",
        "partner_countries",
        "partner_organisations",
    )
    #: The relations whose names a plan is found by: a rename reindexes it.
    search_names = ("implementing_bodies", "partner_countries", "partner_organisations")

    def search_spec(self):
        """What search reads of a plan besides ``search_fields`` (see search.index)."""
        thrusts = self.thrusts.all()
        bodies = [*self.implementing_bodies.all(), *self.partner_organisations.all()]
        return {
            "label": self.acronym,
            "plain": [body.acronym for body in bodies],
            "related": [
                (thrusts, "title"),
                (thrusts, "description"),
                (bodies, "name"),
                (self.partner_countries.all(), "name"),
            ],
            "date": datetime.date(self.start_year, 1, 1),
        }

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def elapsed_percent(self):
        """How far through its period the plan is today, from 0 to 100 (for the timeline)."""
        today = timezone.localdate()
        position = today.year + (today.timetuple().tm_yday - 1) / 365 - self.start_year
        length = self.end_year + 1 - self.start_year
        return round(max(0, min(100, 100 * position / length)))

    @property
    def thrusts_heading(self):
        if self.kind == self.Kind.AGREEMENT:
            return _("Priority areas")
        return _("Strategic thrusts")


class Thrust(PortalModel):
    """One strategic thrust or priority area of a plan, in the plan's own order."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="thrusts"
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategic thrust or priority area")
        verbose_name_plural = _("strategic thrusts and priority areas")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def parent_record(self):
        """The plan this row belongs to, or None while a fixture is still loading it."""
        return Plan.objects.filter(pk=self.plan_id).first()
