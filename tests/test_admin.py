"""The admin is for site staff, and its edits of questions go through the one write path."""

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from quizzes import scheduling
from quizzes.bank.sets import answer_notes, study_order
from quizzes.models import INSTRUCTORS_GROUP, Question, QuestionSet
from quizzes.study import answering, cards

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def change_url(question):
    return reverse("admin:quizzes_question_change", args=[question.pk])


def form_of(question, **changes):
    fields = {
        "type": question.type,
        "position": question.position,
        "prompt": question.prompt,
        "data": json.dumps(question.data, ensure_ascii=False),
        "explanation": question.explanation,
        "sources": json.dumps(question.sources, ensure_ascii=False),
        "tags": [t.pk for t in question.tags.all()],
    }
    fields.update(changes)
    return fields


def test_an_admin_edit_records_a_version_and_is_what_the_next_student_sees(admin_client, sample_set, admin_user):
    question = sample_set.questions.get(key="founded")
    study_order(sample_set)
    answer_notes(sample_set, question.pk)  # cached before the edit
    response = admin_client.post(
        change_url(question), form_of(question, data='{"answer": 1992}', explanation="شرح جديد.")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    version = question.current_version
    assert (version.number, version.data, version.author) == (2, {"answer": 1992}, admin_user)
    qset = QuestionSet.objects.get(pk=sample_set.pk)
    assert study_order(qset)[question.pk] == version.pk
    assert answer_notes(qset, question.pk)["explanation"] == "شرح جديد."


def test_an_admin_edit_is_refused_with_the_importers_message(admin_client, sample_set):
    question = sample_set.questions.get(key="founded")
    response = admin_client.post(change_url(question), form_of(question, data='{"answer": "two thousand"}'))
    assert response.status_code == 200
    assert "answer" in response.content.decode() and "number" in response.content.decode()
    question.refresh_from_db()
    assert question.data == {"answer": 2002} and question.versions.count() == 1


def test_an_admin_edit_citing_no_document_of_the_set_is_refused(admin_client, sample_set):
    question = sample_set.questions.get(key="founded")
    response = admin_client.post(change_url(question), form_of(question, sources='[{"doc": "doc9", "quote": "x"}]'))
    assert response.status_code == 200 and "doc9" in response.content.decode()
    question.refresh_from_db()
    assert question.sources[0]["doc"] == "doc0"


def test_the_admin_adds_a_question_through_the_write_path(admin_client, sample_set):
    fields = {
        "question_set": sample_set.pk,
        "key": "added",
        "type": "true_false",
        "position": 50,
        "prompt": "سؤال جديد؟",
        "data": '{"answer": true}',
        "explanation": "",
        "sources": '[{"doc": "doc0", "quote": "ألماتي"}]',
    }
    response = admin_client.post(reverse("admin:quizzes_question_add"), fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    question = Question.objects.get(key="added")
    assert question.current_version.number == 1
    assert question.pk in study_order(QuestionSet.objects.get(pk=sample_set.pk))


def answered(student, question):
    shown = cards.show_again(student, question.pk, NOW)
    answering.check(student, question.question_set, shown.token, {"response": ["2002"]}, NOW)
    answering.rate(student, question.question_set, shown.token, scheduling.GOOD, NOW)


def test_the_admin_refuses_to_delete_a_question_with_reviews(admin_client, sample_set, student):
    question = sample_set.questions.get(key="founded")
    answered(student, question)
    response = admin_client.post(reverse("admin:quizzes_question_delete", args=[question.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_admin_bulk_delete_keeps_a_question_with_reviews(admin_client, sample_set, student):
    question = sample_set.questions.get(key="founded")
    answered(student, question)
    admin_client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes"},
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_admin_deletes_a_question_nobody_answered_and_renews_the_order(admin_client, sample_set):
    question = sample_set.questions.get(key="medvedev")
    study_order(sample_set)
    response = admin_client.post(reverse("admin:quizzes_question_delete", args=[question.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert question.pk not in study_order(QuestionSet.objects.get(pk=sample_set.pk))


def test_the_admin_retires_and_restores_through_the_write_path(admin_client, sample_set):
    question = sample_set.questions.get(key="founded")
    study_order(sample_set)
    url = reverse("admin:quizzes_question_changelist")
    admin_client.post(url, {"action": "retire", "_selected_action": [question.pk]})
    assert question.pk not in study_order(QuestionSet.objects.get(pk=sample_set.pk))
    admin_client.post(url, {"action": "restore", "_selected_action": [question.pk]})
    assert question.pk in study_order(QuestionSet.objects.get(pk=sample_set.pk))


def test_the_instructors_group_holds_no_model_permissions(sample_set, instructor):
    assert not Group.objects.get(name=INSTRUCTORS_GROUP).permissions.exists()
    assert not instructor.has_perm("quizzes.change_question")


def test_an_instructor_marked_staff_still_cannot_change_questions_in_the_admin(client, sample_set, instructor):
    instructor.is_staff = True
    instructor.save()
    client.force_login(instructor)
    question = sample_set.questions.get(key="founded")
    assert client.get(change_url(question)).status_code == 403


def test_staff_read_a_quiz_and_its_attempts_but_cannot_change_an_attempt(admin_client, make_quiz, student):
    from django.utils import timezone

    from quizzes.attempts import attempts

    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, timezone.now())
    assert admin_client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).status_code == 200
    assert admin_client.get(reverse("admin:quizzes_attempt_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:quizzes_attempt_change", args=[attempt.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.post(reverse("admin:quizzes_attempt_change", args=[attempt.pk]), {}).status_code == 403
