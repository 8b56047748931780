"""Two tabs, a double click, or a submit racing an autosave give one outcome and lose nothing (PostgreSQL).

SQLite serialises every write to the whole file, so these races only exist on a server database.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from quizzes.attempts import attempts
from quizzes.models import Attempt, Review
from tests.test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there"),
]
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def fresh(attempt_id):
    return Attempt.objects.select_related("quiz").get(pk=attempt_id)


def test_two_starts_at_once_open_one_attempt(make_quiz, student):
    quiz = make_quiz(student)
    results = at_once(*[lambda: attempts.start(quiz, student, NOW).pk] * 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1]
    assert Attempt.objects.count() == 1


def test_two_tabs_saving_answers_at_once_keep_both(make_quiz, student):
    quiz = make_quiz(student, time_limit=30)
    attempt = attempts.start(quiz, student, NOW)
    one, two = attempt.questions.get(position=1), attempt.questions.get(position=2)  # number, single
    later = NOW + timedelta(minutes=1)
    results = at_once(
        lambda: attempts.save_answer(fresh(attempt.pk), one, {"response": ["2002"]}, later),
        lambda: attempts.save_answer(fresh(attempt.pk), two, {"response": ["nothing"]}, later),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert attempt.questions.filter(saved_at__isnull=False).count() == 2


def test_a_double_submit_finishes_once_and_writes_each_review_once(make_quiz, student):
    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, NOW)
    attempts.save_answer(attempt, attempt.questions.get(position=1), {"response": ["2002"]}, NOW)
    later = NOW + timedelta(minutes=2)
    results = at_once(*[lambda: attempts.submit(fresh(attempt.pk), later)] * 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Attempt.objects.get().state == Attempt.State.FINISHED
    assert Review.objects.filter(attempt=attempt).count() == 1


@pytest.mark.parametrize("round_", range(6))
def test_a_submit_racing_an_autosave_has_one_outcome_and_loses_nothing(make_quiz, student, round_):
    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, NOW)
    row = attempt.questions.get(position=1)
    later = NOW + timedelta(minutes=3)
    saved, submitted = at_once(
        lambda: attempts.save_answer(fresh(attempt.pk), row, {"response": ["2002"]}, later),
        lambda: attempts.submit(fresh(attempt.pk), later),
    )
    assert not isinstance(submitted, Exception), submitted
    finished = Attempt.objects.get()
    row.refresh_from_db()
    if isinstance(saved, attempts.AnswerRefused):
        # The submit came first: the late answer changed nothing.
        assert row.saved_at is None and finished.score == 0.0
    else:
        # The answer came first: the submit counted it, and it fed the schedule.
        assert not isinstance(saved, Exception), saved
        assert row.score == 1.0 and finished.score == pytest.approx(1 / finished.questions.count())
        assert Review.objects.filter(attempt=finished).count() == 1
