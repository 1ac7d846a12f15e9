from django.views.generic import DetailView

from .models import Meeting


class MeetingDetailView(DetailView):
    queryset = Meeting.objects.select_related("series", "host_country").prefetch_related(
        "documents", "meetingplan_set__plan", "articles"
    )
