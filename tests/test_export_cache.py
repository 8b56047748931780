"""The set's YAML download is kept between downloads, and is written afresh as soon as anything it
holds changes: a question (its content revision), or the set's own fields."""

import pytest

from quizzes.bank import writing
from quizzes.bank.importing import export_set
from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


def fresh(qset):
    return QuestionSet.objects.get(pk=qset.pk)


def test_a_second_download_reads_no_question(sample_set, django_assert_max_num_queries):
    first = export_set(fresh(sample_set))
    with django_assert_max_num_queries(0):
        assert export_set(sample_set) == first


def test_an_edited_question_is_in_the_next_download(sample_set, instructor):
    before = export_set(fresh(sample_set))
    question = Question.objects.get(question_set=sample_set, key="founded")
    raw = {"id": question.key, "type": question.type, "prompt": "سؤال معدّل", **question.data}
    raw["sources"] = question.sources
    writing.save_question(fresh(sample_set), raw, author=instructor)
    after = export_set(fresh(sample_set))
    assert "سؤال معدّل" in after and "سؤال معدّل" not in before


def test_a_renamed_set_is_in_the_next_download(sample_set):
    export_set(fresh(sample_set))
    QuestionSet.objects.filter(pk=sample_set.pk).update(title="عنوان جديد", is_public=False)
    assert "عنوان جديد" in export_set(fresh(sample_set))
