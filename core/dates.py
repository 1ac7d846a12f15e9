"""Times as the admin writes them to editors: "08:00, thứ Ba 1/12/2026 (GMT+7)"."""

import datetime

from django.utils import timezone
from django.utils.translation import pgettext_lazy

WEEKDAYS = [
    pgettext_lazy("weekday before a date", "Monday"),
    pgettext_lazy("weekday before a date", "Tuesday"),
    pgettext_lazy("weekday before a date", "Wednesday"),
    pgettext_lazy("weekday before a date", "Thursday"),
    pgettext_lazy("weekday before a date", "Friday"),
    pgettext_lazy("weekday before a date", "Saturday"),
    pgettext_lazy("weekday before a date", "Sunday"),
]


def zone_name(moment=None):
    """The site's time zone as readers of a timetable know it: "GMT+7"."""
    offset = timezone.localtime(moment).utcoffset() or datetime.timedelta()
    hours, seconds = divmod(int(offset.total_seconds()), 3600)
    minutes = abs(seconds) // 60
    return f"GMT{hours:+d}" + (f":{minutes:02d}" if minutes else "")


def moment_label(moment):
    """A time in the site's zone, with its weekday, day first, and the zone named."""
    local = timezone.localtime(moment)
    day = f"{local.day}/{local.month}/{local.year}"
    return f"{local:%H:%M}, {WEEKDAYS[local.weekday()]} {day} ({zone_name(local)})"
