from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from core.addresses import address, with_query
from core.filters import FiltersMoved
from core.models import PreviousSlug
from core.prepared import keep_prefetched, prepared
from core.views import FacetedListView, MovedSlugMixin, PublishedDetailView
from news.models import Article
from plans.models import Plan

from .calendars import calendar_of
from .filters import DocumentFilter, MeetingFilter
from .models import Meeting, MeetingPlan, MeetingSeries, OutcomeDocument


class MeetingListView(FacetedListView):
    extra_context = {"section": "meetings"}
    page_description = _(
        "ASEAN ministers', senior officials' and working-group meetings on information and "
        "communications."
    )
    filterset_class = MeetingFilter
    model = Meeting

    def listed(self):
        return super().listed().for_cards()

    def get_context_data(self, **kwargs):
        # The chosen series' own page: what it is and every edition.
        series = self.filterset.cleaned_data.get("series")
        return super().get_context_data(chosen_series=series, **kwargs)

    def subscriptions(self):
        return [
            (
                _("Subscribe in a calendar (iCalendar)"),
                address("meetings:calendar") + self.chosen_query(),
                "text/calendar",
            )
        ]


class DocumentListView(FacetedListView):
    """The documents library: every outcome document of the published meetings."""

    extra_context = {"section": "documents"}
    page_description = _(
        "Declarations, joint statements, memoranda, plans and reports that ASEAN meetings on "
        "information and communications adopted, with their files."
    )
    filterset_class = DocumentFilter
    model = OutcomeDocument
    paginate_by = 20
    template_name = "meetings/document_list.html"

    def listed(self):
        return super().listed().for_library()


class SeriesDetailView(MovedSlugMixin, DetailView):
    """A series: what it is, its body and earlier name, every published edition on a
    timeline (the next planned one marked), and the plans and news of its meetings."""

    model = MeetingSeries
    extra_context = {"section": "meetings"}
    latest_news_count = 10

    def get_queryset(self):
        return MeetingSeries.objects.select_related("predecessor").prefetch_related("successors")

    def get_context_data(self, **kwargs):
        series = self.object
        editions = list(
            Meeting.objects.published()
            .filter(series=series)
            .select_related("host_country")
            .order_by("start_date")
        )
        upcoming = [edition for edition in editions if edition.is_upcoming]
        plans = (
            Plan.objects.published()
            .filter(Q(meetings__series=series) | Q(adopted_at__series=series))
            .distinct()
            .order_by("start_year", "pk")
        )
        news = (
            Article.objects.published()
            .filter(meetings__series=series)
            .distinct()[: self.latest_news_count]
        )
        return super().get_context_data(
            editions=editions,
            next_edition=upcoming[0] if upcoming else None,
            plans=plans,
            latest_news=news,
            **kwargs,
        )


@prepared
def published_meeting(now, today, slug):
    return Meeting.objects.published(now).select_related("series").filter(slug=slug)


@prepared
def documents_of_meeting(now, today, meeting):
    return OutcomeDocument.objects.filter(meeting=meeting)


@prepared
def plan_links_of_meeting(now, today, meeting):
    return MeetingPlan.objects.to_published_plans(now).filter(meeting=meeting)


@prepared
def plans_adopted_at(now, today, meeting):
    return Plan.objects.for_links().published(now).filter(adopted_at=meeting)


class MeetingDetailView(PublishedDetailView):
    extra_context = {"section": "meetings"}
    model = Meeting
    news_filter = "meeting"
    published_record = published_meeting

    def get_queryset(self):
        return super().get_queryset().select_related("series")

    def read_related(self, meeting):
        keep_prefetched(meeting, "documents", documents_of_meeting(meeting=meeting.pk))
        keep_prefetched(meeting, "meetingplan_set", plan_links_of_meeting(meeting=meeting.pk))
        keep_prefetched(meeting, "adopted_plans", plans_adopted_at(meeting=meeting.pk))

    def get_context_data(self, **kwargs):
        previous, following = self.object.neighbours()
        return super().get_context_data(previous=previous, following=following, **kwargs)


def calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MeetingCalendarView(View):
    """``calendar.ics``: every published meeting, or those the meetings listing's filters
    choose, to subscribe to."""

    def get(self, request):
        meetings = Meeting.objects.published().named().select_related("host_country")
        try:
            filters = MeetingFilter.read_strictly(request, meetings)
        except FiltersMoved as moved:
            return HttpResponsePermanentRedirect(with_query(request.path, moved.query))
        name = _now("ASEAN meetings on information and communications")
        return calendar_response(calendar_of(filters.qs, request, name), "asean-meetings.ics")


class MeetingEventView(View):
    """``<slug>/calendar.ics``: one published meeting, for "Add to calendar"."""

    def get(self, request, slug):
        meetings = Meeting.objects.published().named().select_related("host_country")
        meeting = meetings.filter(slug=slug).first()
        if meeting is None:
            moved = PreviousSlug.objects.record(meetings, slug)
            if moved is None:
                raise Http404(_now("No meeting is published at this address."))
            return HttpResponsePermanentRedirect(f"{moved.get_absolute_url()}calendar.ics")
        return calendar_response(calendar_of([meeting], request, meeting.title), f"{slug}.ics")
