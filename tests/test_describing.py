"""Each type tells a teacher's report what a student answered as the student saw it: option texts,
gap labels, items and pairs by their texts, never the keys the response is stored in."""

import pytest
from django.utils import translation

from quizzes.questions import TYPES, get_type

CLOZE = {
    "text": "أنشئت المنظمة عام [[year]] في [[city]].",
    "gaps": [
        {"key": "city", "options": [{"key": "m", "text": "موسكو"}, {"key": "t", "text": "طشقند"}], "answer": "m"},
        {"key": "year", "answers": ["2002"]},
    ],
}
OPTIONS = {"options": [{"key": "a", "text": "موسكو"}, {"key": "b", "text": "طشقند"}, {"key": "c", "text": "مينسك"}]}


def describe(type_name, data, response):
    with translation.override("ar"):
        return get_type(type_name).describe_response(data, response)


def test_single_shows_the_chosen_options_text():
    assert describe("single", {**OPTIONS, "answer": "a"}, "b") == "طشقند"


def test_multiple_shows_the_chosen_options_texts_in_the_authors_order():
    assert describe("multiple", {**OPTIONS, "answer": ["a"]}, ["c", "a"]) == "موسكو · مينسك"
    assert describe("multiple", {**OPTIONS, "answer": ["a"]}, []) == "لم يُختر شيء"


def test_true_false_shows_the_judgement():
    assert describe("true_false", {"answer": True}, False) == "خطأ"


def test_typed_answers_show_the_text_as_typed():
    assert describe("short", {"answers": ["توكايف"]}, " توكاييف ") == "توكاييف"
    assert describe("number", {"answer": 5}, "الخامس") == "الخامس"


def test_order_shows_the_items_in_the_students_order():
    data = {"items": [{"key": "x", "text": "التأسيس"}, {"key": "y", "text": "التوسع"}, {"key": "z", "text": "التدخل"}]}
    assert describe("order", data, ["z", "x", "y"]) == "1. التدخل · 2. التأسيس · 3. التوسع"


def test_match_shows_each_left_item_with_the_right_text_paired():
    data = {
        "pairs": [{"key": "p", "left": "بوتين", "right": "روسيا"}, {"key": "k", "left": "توكايف", "right": "كازاخستان"}]
    }
    assert describe("match", data, {"p": "k"}) == "بوتين: كازاخستان · توكايف: —"


def test_cloze_shows_each_gap_by_its_label_in_reading_order_and_a_chosen_gap_by_its_text():
    assert describe("cloze", CLOZE, {"city": "t", "year": "1999"}) == "الفراغ 1: 1999 · الفراغ 2: طشقند"
    assert describe("cloze", CLOZE, {"city": ""}) == "الفراغ 1: — · الفراغ 2: —"


def test_flashcard_shows_the_rating():
    assert describe("flashcard", {"back": "ب"}, 1) == "مجددًا"


@pytest.mark.parametrize("type_name", list(TYPES))
def test_no_type_shows_a_key_or_fails_on_a_response_it_does_not_know(type_name):
    for response in (None, "zz-key", ["zz-key"], {"zz": "zz-key"}, 7, True):
        assert isinstance(describe(type_name, {}, response), str)
