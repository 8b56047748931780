"""The quiz form: sets told apart, tags of the chosen set only, every error shown beside its field."""

import pytest
from django.urls import reverse

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
    with django_assert_max_num_queries(7):
        assert client.get(reverse("quiz_create")).status_code == 200
