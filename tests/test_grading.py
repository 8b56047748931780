"""Grading of every question type: full, partial and no credit, and that it cannot be gamed."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.questions import TYPES, get_type

SINGLE = {"options": [{"key": k, "text": k.upper()} for k in "abcd"], "answer": "c"}
MULTIPLE = {"options": [{"key": k, "text": k.upper()} for k in "abcdef"], "answer": ["a", "c", "e"]}
ORDER = {"items": [{"key": f"e{i}", "text": f"event {i}"} for i in range(5)]}
MATCH = {"pairs": [{"key": f"p{i}", "left": f"L{i}", "right": f"R{i}"} for i in range(4)]}
CLOZE = {
    "text": "أنشئت المنظمة عام [[year]] في [[city]] بعد [[treaty]].",
    "gaps": [
        {"key": "year", "answers": [{"text": "2002"}]},
        {"key": "city", "options": [{"key": "m", "text": "موسكو"}, {"key": "t", "text": "طشقند"}], "answer": "m"},
        {"key": "treaty", "answers": [{"text": "المعاهدة", "variants": ["الاتفاقية"]}]},
    ],
}
SHORT = {"answers": [{"text": "توكايف", "variants": ["توكاييف"]}, {"text": "قاسم جومارت توكايف"}]}
STRICT = {"answers": [{"text": "مسؤولية", "strict": True}]}


def score(type_name, data, response):
    return get_type(type_name).grade(data, response).score


def test_single_gives_full_credit_only_for_the_answer():
    assert score("single", SINGLE, "c") == 1
    assert score("single", SINGLE, "a") == 0
    assert score("single", SINGLE, None) == 0


@pytest.mark.parametrize(
    "chosen, expected",
    [
        (["a", "c", "e"], 1.0),
        (["a", "c"], 2 / 3),
        (["a"], 1 / 3),
        (["a", "b"], 0.0),
        (["a", "c", "b"], 1 / 3),
        (["a", "b", "c", "d", "e", "f"], 0.0),
        ([], 0.0),
        (["b", "d", "f"], 0.0),
    ],
)
def test_multiple_subtracts_wrong_choices_so_choosing_everything_earns_nothing(chosen, expected):
    assert score("multiple", MULTIPLE, chosen) == pytest.approx(expected)


def test_multiple_reports_each_option():
    parts = get_type("multiple").grade(MULTIPLE, ["a", "b"]).parts
    assert {p.key: p.correct for p in parts} == {"a": True, "b": False, "c": False, "d": True, "e": False, "f": True}


def test_true_false_needs_the_boolean_itself():
    data = {"answer": False}
    assert score("true_false", data, False) == 1
    assert score("true_false", data, True) == 0
    assert score("true_false", data, None) == 0
    assert score("true_false", data, 0) == 0


@pytest.mark.parametrize(
    "response, expected",
    [("توكايف", 1), ("توكاييف", 1), ("تُوكَايِف", 1), ("قاسم جومارت توكايف", 1), ("نزارباييف", 0), ("", 0)],
)
def test_short_accepts_listed_spellings_after_normalisation(response, expected):
    assert score("short", SHORT, response) == expected


def test_a_strict_answer_counts_hamza_but_not_diacritics():
    assert score("short", STRICT, "مَسْؤُولِيَّة") == 1
    assert score("short", STRICT, "مسئولية") == 0
    assert score("short", STRICT, "مسؤوليه") == 0


@pytest.mark.parametrize(
    "response, expected", [("2002", 1), ("٢٠٠٢", 1), ("۲۰۰۲", 1), (" 2002 ", 1), ("2003", 0), ("عام", 0), ("", 0)]
)
def test_number_reads_any_digit_script(response, expected):
    assert score("number", {"answer": 2002}, response) == expected


def test_number_accepts_answers_within_the_tolerance():
    data = {"answer": 6500, "tolerance": 100}
    assert score("number", data, "6450") == 1
    assert score("number", data, "٦٦٠٠") == 1
    assert score("number", data, "6601") == 0


@pytest.mark.parametrize(
    "response, expected",
    [
        (["e0", "e1", "e2", "e3", "e4"], 1.0),
        (["e1", "e0", "e2", "e3", "e4"], 2 / 4),
        (["e4", "e3", "e2", "e1", "e0"], 0.0),
        (["e2", "e3", "e4", "e0", "e1"], 3 / 4),
        (["e0", "e1"], 0.0),
        (["e0", "e0", "e1", "e2", "e3"], 0.0),
    ],
)
def test_order_credits_each_item_followed_by_its_true_successor(response, expected):
    assert score("order", ORDER, response) == pytest.approx(expected)


def test_match_gives_a_share_per_correct_pair():
    assert score("match", MATCH, {"p0": "p0", "p1": "p1", "p2": "p3", "p3": "p2"}) == 0.5
    assert score("match", MATCH, {}) == 0
    assert score("match", MATCH, "nonsense") == 0


def test_cloze_grades_each_gap_like_its_kind():
    assert score("cloze", CLOZE, {"year": "٢٠٠٢", "city": "m", "treaty": "الاتفاقية"}) == 1
    assert score("cloze", CLOZE, {"year": "2002", "city": "t", "treaty": "معاهدة"}) == pytest.approx(2 / 3)
    assert score("cloze", CLOZE, {}) == 0


def test_flashcard_turns_the_self_rating_into_a_score():
    data = {"back": "..."}
    assert [score("flashcard", data, r) for r in (1, 2, 3, 4)] == [0, 0.5, 1, 1]


SAMPLES = {
    "single": SINGLE,
    "multiple": MULTIPLE,
    "true_false": {"answer": True},
    "short": SHORT,
    "number": {"answer": 1994},
    "order": ORDER,
    "match": MATCH,
    "cloze": CLOZE,
    "flashcard": {"back": "..."},
}


def test_every_registered_type_has_a_sample():
    assert set(SAMPLES) == set(TYPES)


@pytest.mark.parametrize("type_name", sorted(SAMPLES))
def test_the_correct_response_scores_one(type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    assert qtype.grade(data, qtype.correct_response(data)).score == 1


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(), type_name=st.sampled_from(sorted(SAMPLES)))
def test_shuffling_what_is_shown_changes_nothing_in_grading(seed, type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    shown = qtype.display(data, random.Random(seed))
    assert qtype.grade(data, qtype.correct_response(data)).score == 1
    # Display shuffles presentation only; the stored data and its keys are untouched.
    assert shown is not data
    assert set(data) <= set(shown)
    assert qtype.grade(data, qtype.correct_response(data)).score == 1


@settings(max_examples=80, deadline=None)
@given(chosen=st.lists(st.sampled_from("abcdef"), unique=True))
def test_multiple_never_scores_outside_zero_and_one(chosen):
    assert 0 <= score("multiple", MULTIPLE, chosen) <= 1


@settings(max_examples=80, deadline=None)
@given(perm=st.permutations(["e0", "e1", "e2", "e3", "e4"]))
def test_order_scores_one_only_for_the_true_order(perm):
    result = score("order", ORDER, perm)
    assert 0 <= result <= 1
    assert (result == 1) == (perm == ["e0", "e1", "e2", "e3", "e4"])
