"""An author's list of a set's questions, each question's versions, their difference, and a
past version brought back as a new one."""

import pytest
from django.urls import reverse

from quizzes.bank import writing
from quizzes.bank.importing import stored_question
from quizzes.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def edit_prompt(sample_set, prompt):
    raw = stored_question(Question.objects.get(key="founded"))
    raw["prompt"] = prompt
    return writing.save_question(sample_set, raw, author=sample_set.owner)


def test_the_question_list_filters_by_type_tag_and_words_in_bounded_queries(
    teacher, sample_set, django_assert_max_num_queries
):
    url = reverse("set_questions", args=["sample"])
    with django_assert_max_num_queries(10):
        html = teacher.get(url).content.decode()
    assert 'id="q-founded"' in html and 'id="q-capital"' in html
    html = teacher.get(url, {"type": "number"}).content.decode()
    assert 'id="q-founded"' in html and 'id="q-capital"' not in html
    html = teacher.get(url, {"tag": "أعضاء"}).content.decode()
    assert 'id="q-members"' in html and 'id="q-founded"' not in html
    html = teacher.get(url, {"q": "العاصمة"}).content.decode()
    assert 'id="q-capital"' in html and 'id="q-founded"' not in html
    assert 'id="q-founded"' in teacher.get(url, {"source": "doc0"}).content.decode()


def test_a_question_is_retired_and_restored_from_the_list(teacher, sample_set):
    url = reverse("question_retire", args=["sample", "capital"])
    teacher.post(url, {"action": "retire"})
    assert Question.objects.get(key="capital").retired_at is not None
    teacher.post(url, {"action": "restore"})
    assert Question.objects.get(key="capital").retired_at is None


def test_the_history_shows_each_version_and_their_difference(teacher, sample_set):
    edit_prompt(sample_set, "في أي سنة تأسست المنظمة؟")
    response = teacher.get(reverse("question_history", args=["sample", "founded"]))
    html = response.content.decode()
    assert len(response.context["versions"]) == 2
    assert "−</span> prompt: في أي عام أنشئت المنظمة؟</del>" in html
    assert "+</span> prompt: في أي سنة تأسست المنظمة؟</ins>" in html


def test_restoring_a_version_records_a_new_one(teacher, sample_set):
    edit_prompt(sample_set, "في أي سنة تأسست المنظمة؟")
    teacher.post(reverse("question_restore_version", args=["sample", "founded"]), {"version": "1"})
    question = Question.objects.get(key="founded")
    assert question.prompt == "في أي عام أنشئت المنظمة؟"
    assert question.current_version.number == 3 and question.versions.count() == 3


@pytest.mark.parametrize("name", ["set_questions", "question_history"])
def test_nobody_but_the_sets_editors_sees_its_questions(client, make_user, sample_set, name):
    client.force_login(make_user("z", instructor=True))
    args = ["sample"] if name == "set_questions" else ["sample", "founded"]
    assert client.get(reverse(name, args=args)).status_code == 404


def test_an_instructor_the_set_is_shared_with_may_edit_it(client, make_user, sample_set):
    colleague = make_user("colleague", instructor=True)
    sample_set.editors.add(colleague)
    client.force_login(colleague)
    assert client.get(reverse("set_questions", args=["sample"])).status_code == 200
    client.post(reverse("question_retire", args=["sample", "capital"]), {"action": "retire"})
    assert Question.objects.get(key="capital").retired_at is not None


def test_restoring_an_unknown_version_is_not_found(teacher, sample_set):
    url = reverse("question_restore_version", args=["sample", "founded"])
    assert teacher.post(url, {"version": "99"}).status_code == 404
    assert teacher.post(url, {"version": "x"}).status_code == 404
