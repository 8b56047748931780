"""Scores: of an attempt (partial credit included), of a student across attempts, and regrading."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import signals
from ..bank.sets import version as cached_version
from ..models import Attempt, AttemptQuestion, Question
from ..questions import get_type
from .deadline import FINISHED, effective_state
from .lock import lock_attempt
from .quizzes import marks_now

GRADING_METHODS = ("highest", "average", "first", "last")


class _Pending:
    """The score of an attempt with an answer only a grader can mark, not marked yet (Moodle's
    "needs grading"), and of a grade across attempts that counts such an attempt."""

    def __repr__(self):
        return "PENDING"


PENDING = _Pending()


def row_score(score, manual_score, saved_at):
    """What one question of an attempt counts for, as a fraction of its mark: the grader's score if
    there is one, else the automatic one; PENDING for an answer waiting for its grader; 0 unanswered."""
    if manual_score is not None:
        return manual_score
    if score is not None:
        return score
    return PENDING if saved_at is not None else 0.0


def attempt_score(scores, marks=None):
    """The fraction of the marks earned (each question worth its mark, 1 if none is given,
    unanswered ones nothing); PENDING while any score is."""
    scores = list(scores)
    if not scores:
        return 0.0
    if any(s is PENDING for s in scores):
        return PENDING
    marks = [1.0] * len(scores) if marks is None else list(marks)
    total = sum(marks)
    return sum((s or 0.0) * m for s, m in zip(scores, marks, strict=True)) / total if total else 0.0


def rows_score(rows):
    """`attempt_score` of an attempt's rows (AttemptQuestion objects)."""
    rows = list(rows)
    return attempt_score([row_score(r.score, r.manual_score, r.saved_at) for r in rows], [r.mark for r in rows])


def stored_score(score):
    """What `Attempt.score` holds for a score: None while it needs grading."""
    return None if score is PENDING else score


def quiz_grade(scores, method):
    """The grade across finished attempts' scores (in attempt order); None when there is none,
    PENDING when an attempt it counts needs grading."""
    if method not in GRADING_METHODS:
        raise ValueError(f"quizzes/attempts/scoring.py: unknown grading method {method!r}")
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    counted = {"first": scores[:1], "last": scores[-1:]}.get(method, scores)
    if any(s is PENDING for s in counted):
        return PENDING
    if method == "highest":
        return max(scores)
    if method == "average":
        return sum(scores) / len(scores)
    return counted[0]


def row_grade(version, response, saved_at):
    """The score an attempt's row holds: the registry's grade of its saved response with this
    version (every type grades a missing or unknown response as wrong), None before any save and
    for an answer only a grader can mark. A save and a regrade both ask this, so they cannot disagree."""
    if saved_at is None:
        return None
    qtype = get_type(version.type)
    if qtype.needs_grader(response):
        return None
    return qtype.grade(version.data, response).score


def with_points(attempts):
    """Attempts annotated for `effective_score`: their questions' marks earned (the grader's score
    first), their marks, how many are answered and how many wait for a grader."""
    counted = Coalesce(F("questions__manual_score"), F("questions__score"), Value(0.0))
    return attempts.annotate(
        points=Sum(counted * F("questions__mark"), output_field=FloatField()),
        marks=Sum("questions__mark"),
        total=Count("questions"),
        answered=Count("questions", filter=Q(questions__saved_at__isnull=False)),
        pending=Count(
            "questions",
            filter=Q(
                questions__manual_score__isnull=True,
                questions__score__isnull=True,
                questions__saved_at__isnull=False,
            ),
        ),
    )


def effective_score(attempt, now):
    """The score of a finished attempt (read from its rows if nothing finalised it yet, or while it
    needs grading: PENDING), else None. Uses the annotations of `with_points` when present."""
    if effective_state(attempt, now) != FINISHED:
        return None
    if attempt.score is not None:
        return attempt.score
    if hasattr(attempt, "points"):
        if attempt.pending:
            return PENDING
        return (attempt.points or 0.0) / attempt.marks if attempt.marks else 0.0
    found = list(attempt.questions.values_list("score", "manual_score", "saved_at", "mark"))
    return attempt_score([row_score(s, m, at) for s, m, at, _mark in found], [mark for *_rest, mark in found])


def final_grade(attempts, quiz, now):
    """The student's grade for the quiz by its grading method over their finished attempts."""
    return quiz_grade([effective_score(a, now) for a in attempts], quiz.grading)


@dataclass
class Change:
    student: str
    attempt: int
    question: str
    old: float | None
    new: float | None
    # What the teacher reads: the prompt, never the question's key.
    prompt: str = ""


@dataclass
class GradeChange:
    """A student's quiz grade (by the quiz's grading method) before and after a regrade."""

    student: str
    old: float | None
    new: float | None


@dataclass
class Regrade:
    """What a regrade changed, or would change in a dry run: each answer's grade, the attempts
    they are in, the students whose quiz grade moves, and the attempts whose marks followed the
    quiz's (marks changed since those attempts began)."""

    changes: list[Change]
    attempts: int
    grades: list[GradeChange]
    marked: int = 0


def regrade(quiz, *, write=True, now=None) -> Regrade:
    """Grades every saved answer of the quiz again with its question's current version (a key fixed
    in the editor, a matcher that now accepts more), moves the rows to that version, and returns
    what changed. With `write=False` it only says what it would change: the same code runs, the
    rows are read without the lock and nothing is written, so the preview and the regrade agree.

    Every row whose stored score is not the grade of its version and response is written again,
    not only rows on an old version, so a regrade also repairs what a race left behind. Each
    attempt is regraded under its lock, the one its autosave and submit take.
    """
    now = now or timezone.now()
    changes, per_student, marked = [], {}, 0
    wanted = _marks_now(quiz)
    found = Attempt.objects.filter(quiz=quiz).order_by("student__username", "number").values_list("pk", flat=True)
    for attempt_id in list(found):
        attempt, attempt_changes, old, new, remarked = _regrade_attempt(attempt_id, write, wanted)
        changes += attempt_changes
        marked += remarked
        if effective_state(attempt, now) == FINISHED:
            per_student.setdefault(attempt.student_id, [str(attempt.student), [], []])
            per_student[attempt.student_id][1].append(old)
            per_student[attempt.student_id][2].append(new)
    grades = []
    for name, olds, news in per_student.values():
        before, after = quiz_grade(olds, quiz.grading), quiz_grade(news, quiz.grading)
        if before != after:
            grades.append(GradeChange(name, before, after))
    return Regrade(changes, len({(c.student, c.attempt) for c in changes}), grades, marked)


def apply_marks(quiz) -> int:
    """Gives every attempt's questions the marks the quiz sets now, as Moodle does when a slot's
    maximum mark changes, each attempt under its lock; a finished attempt's score follows and
    reaches the gradebook. Answers keep their grades (that is a regrade's to change). Returns how
    many attempts changed."""
    wanted, changed = _marks_now(quiz), 0
    for attempt_id in _attempts_off_marks(quiz, wanted):
        with transaction.atomic():
            locked = lock_attempt(attempt_id)
            rows = list(locked.questions.order_by("position"))
            if _follow_marks(rows, wanted, write=True):
                changed += 1
                _store_score(locked, rows)
    return changed


def _attempts_off_marks(quiz, wanted):
    """The ids of the quiz's attempts with a question whose mark is not the one `wanted`, in one
    query: a save that changes no mark then locks no attempt (each is checked again under its lock)."""
    by_mark = {}
    for question_id, mark in wanted.items():
        by_mark.setdefault(mark, []).append(question_id)
    if not by_mark:
        return []
    off = Q()
    for mark, question_ids in by_mark.items():
        off |= Q(question_id__in=question_ids) & ~Q(mark=mark)
    rows = AttemptQuestion.objects.filter(off, attempt__quiz=quiz)
    return sorted(set(rows.values_list("attempt_id", flat=True)))


def _marks_now(quiz):
    asked = AttemptQuestion.objects.filter(attempt__quiz=quiz).values_list("question_id", flat=True).distinct()
    return marks_now(quiz, list(asked))


def _follow_marks(rows, wanted, *, write):
    """Sets each row's mark to the quiz's mark now where it differs; whether any did."""
    moved = [row for row in rows if row.question_id in wanted and row.mark != wanted[row.question_id]]
    for row in moved:
        row.mark = wanted[row.question_id]
        if write:
            AttemptQuestion.objects.filter(pk=row.pk).update(mark=row.mark)
    return bool(moved)


def _store_score(locked, rows, *, changed=True):
    """A finished attempt's stored score follows its rows (None while it needs grading); when its
    grades or marks `changed`, the gradebook hears of it. Under the attempt's lock."""
    score = stored_score(rows_score(rows))
    if locked.state == FINISHED and score != locked.score:
        Attempt.objects.filter(pk=locked.pk).update(score=score)
    if changed:
        signals.attempt_grade_changed.send(sender=None, attempt_id=locked.pk)


def _regrade_attempt(attempt_id, write, wanted):
    """(the attempt, its changed grades, its score before, its score after, 1 if its marks followed
    the quiz's else 0)."""
    changes = []
    with transaction.atomic():
        if write:
            locked = lock_attempt(attempt_id)
        else:
            locked = Attempt.objects.select_related("quiz", "student").get(pk=attempt_id)
        rows = list(locked.questions.select_related("version").order_by("position"))
        before = locked.score if locked.score is not None else rows_score(rows)
        # Read under the lock: a key changed since is the next regrade's to apply.
        questions = Question.objects.filter(pk__in=[r.question_id for r in rows])
        found = {pk: (key, current) for pk, key, current in questions.values_list("pk", "key", "current_version_id")}
        for row in rows:
            version = row.version
            key, current_id = found[row.question_id]
            if current_id is not None and current_id != row.version_id:
                candidate = cached_version(current_id)
                # A response to another type cannot be graded again: the row keeps its version.
                if candidate.type == row.version.type:
                    version = candidate
            new = row_grade(version, row.response, row.saved_at)
            if version.pk == row.version_id and new == row.score:
                continue
            if write:
                AttemptQuestion.objects.filter(pk=row.pk).update(version_id=version.pk, score=new)
            if new != row.score:
                changes.append(Change(str(locked.student), locked.number, key, row.score, new, version.prompt))
            row.score = new
        remarked = _follow_marks(rows, wanted, write=write)
        after = rows_score(rows)
        if write:
            # Sent again with a later timestamp when anything changed: the gradebook takes the new score.
            _store_score(locked, rows, changed=bool(changes or remarked))
    return locked, changes, before, after, int(remarked)
