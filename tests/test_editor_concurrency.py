"""The editor's double submits, at the same moment (PostgreSQL): a new question, a move and a
quick entry sent twice at once write once."""

import pytest
from django.db import connection

from quizzes.bank import editing, quick_entry, writing
from quizzes.models import QuestionSet
from tests.test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there"),
]

FORM = {
    "type": ["single"],
    "prompt": ["Which city is the economic capital?"],
    "option-0-key": [""],
    "option-0-text": ["ألماتي"],
    "option-1-key": [""],
    "option-1-text": ["طشقند"],
    "answer": ["0"],
    "source-0-doc": ["doc0"],
    "source-0-quote": ["ألماتي"],
}


def save_new(author):
    # What the editor's "save" does for a new question without a key.
    qset = QuestionSet.objects.get(slug="sample")
    raw = editing.question_from_editor(FORM, type_name="single", key="")
    raw["id"] = editing.new_key(qset, raw)
    return editing.save_edit(qset, raw, author=author).outcome


def test_a_new_question_sent_twice_at_once_is_written_once(sample_set):
    results = at_once(lambda: save_new(sample_set.owner), lambda: save_new(sample_set.owner))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == ["created", "unchanged"]
    assert sample_set.questions.filter(prompt=FORM["prompt"][0]).count() == 1


def test_a_move_sent_twice_at_once_moves_once(sample_set):
    question = sample_set.questions.get(key="members")
    position = question.position

    def move():
        return writing.move_question(
            QuestionSet.objects.get(slug="sample").questions.get(key="members"), "up", expected_position=position
        )

    results = at_once(move, move)
    assert sorted(results) == [False, True], results
    keys = list(sample_set.questions.order_by("position", "id").values_list("key", flat=True))
    assert keys[:3] == ["founded", "members", "capital"]


def test_a_quick_entry_saved_twice_at_once_writes_each_line_once(sample_set):
    def save():
        qset = QuestionSet.objects.get(slug="sample")
        entry = quick_entry.parse(qset, "one\tواحد\ntwo\tاثنان\n", type_name="flashcard", doc="doc0", quote="ألماتي")
        return [r.outcome for r in quick_entry.save(qset, entry, author=qset.owner)]

    results = at_once(save, save)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sample_set.questions.filter(prompt__in=["one", "two"]).count() == 2
