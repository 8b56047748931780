"""The question types by name: one line each, as Moodle keeps one plugin per type."""

from .base import QuestionType
from .cloze import Cloze
from .essay import Essay
from .flashcard import Flashcard
from .match import Match
from .multiple import Multiple
from .number import Number
from .order import Order
from .short import Short
from .single import Single
from .true_false import TrueFalse

TYPES = {
    t.name: t
    for t in (Single(), Multiple(), TrueFalse(), Short(), Number(), Order(), Match(), Cloze(), Flashcard(), Essay())
}


def get_type(name) -> QuestionType:
    return TYPES[name]


def quiz_types() -> list[str]:
    """The names of the types a timed quiz asks (a self-rated flashcard is studied, never quizzed)."""
    return [name for name, t in TYPES.items() if t.in_quizzes]


def study_types() -> list[str]:
    """The names of the types studied on the schedule (an essay, marked by a grader, is quizzed only)."""
    return [name for name, t in TYPES.items() if t.in_study]
