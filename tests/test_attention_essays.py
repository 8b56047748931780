"""The teacher's home lists essays waiting for their grader, to whoever grades them, until marked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import grading
from quizzes.reports import attention

from .views.test_grading import essay_row, essays  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_quizs_owner_sees_each_essay_question_with_its_answers_waiting(essays):  # noqa: F811
    (item,) = attention.essays_waiting(essays["quiz"].owner)
    assert (item.quiz_id, item.question_id, item.waiting) == (essays["quiz"].pk, essays["essay"].pk, 3)
    assert item.prompt == "لماذا تدخلت المنظمة؟"


def test_a_marked_essay_is_no_longer_waiting(essays):  # noqa: F811
    owner, attempt = essays["quiz"].owner, essays["attempts"][0]
    row = essay_row(attempt, essays["essay"])
    grading.mark(attempt.pk, row.pk, "1", "جيد", owner, timezone.now())
    (item,) = attention.essays_waiting(owner)
    assert item.waiting == 2


def test_an_instructor_sees_only_their_own_classes_students_and_an_outsider_nothing(essays, make_user):  # noqa: F811
    co = make_user("co", instructor=True)
    klass = classes.create_class(co, "صف آخر")
    essays["quiz"].classes.add(klass)
    classes.join(essays["students"][0], klass.join_code)
    (item,) = attention.essays_waiting(co)
    assert item.waiting == 1
    assert attention.essays_waiting(make_user("outsider", instructor=True)) == []


def test_the_home_links_each_to_its_grading_page(client, essays):  # noqa: F811
    client.force_login(essays["quiz"].owner)
    html = client.get(reverse("teaching_home")).content.decode()
    url = reverse("quiz_grading_question", args=[essays["quiz"].pk, essays["essay"].pk])
    assert f'href="{url}?show=waiting"' in html and "لماذا تدخلت المنظمة؟" in html
