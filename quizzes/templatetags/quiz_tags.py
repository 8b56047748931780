"""Small formatting helpers for quiz templates: percentages, durations, rating names, rich text."""

import html
import math

from django import template
from django.conf import settings
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import richtext as rich
from ..attempts.scoring import PENDING
from ..questions import TYPES

register = template.Library()


@register.filter
def percent(value):
    if value is None:
        return "—"
    if value is PENDING:
        return _("Needs grading")
    return f"{number_format(round(value * 100))}%"


@register.filter
def is_pending(value):
    """Whether a score waits for a grader (an essay not marked yet)."""
    return value is PENDING


@register.filter
def mark(value):
    """Marks as a teacher writes them: 3.5, 0.25, 4 (never 3.50 or 4.0)."""
    if value is None:
        return "—"
    rounded = round(float(value), 2)
    return number_format(int(rounded) if rounded == int(rounded) else rounded)


@register.filter
def out_of(score, maximum):
    """A score (a fraction) as marks out of `maximum` («7.5 / 10»); "Needs grading" while it waits."""
    if score is None:
        return "—"
    if score is PENDING:
        return _("Needs grading")
    return f"{mark(score * maximum)} / {mark(maximum)}"


@register.filter
def duration(seconds):
    minutes, secs = divmod(int(seconds or 0), 60)
    if minutes:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d second", "%(n)d seconds", secs) % {"n": secs}


@register.simple_tag
def rating_label(value):
    return {1: _("Again"), 2: _("Hard"), 3: _("Good"), 4: _("Easy")}[int(value)]


@register.filter
def contains(container, item):
    return container is not None and item in container


@register.filter
def whole_minutes(delta):
    """A timedelta as whole minutes, rounded up, so "try again in 1 minute" is never too early."""
    if delta is None:
        return 0
    return max(1, math.ceil(delta.total_seconds() / 60))


@register.filter
def richtext(text):
    """A prompt or explanation's Markdown subset as sanitised HTML: paragraphs, lists, emphasis, links."""
    return rich.render(text)


@register.filter
def type_label(name):
    """A question type as people call it («إجابة قصيرة»), never its YAML name."""
    qtype = TYPES.get(name)
    return qtype.label if qtype else name


@register.filter
def prompt_summary(text, length=60):
    """A question named by the beginning of its prompt, as plain text (never by its key)."""
    return rich.summary(text, int(length))


@register.filter
def richtext_inline(text):
    """The same without paragraphs or lists, for a heading or a line of a table."""
    return rich.render_inline(text)


@register.filter
def clock(delta):
    """Time left as a countdown shows it: 4:05, or 1:02:09 past an hour."""
    seconds = max(0, int(delta.total_seconds())) if delta is not None else 0
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def saved_values(saved, name):
    """The values a quiz answer saved under an input's name ([] when nothing was saved, as in study)."""
    values = saved.get(name) if isinstance(saved, dict) else None
    return values if isinstance(values, list) else []


@register.filter
def saved_first(saved, name):
    values = saved_values(saved, name)
    return values[0] if values else ""


def _cell(value):
    if value is None:
        return "—"
    if value is True:
        return "✓"
    if value is False:
        return ""
    # Most cells are text and whole numbers, which localising leaves as they are (no thousands
    # separator is configured): a table of hundreds of rows skips the locale's formats for them.
    if type(value) is str:
        # Django's escape is this one, behind a check for lazy text that a plain str never is.
        return f'<span dir="auto">{html.escape(value)}</span>'
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return f'<span dir="auto">{value}</span>'
    # As {{ value }} renders it: local time, localised numbers, escaped.
    return f'<span dir="auto">{conditional_escape(str(localize(template_localtime(value))))}</span>'


@register.filter
def table_rows(rows):
    """A report table's body rows, as _table.html wrote them with two nested loops: a year of daily
    reviews is hundreds of rows, which the template language took most of the report's time to walk."""
    return mark_safe("".join("<tr>" + "".join(f"<td>{_cell(cell)}</td>" for cell in row) + "</tr>\n  " for row in rows))
