"""Which quizzes a person may see or manage, whether a quiz is open, and the questions it draws from."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ..models import Attempt, Klass, Question, Quiz


def for_student(student):
    """Quizzes set for the classes the student is in, newest first."""
    return (
        Quiz.objects.filter(classes__students=student).distinct().select_related("question_set").order_by("-created_at")
    )


def managed_by(user):
    """Quizzes an instructor may change and review: their own, and those set for a class they teach."""
    if not user.is_instructor:
        return Quiz.objects.none()
    return Quiz.objects.filter(Q(owner=user) | Q(classes__instructors=user)).distinct().order_by("-created_at")


def visible_quiz(user, pk):
    """The quiz with this id if the person is a student of one of its classes; else None."""
    return for_student(user).filter(pk=pk).first()


def managed_quiz(user, pk):
    return managed_by(user).filter(pk=pk).first()


def is_open(quiz, now):
    return (quiz.opens_at is None or quiz.opens_at <= now) and (quiz.closes_at is None or now < quiz.closes_at)


def taught_classes(user):
    return Klass.objects.filter(instructors=user).order_by("name")


def eligible_questions(quiz):
    """The set's live, automatically graded questions (flashcards are self-graded: left out),
    only those with a chosen tag if the quiz names tags, in the set's order."""
    questions = Question.objects.filter(question_set=quiz.question_set_id, retired_at__isnull=True).exclude(
        type="flashcard"
    )
    tag_ids = [t.pk for t in quiz.tags.all()]
    if tag_ids:
        questions = questions.filter(tags__in=tag_ids).distinct()
    return list(questions.order_by("position", "id").values_list("id", "current_version_id"))


# A quiz closing within this time is listed as closing soon.
CLOSING_SOON = timedelta(days=1)


@dataclass
class OpenQuiz:
    """A quiz on the student's dashboard: open now or opening later, with what they may still do."""

    pk: int
    title: str
    opens_at: datetime | None
    closes_at: datetime | None
    is_open: bool
    closing_soon: bool
    # None: unlimited.
    attempts_left: int | None
    # The attempt in progress (or in its grace period, when it may only be submitted), if any.
    attempt_id: int | None = None
    time_left: timedelta | None = None
    in_grace: bool = False


def open_for_student(student, now):
    """The quizzes of the student's classes not yet closed (and any with an attempt still going),
    in one query: an attempt in progress first, then closing soonest, then opening later."""
    from .attempts import GRACE, IN_PROGRESS, effective_state, time_left

    mine = Attempt.objects.filter(quiz=OuterRef("pk"), student=student)
    going = mine.filter(state=Attempt.State.IN_PROGRESS)
    found = (
        Quiz.objects.filter(pk__in=Quiz.objects.filter(classes__students=student).values("pk"))
        .annotate(
            used=Coalesce(Subquery(mine.order_by().values("quiz").annotate(n=Count("pk")).values("n")), 0),
            going_id=Subquery(going.values("pk")[:1]),
            going_deadline=Subquery(going.values("deadline")[:1]),
            going_grace=Subquery(going.values("grace_seconds")[:1]),
        )
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now) | Q(going_id__isnull=False))
        .only("pk", "title", "opens_at", "closes_at", "attempts_allowed")
    )
    rows = []
    for quiz in found:
        row = OpenQuiz(
            quiz.pk,
            quiz.title,
            quiz.opens_at,
            quiz.closes_at,
            is_open(quiz, now),
            quiz.closes_at is not None and now < quiz.closes_at <= now + CLOSING_SOON,
            max(0, quiz.attempts_allowed - quiz.used) if quiz.attempts_allowed else None,
        )
        if quiz.going_id is not None:
            attempt = Attempt(
                pk=quiz.going_id, state=IN_PROGRESS, deadline=quiz.going_deadline, grace_seconds=quiz.going_grace
            )
            state = effective_state(attempt, now)
            if state in (IN_PROGRESS, GRACE):
                row.attempt_id, row.time_left, row.in_grace = quiz.going_id, time_left(attempt, now), state == GRACE
        if row.attempt_id is None and (not row.is_open and row.closes_at is not None and row.closes_at <= now):
            continue  # closed, and nothing left to resume
        if row.attempt_id is None and row.is_open and row.attempts_left == 0:
            continue  # every attempt used
        rows.append(row)
    far = datetime.max.replace(tzinfo=UTC)
    rows.sort(
        key=lambda r: (
            r.attempt_id is None,
            not r.is_open,
            r.closes_at or far,
            r.opens_at or far,
            r.title,
        )
    )
    return rows
