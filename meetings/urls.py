from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("calendar.ics", views.MeetingCalendarView.as_view(), name="calendar"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.MeetingEventView.as_view(), name="event"),
]
