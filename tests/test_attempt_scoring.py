"""Scoring an attempt and a student's grade across attempts, and the quiz's schedule policy."""

import pytest

from quizzes import scheduling
from quizzes.attempts.attempts import policy_rating
from quizzes.attempts.scoring import attempt_score, quiz_grade


def test_an_attempt_scores_the_fraction_of_marks_with_partial_credit():
    assert attempt_score([1.0, 0.5, 0.0, None]) == pytest.approx(1.5 / 4)


def test_an_attempt_with_no_questions_scores_nothing():
    assert attempt_score([]) == 0.0


@pytest.mark.parametrize(
    "method, expected", [("highest", 0.9), ("average", (0.4 + 0.9 + 0.6) / 3), ("first", 0.4), ("last", 0.6)]
)
def test_each_grading_method_reads_the_attempts_in_order(method, expected):
    assert quiz_grade([0.4, 0.9, None, 0.6], method) == pytest.approx(expected)


def test_a_student_with_no_finished_attempt_has_no_grade():
    assert quiz_grade([None], "highest") is None


def test_an_unknown_grading_method_names_the_module():
    with pytest.raises(ValueError, match="scoring.py"):
        quiz_grade([1.0], "median")


def test_a_wrong_answer_makes_the_card_due_again():
    assert policy_rating(0.0, None) == scheduling.AGAIN
    assert policy_rating(0.2, {"state": scheduling.REVIEW}) == scheduling.AGAIN


def test_a_partly_right_answer_is_hard():
    assert policy_rating(0.5, None) == scheduling.HARD


def test_a_right_answer_is_easy_on_a_new_or_learning_card_and_good_in_review():
    assert policy_rating(1.0, None) == scheduling.EASY
    assert policy_rating(1.0, {"state": scheduling.LEARNING}) == scheduling.EASY
    assert policy_rating(1.0, {"state": scheduling.REVIEW}) == scheduling.GOOD


@pytest.mark.parametrize("name", ["=1+1", "+971", "-2", "@SUM(A1)"])
def test_a_grades_cell_that_starts_like_a_formula_gets_an_apostrophe(name):
    from quizzes.attempts.grades_csv import safe_cell

    assert safe_cell(name) == "'" + name


def test_an_ordinary_arabic_name_is_left_as_it_is():
    from quizzes.attempts.grades_csv import safe_cell

    assert safe_cell("ليلى") == "ليلى"
