"""Checking an answer to a shown question: the one function study's check and the editor's "Try"
both call, so a preview grades exactly as a student's card does."""

import re
import secrets
from dataclasses import dataclass

from .base import Grade
from .registry import TYPES

# Every seed a card or a preview draws is below this (it fits the shown card's column).
SEED_LIMIT = 2**31
# A seed sent back is any whole number of at most 18 digits: it gives the same keys whatever its size.
_SEED_RE = re.compile(r"[0-9]{1,18}")


@dataclass
class Checked:
    """A response read from a form and graded: `shown` is the display it answers, `response` is in
    author keys (None for a self-graded type, whose student rates themselves), `grade` None then too."""

    shown: dict
    response: object
    grade: Grade | None

    @property
    def score(self):
        return None if self.grade is None else self.grade.score


def new_seed() -> int:
    """A fresh seed for a shown card or a preview: it decides the shuffle and the opaque keys."""
    return secrets.randbelow(SEED_LIMIT)


def parse_seed(text):
    """The seed a page sent back, or None when it is not one a card could have been shown with."""
    if not isinstance(text, str) or not _SEED_RE.fullmatch(text):
        return None
    return int(text)


def check(type_name, data, seed: int, form) -> Checked:
    """Builds the display for `seed`, reads the response from the submitted `form` (a mapping of name
    to list of strings, named and valued as that display's page names them) and grades it.

    Raises InvalidResponse when the response cannot be graded (not a number, a place given twice).
    """
    qtype = TYPES[type_name]
    shown = qtype.display(data, seed)
    if qtype.self_graded:
        return Checked(shown, None, None)
    response = qtype.response_from_form(data, form, seed)
    return Checked(shown, response, qtype.grade(data, response))
