"""What a student may see of an attempt at each moment, as Moodle's quiz review options say."""

from datetime import timedelta

from ..models import REVIEW_ITEMS, REVIEW_MOMENTS
from .deadline import FINISHED_STATES

# Moodle's "immediately after the attempt" lasts two minutes from submission.
IMMEDIATELY = timedelta(minutes=2)


def moment(quiz, state, submitted_at, now):
    """The review moment now: during the attempt, right after it, later while open, after closing."""
    if state not in FINISHED_STATES:
        return "during"
    if submitted_at is not None and now - submitted_at < IMMEDIATELY:
        return "immediately"
    if quiz.closes_at is None or now < quiz.closes_at:
        return "open"
    return "closed"


def allowed(quiz, when):
    """The set of items shown at this moment (response, correctness, marks, explanation, right_answer)."""
    options = quiz.review_options if isinstance(quiz.review_options, dict) else {}
    chosen = options.get(when, [])
    return {item for item in chosen if item in REVIEW_ITEMS} if when in REVIEW_MOMENTS else set()
