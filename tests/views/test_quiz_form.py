"""The quiz form: sets told apart, tags of the chosen set only, every error shown beside its field."""

import pytest
from django.urls import reverse
from django.utils import translation

from quizzes.bank.importing import import_set, parse_bytes
from quizzes.models import QuestionSet, Quiz

OTHER_YAML = """\
slug: {slug}
title: مجموعة تجريبية
language: ar
public: true
sources:
  - id: doc0
    title: وثيقة
    file: 000_28bbfae33bae9d50.txt
questions:
  - id: q1
    type: true_false
    prompt: سؤال
    answer: true
    tags: [{tag}]
    sources:
      - doc: doc0
        quote: في عام 2002
"""


@pytest.fixture
def same_title_set(make_user):
    """A second public set with the sample set's title, by another instructor, with its own tag."""
    other = make_user("teacher2", instructor=True)
    import_set(parse_bytes(OTHER_YAML.format(slug="csto", tag="وسم آخر").encode(), "csto.yaml"), owner=other)
    return QuestionSet.objects.get(slug="csto")


def quiz_data(qset, **changes):
    data = {
        "title": "اختبار",
        "question_set": qset.pk,
        "time_limit": "20",
        "on_timeout": "submit",
        "grace_minutes": "5",
        "attempts_allowed": "1",
        "grading": "highest",
        "feedback": "deferred",
        "layout": "one",
    }
    return {**data, **changes}


def test_two_sets_with_the_same_title_are_told_apart(client, instructor, sample_set, same_title_set):
    client.force_login(instructor)
    body = client.get(reverse("quiz_create")).content.decode()
    # Each part isolated (U+2068 … U+2069), so a Latin slug stays in place inside an Arabic label.
    assert f'<option value="{sample_set.pk}">\u2068مجموعة تجريبية\u2069 — \u2068teacher · sample\u2069</option>' in body
    assert (
        f'<option value="{same_title_set.pk}">\u2068مجموعة تجريبية\u2069 — \u2068teacher2 · csto\u2069</option>' in body
    )


def test_each_tag_names_the_sets_it_belongs_to(client, instructor, sample_set, same_title_set):
    client.force_login(instructor)
    body = client.get(reverse("quiz_create")).content.decode()
    other_tag = same_title_set.questions.get().tags.get()
    assert f'<option value="{other_tag.pk}" data-sets="{same_title_set.pk}">وسم آخر</option>' in body


def test_a_tag_from_another_set_is_refused_with_a_message_beside_the_field(
    client, instructor, sample_set, same_title_set
):
    client.force_login(instructor)
    other_tag = same_title_set.questions.get().tags.get()
    response = client.post(reverse("quiz_create"), quiz_data(sample_set, tags=[other_tag.pk]))
    body = response.content.decode()
    assert response.status_code == 422 and not Quiz.objects.exists()
    message = "«وسم آخر» ليس من وسوم المجموعة «مجموعة تجريبية»"
    assert f'<ul class="errors" id="id_tags_error"><li>{message}' in body
    assert 'aria-describedby="id_tags_helptext id_tags_error"' in body


def test_a_tag_of_the_chosen_set_is_kept(client, instructor, sample_set):
    from quizzes import classes

    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    tag = sample_set.questions.get(key="capital").tags.get()
    response = client.post(reverse("quiz_create"), quiz_data(sample_set, tags=[tag.pk], classes=[klass.pk]))
    assert response.status_code == 302, response.context["form"].errors
    assert list(Quiz.objects.get().tags.all()) == [tag]


def test_an_empty_submit_shows_every_error_and_a_summary(client, instructor, sample_set):
    client.force_login(instructor)
    response = client.post(reverse("quiz_create"), {})
    body = response.content.decode()
    assert response.status_code == 422 and not Quiz.objects.exists()
    assert 'class="error-summary"' in body
    assert set(response.context["form"].errors) >= {"title", "question_set", "classes"}
    for name in response.context["form"].errors:
        assert f'id="id_{name}_error"' in body
        assert f'<a href="#id_{name}">' in body
    assert 'aria-describedby="id_title_error"' in body


def test_the_form_offers_a_prompt_not_dashes(client, instructor, sample_set):
    client.force_login(instructor)
    body = client.get(reverse("quiz_create")).content.decode()
    assert "---" not in body
    assert '<option value="" selected>اختر مجموعة أسئلة</option>' in body


def test_a_set_assigned_to_a_class_the_instructor_teaches_can_be_quizzed_on(client, make_user, instructor):
    from quizzes import classes

    owner = make_user("teacher2", instructor=True)
    text = OTHER_YAML.replace("public: true", "public: false").format(slug="private", tag="خاص")
    import_set(parse_bytes(text.encode(), "private.yaml"), owner=owner)
    private = QuestionSet.objects.get(slug="private")
    client.force_login(instructor)
    assert "teacher2 · private" not in client.get(reverse("quiz_create")).content.decode()
    klass = classes.create_class(instructor, "صف")
    classes.assign(klass, private)
    assert "teacher2 · private" in client.get(reverse("quiz_create")).content.decode()


def test_the_quiz_form_reads_in_bounded_queries(
    client, instructor, sample_set, same_title_set, django_assert_max_num_queries
):
    client.force_login(instructor)
    client.get(reverse("quiz_create"))
    # One more than before draws: the tags every draw's list offers, read once.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("quiz_create")).status_code == 200


@pytest.fixture
def klass(instructor):
    from quizzes import classes

    return classes.create_class(instructor, "صف")


def _tag_questions(sample_set, name, keys):
    from quizzes.models import Tag

    tag, _created = Tag.objects.get_or_create(name=name)
    for question in sample_set.questions.filter(key__in=keys):
        question.tags.add(tag)
    return tag


def test_a_quiz_saves_its_draws_by_tag(client, instructor, sample_set, klass):
    tag = _tag_questions(sample_set, "الأعضاء", ["members", "capital", "president"])
    client.force_login(instructor)
    data = quiz_data(sample_set, draw_0_tag=tag.pk, draw_0_count="2", draw_0_mark="2.5", classes=[klass.pk])
    response = client.post(reverse("quiz_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    quiz = Quiz.objects.get()
    assert [(d.tag_id, d.count, d.mark) for d in quiz.draws.all()] == [(tag.pk, 2, 2.5)]
    # The edit page shows the draw again, with a blank row to add another.
    body = client.get(reverse("quiz_edit", args=[quiz.pk])).content.decode()
    assert 'name="draw_0_count" value="2"' in body and 'name="draw_1_tag"' in body


def test_a_draw_larger_than_its_tag_is_refused_beside_the_field(client, instructor, sample_set):
    tag = _tag_questions(sample_set, "الأعضاء", ["members", "capital"])
    # A retired question and a flashcard are not drawn: they do not count.
    _tag_questions(sample_set, "الأعضاء", ["medvedev"])
    client.force_login(instructor)
    response = client.post(reverse("quiz_create"), quiz_data(sample_set, draw_0_tag=tag.pk, draw_0_count="3"))
    assert response.status_code == 422 and not Quiz.objects.exists()
    body = response.content.decode()
    assert '<ul class="errors" id="id_draw_0_count_error"><li>' in body
    assert "2" in response.context["form"].errors["draw_0_count"][0]


def test_a_draw_without_its_count_or_with_the_tag_filter_is_refused(client, instructor, sample_set):
    tag = _tag_questions(sample_set, "الأعضاء", ["members", "capital"])
    client.force_login(instructor)
    response = client.post(reverse("quiz_create"), quiz_data(sample_set, draw_0_tag=tag.pk))
    assert response.status_code == 422 and "draw_0_count" in response.context["form"].errors
    both = quiz_data(sample_set, draw_0_tag=tag.pk, draw_0_count="1", question_count="3")
    response = client.post(reverse("quiz_create"), both)
    assert response.status_code == 422 and "tags" in response.context["form"].errors
    response = client.post(reverse("quiz_create"), quiz_data(sample_set, draw_0_tag="99999", draw_0_count="1"))
    assert response.status_code == 422 and "draw_0_tag" in response.context["form"].errors
    assert not Quiz.objects.exists()


def test_each_question_of_a_saved_quiz_gets_its_own_mark(client, instructor, sample_set, klass):
    from quizzes.attempts import quizzes

    client.force_login(instructor)
    client.post(reverse("quiz_create"), quiz_data(sample_set, classes=[klass.pk]))
    quiz = Quiz.objects.get()
    assert quiz.max_grade == 10
    founded = sample_set.questions.get(key="founded")
    body = client.get(reverse("quiz_edit", args=[quiz.pk])).content.decode()
    assert f'name="mark_{founded.pk}"' in body
    marks = {f"mark_{pk}": "1" for pk, _v in quizzes.eligible_questions(quiz)}
    data = quiz_data(sample_set, max_grade="20", classes=[klass.pk], **{**marks, f"mark_{founded.pk}": "4"})
    response = client.post(reverse("quiz_edit", args=[quiz.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert quizzes.marks(quiz) == {founded.pk: 4.0}
    assert Quiz.objects.get().max_grade == 20
    bad = client.post(reverse("quiz_edit", args=[quiz.pk]), {**data, f"mark_{founded.pk}": "-1"})
    assert bad.status_code == 422 and f"mark_{founded.pk}" in bad.context["form"].errors
    assert quizzes.marks(quiz) == {founded.pk: 4.0}


def test_saving_new_marks_moves_the_attempts_already_made_and_says_so(client, instructor, student, sample_set, klass):
    from datetime import UTC, datetime

    from quizzes.attempts import attempts, quizzes

    klass.memberships.create(student=student)
    client.force_login(instructor)
    client.post(reverse("quiz_create"), quiz_data(sample_set, classes=[klass.pk]))
    quiz = Quiz.objects.get()
    attempt = attempts.start(quiz, student, datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    founded = sample_set.questions.get(key="founded")
    marks = {f"mark_{pk}": "1" for pk, _v in quizzes.eligible_questions(quiz)}
    data = quiz_data(sample_set, classes=[klass.pk], **{**marks, f"mark_{founded.pk}": "4"})
    with translation.override("en"):
        response = client.post(reverse("quiz_edit", args=[quiz.pk]), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert attempt.questions.get(question=founded).mark == 4
    assert "1 attempt now counts with the new marks." in [str(m) for m in response.context["messages"]]
