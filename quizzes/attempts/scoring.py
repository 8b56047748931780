"""Scores: of an attempt (partial credit included), of a student across attempts, and regrading."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from ..models import Attempt, AttemptQuestion, QuestionVersion
from ..questions import get_type

GRADING_METHODS = ("highest", "average", "first", "last")


def attempt_score(scores):
    """The fraction of the marks earned: each question is worth one mark, unanswered ones nothing."""
    scores = list(scores)
    if not scores:
        return 0.0
    return sum(s or 0.0 for s in scores) / len(scores)


def quiz_grade(scores, method):
    """The grade across finished attempts' scores (in attempt order); None when there is none."""
    if method not in GRADING_METHODS:
        raise ValueError(f"quizzes/attempts/scoring.py: unknown grading method {method!r}")
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    if method == "highest":
        return max(scores)
    if method == "average":
        return sum(scores) / len(scores)
    if method == "first":
        return scores[0]
    return scores[-1]


def grade_response(version, response):
    """The registry's grade of a saved response (0 when nothing was given)."""
    if response is None:
        return None
    return get_type(version.type).grade(version.data, response).score


@dataclass
class Change:
    student: str
    attempt: int
    question: str
    old: float | None
    new: float | None


def regrade(quiz):
    """Grades every saved answer of the quiz again with its question's current version (a key fixed
    in the editor), moves the rows to that version, and returns each grade that changed."""
    changes = []
    rows = (
        AttemptQuestion.objects.filter(attempt__quiz=quiz)
        .exclude(version_id=F("question__current_version_id"))
        .select_related("attempt__student", "question", "version")
        .order_by("attempt__student__username", "attempt__number", "position")
    )
    touched = set()
    with transaction.atomic():
        versions = {}
        for row in rows:
            current_id = row.question.current_version_id
            if current_id is None:
                continue
            version = versions.get(current_id) or QuestionVersion.objects.get(pk=current_id)
            versions[current_id] = version
            if version.type != row.version.type:
                continue  # a response to another type cannot be graded again
            new = grade_response(version, row.response)
            AttemptQuestion.objects.filter(pk=row.pk).update(version=version, score=new)
            if new != row.score:
                changes.append(Change(str(row.attempt.student), row.attempt.number, row.question.key, row.score, new))
                touched.add(row.attempt_id)
        for attempt in Attempt.objects.filter(pk__in=touched, score__isnull=False):
            attempt.score = attempt_score(attempt.questions.values_list("score", flat=True))
            attempt.save(update_fields=["score"])
    return changes
