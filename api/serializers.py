"""The records as the API gives them: the texts in the language asked for (``?lang=``), both
languages under ``translations``, related records by their slug (countries by ISO code), and
absolute addresses. Only what readers may see: links to unpublished records are left out."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import Meeting, MeetingPlan, MeetingSeries, OutcomeDocument
from news.models import Article
from plans.models import Plan, Thrust


def absolute(request, path):
    return request.build_absolute_uri(path)


class RecordSerializer(serializers.ModelSerializer):
    """``url`` (this record in the API), ``page`` (its page for readers, in the language
    asked for) and ``translations``: ``{"vi": {field: text}, "en": {…}}`` of the fields named
    by ``Meta.translated``."""

    url = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        kind = self.Meta.kind
        return absolute(
            self.context["request"], reverse(f"api:{kind}-detail", kwargs={"slug": record.slug})
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, record):
        return absolute(self.context["request"], record.get_absolute_url())

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "object"}})
    def get_translations(self, record):
        return {
            code: {
                field: getattr(record, f"{field}_{code}") or "" for field in self.Meta.translated
            }
            for code, _name in settings.LANGUAGES
        }


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSeries
        fields = ["slug", "acronym", "name"]


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = OutcomeDocument
        fields = ["title", "kind", "date", "file", "language", "file_size", "page_count"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file(self, document):
        return absolute(self.context["request"], document.file.url) if document.file else None


class MeetingPlanSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MeetingPlan
        fields = ["plan", "role"]


class PlanMeetingSerializer(serializers.ModelSerializer):
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MeetingPlan
        fields = ["meeting", "role"]


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True, **kwargs)


def codes(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True, **kwargs)


class MeetingSerializer(RecordSerializer):
    series = SeriesSerializer(read_only=True)
    host_country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    topics = slugs()
    participating_countries = codes()
    participating_organisations = slugs()
    plans = MeetingPlanSerializer(source="meetingplan_set", many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    calendar = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        kind = "meetings"
        translated = ["title", "summary", "city", "venue", "chair_office", "body"]
        fields = [
            "slug",
            "url",
            "page",
            "calendar",
            "title",
            "series",
            "edition",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "host_country",
            "venue",
            "mode",
            "chair_name",
            "chair_office",
            "summary",
            "body",
            "topics",
            "participating_countries",
            "participating_organisations",
            "plans",
            "documents",
            "published_at",
            "updated_at",
            "translations",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar(self, meeting):
        return absolute(
            self.context["request"], reverse("meetings:event", kwargs={"slug": meeting.slug})
        )


class ThrustSerializer(serializers.ModelSerializer):
    class Meta:
        model = Thrust
        fields = ["order", "title", "description"]


def visible_slug(record):
    """The slug of a linked record readers may see, else None."""
    return record.slug if record is not None and record.is_visible else None


class PlanSerializer(RecordSerializer):
    status = serializers.ChoiceField(
        choices=Plan.Status.choices,
        read_only=True,
        help_text="Today's status: from the period and the adopting meeting, unless set by hand.",
    )
    status_set_by_hand = serializers.SerializerMethodField()
    adopted_at = serializers.SerializerMethodField()
    predecessor = serializers.SerializerMethodField()
    implementing_bodies = slugs()
    partner_countries = codes()
    partner_organisations = slugs()
    thrusts = ThrustSerializer(many=True, read_only=True)
    meetings = PlanMeetingSerializer(source="meetingplan_set", many=True, read_only=True)

    class Meta:
        model = Plan
        kind = "plans"
        translated = ["title", "summary", "status_note"]
        fields = [
            "slug",
            "url",
            "page",
            "title",
            "acronym",
            "kind",
            "start_year",
            "end_year",
            "status",
            "status_set_by_hand",
            "status_note",
            "summary",
            "adopted_at",
            "predecessor",
            "implementing_bodies",
            "partner_countries",
            "partner_organisations",
            "thrusts",
            "meetings",
            "published_at",
            "updated_at",
            "translations",
        ]

    def get_status_set_by_hand(self, plan) -> bool:
        return bool(plan.status_override)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_adopted_at(self, plan):
        return visible_slug(plan.adopted_at)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_predecessor(self, plan):
        return visible_slug(plan.predecessor)


class ArticleSerializer(RecordSerializer):
    topics = slugs()
    meetings = slugs()
    plans = slugs()
    countries = codes()
    image = serializers.SerializerMethodField()

    class Meta:
        model = Article
        kind = "news"
        translated = ["title", "lead", "body", "image_alt", "image_caption"]
        fields = [
            "slug",
            "url",
            "page",
            "title",
            "lead",
            "body",
            "author",
            "source_name",
            "source_url",
            "image",
            "topics",
            "meetings",
            "plans",
            "countries",
            "published_at",
            "updated_at",
            "translations",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "alt": {"type": "string"},
                "caption": {"type": "string"},
                "credit": {"type": "string"},
            },
        }
    )
    def get_image(self, article):
        url = article.share_image_url
        if not url:
            return None
        return {
            "url": absolute(self.context["request"], url),
            "width": 1200,
            "height": 630,
            "alt": article.image_alt,
            "caption": article.image_caption,
            "credit": article.image_credit,
        }
