"""Admin date and time inputs that say what they read: the format, an example, the zone."""

import datetime

from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime
from django.db import models
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .dates import zone_name


def date_hint():
    example = timezone.localdate().strftime(get_format("DATE_INPUT_FORMATS")[0])
    return _("day/month/year, e.g. %(example)s") % {"example": example}


def time_hint():
    example = datetime.time(8, 30).strftime(get_format("TIME_INPUT_FORMATS")[0])
    return _("hours:minutes (%(zone)s), e.g. %(example)s") % {
        "zone": zone_name(),
        "example": example,
    }


def describe(attrs, hint_id):
    """Point a screen reader from an input to its hint."""
    if attrs.get("id"):
        attrs["aria-describedby"] = hint_id


class DateWidget(AdminDateWidget):
    template_name = "core/widgets/date.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        hint_id = f"{context['widget']['attrs'].get('id', name)}_hint"
        describe(context["widget"]["attrs"], hint_id)
        context.update(date_hint=date_hint(), date_hint_id=hint_id)
        return context


class SplitDateTimeWidget(AdminSplitDateTime):
    template_name = "core/widgets/split_datetime.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        base = context["widget"]["attrs"].get("id", name)
        describe(date["attrs"], f"{base}_date_hint")
        describe(time["attrs"], f"{base}_time_hint")
        context.update(
            date_hint=date_hint(),
            time_hint=time_hint(),
            date_hint_id=f"{base}_date_hint",
            time_hint_id=f"{base}_time_hint",
        )
        return context


#: For ``formfield_overrides`` of every admin form with dates, inlines too.
DATE_WIDGETS = {
    models.DateField: {"widget": DateWidget},
    models.DateTimeField: {"widget": SplitDateTimeWidget},
}
