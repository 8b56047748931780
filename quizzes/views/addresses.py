"""Addresses for pages that list hundreds of rows, each linking to the same view with its own id."""

from django.urls import reverse

# An id no row has, put where the row's id goes and split on: a whole int path segment.
_MARKER = 2**31 - 1


def around_id(name, *args):
    """(before, after): the address of view `name` for `args` and an id, split where the id goes, so
    a list reverses it once and joins each row's id in (reverse() once a row was most of a list's
    time for a class of hundreds)."""
    before, after = reverse(name, args=[*args, _MARKER]).rsplit(str(_MARKER), 1)
    return before, after
