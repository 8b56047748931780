"""Which sets a person sees, and the cached titles of a set's documents."""

import pytest

from quizzes.bank.importing import import_set, parse_bytes, stored_question
from quizzes.bank.sets import answer_notes, source_titles
from quizzes.bank.writing import save_question

pytestmark = pytest.mark.django_db


def test_source_titles_are_cached_until_the_set_is_reimported(sample_set, sample_yaml, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    with django_assert_num_queries(0):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    import_set(parse_bytes(sample_yaml.replace("وثيقة تجريبية", "عنوان جديد").encode(), "s.yaml"))
    sample_set.refresh_from_db()
    assert source_titles(sample_set) == {"doc0": "عنوان جديد"}


def test_answer_notes_are_cached_until_the_question_is_written(sample_set, instructor, django_assert_num_queries):
    question = sample_set.questions.get(key="founded")
    notes = answer_notes(sample_set, question.pk)
    assert notes["explanation"] == "أنشئت عام 2002."
    assert notes["sources"] == [
        {"key": "doc0", "title": "وثيقة تجريبية", "quote": "تم إنشاء المنظمة في عام 2002", "has_text": False}
    ]
    with django_assert_num_queries(0):
        assert answer_notes(sample_set, question.pk) == notes
    save_question(sample_set, {**stored_question(question), "explanation": "شرح جديد."}, author=instructor)
    assert answer_notes(sample_set, question.pk)["explanation"] == "شرح جديد."
