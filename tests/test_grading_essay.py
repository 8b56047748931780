"""The essay: a written answer counted in words as Arabic is written, marked by a grader, never studied."""

from datetime import UTC, datetime

import pytest

from quizzes.attempts import attempts, scoring
from quizzes.bank import writing
from quizzes.bank.sets import study_order
from quizzes.models import Question, Review
from quizzes.questions import InvalidResponse, get_type, quiz_types, study_types, validate_question
from quizzes.questions.essay import count_words

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ESSAY = get_type("essay")


@pytest.mark.parametrize(
    "text, words",
    [
        ("", 0),
        ("   \n ", 0),
        ("تأسست المنظمة عام 2002", 4),
        # Diacritics and tatweel stay inside their word.
        ("كَتَبَ الطالبُ مقالـــةً", 3),
        # A lone dash or Arabic comma is not a word; a non-breaking space separates two.
        ("روسيا ، بيلاروس - أرمينيا\u00a0كازاخستان", 4),
        # The zero-width non-joiner stays inside its word.
        ("می\u200cخواهم", 1),
        ("CSTO was founded in 2002.", 5),
        (None, 0),
    ],
)
def test_words_are_counted_as_a_reader_counts_them(text, words):
    assert count_words(text) == words


def test_an_answer_over_the_word_limit_is_refused_with_its_count():
    with pytest.raises(InvalidResponse, match="4"):
        ESSAY.response_from_form({"word_limit": 3}, {"response": ["واحد اثنان ثلاثة أربعة"]}, 1)
    assert ESSAY.response_from_form({"word_limit": 3}, {"response": [" واحد\x00 اثنان \n"]}, 1) == "واحد اثنان"


def test_an_essay_waits_for_its_grader_unless_left_blank():
    assert ESSAY.needs_grader("جواب")
    assert not ESSAY.needs_grader("  ")
    assert ESSAY.grade({}, "").score == 0.0


@pytest.mark.parametrize("limit", [0, -1, "50", 3.5, True, 10_000])
def test_a_word_limit_must_be_a_sensible_whole_number(limit):
    problems = validate_question({"id": "e", "type": "essay", "prompt": "اكتب", "word_limit": limit}, set(), cite=False)
    assert [p.path for p in problems] == [("word_limit",)]


def test_an_essay_is_asked_in_quizzes_and_never_studied():
    assert "essay" in quiz_types() and "essay" not in study_types()
    assert "flashcard" in study_types() and "flashcard" not in quiz_types()


def _add_essay(qset, author, **data):
    sources = qset.questions.get(key="founded").sources
    raw = {"id": "why", "type": "essay", "prompt": "لماذا تدخلت المنظمة؟", "sources": sources, **data}
    writing.save_question(qset, raw, author=author)
    return Question.objects.get(question_set=qset, key="why")


@pytest.mark.django_db
def test_a_set_with_an_essay_studies_every_other_question(sample_set, instructor):
    essay = _add_essay(sample_set, instructor)
    order = study_order(sample_set)
    assert essay.pk not in order and len(order) == sample_set.questions.exclude(pk=essay.pk).count()


@pytest.mark.django_db
def test_a_written_essay_makes_the_attempt_need_grading_and_never_feeds_the_schedule(
    make_quiz, student, sample_set, instructor
):
    essay = _add_essay(sample_set, instructor, word_limit=50)
    quiz = make_quiz(student, grading="highest", attempts_allowed=0)
    attempt = attempts.start(quiz, student, NOW)
    row = attempt.questions.get(question=essay)
    saved = attempts.save_answer(attempt, row, {"response": ["لأن رئيس كازاخستان طلب المساعدة."]}, NOW)
    assert saved.score is None
    attempts.submit(attempt, NOW)
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.score is None
    assert attempts.effective_score(attempt, NOW) is scoring.PENDING
    annotated = attempts.with_points(type(attempt).objects.filter(pk=attempt.pk)).get()
    assert annotated.pending == 1 and attempts.effective_score(annotated, NOW) is scoring.PENDING
    assert attempts.final_grade([annotated], quiz, NOW) is scoring.PENDING
    assert not Review.objects.filter(question=essay).exists()


@pytest.mark.django_db
def test_a_blank_essay_scores_nothing_and_needs_no_grader(make_quiz, student, sample_set, instructor):
    essay = _add_essay(sample_set, instructor)
    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, NOW)
    attempts.save_answer(attempt, attempt.questions.get(question=essay), {"response": ["  "]}, NOW)
    attempts.submit(attempt, NOW)
    attempt.refresh_from_db()
    assert attempt.score == 0.0


@pytest.mark.parametrize(
    "method, scores, grade",
    [
        ("highest", [0.5, scoring.PENDING], scoring.PENDING),
        ("average", [0.5, scoring.PENDING], scoring.PENDING),
        ("first", [0.5, scoring.PENDING], 0.5),
        ("last", [0.5, scoring.PENDING], scoring.PENDING),
        ("last", [scoring.PENDING, 0.5], 0.5),
        ("highest", [0.5, None, 0.75], 0.75),
    ],
)
def test_a_grade_across_attempts_needs_grading_when_an_attempt_it_counts_does(method, scores, grade):
    assert (
        scoring.quiz_grade(scores, method) == grade
        if grade is not scoring.PENDING
        else (scoring.quiz_grade(scores, method) is scoring.PENDING)
    )


def test_a_graders_score_counts_instead_of_the_automatic_one():
    assert scoring.row_score(0.0, 0.75, NOW) == 0.75
    assert scoring.row_score(None, None, NOW) is scoring.PENDING
    assert scoring.row_score(None, None, None) == 0.0
    assert scoring.attempt_score([1.0, scoring.PENDING], [1, 1]) is scoring.PENDING
