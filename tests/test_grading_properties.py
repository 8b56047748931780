"""Generated responses and forms against every type: grading never raises, stays in [0, 1] and
gives full marks only to a right answer; reading a form returns a response or refuses it."""

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import arabic
from quizzes.questions import InvalidResponse, get_type, opaque_key
from tests.test_grading import AUTOMATIC, SAMPLES

# Anything a stored response or a crafted request could hold.
junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["\x00", "\x00" * 50, "ت" * 20_000, "9" * 5_000, "1e999", "NaN", "∞", "-0"]),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6),
    max_leaves=6,
)


def author_keys(type_name, data):
    """Every key the author gave the question's parts, and a few that are not."""
    match type_name:
        case "single" | "multiple":
            keys = [o["key"] for o in data["options"]]
        case "order":
            keys = [i["key"] for i in data["items"]]
        case "match":
            keys = [p["key"] for p in data["pairs"]]
        case "cloze":
            keys = [g["key"] for g in data["gaps"]] + [o["key"] for g in data["gaps"] for o in g.get("options", [])]
        case _:
            keys = []
    return keys + ["", "zz", "A", "a ", "\x00"]


def responses(type_name):
    """Responses near a right one (right keys, repeated, missing, foreign) mixed with junk."""
    data = SAMPLES[type_name]
    correct = get_type(type_name).correct_response(data)
    key = st.sampled_from(author_keys(type_name, data))
    text = st.text(max_size=20) | st.sampled_from(["2002", "١٩٩٤", "1994", "1994 م", "توكايف", "توكاييف", "٢٠٠٢"])
    near = {
        "single": key,
        "multiple": st.lists(key, max_size=8) | st.lists(key, max_size=8).map(tuple),
        "true_false": st.sampled_from([True, False, 0, 1, "true", "false"]),
        "short": text,
        "number": text | st.integers().map(str),
        "order": st.lists(key, max_size=8) | st.permutations(correct),
        "match": st.dictionaries(key, key | junk, max_size=6),
        "cloze": st.dictionaries(key, key | text | junk, max_size=5),
        "flashcard": st.integers(min_value=-2, max_value=6) | st.sampled_from([3.0, True, "3"]),
    }[type_name]
    return st.just(correct) | near | junk


def is_right(type_name, data, response):
    """The oracle: whether a teacher would give `response` full marks."""
    match type_name:
        case "single":
            return response == data["answer"] and isinstance(response, str)
        case "multiple":
            return (
                isinstance(response, list | tuple)
                and all(isinstance(k, str) for k in response)
                and set(response) == set(data["answer"])
            )
        case "true_false":
            return response is data["answer"]
        case "short":
            accepted = [v for a in data["answers"] for v in (a["text"], *a.get("variants", []))]
            return isinstance(response, str) and arabic.normalize(response) in {arabic.normalize(a) for a in accepted}
        case "number":
            value = arabic.parse_number(response) if isinstance(response, str) else None
            return value is not None and abs(value - Decimal(str(data["answer"]))) <= Decimal(
                str(data.get("tolerance", 0))
            )
        case "order":
            return isinstance(response, list | tuple) and list(response) == [i["key"] for i in data["items"]]
        case "match":
            return isinstance(response, dict) and all(response.get(p["key"]) == p["key"] for p in data["pairs"])
        case "cloze":
            if not isinstance(response, dict):
                return False
            for gap in data["gaps"]:
                given = response.get(gap["key"])
                if "options" in gap:
                    if given != gap["answer"]:
                        return False
                elif not is_right("short", {"answers": gap["answers"]}, given):
                    return False
            return True
        case "flashcard":
            return type(response) is int and response in (3, 4)
    raise AssertionError(type_name)


@pytest.mark.parametrize("type_name", AUTOMATIC)
def test_grading_any_response_stays_in_bounds_and_credits_only_a_right_one(type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(response=responses(type_name))
    def check(response):
        grade = qtype.grade(data, response)
        assert 0 <= grade.score <= 1
        assert (grade.score == 1) == is_right(type_name, data, response), response
        assert all(0 <= p.correct <= 1 for p in grade.parts)

    check()


def form_names(type_name, data, seed):
    """The names the card's page uses, and a few it does not."""
    names = ["response", "rating", "order", "token", "", "\x00"]
    match type_name:
        case "order":
            names += [opaque_key(seed, f"item:{i['key']}") for i in data["items"]]
        case "match":
            names += [opaque_key(seed, f"row:{p['key']}") for p in data["pairs"]]
        case "cloze":
            names += [opaque_key(seed, f"gap:{g['key']}") for g in data["gaps"]]
    return names


def form_values(type_name, data, seed):
    values = ["", "1", "2", "3", "٢", "0", "-1", "99", "true", "false", "\x00", "2002", "ألف", "x" * 10_000]
    values += author_keys(type_name, data)
    match type_name:
        case "single" | "multiple":
            values += [opaque_key(seed, f"option:{o['key']}") for o in data["options"]]
        case "match":
            values += [opaque_key(seed, f"right:{p['key']}") for p in data["pairs"]]
        case "cloze":
            values += [
                opaque_key(seed, f"gap:{g['key']}:{o['key']}") for g in data["gaps"] for o in g.get("options", [])
            ]
    return values


@pytest.mark.parametrize("type_name", AUTOMATIC)
def test_reading_any_form_returns_a_gradable_response_or_refuses_it(type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    seed = 12345
    value = st.sampled_from(form_values(type_name, data, seed)) | st.text(max_size=40)
    form = st.dictionaries(
        st.sampled_from(form_names(type_name, data, seed)) | st.text(max_size=10),
        st.lists(value, max_size=4) | value | junk,
        max_size=8,
    )

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(form=form)
    def check(form):
        try:
            response = qtype.response_from_form(data, form, seed)
        except InvalidResponse as refused:
            assert refused.message
            return
        assert "\x00" not in repr(response)
        json.dumps(response)  # stored in a JSON column as it is
        assert 0 <= qtype.grade(data, response).score <= 1

    check()


def test_reading_a_form_that_is_not_a_mapping_of_lists_is_refused_or_empty():
    for type_name in AUTOMATIC:
        qtype = get_type(type_name)
        for form in ({}, {"response": None}, {"response": 3}, {"response": [["a"]]}, {"response": {"a": 1}}):
            try:
                response = qtype.response_from_form(SAMPLES[type_name], form, 1)
            except InvalidResponse:
                continue
            assert qtype.grade(SAMPLES[type_name], response).score < 1 or type_name == "flashcard"
