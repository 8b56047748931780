"""Grading of every question type: full, partial and no credit, and that it cannot be gamed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.questions import TYPES, InvalidResponse, get_type, opaque_key
from tests.conftest import form_for

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
    "essay": {"word_limit": 20, "guidance": "..."},
}
# The types graded without a grader: an essay has no right answer to score one.
AUTOMATIC = sorted(name for name in SAMPLES if name in TYPES and not TYPES[name].graded_by_hand)


def test_every_registered_type_has_a_sample():
    assert set(SAMPLES) == set(TYPES)


@pytest.mark.parametrize("type_name", AUTOMATIC)
def test_the_correct_response_scores_one(type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    assert qtype.grade(data, qtype.correct_response(data)).score == 1


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), type_name=st.sampled_from(AUTOMATIC))
def test_the_correct_answer_read_from_any_shuffle_scores_one(seed, type_name):
    # As a browser would: the form is built from what this card shows, then read back.
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    if qtype.self_graded:
        return
    form = form_for(type_name, data, seed, qtype.correct_response(data))
    response = qtype.response_from_form(data, form, seed)
    assert qtype.grade(data, response).score == 1


@pytest.mark.parametrize("type_name", ["single", "multiple", "order", "match", "cloze"])
def test_each_card_shows_its_own_shuffle_and_the_same_one_again(type_name):
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    shown = [qtype.display(data, seed) for seed in range(20)]
    assert qtype.display(data, 7) == shown[7]  # a reload shows the same card
    assert len({repr(s) for s in shown}) > 5


@pytest.mark.parametrize("type_name", ["single", "multiple", "order", "match", "cloze"])
def test_a_form_from_another_card_does_not_answer_this_one(type_name):
    # The names and values are the card's own: a page kept from earlier, or a neighbour's, is no key.
    qtype = get_type(type_name)
    data = SAMPLES[type_name]
    form = form_for(type_name, data, 1, qtype.correct_response(data))
    try:
        response = qtype.response_from_form(data, form, 2)
    except InvalidResponse:
        return
    assert qtype.grade(data, response).score < 1


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


def order_form(seed, places):
    """The order form with each item's place, keyed by the author's item key."""
    return {opaque_key(seed, f"item:{key}"): [str(place)] for key, place in places.items()}


def test_order_reads_the_places_given_to_each_item():
    form = order_form(5, {"e0": 2, "e1": 1, "e2": 3, "e3": 5, "e4": 4})
    assert get_type("order").response_from_form(ORDER, form, 5) == ["e1", "e0", "e2", "e4", "e3"]


@pytest.mark.parametrize(
    "places",
    [
        {"e0": 1, "e1": 1, "e2": 1, "e3": 1, "e4": 1},  # every place "1" used to score 100 %
        {"e0": 1, "e1": 2, "e2": 3, "e3": 4, "e4": 4},
        {"e0": 1, "e1": 2, "e2": 3, "e3": 4},
        {"e0": 1, "e1": 2, "e2": 3, "e3": 4, "e4": 6},
        {"e0": 0, "e1": 1, "e2": 2, "e3": 3, "e4": 4},
        {"e0": "١", "e1": 2, "e2": 3, "e3": 4, "e4": 5},
        {"e0": "x", "e1": 2, "e2": 3, "e3": 4, "e4": 5},
        {"e0": "9" * 5000, "e1": 2, "e2": 3, "e3": 4, "e4": 5},  # int() refuses such a number with ValueError
    ],
)
def test_order_refuses_a_place_given_twice_or_not_at_all(places):
    with pytest.raises(InvalidResponse) as refused:
        get_type("order").response_from_form(ORDER, order_form(5, places), 5)
    assert refused.value.message == "استخدم كل مكان مرة واحدة."  # Arabic, the site's language


def test_order_fields_named_after_the_authors_keys_are_not_read():
    form = {f"pos-{key}": [str(i)] for i, key in enumerate(["e0", "e1", "e2", "e3", "e4"], start=1)}
    form["order"] = ["e0", "e1", "e2", "e3", "e4"]
    with pytest.raises(InvalidResponse):
        get_type("order").response_from_form(ORDER, form, 5)


@pytest.mark.parametrize("given", [["e0"] * 5, ["e0", "e0", "e1", "e2", "e3"], ["e0", "e1", "e2", "e3"], "e0e1e2e3e4"])
def test_order_never_credits_repeated_or_missing_items(given):
    assert score("order", ORDER, given) == 0


@pytest.mark.parametrize(
    ("text", "expected"), [("100 ألف", 1), ("١٠٠ ألف", 1), ("100,000", 1), ("مئة ألف", 1), ("100", 0)]
)
def test_number_grades_thousands_as_written(text, expected):
    assert score("number", {"answer": 100000}, text) == expected


def test_number_reads_a_word_number_with_its_noun():
    assert score("number", {"answer": 3}, "ثلاث مرات") == 1
    assert score("number", {"answer": 2}, "مرتين") == 1


@pytest.mark.parametrize("text", ["", "   ", "لا أعرف", "2002-2003", "بين 1992 و1994", "\x00", "1" * 200])
def test_a_typed_number_that_is_not_one_number_is_refused(text):
    with pytest.raises(InvalidResponse) as refused:
        get_type("number").response_from_form({"answer": 2002}, {"response": [text]}, 1)
    assert refused.value.message == "اكتب عددًا."


def test_a_typed_number_is_stored_as_typed():
    form = {"response": [" ٢٠ ألفًا\x00 "]}
    assert get_type("number").response_from_form({"answer": 20000}, form, 1) == "٢٠ ألفًا"


@pytest.mark.parametrize(
    ("type_name", "response", "typed"),
    [
        ("short", "x", [True]),
        ("number", "1", [True]),
        ("cloze", {}, [True, False, True]),
        ("single", "a", [False]),
        ("true_false", True, [False]),
        ("match", {}, [False] * 4),
        ("multiple", [], [False] * 6),
        ("order", ["e0", "e1", "e2", "e3", "e4"], [False] * 4),
    ],
)
def test_typed_parts_are_marked_as_typed(type_name, response, typed):
    assert [p.typed for p in get_type(type_name).grade(SAMPLES[type_name], response).parts] == typed


def test_a_wrong_chosen_gap_gives_the_options_text_not_its_key():
    parts = get_type("cloze").grade(CLOZE, {"year": "1999", "city": "t", "treaty": ""}).parts
    city = next(p for p in parts if p.key == "city")
    assert (city.given, city.expected) == ("طشقند", "موسكو")


def test_a_match_row_gives_the_picked_and_the_right_texts():
    parts = get_type("match").grade(MATCH, {"p0": "p1", "p1": "p1"}).parts
    assert [(p.given, p.expected, p.correct) for p in parts[:3]] == [
        ("R1", "R0", False),
        ("R1", "R1", True),
        (None, "R2", False),
    ]


def test_typed_text_loses_nul_bytes_and_control_characters():
    form = {"response": ["توكا\x00يف\x07 "]}
    assert get_type("short").response_from_form(SHORT, form, 1) == "توكايف"
    gap = opaque_key(1, "gap:treaty")
    assert get_type("cloze").response_from_form(CLOZE, {gap: ["\x00المعاهدة"]}, 1)["treaty"] == "المعاهدة"
