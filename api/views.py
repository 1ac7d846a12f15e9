"""``/api/v1/``: the published meetings, plans and news, read only, for anyone.

Lists take exactly the filters of the reader's listings (the same FilterSet classes) and
``?lang=vi|en``; a value that cannot be read is a 400 that names it, a page past the end a
404. Anonymous clients are throttled per address (``API_THROTTLE_RATE``)."""

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle

from core.logins import client_ip
from core.models import Country, Topic
from core.views import RememberedCountPaginator
from meetings.filters import MeetingFilter
from meetings.models import Meeting
from news.filters import ArticleFilter
from news.models import Article
from plans.filters import PlanFilter
from plans.models import Plan

from .serializers import ArticleSerializer, MeetingSerializer, PlanSerializer

LANGUAGE = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    default=settings.LANGUAGE_CODE,
    description="The language of the texts (both are under `translations`).",
)


class ApiThrottle(AnonRateThrottle):
    """Per client address, as the proxy in front saw it (``core.logins.client_ip``)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip(request)


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def django_paginator_class(self, queryset, per_page):
        """Counts once per change of the content, as the listings do: a count of 100,000
        articles costs more than the page itself."""
        query = sorted(
            (name, value)
            for name, values in self.request.query_params.lists()
            if name not in ("page", "page_size")
            for value in values
        )
        digest = hashlib.sha256(repr((queryset.model._meta.label, query)).encode()).hexdigest()
        return RememberedCountPaginator(queryset, per_page, count_key=f"api-count:{digest}")


@extend_schema_view(
    list=extend_schema(parameters=[LANGUAGE]), retrieve=extend_schema(parameters=[LANGUAGE])
)
class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"  # SlugField's
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pages
    throttle_classes = [ApiThrottle]
    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.query_params.get("lang", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            choices = ", ".join(code for code, _name in settings.LANGUAGES)
            raise serializers.ValidationError(
                {"lang": [_("Choose one of: %(choices)s.") % {"choices": choices}]}
            )
        translation.activate(language)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # a record's address is its slug alone
        return super().filter_queryset(queryset)


class MeetingViewSet(RecordViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        return Meeting.objects.published().with_relations()


class PlanViewSet(RecordViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self):
        return Plan.objects.published().with_relations()


class ArticleViewSet(RecordViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return Article.objects.published().prefetch_related(
            # Linked by their slugs (countries by code): rows a fraction as wide without their
            # texts.
            Prefetch("topics", Topic.objects.only("slug")),
            Prefetch("countries", Country.objects.only("code")),
            Prefetch("meetings", Meeting.objects.published().only("slug")),
            Prefetch("plans", Plan.objects.published().only("slug")),
        )
