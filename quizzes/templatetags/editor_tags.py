"""The editor's problems, placed next to the field whose path names it."""

from django import template

register = template.Library()


@register.simple_tag
def problems_at(problems, *path):
    """The messages of the problems whose path is exactly `path`."""
    return [p.message for p in problems if tuple(p.path) == path]


@register.simple_tag
def problems_under(problems, *path):
    """The messages of the problems at `path` or anywhere inside it (a row and its fields)."""
    return [p.message for p in problems if tuple(p.path[: len(path)]) == path]


@register.filter
def path_label(path):
    return " › ".join(str(part + 1) if isinstance(part, int) else str(part) for part in path) or "—"
