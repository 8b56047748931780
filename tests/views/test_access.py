"""quizzes/access.py as people meet it: co-instructors kept to their own classes of a quiz, the
quiz's owner and staff over all of them, and editing a set following who may edit it, not a role."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.models import Attempt, AttemptQuestion, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(make_user, sample_set):
    """One quiz on one set for two classes: the owner's (Amal) and a co-instructor's (Badr), each
    student with a finished attempt."""
    owner = sample_set.owner
    co = make_user("co-teacher", instructor=True)
    amal, badr = make_user("amal"), make_user("badr")
    mine = classes.create_class(owner, "الصف الأول")
    theirs = classes.create_class(co, "الصف الثاني")
    mine.students.add(amal)
    theirs.students.add(badr)
    from quizzes.models import Quiz

    quiz = Quiz.objects.create(
        title="اختبار", owner=owner, question_set=sample_set, time_limit=30, shuffle_questions=False
    )
    quiz.classes.add(mine, theirs)
    now = timezone.now()
    finished = {}
    for student in (amal, badr):
        finished[student.username] = attempts.start(quiz, student, now)
        attempts.submit(finished[student.username], now)
    return {"quiz": quiz, "owner": owner, "co": co, "amal": amal, "badr": badr, "attempts": finished}


def usernames_in_csv(response):
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return sorted(row["username"] for row in rows)


def test_a_co_instructor_downloads_the_grades_of_their_own_classes_only(client, school):
    client.force_login(school["co"])
    response = client.get(reverse("quiz_grades_csv", args=[school["quiz"].pk]))
    assert response.status_code == 200
    assert usernames_in_csv(response) == ["badr"]


def test_the_owner_downloads_the_grades_of_every_class(client, school):
    client.force_login(school["owner"])
    response = client.get(reverse("quiz_grades_csv", args=[school["quiz"].pk]))
    assert usernames_in_csv(response) == ["amal", "badr"]


def test_a_co_instructor_cannot_reopen_another_classs_attempt(client, school):
    attempt = school["attempts"]["amal"]
    client.force_login(school["co"])
    response = client.post(reverse("attempt_reopen", args=[attempt.pk]), {"minutes": "10"})
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED


def test_a_co_instructor_cannot_give_extra_time_to_another_classs_student(client, school):
    attempt = school["attempts"]["amal"]
    client.force_login(school["owner"])
    client.post(reverse("attempt_reopen", args=[attempt.pk]), {"minutes": "10"})
    attempt.refresh_from_db()
    deadline = attempt.deadline
    client.force_login(school["co"])
    response = client.post(reverse("attempt_extra_time", args=[attempt.pk]), {"minutes": "10"})
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.deadline == deadline


def test_a_co_instructor_reopens_and_extends_their_own_students_attempt(client, school):
    attempt = school["attempts"]["badr"]
    client.force_login(school["co"])
    assert client.post(reverse("attempt_reopen", args=[attempt.pk]), {"minutes": "5"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    deadline = attempt.deadline
    assert client.post(reverse("attempt_extra_time", args=[attempt.pk]), {"minutes": "10"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.deadline > deadline


def _break_the_key(quiz):
    from quizzes.bank.importing import record_version

    question = quiz.question_set.questions.get(key="founded")
    question.data = {**question.data, "answer": 1999}
    question.save()
    record_version(question)


def test_a_co_instructor_cannot_regrade_and_the_attempts_page_says_why(client, school):
    quiz = school["quiz"]
    _break_the_key(quiz)
    scores = list(AttemptQuestion.objects.order_by("pk").values_list("score", flat=True))
    client.force_login(school["co"])
    assert client.post(reverse("quiz_regrade", args=[quiz.pk])).status_code == 404
    assert list(AttemptQuestion.objects.order_by("pk").values_list("score", flat=True)) == scores
    html = client.get(reverse("quiz_attempts", args=[quiz.pk])).content.decode()
    assert 'id="co-instructor-note"' in html
    assert reverse("quiz_regrade", args=[quiz.pk]) not in html
    assert reverse("quiz_edit", args=[quiz.pk]) not in html


def test_the_note_for_co_instructors_is_in_arabic(client, school):
    client.force_login(school["co"])
    html = client.get(reverse("quiz_attempts", args=[school["quiz"].pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "لمالكه وحده" in html


def test_the_owner_regrades_every_class_and_sees_no_note(client, school):
    quiz = school["quiz"]
    client.force_login(school["owner"])
    html = client.get(reverse("quiz_attempts", args=[quiz.pk])).content.decode()
    assert 'id="co-instructor-note"' not in html and reverse("quiz_regrade", args=[quiz.pk]) in html
    assert html.count("<bdi>amal</bdi>") == 1 and html.count("<bdi>badr</bdi>") == 1
    _break_the_key(quiz)
    assert client.post(reverse("quiz_regrade", args=[quiz.pk])).status_code == 200
    assert not AttemptQuestion.objects.filter(question__key="founded", score=1.0).exists()


def test_the_owner_reopens_a_co_instructors_students_attempt(client, school):
    attempt = school["attempts"]["badr"]
    client.force_login(school["owner"])
    assert client.post(reverse("attempt_reopen", args=[attempt.pk]), {"minutes": "5"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS


def test_staff_read_and_manage_every_class_of_a_quiz(client, school, make_user):
    quiz = school["quiz"]
    client.force_login(make_user("staff", is_staff=True))
    assert usernames_in_csv(client.get(reverse("quiz_grades_csv", args=[quiz.pk]))) == ["amal", "badr"]
    assert client.post(reverse("attempt_reopen", args=[school["attempts"]["amal"].pk])).status_code == 302
    assert client.post(reverse("quiz_regrade", args=[quiz.pk])).status_code == 200
    assert client.get(reverse("quiz_edit", args=[quiz.pk])).status_code == 200


def test_a_student_in_two_of_a_co_instructors_classes_is_listed_once(client, school):
    """Two classes of the co-instructor's with the quiz: Badr's attempt is one row, its answers
    counted once (a join over both classes would count them twice)."""
    second = classes.create_class(school["co"], "الصف الثالث")
    second.students.add(school["badr"])
    school["quiz"].classes.add(second)
    client.force_login(school["co"])
    html = client.get(reverse("quiz_attempts", args=[school["quiz"].pk])).content.decode()
    assert html.count("<bdi>badr</bdi>") == 1
    total = AttemptQuestion.objects.filter(attempt=school["attempts"]["badr"]).count()
    assert f"/ {total}</td>" in html
    assert usernames_in_csv(client.get(reverse("quiz_grades_csv", args=[school["quiz"].pk]))) == ["badr"]


# Editing a set follows who may edit it, not the person's role -------------------------------------

EDITOR_PAGES = [
    ("set_settings", False),
    ("set_sources", False),
    ("set_questions", False),
    ("quick_entry", False),
    ("question_new", False),
    ("set_problems", False),
    ("set_export", False),
    ("question_edit", True),
    ("question_history", True),
]


def editor_url(name, with_question):
    return reverse(name, args=["sample", "founded"] if with_question else ["sample"])


@pytest.mark.parametrize("how", ["owner", "editor"])
@pytest.mark.parametrize("name, with_question", EDITOR_PAGES)
def test_a_student_who_may_edit_a_set_reaches_its_editor_pages(client, sample_set, make_user, how, name, with_question):
    student = make_user("writer")
    if how == "owner":
        QuestionSet.objects.filter(pk=sample_set.pk).update(owner=student)
    else:
        sample_set.editors.add(student)
    client.force_login(student)
    assert client.get(editor_url(name, with_question)).status_code == 200


def test_a_student_who_may_edit_a_set_saves_a_question_and_finds_it_under_their_sets(client, sample_set, make_user):
    student = make_user("writer")
    sample_set.editors.add(student)
    client.force_login(student)
    data = {"type": "number", "prompt": "في أي عام أنشئت المنظمة فعلا؟", "answer": "2002", "source-0-doc": "doc0"}
    data["source-0-quote"] = "تم إنشاء المنظمة في عام 2002"
    assert client.post(editor_url("question_edit", True), data).status_code == 302
    assert sample_set.questions.get(key="founded").versions.count() == 2
    response = client.get(reverse("my_sets"))
    assert response.status_code == 200 and reverse("set_questions", args=["sample"]) in response.content.decode()


def test_a_student_with_no_set_to_edit_is_sent_to_their_own_sets(client, student):
    client.force_login(student)
    response = client.get(reverse("my_sets"))
    assert response.status_code == 302 and response.url == reverse("dashboard") + "#own-sets"


@pytest.mark.parametrize("name, with_question", EDITOR_PAGES)
def test_an_instructor_who_may_not_edit_a_set_gets_404_on_its_editor_pages(
    client, sample_set, make_user, name, with_question
):
    client.force_login(make_user("other-teacher", instructor=True))
    assert client.get(editor_url(name, with_question)).status_code == 404


def test_only_the_owner_shares_a_set(client, sample_set, make_user):
    editor = make_user("writer", instructor=True)
    sample_set.editors.add(editor)
    client.force_login(editor)
    assert client.get(reverse("set_sharing", args=["sample"])).status_code == 404
    client.force_login(sample_set.owner)
    assert client.get(reverse("set_sharing", args=["sample"])).status_code == 200
