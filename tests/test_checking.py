"""`questions.check`, the one reading and grading of an answer that study and the editor's Try share:
a right answer built from any card's page scores one and a wrong one less, whatever the seed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.questions import TYPES, check, get_type, new_seed, parse_seed
from tests.question_forms import FORMS, answer_form
from tests.test_grading import AUTOMATIC, SAMPLES

SEEDS = st.integers(min_value=0, max_value=10**18 - 1)


def test_every_type_has_a_sample():
    assert set(SAMPLES) == set(TYPES)


@settings(max_examples=120, deadline=None)
@given(seed=SEEDS, type_name=st.sampled_from(AUTOMATIC), right=st.booleans())
def test_an_answer_read_from_any_cards_page_is_graded_as_given(seed, type_name, right):
    qtype, data = get_type(type_name), SAMPLES[type_name]
    response = qtype.correct_response(data) if right else FORMS[type_name].wrong(data)
    checked = check(type_name, data, parse_seed(str(seed)), answer_form(type_name, data, seed, response))
    assert checked.shown == qtype.display(data, seed)
    if qtype.self_graded:
        assert checked.response is None and checked.score is None
    else:
        assert (checked.score == 1) == right


@given(seed=SEEDS)
def test_a_seed_reads_back_as_itself(seed):
    assert parse_seed(str(seed)) == seed


@pytest.mark.parametrize("text", [None, "", "x", "-1", "+1", "1.0", "1e3", " 1", "1 ", "1\n", "١", "1" * 19, ["1"]])
def test_a_seed_that_is_not_a_plain_number_is_none(text):
    assert parse_seed(text) is None


def test_a_new_seed_fits_a_shown_cards_column():
    assert all(0 <= new_seed() < 2**31 for _ in range(100))
