"""The deadline rule, with a frozen clock: past its deadline an attempt counts as submitted wherever
it is read, before anything finalises it; with a grace period it may only be submitted for a while."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from quizzes.attempts import attempts
from quizzes.models import Attempt, Quiz, Review
from tests.conftest import form_for

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def answer(attempt, position, right=True, now=None):
    from quizzes.questions import get_type

    row = attempt.questions.get(position=position)
    version = row.version
    qtype = get_type(version.type)
    response = qtype.correct_response(version.data)
    if not right:
        response = {"number": "1999", "single": "b"}[version.type]
    form = form_for(version.type, version.data, row.seed, response)
    return attempts.save_answer(attempt, row, form, now or START)


@pytest.fixture
def timed(make_quiz, student):
    return make_quiz(student, time_limit=10)


def test_an_attempt_in_time_is_in_progress(timed, student):
    with time_machine.travel(START, tick=False):
        attempt = attempts.start(timed, student, START)
        assert attempts.effective_state(attempt, START + timedelta(minutes=9, seconds=59)) == attempts.IN_PROGRESS
    assert attempt.deadline == START + timedelta(minutes=10)


def test_past_its_deadline_an_attempt_counts_as_submitted_with_what_was_saved(timed, student):
    attempt = attempts.start(timed, student, START)
    answer(attempt, 1)
    later = START + timedelta(minutes=10)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS  # nothing finalised it
    assert attempts.effective_state(attempt, later) == attempts.FINISHED
    assert attempts.effective_submitted_at(attempt, later) == attempt.deadline
    total = attempt.questions.count()
    assert attempts.effective_score(attempt, later) == pytest.approx(1 / total)


def test_an_answer_sent_after_the_deadline_is_refused_and_changes_nothing(timed, student):
    attempt = attempts.start(timed, student, START)
    with pytest.raises(attempts.AnswerRefused):
        answer(attempt, 1, now=START + timedelta(minutes=10, seconds=1))
    assert attempt.questions.get(position=1).saved_at is None


def test_the_deadline_is_the_quiz_closing_time_when_that_comes_first(make_quiz, student):
    quiz = make_quiz(student, time_limit=60, closes_at=START + timedelta(minutes=15))
    attempt = attempts.start(quiz, student, START)
    assert attempt.deadline == START + timedelta(minutes=15)


def test_in_the_grace_period_the_student_may_only_submit(make_quiz, student):
    quiz = make_quiz(student, time_limit=10, on_timeout=Quiz.Timeout.GRACE, grace_minutes=5)
    attempt = attempts.start(quiz, student, START)
    in_grace = START + timedelta(minutes=12)
    assert attempts.effective_state(attempt, in_grace) == attempts.GRACE
    with pytest.raises(attempts.AnswerRefused):
        answer(attempt, 1, now=in_grace)
    attempts.submit(attempt, in_grace)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.submitted_at == in_grace


def test_after_the_grace_period_an_unsubmitted_attempt_never_counts(make_quiz, student):
    quiz = make_quiz(student, time_limit=10, on_timeout=Quiz.Timeout.GRACE, grace_minutes=5)
    attempt = attempts.start(quiz, student, START)
    answer(attempt, 1)
    after = START + timedelta(minutes=15)
    assert attempts.effective_state(attempt, after) == attempts.ABANDONED
    assert attempts.effective_score(attempt, after) is None


def test_the_finalising_command_finalises_overdue_attempts_once(timed, student):
    from django.core.management import call_command

    attempt = attempts.start(timed, student, START)
    answer(attempt, 1)
    with time_machine.travel(START + timedelta(minutes=11), tick=False):
        call_command("finalise_attempts")
        call_command("finalise_attempts")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == pytest.approx(1 / attempt.questions.count())
    # The answered question fed the student's schedule once, however often the command ran.
    assert Review.objects.filter(attempt=attempt, kind=Review.Kind.QUIZ).count() == 1


def test_an_attempt_in_progress_is_not_finalised_by_the_command(timed, student):
    attempt = attempts.start(timed, student, START)
    assert attempts.finalise_overdue(START + timedelta(minutes=5)) == 0
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS


def test_extra_time_moves_the_deadline_of_an_attempt_in_progress(timed, student):
    attempt = attempts.start(timed, student, START)
    attempts.extra_time(attempt, 5, START + timedelta(minutes=9))
    attempt.refresh_from_db()
    assert attempts.effective_state(attempt, START + timedelta(minutes=14)) == attempts.IN_PROGRESS


def test_a_reopened_attempt_takes_answers_again_until_its_new_deadline(timed, student):
    attempt = attempts.start(timed, student, START)
    attempts.submit(attempt, START + timedelta(minutes=1))
    now = START + timedelta(minutes=30)
    attempts.reopen(attempt, 10, now)
    attempt.refresh_from_db()
    assert attempts.effective_state(attempt, now) == attempts.IN_PROGRESS
    answer(attempt, 1, now=now)
    assert attempts.effective_state(attempt, now + timedelta(minutes=10)) == attempts.FINISHED


def test_the_finished_filter_finds_exactly_the_attempts_the_deadline_rule_calls_finished(make_quiz, student, make_user):
    from itertools import product

    from quizzes.attempts.deadline import FINISHED, effective_state, finished_filter

    quiz = make_quiz(student, attempts_allowed=0)
    now = START + timedelta(hours=1)
    cases = product(
        (Attempt.State.IN_PROGRESS, Attempt.State.FINISHED, Attempt.State.ABANDONED),
        (None, now - timedelta(minutes=5), now, now + timedelta(minutes=5)),
        (0, 60, 600),
    )
    for number, (state, deadline, grace) in enumerate(cases, start=1):
        # One student an attempt: a student has one attempt in progress at most.
        Attempt.objects.create(
            quiz=quiz,
            student=make_user(f"student-{number}"),
            number=1,
            started_at=START,
            state=state,
            deadline=deadline,
            grace_seconds=grace,
        )
    expected = {a.pk for a in Attempt.objects.all() if effective_state(a, now) == FINISHED}
    assert set(Attempt.objects.filter(finished_filter(now)).values_list("pk", flat=True)) == expected
    assert expected  # the cases hold finished attempts and others
    assert len(expected) < Attempt.objects.count()
