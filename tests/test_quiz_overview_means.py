"""Each question's average mark in the quiz overview, summed by the database, is the average worked
out row by row: the grader's score first, an unanswered question 0, an answer waiting for its
grader left out, each question in the set's order."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts import attempts, scoring
from quizzes.models import AttemptQuestion, Question
from quizzes.reports import quiz_overview

pytestmark = pytest.mark.django_db


def by_hand(attempt_ids):
    sums, counts, marks = defaultdict(float), defaultdict(int), {}
    rows = AttemptQuestion.objects.filter(attempt_id__in=attempt_ids)
    for row in rows:
        counted = scoring.row_score(row.score, row.manual_score, row.saved_at)
        marks[row.question_id] = row.mark
        if counted is not scoring.PENDING:
            sums[row.question_id] += counted * row.mark
            counts[row.question_id] += 1
    order = Question.objects.filter(pk__in=list(marks)).order_by("position", "pk").values_list("pk", "prompt")
    return [(pk, prompt, counts[pk], sums[pk] / counts[pk] if counts[pk] else None, marks[pk]) for pk, prompt in order]


def test_each_questions_average_mark_is_the_one_worked_out_row_by_row(make_quiz, make_user):
    students = [make_user(f"m{i}") for i in range(5)]
    quiz = make_quiz(*students, attempts_allowed=0)
    now = timezone.now() - timedelta(minutes=5)
    ids = []
    for i, student in enumerate(students):
        attempt = attempts.start(quiz, student, now)
        attempts.submit(attempt, now)
        ids.append(attempt.pk)
        rows = list(attempt.questions.order_by("position"))
        # Some answered right, one overridden by a grader, one waiting for its grader, one unanswered.
        AttemptQuestion.objects.filter(pk=rows[0].pk).update(score=i / 4, saved_at=now, mark=2)
        AttemptQuestion.objects.filter(pk=rows[1].pk).update(score=0.0, manual_score=0.5, saved_at=now)
        AttemptQuestion.objects.filter(pk=rows[2].pk).update(score=None, saved_at=now if i % 2 else None)
        AttemptQuestion.objects.filter(pk=rows[3].pk).update(score=None, manual_score=None, saved_at=now)
    found = [(q.question_id, q.prompt, q.answers, q.mean_marks, q.mark) for q in quiz_overview.question_means(ids)]
    expected = by_hand(ids)
    assert [row[:3] + row[4:] for row in found] == [row[:3] + row[4:] for row in expected]
    assert [row[3] for row in found] == pytest.approx([row[3] for row in expected], nan_ok=True)
    waiting = {row[0]: row for row in found}[AttemptQuestion.objects.get(attempt_id=ids[0], position=4).question_id]
    assert waiting[2] == 0 and waiting[3] is None


@pytest.mark.parametrize("grading", ["highest", "average", "first", "last"])
def test_each_students_grade_is_the_one_the_deadline_rule_and_the_grading_method_give(make_quiz, make_user, grading):
    """The overview reads each attempt's state in SQL rather than from its dates: the grades must
    be those `final_grade` gives from whole attempts, at moments before, at and after deadlines."""
    from quizzes.models import Attempt

    students = [make_user(f"g{i}") for i in range(6)]
    quiz = make_quiz(*students, attempts_allowed=0)
    quiz.grading = grading
    quiz.save(update_fields=["grading"])
    start = timezone.now() - timedelta(hours=1)
    for i, student in enumerate(students):
        # A submitted attempt with a stored score, then one left in progress in a different way each.
        first = attempts.start(quiz, student, start)
        AttemptQuestion.objects.filter(attempt=first).update(score=i / 5, saved_at=start)
        attempts.submit(first, start)
        second = attempts.start(quiz, student, start)
        AttemptQuestion.objects.filter(attempt=second).update(score=1.0 - i / 10, saved_at=start)
        deadline = start + timedelta(minutes=[0, 30, 60, 90, 0, 30][i])
        grace = [0, 0, 600, 0, 1200, 0][i]
        Attempt.objects.filter(pk=second.pk).update(deadline=None if i == 5 else deadline, grace_seconds=grace)
    # One answer waiting for its grader, in a finished attempt.
    AttemptQuestion.objects.filter(attempt__student=students[2], attempt__number=1, position=1).update(
        score=None, manual_score=None
    )
    Attempt.objects.filter(student=students[2], number=1).update(score=None)
    for moment in (start, start + timedelta(minutes=30), start + timedelta(minutes=61), start + timedelta(hours=3)):
        expected = {}
        for student in students:
            found = list(scoring.with_points(Attempt.objects.filter(quiz=quiz, student=student)).order_by("number"))
            expected[student.pk] = scoring.final_grade(found, quiz, moment)
        assert quiz_overview.student_grades(quiz, Attempt.objects.filter(quiz=quiz), moment) == expected
