"""Questions keep distinct places in their set: a new one goes last, a move swaps two, and the
import preview of an unchanged export reports nothing."""

import pytest

from quizzes.bank import writing
from quizzes.bank.importing import export_set, parse_bytes, plan_import
from quizzes.models import QuestionSet

pytestmark = pytest.mark.django_db


def question(key):
    return {
        "id": key,
        "type": "true_false",
        "prompt": f"عبارة {key}",
        "answer": True,
        "sources": [{"doc": "doc0", "quote": "ألماتي"}],
    }


@pytest.fixture
def empty_set(instructor):
    qset = QuestionSet.objects.create(slug="written", title="مكتوبة", owner=instructor)
    qset.sources.create(key="doc0", title="وثيقة", file="doc0.txt")
    return qset


def positions(qset):
    return list(qset.questions.order_by("position", "id").values_list("key", "position"))


def test_questions_written_one_by_one_take_the_next_place(empty_set, instructor):
    for key in ("a", "b", "c"):
        writing.save_question(empty_set, question(key), author=instructor)
    assert positions(empty_set) == [("a", 0), ("b", 1), ("c", 2)]


def test_saving_an_existing_question_keeps_its_place(empty_set, instructor):
    for key in ("a", "b"):
        writing.save_question(empty_set, question(key), author=instructor)
    writing.save_question(empty_set, {**question("a"), "prompt": "عبارة أخرى"}, author=instructor)
    assert positions(empty_set) == [("a", 0), ("b", 1)]


def test_moving_a_question_swaps_it_with_its_neighbour(empty_set, instructor):
    for key in ("a", "b", "c"):
        writing.save_question(empty_set, question(key), author=instructor)
    c = empty_set.questions.get(key="c")
    assert writing.move_question(c, "up", expected_position=2)
    assert positions(empty_set) == [("a", 0), ("c", 1), ("b", 2)]
    a = empty_set.questions.get(key="a")
    assert writing.move_question(a, "down", expected_position=0)
    assert positions(empty_set) == [("c", 0), ("a", 1), ("b", 2)]


def test_an_unchanged_export_of_written_questions_plans_no_change(empty_set, instructor):
    for key in ("a", "b", "c"):
        writing.save_question(empty_set, question(key), author=instructor)
    writing.move_question(empty_set.questions.get(key="c"), "up", expected_position=2)
    plan = plan_import(parse_bytes(export_set(empty_set).encode()), empty_set)
    assert not plan.has_changes
    assert plan.unchanged == ["a", "c", "b"]


def test_a_retired_question_between_others_moves_none_of_them(empty_set, instructor):
    for key in ("a", "b", "c"):
        writing.save_question(empty_set, question(key), author=instructor)
    writing.retire_question(empty_set.questions.get(key="b"))
    plan = plan_import(parse_bytes(export_set(empty_set).encode()), empty_set)
    assert not plan.has_changes


def test_a_real_move_is_reported_as_places_counted_from_one(empty_set, instructor):
    for key in ("a", "b", "c"):
        writing.save_question(empty_set, question(key), author=instructor)
    text = export_set(empty_set)
    parsed = parse_bytes(text.encode())
    parsed.questions = [parsed.questions[1], parsed.questions[0], parsed.questions[2]]
    plan = plan_import(parsed, empty_set)
    assert plan.changed == {"b": {"position": (2, 1)}, "a": {"position": (1, 2)}}
    assert plan.unchanged == ["c"]
