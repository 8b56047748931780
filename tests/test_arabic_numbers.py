"""Numbers as Arabic writes them: compounds in words, hundreds, duals, ordinals for a position,
the separators' decision table, and numbers typed in a cloze gap graded as numbers."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.arabic import grade_number, parse_number, read_number
from quizzes.questions import InvalidResponse, get_type
from quizzes.questions.base import opaque_key

# Arabic number words, with the spellings students use: masculine and feminine units, مئة and
# مائة, hundreds as one word or two, و with or without a space after it.
UNITS = {
    1: ["واحد", "واحدة"],
    2: ["اثنان", "اثنين", "اثنتان"],
    3: ["ثلاثة", "ثلاث"],
    4: ["أربعة", "أربع"],
    5: ["خمسة", "خمس"],
    6: ["ستة", "ست"],
    7: ["سبعة", "سبع"],
    8: ["ثمانية", "ثماني"],
    9: ["تسعة", "تسع"],
}
TEENS = {
    10: ["عشرة", "عشر"],
    11: ["أحد عشر", "إحدى عشرة"],
    12: ["اثنا عشر", "اثنتا عشرة", "اثني عشر"],
    **{n: [f"{UNITS[n - 10][0]} عشر", f"{UNITS[n - 10][1]} عشرة"] for n in range(13, 20)},
}
TENS = {
    20: ["عشرون", "عشرين"],
    30: ["ثلاثون", "ثلاثين"],
    40: ["أربعون", "أربعين"],
    50: ["خمسون", "خمسين"],
    60: ["ستون", "ستين"],
    70: ["سبعون", "سبعين"],
    80: ["ثمانون", "ثمانين"],
    90: ["تسعون", "تسعين"],
}
HUNDRED_STEMS = {3: ["ثلاث"], 4: ["أربع"], 5: ["خمس"], 6: ["ست"], 7: ["سبع"], 8: ["ثمان", "ثماني"], 9: ["تسع"]}


def hundreds_words(h, draw):
    if h == 1:
        return draw(st.sampled_from(["مئة", "مائة"]))
    if h == 2:
        return draw(st.sampled_from(["مئتان", "مئتين", "مائتان", "مائتين"]))
    stem = draw(st.sampled_from(HUNDRED_STEMS[h]))
    return stem + draw(st.sampled_from(["", " "])) + draw(st.sampled_from(["مئة", "مائة"]))


def joined(parts, draw):
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from([" و", " و "])) + part
    return text


def below_thousand(n, draw):
    """The words for 1..999, Arabic's order: hundreds, then units, then tens."""
    parts = []
    if n >= 100:
        parts.append(hundreds_words(n // 100, draw))
    rest = n % 100
    if 0 < rest < 10:
        parts.append(draw(st.sampled_from(UNITS[rest])))
    elif 10 <= rest < 20:
        parts.append(draw(st.sampled_from(TEENS[rest])))
    elif rest >= 20:
        if rest % 10:
            parts.append(draw(st.sampled_from(UNITS[rest % 10])))
        parts.append(draw(st.sampled_from(TENS[rest - rest % 10])))
    return parts


def number_parts(n, draw):
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands == 1:
        parts.append("ألف")
    elif thousands == 2:
        parts.append(draw(st.sampled_from(["ألفان", "ألفين"])))
    elif 3 <= thousands <= 10:
        parts.append(joined(below_thousand(thousands, draw), draw) + " آلاف")
    elif thousands > 10:
        parts.append(joined(below_thousand(thousands, draw), draw) + " " + draw(st.sampled_from(["ألف", "ألفًا"])))
    return parts + (below_thousand(rest, draw) if rest else [])


@st.composite
def number_in_words(draw, low=1, high=999_999):
    n = draw(st.integers(low, high))
    return n, joined(number_parts(n, draw), draw)


@settings(max_examples=500, deadline=None)
@given(number_in_words())
def test_a_number_written_in_words_reads_back(pair):
    n, words = pair
    assert parse_number(words) == n, words


@settings(max_examples=300, deadline=None)
@given(number_in_words(low=21))
def test_a_compound_never_reads_as_its_first_part(pair):
    n, words = pair
    first = words.split(" و")[0]
    if first != words:
        assert parse_number(words) != parse_number(first), words
    assert parse_number(words) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("أربعة آلاف وثلاثمئة", 4300),
        ("أربعة آلاف و ثلاثمئة", 4300),
        ("ثلاثة وعشرون", 23),
        ("ثلاث وعشرين دولة", 23),
        ("ستة آلاف وخمسمئة", 6500),
        ("ستة آلاف وخمسمائة شخص", 6500),
        ("مئة وخمسة وعشرون", 125),
        ("تسعمئة", 900),
        ("تسعمائة", 900),
        ("ثلاث مئة", 300),
        ("ثلاثمائة وثلاثة وخمسون", 353),
        ("مئتان", 200),
        ("مئتين", 200),
        ("ألفان", 2000),
        ("ألفين واثنين وعشرين", 2022),
        ("عشرون ألفًا", 20_000),
        ("مئة ألف", 100_000),
        ("ثلاثة ملايين وخمسمئة ألف", 3_500_000),
        ("62 شخصًا", 62),
        ("30 عامًا", 30),
    ],
)
def test_compounds_hundreds_and_duals_read_whole(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "عشرون وثلاثة",  # out of Arabic's order
        "ثلاثة أربعة",  # two numbers side by side
        "ثلاثة و",  # a dangling و
        "ستة آلاف وخمسمية",  # a misspelt part: never read as its first part, 6000
        "ستة آلاف و خمسمية",
        "آلاف وثلاثة",  # thousands with no count
        "ألف ألف",
        "مئة مئة",
        "ثلاثة وعشرون 4",
        "الحادي عشر",  # an ordinal, where the key is no position, is not misread as 10
        "الثالث والعشرون",
    ],
)
def test_what_is_not_one_number_is_refused(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("الأول", 1),
        ("الأولى", 1),
        ("الثالث", 3),
        ("الثالثة", 3),
        ("الخامس من يناير", 5),
        ("العاشر", 10),
        ("الحادي عشر", 11),
        ("الحادية عشرة", 11),
        ("الثاني عشر", 12),
        ("الثالث عشر", 13),
        ("الحادي والعشرون", 21),
        ("الثالث والعشرين", 23),
        ("3", 3),
    ],
)
def test_ordinals_read_where_the_key_is_a_position(text, value):
    assert parse_number(text, ordinal=True) == value


@pytest.mark.parametrize("text", ["الثالث", "الأول", "الخامسة"])
def test_ordinals_are_no_number_where_the_key_is_an_amount(text):
    assert parse_number(text) is None


# The separators' decision table (quizzes/arabic.py's docstring, fixtures/README.md).
@pytest.mark.parametrize(
    ("response", "key", "verdict"),
    [
        ("1500", 1500, "right"),
        ("١٥٠٠", 1500, "right"),
        ("1,500", 1500, "right"),
        ("1،500", 1500, "right"),
        ("1,500", 1.5, "ask"),
        ("3,900", 3.9, "ask"),
        ("3,900", 3900, "right"),
        ("١٫٥٠٠", 1.5, "right"),
        ("١٫٥٠٠", 1500, "ask"),
        ("3,9", 3.9, "right"),
        ("3,9", 39, "wrong"),
        ("٣٫٩", 3.9, "right"),
        ("1,50", 1.5, "right"),
        ("1.5", 1.5, "right"),
        ("1.5", 1500, "wrong"),
        ("1.500", 1.5, "right"),
        ("1.500", 1500, "right"),
        ("1.500.000", 1_500_000, "right"),
        ("1.500.000", 1.5, "wrong"),
        ("1.500,5", 1500.5, "right"),
        ("1,500,000", 1_500_000, "right"),
        ("1,500.5", 1500.5, "right"),
        ("1٬500", 1500, "right"),
        ("1 500", 1500, "right"),
        ("1,500", 7, "wrong"),
        ("2002-2003", 2002, "unreadable"),
        ("١٫٥ مليون", 1_500_000, "right"),
        ("1,5 مليون", 1_500_000, "right"),
    ],
)
def test_the_separators_follow_the_decision_table(response, key, verdict):
    assert grade_number(response, key) == verdict


def test_a_number_read_two_ways_keeps_both_readings():
    reading = read_number("1,500")
    assert (reading.value, reading.other, reading.rule) == (Decimal(1500), Decimal("1.5"), "ask")
    assert parse_number("1.500.000") is None  # only the key tells a thousands dot


# Grading: a number question and a number typed in a cloze gap.

NUMBER = {"answer": 1.5}


def test_a_number_question_asks_again_with_a_hint_for_a_number_read_two_ways():
    number = get_type("number")
    with pytest.raises(InvalidResponse) as refused:
        number.response_from_form(NUMBER, {"response": ["1,500"]}, 1)
    assert "«1,500»" in refused.value.message or "“1,500”" in refused.value.message
    assert not number.grade(NUMBER, "1,500").correct
    assert number.grade(NUMBER, "1,5").correct
    assert number.response_from_form({"answer": 1500}, {"response": ["1,500"]}, 1) == "1,500"


def test_a_number_question_reads_ordinals_only_for_a_position():
    number = get_type("number")
    assert number.grade({"answer": 5, "position": True}, "الخامس").correct
    with pytest.raises(InvalidResponse):
        number.response_from_form({"answer": 5}, {"response": ["الخامس"]}, 1)


def test_a_compound_is_not_read_as_its_first_part_by_a_number_question():
    number = get_type("number")
    assert not number.grade({"answer": 4000}, "أربعة آلاف وثلاثمئة").correct
    assert number.grade({"answer": 4300}, "أربعة آلاف وثلاثمئة").correct


CLOZE = {
    "text": "أودت الحرب بحياة [[deaths]] شخص خلال [[days]] يومًا.",
    "gaps": [
        {"key": "deaths", "answers": ["6500"]},
        {"key": "days", "answers": [{"text": "44", "tolerance": 1}]},
    ],
}


@pytest.mark.parametrize(
    ("deaths", "correct"),
    [
        ("6500", True),
        ("٦٥٠٠", True),
        ("6,500", True),
        ("6500 شخص", True),
        ("ستة آلاف وخمسمئة", True),
        ("ستة آلاف وخمسمائة قتيل", True),
        ("ستة آلاف", False),
        ("6501", False),
        ("6.5", False),
    ],
)
def test_a_number_gap_is_graded_as_a_number_with_a_unit_word_after_it(deaths, correct):
    grade = get_type("cloze").grade(CLOZE, {"deaths": deaths, "days": "44"})
    assert grade.parts[0].correct is correct


@pytest.mark.parametrize(("days", "correct"), [("43", True), ("45 يومًا", True), ("46", False), ("أربعة وأربعون", True)])
def test_a_number_gap_keeps_its_tolerance(days, correct):
    assert get_type("cloze").grade(CLOZE, {"deaths": "6500", "days": days}).parts[1].correct is correct


def test_a_gap_that_reads_two_ways_is_asked_again_with_a_hint():
    data = {"text": "[[x]]", "gaps": [{"key": "x", "answers": ["3.9"]}]}
    form = {opaque_key(7, "gap:x"): ["3,900"]}
    with pytest.raises(InvalidResponse) as refused:
        get_type("cloze").response_from_form(data, form, 7)
    assert "3,900" in refused.value.message
    assert not get_type("cloze").grade(data, {"x": "3,900"}).correct
