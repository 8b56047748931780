"""The quiz's overrides page: the owner gives a student or a class their own settings, or removes them."""

import pytest
from django.urls import reverse

from quizzes.models import QuizOverride

pytestmark = pytest.mark.django_db


def test_the_owner_gives_a_student_more_time_and_attempts(client, make_quiz, student, assert_max_queries):
    quiz = make_quiz(student, time_limit=20)
    client.force_login(quiz.owner)
    url = reverse("quiz_overrides", args=[quiz.pk])
    response = client.post(url, {"student": student.pk, "time_limit": "30", "attempts_allowed": "3"})
    assert response.status_code == 302
    override = QuizOverride.objects.get()
    assert (override.student, override.time_limit, override.attempts_allowed) == (student, 30, 3)
    # Saving again for the same student replaces their override.
    client.post(url, {"student": student.pk, "time_limit": "40"})
    override = QuizOverride.objects.get()
    assert (override.time_limit, override.attempts_allowed) == (40, None)
    with assert_max_queries(10):
        html = client.get(url).content.decode()
    assert "<td>40</td>" in html


@pytest.mark.parametrize(
    "data, field",
    [
        ({"time_limit": "30"}, "student"),
        ({"student": "both", "time_limit": "30"}, "student"),
        ({"student": "me"}, "time_limit"),
        ({"student": "me", "time_limit": "0"}, "time_limit"),
        ({"student": "me", "opens_at": "2026-03-10T10:00", "closes_at": "2026-03-10T09:00"}, "closes_at"),
        ({"student": "stranger", "time_limit": "30"}, "student"),
        ({"student": "me", "time_limit": "x\u0660"}, "time_limit"),
    ],
)
def test_an_override_that_names_nobody_or_sets_nothing_is_refused_beside_its_field(
    client, make_quiz, student, make_user, data, field
):
    quiz = make_quiz(student)
    stranger = make_user("stranger")
    data = dict(data)
    if data.get("student") == "both":
        data.update(student=student.pk, klass=quiz.classes.get().pk)
    elif data.get("student") == "me":
        data["student"] = student.pk
    elif data.get("student") == "stranger":
        data["student"] = stranger.pk
    client.force_login(quiz.owner)
    response = client.post(reverse("quiz_overrides", args=[quiz.pk]), data)
    assert response.status_code == 422 and field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not QuizOverride.objects.exists()


def test_an_override_is_removed_only_through_its_own_quiz(client, make_quiz, student, sample_set):
    from quizzes.models import Quiz

    quiz = make_quiz(student)
    other = Quiz.objects.create(title="آخر", owner=quiz.owner, question_set=sample_set)
    mine = QuizOverride.objects.create(quiz=quiz, klass=quiz.classes.get(), time_limit=30)
    client.force_login(quiz.owner)
    client.post(reverse("quiz_override_delete", args=[other.pk, mine.pk]))
    assert QuizOverride.objects.filter(pk=mine.pk).exists()
    assert client.post(reverse("quiz_override_delete", args=[quiz.pk, mine.pk])).status_code == 302
    assert not QuizOverride.objects.exists()


def test_the_quiz_list_shows_a_quiz_open_for_the_student_whose_own_dates_keep_it_open(
    client, make_quiz, student, make_user, assert_max_queries
):
    from datetime import timedelta

    from django.utils import timezone

    quiz = make_quiz(student)
    quiz.closes_at = timezone.now() - timedelta(hours=1)
    quiz.save()
    other = make_user("other-student")
    quiz.classes.get().memberships.create(student=other)
    QuizOverride.objects.create(quiz=quiz, student=student, closes_at=timezone.now() + timedelta(days=1))
    client.force_login(student)
    with assert_max_queries(8):
        response = client.get(reverse("quizzes"))
    [(listed, is_open)] = response.context["quizzes"]
    assert is_open and listed.closes_at > timezone.now()
    client.force_login(other)
    [(listed, is_open)] = client.get(reverse("quizzes")).context["quizzes"]
    assert not is_open
