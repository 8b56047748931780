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
