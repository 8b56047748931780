"""Quiz attempts in the reports: the student's own report, the instructor's drill-down of a
student, item analysis of quiz attempts and the dashboard's open quizzes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.models import Attempt, Quiz

pytestmark = pytest.mark.django_db


def finished(quiz, student, now=None):
    """An attempt with its first question answered right, submitted."""
    now = now or timezone.now()
    attempt = attempts.start(quiz, student, now)
    attempt.questions.filter(position=1).update(score=1.0, saved_at=now, response="x")
    return attempts.submit(attempt, now)


def test_a_student_sees_their_finished_attempt_with_its_score_and_a_link(client, make_quiz, student):
    quiz = make_quiz(student)
    attempt = finished(quiz, student)
    client.force_login(student)
    html = client.get(reverse("my_report")).content.decode()
    section = html[html.index('id="quizzes"') :]
    assert "اختبار قصير" in section
    assert reverse("attempt_result", args=[attempt.pk]) in section
    assert "12%" in section  # one of eight questions right


def test_an_attempt_past_its_deadline_counts_as_submitted_in_the_report(client, make_quiz, student):
    quiz = make_quiz(student, time_limit=5)
    attempt = attempts.start(quiz, student, timezone.now() - timedelta(minutes=10))
    client.force_login(student)
    html = client.get(reverse("my_report")).content.decode()
    section = html[html.index('id="quizzes"') :]
    assert reverse("attempt_result", args=[attempt.pk]) in section and "0%" in section
    assert Attempt.objects.get().state == Attempt.State.IN_PROGRESS  # read as submitted, not finalised


def test_an_attempt_in_progress_links_to_the_attempt(client, make_quiz, student):
    quiz = make_quiz(student, time_limit=30)
    attempt = attempts.start(quiz, student, timezone.now())
    client.force_login(student)
    html = client.get(reverse("my_report")).content.decode()
    assert reverse("attempt", args=[attempt.pk]) + '"' in html


def test_the_student_sees_no_marks_the_review_options_hide(client, make_quiz, student):
    quiz = make_quiz(student)
    quiz.review_options = {"during": [], "immediately": [], "open": [], "closed": []}
    quiz.save()
    finished(quiz, student)
    client.force_login(student)
    html = client.get(reverse("my_report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="quizzes"') :]
    assert "12%" not in section
    csv = client.get(reverse("my_report"), {"csv": "quizzes"}).content.decode("utf-8-sig")
    assert "12.5" not in csv


def test_the_student_downloads_their_attempts_as_csv(client, make_quiz, student):
    quiz = make_quiz(student)
    finished(quiz, student)
    client.force_login(student)
    response = client.get(reverse("my_report"), {"csv": "quizzes"})
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("اختبار قصير,1,") and ",12.5,12.5" in lines[1]


def test_the_instructor_sees_the_students_attempts_at_the_class_quizzes_only(client, make_quiz, student, instructor):
    quiz = make_quiz(student)
    klass = quiz.classes.get()
    finished(quiz, student)
    other_class = classes.create_class(instructor, "صف آخر")
    other_class.students.add(student)
    other = Quiz.objects.create(title="اختبار آخر", owner=instructor, question_set=quiz.question_set)
    other.classes.add(other_class)
    finished(other, student)
    client.force_login(instructor)
    html = client.get(reverse("class_student_report", args=[klass.pk, student.pk])).content.decode()
    section = html[html.index('id="quizzes"') :]
    assert "اختبار قصير" in section and "اختبار آخر" not in section
    assert reverse("quiz_attempts", args=[quiz.pk]) in section
    assert reverse("attempt_result", args=[1]) not in section  # the student's own page, not theirs
    csv = client.get(reverse("class_student_report", args=[klass.pk, student.pk]), {"csv": "quizzes"})
    assert csv.status_code == 200 and "اختبار قصير" in csv.content.decode("utf-8-sig")


@pytest.mark.parametrize("n_attempts", [1, 6])
def test_the_quiz_table_reads_one_query_whatever_the_attempts(
    client, make_quiz, student, n_attempts, assert_max_queries
):
    quiz = make_quiz(student, attempts_allowed=0)
    for _ in range(n_attempts):
        finished(quiz, student)
    client.force_login(student)
    with assert_max_queries(17):
        response = client.get(reverse("my_report"))
    assert response.content.decode().count("/result/") == n_attempts


def test_item_analysis_shows_the_quiz_questions_and_downloads_them(client, make_quiz, student, instructor):
    quiz = make_quiz(student)
    klass = quiz.classes.get()
    classes.assign(klass, quiz.question_set, None)
    finished(quiz, student)
    client.force_login(instructor)
    html = client.get(reverse("item_analysis", args=[klass.pk, "sample"])).content.decode()
    section = html[html.index('id="quiz-items"') :]
    assert section.count("<tr") == 9  # the header and the eight questions of the attempt
    response = client.get(reverse("item_analysis", args=[klass.pk, "sample"]), {"csv": "quiz-items"})
    assert response.status_code == 200 and len(response.content.decode("utf-8-sig").splitlines()) == 9


def test_the_dashboard_lists_open_quizzes_with_a_resume_link_first(client, make_quiz, student):
    now = timezone.now()
    later = make_quiz(student, closes_at=now + timedelta(days=5), attempts_allowed=2)
    later.title = "يغلق لاحقا"
    later.save()
    soon = make_quiz(student, closes_at=now + timedelta(hours=3))
    soon.title = "يغلق قريبا"
    soon.save()
    going = make_quiz(student, time_limit=30)
    going.title = "جار"
    going.save()
    attempt = attempts.start(going, student, now)
    closed = make_quiz(student, closes_at=now - timedelta(hours=1))
    closed.title = "مغلق"
    closed.save()
    client.force_login(student)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="open-quizzes"') : html.index("</section>")]
    assert section.index("جار") < section.index("يغلق قريبا") < section.index("يغلق لاحقا")
    assert "مغلق" not in section
    assert reverse("attempt", args=[attempt.pk]) in section and "Resume" in section
    assert "30 minutes left" in section or "29 minutes left" in section
    assert "2 attempts left" in section and "Closing soon" in section


def test_the_dashboard_leaves_out_a_quiz_whose_attempts_are_used(client, make_quiz, student):
    quiz = make_quiz(student)
    finished(quiz, student)
    client.force_login(student)
    assert 'id="open-quizzes"' not in client.get(reverse("dashboard")).content.decode()


def test_an_attempt_past_its_deadline_is_not_offered_to_resume(client, make_quiz, student):
    quiz = make_quiz(student, time_limit=5, attempts_allowed=3)
    attempt = attempts.start(quiz, student, timezone.now() - timedelta(minutes=10))
    client.force_login(student)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("attempt", args=[attempt.pk]) not in html and "2 attempts left" in html


def test_a_quiz_that_opens_later_says_when(client, make_quiz, student):
    make_quiz(student, opens_at=timezone.now() + timedelta(days=2))
    client.force_login(student)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "opens <time" in html and "Resume" not in html


@pytest.mark.parametrize("n_quizzes", [1, 5])
def test_the_dashboards_quizzes_take_three_queries_whatever_their_number(
    client, make_quiz, student, n_quizzes, django_assert_max_num_queries
):
    for _ in range(n_quizzes):
        attempts.start(make_quiz(student, time_limit=30), student, timezone.now())
    client.force_login(student)
    # test_pages.py's nine before quizzes, plus the quizzes, the student's overrides and their attempts
    # (three, whatever their number).
    with django_assert_max_num_queries(12):
        html = client.get(reverse("dashboard")).content.decode()
    assert html.count("/attempts/") == n_quizzes


@pytest.mark.parametrize("n_students", [5, 50])
def test_item_analysis_with_quiz_attempts_reads_a_bounded_number_of_queries(
    client, make_quiz, make_user, instructor, n_students, assert_max_queries
):
    students = [make_user(f"s{i}") for i in range(n_students)]
    quiz = make_quiz(*students)
    klass = quiz.classes.get()
    classes.assign(klass, quiz.question_set, None)
    for student in students:
        finished(quiz, student)
    client.force_login(instructor)
    # The study item analysis (11 here), then first attempts, their questions and the questions.
    with assert_max_queries(14):
        html = client.get(reverse("item_analysis", args=[klass.pk, "sample"])).content.decode()
    section = html[html.index('id="quiz-items"') :]
    assert f"<td>{n_students}</td>" in section


def test_item_analysis_and_its_csv_show_wrong_answers_as_the_students_saw_them(
    client, make_quiz, make_user, instructor, assert_max_queries
):
    from quizzes.models import QuestionTally

    students = [make_user(f"s{i}") for i in range(3)]
    quiz = make_quiz(*students)
    klass = quiz.classes.get()
    classes.assign(klass, quiz.question_set, None)
    now = timezone.now()
    wrong = {"capital": "c", "criterion": {"year": "1999", "city": "t"}, "people": {"putin": "tokayev"}}
    for student in students:
        attempt = attempts.start(quiz, student, now)
        for key, response in wrong.items():
            attempt.questions.filter(question__key=key).update(score=0.0, saved_at=now, response=response)
        attempts.submit(attempt, now)
        # The same wrong choice as a first answer in study.
        capital = quiz.question_set.questions.get(key="capital")
        QuestionTally.objects.update_or_create(
            student=student, question=capital,
            defaults={"question_set": quiz.question_set, "answers": 1, "first_review_id": 1,
                      "first_score": 0.0, "first_response": "d"},
        )  # fmt: skip
    client.force_login(instructor)
    url = reverse("item_analysis", args=[klass.pk, "sample"])
    with assert_max_queries(14):
        html = client.get(url).content.decode()
    study, quizzes = html[: html.index('id="quiz-items"')], html[html.index('id="quiz-items"') :]
    assert "بيشكيك</bdi> (3)" in study
    assert "طشقند</bdi> (3)" in quizzes
    assert "الفراغ 1: 1999 · الفراغ 2: طشقند</bdi> (3)" in quizzes
    assert "بوتين: رئيس كازاخستان · باشينيان: — · توكايف: —</bdi> (3)" in quizzes
    for key in ("year:", "city:", "putin:", '"auto">t</bdi>', '"auto">c</bdi>', '"auto">d</bdi>'):
        assert key not in html
    study_csv = client.get(url, {"csv": "items"}).content.decode("utf-8")
    quiz_csv = client.get(url, {"csv": "quiz-items"}).content.decode("utf-8")
    assert "بيشكيك (3)" in study_csv
    assert "الفراغ 1: 1999 · الفراغ 2: طشقند (3)" in quiz_csv and "طشقند (3)" in quiz_csv
    assert "year:" not in quiz_csv and "putin:" not in quiz_csv
