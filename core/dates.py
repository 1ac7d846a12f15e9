"""Dates and times in words: as the admin writes them to editors ("08:00, thứ Ba 1/12/2026
(GMT+7)") and as the site writes them to readers ("ngày 7 tháng 5 năm 2025")."""

import datetime

from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

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


# Dates as readers of a newspaper read them, in the page's language: "ngày 7 tháng 5 năm
# 2025" / "7 May 2025", "20–21 tháng 11 năm 2019" / "20–21 November 2019". Each pattern and
# each month is a message of the catalogue, so each language writes dates by its own rules
# (Vietnamese names a month by its number: "tháng 5").

MONTHS = [
    pgettext_lazy("month in a date", "January"),
    pgettext_lazy("month in a date", "February"),
    pgettext_lazy("month in a date", "March"),
    pgettext_lazy("month in a date", "April"),
    pgettext_lazy("month in a date", "May"),
    pgettext_lazy("month in a date", "June"),
    pgettext_lazy("month in a date", "July"),
    pgettext_lazy("month in a date", "August"),
    pgettext_lazy("month in a date", "September"),
    pgettext_lazy("month in a date", "October"),
    pgettext_lazy("month in a date", "November"),
    pgettext_lazy("month in a date", "December"),
]


def _parts(day, prefix=""):
    return {
        f"{prefix}day": day.day,
        f"{prefix}month": MONTHS[day.month - 1],
        f"{prefix}year": day.year,
    }


def reader_date(day):
    """A day: "ngày 7 tháng 5 năm 2025" / "7 May 2025"."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return pgettext("reader date", "%(day)d %(month)s %(year)d") % _parts(day)


def reader_dates(start, end=None):
    """A span of days, writing once what both ends share: "20–21 tháng 11 năm 2019",
    "30 November – 2 December 2026", "30 December 2026 – 2 January 2027"."""
    if end is None or end == start:
        return reader_date(start)
    parts = {**_parts(start, "start_"), **_parts(end, "end_")}
    if start.year != end.year:
        pattern = pgettext(
            "reader dates",
            "%(start_day)d %(start_month)s %(start_year)d – %(end_day)d %(end_month)s %(end_year)d",
        )
    elif start.month != end.month:
        pattern = pgettext(
            "reader dates",
            "%(start_day)d %(start_month)s – %(end_day)d %(end_month)s %(end_year)d",
        )
    else:
        pattern = pgettext("reader dates", "%(start_day)d–%(end_day)d %(end_month)s %(end_year)d")
    return pattern % parts


def reader_month(day):
    """A month, for what is known only to the month: "tháng 5/2027" / "May 2027"."""
    return pgettext("reader month", "%(month)s %(year)d") % _parts(day)


def reader_time(moment):
    """A time of day in the site's zone, named: "20:00 (GMT+7)"."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ({zone_name(local)})"


def reader_moment(moment):
    """A day and a time: "20:00 (GMT+7) ngày 7 tháng 5 năm 2025" / "7 May 2025, 20:00
    (GMT+7)"."""
    return pgettext("reader date and time", "%(date)s, %(time)s") % {
        "date": reader_date(moment),
        "time": reader_time(moment),
    }
