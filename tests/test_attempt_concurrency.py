"""Two tabs, a double click, or a submit racing an autosave give one outcome and lose nothing (PostgreSQL).

SQLite serialises every write to the whole file, so these races only exist on a server database.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from quizzes.attempts import attempts, grading, scoring
from quizzes.bank import writing
from quizzes.models import Attempt, AttemptQuestion, Review
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


def test_two_starts_at_once_of_a_second_attempt_resume_the_one_started(make_quiz, student):
    quiz = make_quiz(student, attempts_allowed=2)
    attempts.submit(attempts.start(quiz, student, NOW), NOW)
    later = NOW + timedelta(minutes=5)
    results = at_once(*[lambda: attempts.start(quiz, student, later).pk] * 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1]
    assert Attempt.objects.filter(number=2).count() == 1


def instructor_fixes_keys_and_regrades(quiz, answers, done):
    """The instructor changes the key of "founded" through the one write path, regrading after each."""
    from quizzes.bank import writing
    from quizzes.bank.importing import stored_question

    def run():
        try:
            for answer in answers:
                question = quiz.question_set.questions.get(key="founded")
                raw = {**stored_question(question), "answer": answer}
                writing.save_question(quiz.question_set, raw, author=quiz.owner)
                scoring.regrade(quiz)
        finally:
            done.set()

    return run


def student_saves_and_submits(attempt_id, done, now):
    """The student keeps changing their answers while the instructor works, once more after, then
    submits; the question rows were read once, when the page was shown."""

    def run():
        attempt = fresh(attempt_id)
        founded, single = attempt.questions.get(position=1), attempt.questions.get(position=2)
        answers = ["2001", "2002", "1999"]
        for seq in range(1, 500):
            attempts.save_answer(fresh(attempt_id), founded, {"response": [answers[seq % 3]]}, now, seq=seq)
            attempts.save_answer(fresh(attempt_id), single, {"response": ["nothing"]}, now, seq=seq)
            if done.is_set():
                break
        attempts.submit(fresh(attempt_id), now)

    return run


def regrades(quiz, done):
    def run():
        while not done.is_set():
            scoring.regrade(quiz)

    return run


def wrong_rows(quiz):
    """Rows whose score is not their version's grade of their response, and finished attempts whose
    score is not their rows' score."""
    rows = AttemptQuestion.objects.filter(attempt__quiz=quiz).select_related("version")
    wrong = [r.pk for r in rows if r.score != scoring.row_grade(r.version, r.response, r.saved_at)]
    for attempt in Attempt.objects.filter(quiz=quiz, state=Attempt.State.FINISHED):
        if attempt.score != pytest.approx(scoring.stored_score(scoring.rows_score(attempt.questions.all()))):
            wrong.append(f"attempt {attempt.pk}")
    return wrong


@pytest.mark.parametrize("round_", range(5))
def test_saves_and_submits_while_the_key_changes_and_the_quiz_is_regraded_leave_every_grade_right(
    make_quiz, make_user, round_
):
    students = [make_user(f"s{round_}{i}") for i in range(4)]
    quiz = make_quiz(*students, time_limit=30)
    started = [attempts.start(quiz, s, NOW).pk for s in students]
    later = NOW + timedelta(minutes=1)
    done = threading.Event()
    results = at_once(
        *[student_saves_and_submits(pk, done, later) for pk in started],
        # The key ends unlike the one the attempts started with, so a save graded with that is wrong.
        instructor_fixes_keys_and_regrades(quiz, [2001, 2002, 2001, 2002, 2001], done),
        regrades(quiz, done),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Attempt.objects.filter(quiz=quiz, state=Attempt.State.FINISHED).count() == len(students)
    assert wrong_rows(quiz) == []
    # A quiet regrade afterwards grades every row with the key as it now is, and finds nothing wrong.
    scoring.regrade(quiz)
    assert wrong_rows(quiz) == []
    current = quiz.question_set.questions.get(key="founded").current_version_id
    assert set(AttemptQuestion.objects.filter(attempt__quiz=quiz, position=1).values_list("version", flat=True)) == {
        current
    }
    assert scoring.regrade(quiz).changes == []


def marks_every_essay(quiz, essay, grader, now, turn):
    """The instructor marks each student's essay, one answer after the other, as the grading page posts them."""

    def run():
        rows = AttemptQuestion.objects.filter(attempt__quiz=quiz, question=essay).order_by("pk")
        for i, (row_id, attempt_id) in enumerate(list(rows.values_list("pk", "attempt_id"))):
            grading.mark(attempt_id, row_id, ["1", "0.5", "0"][(i + turn) % 3], "تعليق", grader, now)

    return run


def inconsistent(quiz):
    """Attempts whose score is not their rows' score (the grader's marks first)."""
    return [
        a.pk
        for a in Attempt.objects.filter(quiz=quiz)
        if a.score is None or a.score != pytest.approx(scoring.rows_score(a.questions.all()))
    ]


def test_marking_essays_while_the_quiz_is_regraded_leaves_every_grade_consistent(make_quiz, make_user):
    from quizzes.bank.importing import stored_question

    students = [make_user(f"s{i}") for i in range(6)]
    quiz = make_quiz(*students)
    qset = quiz.question_set
    sources = qset.questions.get(key="founded").sources
    raw = {"id": "why", "type": "essay", "prompt": "لماذا؟", "sources": sources}
    writing.save_question(qset, raw, author=quiz.owner)
    essay = qset.questions.get(key="why")
    for student in students:
        attempt = attempts.start(quiz, student, NOW)
        attempts.save_answer(attempt, attempt.questions.get(question__key="founded"), {"response": ["2001"]}, NOW)
        attempts.save_answer(attempt, attempt.questions.get(question=essay), {"response": ["لأن الرئيس طلب"]}, NOW)
        attempts.submit(attempt, NOW)
    assert not Attempt.objects.filter(quiz=quiz, score__isnull=False).exists()  # every one needs grading
    later = NOW + timedelta(minutes=5)
    for turn in range(12):
        # The key moves between 2001 and 2002, so each regrade changes every attempt's «founded».
        founded = qset.questions.get(key="founded")
        writing.save_question(qset, {**stored_question(founded), "answer": 2002 - turn % 2}, author=quiz.owner)
        results = at_once(marks_every_essay(quiz, essay, quiz.owner, later, turn), lambda: scoring.regrade(quiz))
        assert not [r for r in results if isinstance(r, Exception)], results
        assert inconsistent(quiz) == [], turn
    assert wrong_rows(quiz) == []
    assert not AttemptQuestion.objects.filter(question=essay, manual_score__isnull=True).exists()
