"""A student's or a class's own settings for a quiz (time limit, opening and closing, attempts),
as Moodle's user and group overrides decide them: a student's own override beats their classes';
across several classes each setting takes the most lenient value any of them sets; a setting no
override sets keeps the quiz's."""

import copy

from django.db.models import F, Q

from ..models import Klass, QuizOverride, User

FIELDS = ("time_limit", "opens_at", "closes_at", "attempts_allowed")


def _most_lenient(name, values):
    if name == "opens_at":
        return min(values)
    if name == "attempts_allowed" and 0 in values:
        return 0  # unlimited
    return max(values)


def resolve(student_override, class_overrides):
    """{setting: value} of what the overrides set, the student's own first."""
    chosen = {}
    for name in FIELDS:
        own = getattr(student_override, name, None) if student_override is not None else None
        if own is not None:
            chosen[name] = own
            continue
        values = [getattr(o, name) for o in class_overrides if getattr(o, name) is not None]
        if values:
            chosen[name] = _most_lenient(name, values)
    return chosen


def for_student(quiz, student):
    """The quiz as this student takes it: a copy with their overrides applied (one query)."""
    return each_for_student([quiz], student)[0]


def each_for_student(quizzes, student):
    """The quizzes as this student takes them, in the same order: copies where their overrides
    change something (one query for them all, none for no quiz)."""
    if not quizzes:
        return []
    ids = [quiz.pk for quiz in quizzes]
    found = list(
        QuizOverride.objects.filter(quiz_id__in=ids).filter(
            Q(student=student)
            | Q(
                klass__memberships__student=student,
                klass__memberships__removed_at__isnull=True,
                klass__quizzes=F("quiz_id"),
            )
        )
    )
    taken = []
    for quiz in quizzes:
        mine = [o for o in found if o.quiz_id == quiz.pk]
        own = next((o for o in mine if o.student_id == student.pk), None)
        chosen = resolve(own, [o for o in mine if o.klass_id is not None])
        if chosen:
            quiz = copy.copy(quiz)
            for name, value in chosen.items():
                setattr(quiz, name, value)
        taken.append(quiz)
    return taken


def listed(quiz):
    return list(QuizOverride.objects.filter(quiz=quiz).select_related("student", "klass").order_by("klass_id", "pk"))


def students_of(quiz):
    return (
        User.objects.filter(memberships__klass__quizzes=quiz, memberships__removed_at__isnull=True)
        .distinct()
        .order_by("username")
    )


def classes_of(quiz):
    return Klass.objects.filter(quizzes=quiz).order_by("name")


def save(quiz, *, student=None, klass=None, **settings):
    """The override of this student or class, created or replaced (a student's or class's one)."""
    override, _created = QuizOverride.objects.update_or_create(
        quiz=quiz, student=student, klass=klass, defaults={name: settings.get(name) for name in FIELDS}
    )
    return override
