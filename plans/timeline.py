"""The plans of a listing page on one timeline, drawn on the server as SVG: one bar per plan
over its years, coloured by status, today marked, arrows from a plan to the one that follows
it. The template (``plans/_timeline.html``) draws it and a table of the same facts; what it
writes once per year, link or plan is written here (``format_html_join``), where the template's
loops took a tenth of the listing's time."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import Truncator

WIDTH = 720
LABEL_GAP = 4
ROW = 34
BAR = 18
TOP = 28  # room for the years' labels
SIDE = 12


BAR_SVG = (
    '<a href="{url}" class="plan-timeline__plan plan-timeline__plan--{status}">\n'
    "      <title>{title}, {period}: {status_label}</title>\n"
    '      <rect x="{x}" y="{y}" width="{width}" height="{height}" rx="3"/>\n'
    '      <text x="{label_x}" y="{label_y}" text-anchor="{anchor}">{label}</text>\n'
    "    </a>\n    "
)
TABLE_ROW = '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>'

#: About the width a label of ``LABEL_CHARS`` characters takes (13 px type).
LABEL_WIDTH = 130
LABEL_CHARS = 20


@dataclass
class Bar:
    """A plan's bar, with what the chart and its table write of the plan, read once: the
    template reads a plain attribute in half the time of a translated field or an address."""

    plan: object
    x: float
    y: float
    width: float

    def __post_init__(self):
        plan = self.plan
        self.url = plan.get_absolute_url()
        self.title = plan.title
        self.period = plan.period
        self.status = plan.status
        self.status_label = self.status.label
        predecessor = plan.predecessor
        self.follows_on_from = (
            predecessor.acronym or predecessor.title
            if predecessor is not None and predecessor.is_visible
            else ""
        )
        self.label = plan.acronym or Truncator(self.title).chars(LABEL_CHARS)
        self.label_x, self.label_anchor = self.label_place()
        self.label_y = self.y + BAR - 5

    @property
    def end(self):
        return self.x + self.width

    def svg_values(self):
        return {
            "url": self.url,
            "status": self.status,
            "title": self.title,
            "period": self.period,
            "status_label": self.status_label,
            "x": f"{self.x:.1f}",
            "y": f"{self.y:.1f}",
            "width": f"{self.width:.1f}",
            "height": BAR,
            "label_x": f"{self.label_x:.1f}",
            "label_y": f"{self.label_y:.1f}",
            "anchor": self.label_anchor,
            "label": self.label,
        }

    def row_values(self):
        return (self.url, self.title, self.period, self.status_label, self.follows_on_from)

    def label_place(self):
        """``(x, text-anchor)``: in the bar where it fits, else beside it."""
        if self.width >= LABEL_WIDTH:
            return self.x + 6, "start"
        if self.end + LABEL_GAP + LABEL_WIDTH <= WIDTH:
            return self.end + LABEL_GAP, "start"
        return self.x - LABEL_GAP, "end"


@dataclass
class Tick:
    year: int
    x: float


@dataclass
class Link:
    """From the end of a plan's bar to the start of its successor's."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def path(self):
        middle = (self.x1 + self.x2) / 2
        return (
            f"M{self.x1:.1f},{self.y1:.1f} C{middle:.1f},{self.y1:.1f} "
            f"{middle:.1f},{self.y2:.1f} {self.x2:.1f},{self.y2:.1f}"
        )


def timeline(plans, today=None):
    """The geometry of ``plans`` (oldest first) on one scale of years, or None for none."""
    plans = sorted(plans, key=lambda plan: (plan.start_year, plan.end_year, plan.pk))
    if not plans:
        return None
    today = today or timezone.localdate()
    first = min(plan.start_year for plan in plans)
    last = max(max(plan.end_year for plan in plans), today.year) + 1
    scale = (WIDTH - 2 * SIDE) / (last - first)

    def x_of(year):
        return SIDE + (year - first) * scale

    bars = [
        Bar(
            plan,
            x=x_of(plan.start_year),
            y=TOP + row * ROW,
            width=(plan.end_year + 1 - plan.start_year) * scale,
        )
        for row, plan in enumerate(plans)
    ]
    by_plan = {bar.plan.pk: bar for bar in bars}
    links = [
        Link(earlier.end, earlier.y + BAR / 2, bar.x, bar.y + BAR / 2)
        for bar in bars
        if (earlier := by_plan.get(bar.plan.predecessor_id)) is not None
    ]
    step = 1 if last - first <= 12 else 5
    ticks = [Tick(year, x_of(year)) for year in range(first, last + 1) if year % step == 0]
    elapsed = (today.timetuple().tm_yday - 1) / 365
    height = TOP + len(bars) * ROW
    return {
        "width": WIDTH,
        "height": height,
        "today_x": x_of(today.year + elapsed),
        "ticks_svg": format_html_join(
            "",
            '<g class="plan-timeline__tick"><line x1="{0}" x2="{0}" y1="18" y2="{1}"/>'
            '<text x="{0}" y="12" text-anchor="middle">{2}</text></g>\n    ',
            ((f"{tick.x:.1f}", height, tick.year) for tick in ticks),
        ),
        "links_svg": format_html_join(
            "",
            '<path class="plan-timeline__link" d="{}" marker-end="url(#plan-timeline-arrow)"/>'
            "\n    ",
            ((link.path,) for link in links),
        ),
        "bars_svg": format_html_join("", BAR_SVG, (bar.svg_values() for bar in bars)),
        "table_rows": format_html_join("", TABLE_ROW, (bar.row_values() for bar in bars)),
    }
