"""The quiz's overview report: the grades' spread (a chart and its table), average, median, and
each question's average mark, over the attempts the reader may see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import attempts
from quizzes.models import QuizMark
from quizzes.reports import quiz_overview

pytestmark = pytest.mark.django_db


def test_grades_fall_in_tenths_of_the_maximum_grade_with_full_marks_in_the_last():
    assert quiz_overview.distribution([0, 0.9, 1, 5, 9.99, 10], 10) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert quiz_overview.band_labels(20)[:2] == ["0–2", "2–4"]


@pytest.fixture
def taken(make_quiz, make_user):
    """Four students: three right on «founded» only (worth 3 marks), one on nothing."""
    students = [make_user(f"t{i}") for i in range(4)]
    quiz = make_quiz(*students, max_grade=20, attempts_allowed=0)
    founded = quiz.question_set.questions.get(key="founded")
    QuizMark.objects.create(quiz=quiz, question=founded, mark=3)
    now = timezone.now() - timedelta(minutes=5)
    for i, student in enumerate(students):
        attempt = attempts.start(quiz, student, now)
        if i < 3:
            attempts.save_answer(attempt, attempt.questions.get(question=founded), {"response": ["2002"]}, now)
        attempts.submit(attempt, now)
    return quiz, founded


def test_the_overview_gives_the_average_the_median_and_each_questions_average_mark(taken):
    quiz, founded = taken
    from quizzes.models import Attempt

    overview = quiz_overview.build(quiz, Attempt.objects.filter(quiz=quiz), timezone.now())
    total = 3 + quiz.attempts.first().questions.count() - 1
    one = 3 / total * 20
    assert overview.students == 4 and overview.graded == 4 and overview.waiting == 0
    assert overview.average == pytest.approx(one * 3 / 4)
    assert overview.median == pytest.approx(one)
    means = {q.question_id: q for q in overview.questions}
    assert means[founded.pk].mean_marks == pytest.approx(3 * 3 / 4) and means[founded.pk].mark == 3
    assert sum(row[1] for row in overview.chart.table.rows) == 4


def test_the_overview_page_reads_in_bounded_queries_and_offers_the_numbers(client, taken, assert_max_queries):
    quiz, _founded = taken
    client.force_login(quiz.owner)
    with assert_max_queries(9):
        response = client.get(reverse("quiz_overview", args=[quiz.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'data-chart-toggle aria-controls="numbers-grades"' in html
    assert 'id="table-questions"' in html
    csv = client.get(reverse("quiz_overview", args=[quiz.pk]), {"csv": "grades"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert client.get(reverse("quiz_overview", args=[quiz.pk]), {"csv": "nope"}).status_code == 404
