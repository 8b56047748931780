"""Server-rendered SVG charts, each with a title, a description and the table of its numbers.

No chart library reaches the page: a chart is markup built here from plain numbers. In a
right-to-left page the time axis runs from right to left, as the text does.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class Table:
    """A report table: shown on the page, behind a chart's toggle, and downloadable as CSV."""

    name: str
    title: str
    headers: list
    rows: list = field(default_factory=list)


@dataclass
class Chart:
    table: Table
    svg: str
    description: str
    # Wider than a phone: its box scrolls, so it takes keyboard focus too.
    wide: bool = False


WIDTH, HEIGHT, PAD = 640, 220, 36


def _svg(name, title, desc, body, width=WIDTH, height=HEIGHT, css="chart"):
    ident = escape(name)
    return mark_safe(
        f'<svg class="{css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _x(position, width, rtl):
    return width - position if rtl else position


def bar_chart(table, desc, labels, values, *, rtl=False, css="bar"):
    """Vertical bars, one per label, in reading order."""
    top = max(values, default=0) or 1
    count = max(1, len(values))
    inner = WIDTH - 2 * PAD
    step = inner / count
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (HEIGHT - 2 * PAD) * value / top
        left = PAD + i * step + step * 0.1
        x = WIDTH - left - step * 0.8 if rtl else left
        value_label = (
            f'<text class="value" x="{x + step * 0.4:.1f}" y="{HEIGHT - PAD - h - 4:.1f}" text-anchor="middle">'
            f"{value}</text>"
            if len(values) <= 8
            else ""
        )
        bars.append(
            value_label
            + f'<rect class="{css}" x="{x:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
    axis = f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
    ticks = ""
    if 0 < len(labels) <= 8:
        # Few bars: each is named under itself.
        for i, label in enumerate(labels):
            middle = PAD + i * step + step / 2
            ticks += (
                f'<text class="tick" x="{_x(middle, WIDTH, rtl):.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    elif labels:
        start, end = ("end", "start") if rtl else ("start", "end")
        ticks = (
            f'<text class="tick" x="{_x(PAD, WIDTH, rtl)}" y="{HEIGHT - 12}" text-anchor="{start}">'
            f"{escape(labels[0])}</text>"
            f'<text class="tick" x="{_x(WIDTH - PAD, WIDTH, rtl)}" y="{HEIGHT - 12}" text-anchor="{end}">'
            f"{escape(labels[-1])}</text>"
        )
    anchor = "start" if rtl else "end"
    peak = f'<text class="tick" x="{_x(PAD - 4, WIDTH, rtl)}" y="{PAD}" text-anchor="{anchor}">{top}</text>'
    return Chart(table, _svg(table.name, table.title, desc, axis + "".join(bars) + ticks + peak), desc)


def heatmap(table, desc, counts, last_day, *, days=364, rtl=False):
    """A calendar of daily reviews: weeks in columns, weekdays in rows, darker for more."""
    first_day = last_day - timedelta(days=days - 1)
    first_day -= timedelta(days=first_day.weekday() + 1 if first_day.weekday() != 6 else 0)  # a Sunday
    top = max(counts.values(), default=0) or 1
    cell, weeks = 11, (last_day - first_day).days // 7 + 1
    width, height = weeks * (cell + 2) + 2 * 8, 7 * (cell + 2) + 16
    rects = []
    # A year of squares: walked by day number, each square's place and shade in plain arithmetic.
    first = first_day.toordinal()
    for number in range(first, last_day.toordinal() + 1):
        day = date.fromordinal(number)
        week, weekday = divmod(number - first, 7)  # first_day is a Sunday: row 0
        n = counts.get(day, 0)
        level = 0 if n == 0 else min(4, 1 + int(4 * n / (top + 1)))
        x = 8 + week * (cell + 2)
        if rtl:
            x = width - x - cell
        rects.append(
            f'<rect class="heat-{level}" x="{x}" y="{8 + weekday * (cell + 2)}" width="{cell}" height="{cell}">'
            f"<title>{day.isoformat()}: {n}</title></rect>"
        )
    svg = _svg(table.name, table.title, desc, "".join(rects), width, height, "chart heatmap")
    return Chart(table, svg, desc, wide=True)


def calibration_chart(table, desc, bins, *, rtl=False):
    """Predicted recall (across) against observed recall (up), one dot per bin, sized by its
    number of reviews; the diagonal is a perfect fit."""
    size, pad = 260, 34
    inner = size - 2 * pad

    def px(p):
        return _x(pad + inner * p, size, rtl)

    def py(p):
        return size - pad - inner * p

    top = max((b.reviews for b in bins), default=0) or 1
    parts = [
        f'<line class="axis" x1="{px(0)}" y1="{py(0)}" x2="{px(1)}" y2="{py(0)}"/>',
        f'<line class="axis" x1="{px(0)}" y1="{py(0)}" x2="{px(0)}" y2="{py(1)}"/>',
        f'<line class="ideal" x1="{px(0)}" y1="{py(0)}" x2="{px(1)}" y2="{py(1)}"/>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(
            f'<text class="tick" x="{px(tick)}" y="{size - 12}" text-anchor="middle">{int(tick * 100)}%</text>'
        )
        anchor = "start" if rtl else "end"
        parts.append(
            f'<text class="tick" x="{px(0) + (6 if rtl else -6)}" y="{py(tick) + 4}" text-anchor="{anchor}">'
            f"{int(tick * 100)}%</text>"
        )
    points = [b for b in bins if b.reviews]
    if points:
        path = " ".join(f"{px(b.predicted):.1f},{py(b.observed):.1f}" for b in points)
        parts.append(f'<polyline class="observed" points="{path}"/>')
    for b in points:
        r = 3 + 6 * (b.reviews / top) ** 0.5
        parts.append(
            f'<circle class="dot" cx="{px(b.predicted):.1f}" cy="{py(b.observed):.1f}" r="{r:.1f}">'
            f"<title>{round(b.predicted * 100)}% → {round(b.observed * 100)}% ({b.reviews})</title></circle>"
        )
    return Chart(table, _svg(table.name, table.title, desc, "".join(parts), size, size), desc)
