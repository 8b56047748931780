"""An instructor removes a student from a class: a page says what happens, a POST does it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.models import Attempt, Membership, Quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(instructor, student):
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code)
    return klass


def remove_url(klass, student):
    return reverse("class_remove_student", args=[klass.pk, student.pk])


def test_the_page_says_attempts_and_progress_are_kept_and_hidden(client, klass, instructor, student):
    instructor.language = "en"
    instructor.save(update_fields=["language"])
    client.force_login(instructor)
    response = client.get(remove_url(klass, student))
    assert response.status_code == 200
    text = response.content.decode()
    assert "attempts and study progress are kept" in text
    assert "hidden from the class" in text
    assert Membership.objects.get().removed_at is None


def test_the_class_page_links_each_student_to_the_page(client, klass, instructor, student):
    client.force_login(instructor)
    assert remove_url(klass, student) in client.get(reverse("class_detail", args=[klass.pk])).content.decode()


def test_it_removes_the_student_and_keeps_their_attempts(client, klass, instructor, student, sample_set):
    quiz = Quiz.objects.create(title="اختبار", owner=instructor, question_set=sample_set)
    quiz.classes.add(klass)
    attempts.start(quiz, student, timezone.now())
    client.force_login(instructor)
    response = client.post(remove_url(klass, student))
    assert response.status_code == 302
    assert Membership.objects.get().removed_at is not None
    assert Attempt.objects.filter(student=student).count() == 1
    assert list(client.get(reverse("class_detail", args=[klass.pk])).context["students"]) == []


def test_a_double_click_removes_once(client, klass, instructor, student):
    client.force_login(instructor)
    client.post(remove_url(klass, student))
    first = Membership.objects.get().removed_at
    assert client.post(remove_url(klass, student)).status_code == 404
    assert Membership.objects.get().removed_at == first


def test_a_removed_student_no_longer_reaches_the_class(client, klass, instructor, student):
    classes.remove(klass, student)
    client.force_login(student)
    assert client.get(reverse("class_detail", args=[klass.pk])).status_code == 404
    assert client.post(reverse("class_leave", args=[klass.pk])).status_code == 404


def test_a_removed_student_rejoins_with_the_code(client, klass, student):
    classes.remove(klass, student)
    client.force_login(student)
    response = client.post(reverse("class_join"), {"code": klass.join_code})
    assert response.status_code == 302
    assert list(classes.members(klass)) == [student]


def test_a_student_of_another_class_is_not_found(client, klass, instructor, make_user):
    other = make_user("other")
    other_class = classes.create_class(make_user("t2", instructor=True), "آخر")
    classes.join(other, other_class.join_code)
    client.force_login(instructor)
    assert client.get(remove_url(klass, other)).status_code == 404
    assert client.post(remove_url(klass, other)).status_code == 404
    assert Membership.objects.filter(removed_at__isnull=False).count() == 0


def test_a_malformed_student_id_is_not_found(client, klass, instructor):
    client.force_login(instructor)
    assert client.get(f"/classes/{klass.pk}/students/abc/remove/").status_code == 404
    assert client.get(f"/classes/{klass.pk}/students/99999999999999999999/remove/").status_code == 404


def test_the_class_report_kept_for_a_few_minutes_is_drawn_anew_once_a_student_is_removed(
    client, klass, instructor, student
):
    client.force_login(instructor)
    report = reverse("class_report", args=[klass.pk])
    row = reverse("class_student_report", args=[klass.pk, student.pk])
    assert row in client.get(report).content.decode()
    client.post(remove_url(klass, student))
    assert row not in client.get(report).content.decode()
