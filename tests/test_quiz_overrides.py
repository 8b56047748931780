"""A student's or a class's own quiz settings: which override wins, and what starting an attempt obeys."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from quizzes import classes
from quizzes.attempts import attempts, overrides
from quizzes.models import QuizOverride

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def override(**fields):
    return SimpleNamespace(**{name: fields.get(name) for name in overrides.FIELDS})


def test_a_students_own_override_beats_their_classes():
    chosen = overrides.resolve(override(time_limit=30), [override(time_limit=90, attempts_allowed=3)])
    assert chosen == {"time_limit": 30, "attempts_allowed": 3}


def test_across_classes_the_most_lenient_setting_wins():
    late, early = NOW + timedelta(days=2), NOW - timedelta(days=1)
    found = overrides.resolve(
        None,
        [
            override(time_limit=40, opens_at=NOW, closes_at=NOW + timedelta(days=1), attempts_allowed=2),
            override(time_limit=60, opens_at=early, closes_at=late, attempts_allowed=0),
            override(attempts_allowed=5),
        ],
    )
    assert found == {"time_limit": 60, "opens_at": early, "closes_at": late, "attempts_allowed": 0}


def test_no_override_keeps_the_quiz():
    assert overrides.resolve(None, []) == {}


@pytest.mark.django_db
def test_a_student_with_more_attempts_may_start_again(make_quiz, student):
    quiz = make_quiz(student, attempts_allowed=1)
    attempts.submit(attempts.start(quiz, student, NOW), NOW)
    with pytest.raises(attempts.StartRefused):
        attempts.start(quiz, student, NOW)
    QuizOverride.objects.create(quiz=quiz, student=student, attempts_allowed=2)
    assert attempts.start(quiz, student, NOW).number == 2


@pytest.mark.django_db
def test_a_class_given_a_longer_time_and_a_later_close_starts_with_them(make_quiz, student, make_user):
    closes = NOW + timedelta(minutes=10)
    quiz = make_quiz(student, time_limit=20, closes_at=closes)
    klass = quiz.classes.get()
    QuizOverride.objects.create(quiz=quiz, klass=klass, time_limit=45, closes_at=NOW + timedelta(days=1))
    attempt = attempts.start(quiz, student, NOW)
    assert attempt.deadline == NOW + timedelta(minutes=45)
    # A student of another class the quiz is set for keeps the quiz's own settings.
    other = make_user("other")
    second = classes.create_class(quiz.owner, "صف آخر")
    second.students.add(other)
    quiz.classes.add(second)
    assert attempts.start(quiz, other, NOW).deadline == closes


@pytest.mark.django_db
def test_a_class_override_counts_only_for_a_class_the_quiz_is_set_for(make_quiz, student):
    quiz = make_quiz(student, attempts_allowed=1)
    elsewhere = classes.create_class(quiz.owner, "صف لا يأخذ الاختبار")
    elsewhere.students.add(student)
    QuizOverride.objects.create(quiz=quiz, klass=elsewhere, attempts_allowed=5)
    assert overrides.for_student(quiz, student).attempts_allowed == 1


@pytest.mark.django_db
def test_a_quiz_opened_early_for_one_student_lets_them_start(make_quiz, student):
    quiz = make_quiz(student, opens_at=NOW + timedelta(days=1))
    with pytest.raises(attempts.StartRefused):
        attempts.start(quiz, student, NOW)
    QuizOverride.objects.create(quiz=quiz, student=student, opens_at=NOW - timedelta(hours=1))
    assert attempts.start(quiz, student, NOW).pk


@pytest.mark.django_db
def test_the_dashboard_lists_a_quiz_closed_for_the_class_but_open_for_the_student(make_quiz, student):
    from quizzes.attempts.quizzes import open_for_student

    quiz = make_quiz(student, closes_at=NOW - timedelta(hours=1), attempts_allowed=1)
    assert open_for_student(student, NOW) == []
    QuizOverride.objects.create(quiz=quiz, student=student, closes_at=NOW + timedelta(days=1), attempts_allowed=3)
    (row,) = open_for_student(student, NOW)
    assert row.is_open and row.closes_at == NOW + timedelta(days=1) and row.attempts_left == 3


@pytest.mark.django_db
def test_the_dashboard_lists_a_closed_quiz_its_class_override_keeps_open_while_the_student_is_a_member(
    make_quiz, student
):
    from quizzes.attempts.quizzes import open_for_student

    quiz = make_quiz(student, closes_at=NOW - timedelta(hours=1), attempts_allowed=1)
    klass = quiz.classes.get()
    QuizOverride.objects.create(quiz=quiz, klass=klass, closes_at=NOW + timedelta(days=1))
    (row,) = open_for_student(student, NOW)
    assert row.is_open and row.closes_at == NOW + timedelta(days=1)
    klass.memberships.filter(student=student).update(removed_at=NOW)
    assert open_for_student(student, NOW) == []
