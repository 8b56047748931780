"""Which quizzes a person may see or manage, whether a quiz is open, and the questions it draws from.

Who manages a quiz: its owner reads, changes and regrades every class it is set for; an instructor
of one of those classes reads and changes the attempts of their own classes' students only, and
never regrades (a regrade changes every class's scores); staff manage every quiz, as in the admin."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from django.db.models import Count, F, Q

from ..models import Attempt, Klass, Membership, Question, Quiz, QuizDraw, QuizMark, QuizOverride
from ..questions import quiz_types
from . import overrides
from .deadline import GRACE, IN_PROGRESS, OPEN_STATES, effective_state, time_left


def for_student(student):
    """Quizzes set for the classes the student is in, newest first."""
    return (
        Quiz.objects.filter(classes__memberships__student=student, classes__memberships__removed_at__isnull=True)
        .distinct()
        .select_related("question_set")
        .order_by("-created_at")
    )


def managed_by(user):
    """Quizzes a person reviews: their own, those set for a class they teach, every quiz for staff."""
    if user.is_staff:
        return Quiz.objects.order_by("-created_at")
    if not user.is_instructor:
        return Quiz.objects.none()
    return Quiz.objects.filter(Q(owner=user) | Q(classes__instructors=user)).distinct().order_by("-created_at")


def manages_every_class(user, quiz) -> bool:
    """Whether the person changes the quiz itself and all its classes' attempts (its owner, staff),
    rather than only their own classes' students' attempts."""
    return user.is_staff or quiz.owner_id == user.pk


def readable_attempts(user, quiz):
    """The attempts at the quiz the person may read and change: every one for its owner and staff,
    else those of students in a class they teach that the quiz is set for."""
    rows = Attempt.objects.filter(quiz=quiz)
    if manages_every_class(user, quiz):
        return rows
    # A subquery, not a join: a student in two such classes must not count their attempt twice.
    students = Membership.objects.current().filter(klass__instructors=user, klass__quizzes=quiz)
    return rows.filter(student_id__in=students.values("student_id"))


def visible_quiz(user, pk):
    """The quiz with this id if the person is a student of one of its classes; else None."""
    return for_student(user).filter(pk=pk).first()


def managed_quiz(user, pk):
    """The quiz with this id if the person reviews it (as `managed_by` says), else None: the quiz by
    its key, then, for a co-instructor only, whether a class of theirs has it (two plain queries,
    not the distinct join over every class that listing their quizzes needs)."""
    if not (user.is_staff or user.is_instructor):
        return None
    quiz = Quiz.objects.filter(pk=pk).first()
    if quiz is None or manages_every_class(user, quiz):
        return quiz
    return quiz if Klass.objects.filter(quizzes=quiz, instructors=user).exists() else None


def is_open(quiz, now):
    return (quiz.opens_at is None or quiz.opens_at <= now) and (quiz.closes_at is None or now < quiz.closes_at)


def taught_classes(user):
    return Klass.objects.filter(instructors=user).order_by("name")


def eligible_questions(quiz):
    """The set's live, automatically graded questions (flashcards are self-graded: left out),
    only those with a chosen tag if the quiz names tags, in the set's order."""
    questions = Question.objects.filter(
        question_set=quiz.question_set_id, retired_at__isnull=True, type__in=quiz_types()
    )
    tag_ids = [t.pk for t in quiz.tags.all()]
    if tag_ids:
        questions = questions.filter(tags__in=tag_ids).distinct()
    return list(questions.order_by("position", "id").values_list("id", "current_version_id"))


def tag_question_counts(question_set_id, tag_ids):
    """{tag id: number of the set's live questions a quiz asks with that tag}: what a draw may take."""
    found = (
        Question.objects.filter(
            question_set=question_set_id, retired_at__isnull=True, type__in=quiz_types(), tags__in=tag_ids
        )
        .values_list("tags")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return dict(found)


def draws(quiz):
    return list(QuizDraw.objects.filter(quiz=quiz).select_related("tag").order_by("position", "pk"))


def marks(quiz):
    """{question id: mark} of the questions whose mark is not 1."""
    return dict(QuizMark.objects.filter(quiz=quiz).values_list("question_id", "mark"))


def marks_now(quiz, question_ids):
    """{question id: its mark in the quiz now}, for the questions of its attempts: its own mark (1
    if none) in a quiz without draws; in a quiz with draws, the mark of the draw it came from where
    that can be told (every draw gives the same mark, or the question carries the tag of only one
    draw's mark). A question whose draw cannot be told is left out: its rows keep their marks."""
    question_ids = set(question_ids)
    found = draws(quiz)
    if not found:
        own = marks(quiz)
        return {q: own.get(q, 1.0) for q in question_ids}
    if len({d.mark for d in found}) == 1:
        return dict.fromkeys(question_ids, found[0].mark)
    by_tag = {}
    for draw in found:
        by_tag.setdefault(draw.tag_id, set()).add(draw.mark)
    tagged = Question.tags.through.objects.filter(question_id__in=question_ids, tag_id__in=list(by_tag))
    candidates = {}
    for question_id, tag_id in tagged.values_list("question_id", "tag_id"):
        candidates.setdefault(question_id, set()).update(by_tag[tag_id])
    return {q: next(iter(m)) for q, m in candidates.items() if len(m) == 1}


def question_total(quiz):
    """How many questions an attempt asks (at most: a draw takes what its tag holds)."""
    found = draws(quiz)
    if found:
        return sum(d.count for d in found)
    count = len(eligible_questions(quiz))
    return min(count, quiz.question_count) if quiz.question_count else count


def draw_questions(quiz, rng):
    """The questions of a new attempt as [(question id, version id, mark)], in the order they are
    asked: each draw's random questions with the draw's mark (a question drawn once is not drawn
    again by a later draw), or the quiz's questions (all, or a random `question_count` of them)
    with their own marks."""
    found = draws(quiz)
    if found:
        chosen, taken = [], set()
        for draw in found:
            pool = (
                Question.objects.filter(
                    question_set=quiz.question_set_id, retired_at__isnull=True, type__in=quiz_types(), tags=draw.tag_id
                )
                .exclude(pk__in=taken)
                .order_by("position", "id")
                .values_list("id", "current_version_id")
            )
            pool = list(pool)
            picked = sorted(rng.sample(pool, min(draw.count, len(pool))), key=pool.index)
            taken.update(q for q, _v in picked)
            chosen += [(q, v, draw.mark) for q, v in picked]
        return chosen
    pool = eligible_questions(quiz)
    picked = list(pool)
    if quiz.question_count and quiz.question_count < len(pool):
        picked = sorted(rng.sample(pool, quiz.question_count), key=pool.index)
    own = marks(quiz)
    return [(q, v, own.get(q, 1.0)) for q, v in picked]


def write_draws(quiz, rows):
    """Replaces the quiz's draws with `rows` [(tag id, count, mark)] (validated by the quiz's form)."""
    QuizDraw.objects.filter(quiz=quiz).delete()
    QuizDraw.objects.bulk_create(
        QuizDraw(quiz=quiz, tag_id=tag_id, count=count, mark=mark, position=i)
        for i, (tag_id, count, mark) in enumerate(rows)
    )


def write_marks(quiz, given):
    """Stores each question's mark in the quiz from `given` {question id: mark}; a mark of 1 is the
    default and is not stored."""
    QuizMark.objects.filter(quiz=quiz, question_id__in=list(given)).delete()
    QuizMark.objects.bulk_create(
        QuizMark(quiz=quiz, question_id=pk, mark=mark) for pk, mark in given.items() if mark != 1
    )


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


def _with_overrides(found, overrides_found, student):
    """The rows (pk, title, opens, closes, attempts) with the student's overrides applied."""
    if not overrides_found:
        return found
    rows = []
    for pk, title, opens_at, closes_at, allowed in found:
        mine = [o for o in overrides_found if o.quiz_id == pk]
        own = next((o for o in mine if o.student_id == student.pk), None)
        chosen = overrides.resolve(own, [o for o in mine if o.klass_id is not None])
        rows.append(
            (
                pk,
                title,
                chosen.get("opens_at", opens_at),
                chosen.get("closes_at", closes_at),
                chosen.get("attempts_allowed", allowed),
            )
        )
    return rows


def open_for_student(student, now):
    """The quizzes of the student's classes not yet closed for them (and any with an attempt still
    going), with their own overrides, in three plain queries (two when there is no quiz): an
    attempt in progress first, then closing soonest, then opening later."""
    going = Attempt.objects.filter(student=student, state=Attempt.State.IN_PROGRESS).order_by().values("quiz_id")
    # The student's own overrides and those of their classes the quiz is set for, read first (they
    # are few): those closing later are then a list of ids, not the same filter built again inside
    # the quizzes' query.
    theirs = list(
        QuizOverride.objects.filter(
            Q(student=student)
            | Q(
                klass__memberships__student=student,
                klass__memberships__removed_at__isnull=True,
                klass__quizzes=F("quiz_id"),
            )
        ).order_by()
    )
    later = {o.quiz_id for o in theirs if o.closes_at is not None and o.closes_at > now}
    not_closed = Q(closes_at__isnull=True) | Q(closes_at__gt=now) | Q(pk__in=going)
    if later:
        not_closed |= Q(pk__in=sorted(later))
    found = list(
        Quiz.objects.filter(classes__memberships__student=student, classes__memberships__removed_at__isnull=True)
        .filter(not_closed)
        .order_by()
        .distinct()
        .values_list("pk", "title", "opens_at", "closes_at", "attempts_allowed")
    )
    if not found:
        return []
    found = _with_overrides(found, theirs, student)
    used, current = Counter(), {}
    mine = Attempt.objects.filter(student=student, quiz_id__in=[q[0] for q in found]).order_by()
    for quiz_id, pk, state, deadline, grace in mine.values_list("quiz_id", "pk", "state", "deadline", "grace_seconds"):
        used[quiz_id] += 1
        if state == IN_PROGRESS:
            current[quiz_id] = Attempt(pk=pk, state=state, deadline=deadline, grace_seconds=grace)
    rows = []
    for pk, title, opens_at, closes_at, allowed in found:
        open_now = is_open(SimpleNamespace(opens_at=opens_at, closes_at=closes_at), now)
        row = OpenQuiz(
            pk,
            title,
            opens_at,
            closes_at,
            open_now,
            closes_at is not None and now < closes_at <= now + CLOSING_SOON,
            max(0, allowed - used[pk]) if allowed else None,
        )
        attempt = current.get(pk)
        if attempt is not None and effective_state(attempt, now) in OPEN_STATES:
            row.attempt_id, row.time_left = attempt.pk, time_left(attempt, now)
            row.in_grace = effective_state(attempt, now) == GRACE
        if row.attempt_id is None and closes_at is not None and closes_at <= now:
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
