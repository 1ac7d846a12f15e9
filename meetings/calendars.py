"""Meetings as iCalendar (RFC 5545), for calendar subscriptions and "Add to calendar".

Every meeting is an all-day event (the end date exclusive, as the RFC has it) with an id that
never changes, its place, summary and page. A meeting known only by its month or year spans
that month or year and is marked tentative. Meetings are free time in the subscriber's
calendar (``TRANSP:TRANSPARENT``): they are things to know of, not appointments."""

import datetime

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

PRODUCT_ID = "-//ASEAN Information Portal//Meetings//VI"
#: How often subscribed calendars should fetch the file again (RFC 7986).
REFRESH_INTERVAL = datetime.timedelta(hours=12)


def event_of(meeting, request):
    url = request.build_absolute_uri(meeting.get_absolute_url())
    tentative = meeting.date_precision != meeting.DatePrecision.DAY
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.last_day + datetime.timedelta(days=1))
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    place = ", ".join(part for part in (meeting.venue, meeting.place_label) if part)
    if place:
        event.add("location", place)
    description = [meeting.summary] if meeting.summary else []
    if tentative:
        description.append(_("The exact dates are not known yet."))
    event.add("description", "\n\n".join([*description, url]))
    event.add("url", url)
    event.add("categories", [meeting.series.acronym])
    return event


def calendar_of(meetings, request, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for meeting in meetings:
        calendar.add_component(event_of(meeting, request))
    return calendar.to_ical()
