"""Which sets a person sees, and the cached titles of a set's documents."""

import pytest

from quizzes.bank.importing import import_set, parse_bytes
from quizzes.bank.sets import answer_notes, source_titles

pytestmark = pytest.mark.django_db


def test_source_titles_are_cached_until_the_set_is_reimported(sample_set, sample_yaml, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    with django_assert_num_queries(0):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    import_set(parse_bytes(sample_yaml.replace("وثيقة تجريبية", "عنوان جديد").encode(), "s.yaml"))
    sample_set.refresh_from_db()
    assert source_titles(sample_set) == {"doc0": "عنوان جديد"}


def test_answer_notes_are_cached_until_the_question_or_its_set_is_saved(sample_set, django_assert_num_queries):
    question = sample_set.questions.get(key="founded")
    notes = answer_notes(sample_set, question.pk)
    assert notes["explanation"] == "أنشئت عام 2002."
    assert notes["sources"] == [
        {"key": "doc0", "title": "وثيقة تجريبية", "quote": "تم إنشاء المنظمة في عام 2002", "has_text": False}
    ]
    with django_assert_num_queries(0):
        assert answer_notes(sample_set, question.pk) == notes
    question.explanation = "شرح جديد."
    question.save()
    sample_set.refresh_from_db()
    assert answer_notes(sample_set, question.pk)["explanation"] == "شرح جديد."
