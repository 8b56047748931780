"""Which sets a person sees, and the cached notes of a set's questions."""

import pytest

from quizzes.bank.importing import stored_question
from quizzes.bank.sets import answer_notes
from quizzes.bank.writing import save_question

pytestmark = pytest.mark.django_db


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


def test_a_set_reached_several_ways_is_listed_once_with_its_own_question_count(make_user, sample_set):
    from quizzes import classes
    from quizzes.bank.sets import visible_sets

    teacher = sample_set.owner
    klass = classes.create_class(teacher, "صف كبير")
    klass.students.add(*(make_user(f"s{i}") for i in range(5)))
    classes.assign(klass, sample_set)
    student = klass.students.first()
    for person in (teacher, student):
        sets = list(visible_sets(person))
        assert [s.slug for s in sets] == ["sample"]
        assert sets[0].question_count == sample_set.questions.filter(retired_at__isnull=True).count()
