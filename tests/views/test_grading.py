"""Marking by hand: the manual grading pages, an override of a mark, and what the student reads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import attempts, scoring
from quizzes.bank import writing
from quizzes.models import Attempt, AttemptQuestion, Question

pytestmark = pytest.mark.django_db


def add_essay(qset, author):
    sources = qset.questions.get(key="founded").sources
    raw = {"id": "why", "type": "essay", "prompt": "لماذا تدخلت المنظمة؟", "word_limit": 40, "sources": sources}
    writing.save_question(qset, {**raw, "guidance": "يذكر الاحتجاجات."}, author=author)
    return Question.objects.get(question_set=qset, key="why")


@pytest.fixture
def essays(make_quiz, make_user, sample_set, instructor):
    """A quiz with an essay, taken and submitted by three students who wrote it."""
    essay = add_essay(sample_set, instructor)
    students = [make_user(f"s{i}") for i in range(3)]
    quiz = make_quiz(*students, attempts_allowed=0)
    now = timezone.now() - timedelta(minutes=10)
    found = []
    for i, student in enumerate(students):
        attempt = attempts.start(quiz, student, now)
        row = attempt.questions.get(question=essay)
        attempts.save_answer(attempt, row, {"response": [f"لأن الرئيس طلب المساعدة {i}"]}, now)
        attempts.submit(attempt, now)
        found.append(attempt)
    return {"quiz": quiz, "essay": essay, "attempts": found, "students": students}


def grading_url(essays, **query):
    url = reverse("quiz_grading_question", args=[essays["quiz"].pk, essays["essay"].pk])
    return url + ("?show=waiting" if query.get("waiting") else "")


def essay_row(attempt, essay):
    return AttemptQuestion.objects.get(attempt=attempt, question=essay)


def test_the_grading_page_lists_the_essays_waiting(client, essays, assert_max_queries):
    client.force_login(essays["quiz"].owner)
    with assert_max_queries(6):
        response = client.get(reverse("quiz_grading", args=[essays["quiz"].pk]))
    html = response.content.decode()
    assert "لماذا تدخلت المنظمة؟" in html
    assert grading_url(essays, waiting=True) in html
    assert "<td>3</td>" in html


def test_a_submitted_essay_reads_needs_grading_for_the_attempt_and_the_grade(client, essays):
    attempt = essays["attempts"][0]
    attempt.refresh_from_db()
    assert attempt.score is None
    client.force_login(essays["quiz"].owner)
    html = client.get(reverse("quiz_attempts", args=[essays["quiz"].pk])).content.decode()
    assert html.count("<bdi>بانتظار التصحيح</bdi>") == 3
    body = client.get(reverse("quiz_grades_csv", args=[essays["quiz"].pk])).content.decode("utf-8")
    assert body.count(",needs grading,needs grading,needs grading,") == 3


def test_the_answers_page_reads_in_bounded_queries_whatever_the_number_of_answers(
    client, essays, make_user, assert_max_queries
):
    client.force_login(essays["quiz"].owner)
    with assert_max_queries(8):
        html = client.get(grading_url(essays)).content.decode()
    assert html.count('class="question graded-answer"') == 3
    assert "يذكر الاحتجاجات." in html  # the guidance, for graders
    for i in range(3, 8):
        student = make_user(f"more{i}")
        essays["quiz"].classes.get().students.add(student)
        attempt = attempts.start(essays["quiz"], student, timezone.now())
        attempts.submit(attempt, timezone.now())
    with assert_max_queries(8):
        html = client.get(grading_url(essays)).content.decode()
    assert html.count('class="question graded-answer"') == 8


def test_the_guidance_is_shown_once_and_again_beside_an_answer_given_another_version(client, essays, instructor):
    client.force_login(essays["quiz"].owner)
    html = client.get(grading_url(essays)).content.decode()
    assert html.count("يذكر الاحتجاجات.") == 1
    # The question is edited after the attempts began: a new attempt is given the new guidance.
    essay = essays["essay"]
    raw = {
        "id": "why",
        "type": "essay",
        "prompt": essay.prompt,
        "word_limit": 40,
        "sources": essay.sources,
        "guidance": "يذكر طلب الرئيس.",
    }
    writing.save_question(essay.question_set, raw, author=instructor)
    student = essays["students"][0]
    attempt = attempts.start(essays["quiz"], student, timezone.now())
    attempts.save_answer(attempt, attempt.questions.get(question=essay), {"response": ["جواب"]}, timezone.now())
    attempts.submit(attempt, timezone.now())
    html = client.get(grading_url(essays)).content.decode()
    # The three answers given the old guidance share it once; the new one shows its own beside it.
    assert html.count("يذكر الاحتجاجات.") == 1
    assert html.count("يذكر طلب الرئيس.") == 1
    article = html[html.index(f'id="answer-{essay_row(attempt, essay).pk}"') :]
    assert article.index("يذكر طلب الرئيس.") < article.index("</article>")


def test_the_answers_come_ten_a_page(client, essays, make_user):
    for i in range(9):
        student = make_user(f"late{i}")
        essays["quiz"].classes.get().students.add(student)
        attempts.submit(attempts.start(essays["quiz"], student, timezone.now()), timezone.now())
    client.force_login(essays["quiz"].owner)
    first = client.get(grading_url(essays)).content.decode()
    assert first.count('class="question graded-answer"') == 10 and 'rel="next"' in first
    second = client.get(grading_url(essays) + "?page=2").content.decode()
    assert second.count('class="question graded-answer"') == 2 and 'rel="prev"' in second
    # A page past the last shows the last; a malformed one the first.
    assert client.get(grading_url(essays) + "?page=99").content.decode().count("graded-answer") == 2
    assert client.get(grading_url(essays) + "?page=x%00").status_code == 400
    assert client.get(grading_url(essays) + "?page=-1").content.decode().count('class="question graded-answer"') == 10


def test_marking_an_essay_gives_the_attempt_its_grade_and_the_student_reads_the_comment(client, essays):
    quiz, essay = essays["quiz"], essays["essay"]
    attempt, student = essays["attempts"][0], essays["students"][0]
    row = essay_row(attempt, essay)
    client.force_login(quiz.owner)
    response = client.post(grading_url(essays), {"answer": str(row.pk), "mark": "٠٫٥", "comment": "أحسنت\t جزئيًا"})
    assert response.status_code == 302 and response.url.endswith(f"#answer-{row.pk}")
    row.refresh_from_db()
    assert row.manual_score == 0.5 and row.manual_comment == "أحسنت\t جزئيًا" and row.manual_by == quiz.owner
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(scoring.rows_score(attempt.questions.all()))
    assert attempt.score is not None
    # The waiting list no longer holds it.
    html = client.get(grading_url(essays, waiting=True)).content.decode()
    assert f'id="answer-{row.pk}"' not in html and html.count('class="question graded-answer"') == 2
    client.force_login(student)
    html = client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()
    assert "أحسنت\t جزئيًا" in html and "بانتظار التصحيح" not in html


def test_the_comment_is_hidden_when_the_review_options_hide_feedback(client, essays):
    quiz, attempt = essays["quiz"], essays["attempts"][0]
    row = essay_row(attempt, essays["essay"])
    client.force_login(quiz.owner)
    client.post(grading_url(essays), {"answer": str(row.pk), "mark": "1", "comment": "تعليق خاص"})
    quiz.review_options = {m: ["response", "marks"] for m in ("during", "immediately", "open", "closed")}
    quiz.save()
    client.force_login(essays["students"][0])
    html = client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()
    assert "تعليق خاص" not in html


@pytest.mark.parametrize("mark", ["", "abc", "-1", "1.5", "1e3", "٢ ٢", "١٠"])
def test_a_mark_that_is_not_a_number_within_the_questions_mark_is_refused_and_writes_nothing(client, essays, mark):
    row = essay_row(essays["attempts"][0], essays["essay"])
    client.force_login(essays["quiz"].owner)
    response = client.post(grading_url(essays), {"answer": str(row.pk), "mark": mark, "comment": ""})
    assert response.status_code == 422
    assert f'id="mark-{row.pk}-error"' in response.content.decode()
    row.refresh_from_db()
    assert row.manual_score is None


@pytest.mark.parametrize("answer", ["", "x", "1.5", "99999999999999", "0", "١"])
def test_a_malformed_answer_id_is_a_bad_request(client, essays, answer):
    client.force_login(essays["quiz"].owner)
    response = client.post(grading_url(essays), {"answer": answer, "mark": "1"})
    assert response.status_code == 400


def test_an_answer_to_another_question_or_quiz_is_not_found(client, essays, make_quiz):
    attempt = essays["attempts"][0]
    other = attempt.questions.exclude(question=essays["essay"]).first()
    client.force_login(essays["quiz"].owner)
    assert client.post(grading_url(essays), {"answer": str(other.pk), "mark": "1"}).status_code == 404
    assert not AttemptQuestion.objects.filter(manual_score__isnull=False).exists()


def test_an_attempt_in_progress_is_not_marked(client, essays):
    quiz, student = essays["quiz"], essays["students"][0]
    attempt = attempts.start(quiz, student, timezone.now())
    row = essay_row(attempt, essays["essay"])
    client.force_login(quiz.owner)
    response = client.post(grading_url(essays), {"answer": str(row.pk), "mark": "1"})
    assert response.status_code == 422
    row.refresh_from_db()
    assert row.manual_score is None


def test_marking_twice_keeps_the_last_mark(client, essays):
    row = essay_row(essays["attempts"][1], essays["essay"])
    client.force_login(essays["quiz"].owner)
    for mark in ("1", "0.25", "0.25"):
        assert client.post(grading_url(essays), {"answer": str(row.pk), "mark": mark}).status_code == 302
    row.refresh_from_db()
    assert row.manual_score == 0.25


def test_the_highest_grade_needs_grading_until_every_attempt_it_counts_is_marked(essays):
    quiz, student = essays["quiz"], essays["students"][0]
    now = timezone.now()
    mine = list(attempts.student_attempts(quiz, student))
    assert attempts.final_grade(mine, quiz, now) is scoring.PENDING
    from quizzes.attempts import grading

    row = essay_row(essays["attempts"][0], essays["essay"])
    grading.mark(row.attempt_id, row.pk, "1", "", quiz.owner, now)
    mine = list(attempts.student_attempts(quiz, student))
    assert attempts.final_grade(mine, quiz, now) == pytest.approx(Attempt.objects.get(pk=row.attempt_id).score)


# Overriding a mark ---------------------------------------------------------------------------------


def test_an_override_needs_its_reason_then_is_kept_shown_and_written_to_the_csv(client, essays):
    quiz, attempt = essays["quiz"], essays["attempts"][0]
    founded = attempt.questions.get(question__key="founded")
    url = reverse("attempt_review", args=[attempt.pk])
    client.force_login(quiz.owner)
    response = client.post(url, {"answer": str(founded.pk), "mark": "1", "comment": ""})
    assert response.status_code == 422 and f'id="mark-{founded.pk}-error"' in response.content.decode()
    founded.refresh_from_db()
    assert founded.manual_score is None
    response = client.post(url, {"answer": str(founded.pk), "mark": "1", "comment": "سنة التأسيس مقبولة"})
    assert response.status_code == 302
    founded.refresh_from_db()
    assert founded.manual_score == 1.0 and founded.score is None
    html = client.get(url).content.decode()
    assert "سنة التأسيس مقبولة" in html
    body = client.get(reverse("quiz_grades_csv", args=[quiz.pk])).content.decode("utf-8")
    assert f"Q{founded.position}: 1/1 (سنة التأسيس مقبولة)" in body
    # Taken back, the automatic mark counts again.
    assert client.post(url, {"answer": str(founded.pk), "clear": "1"}).status_code == 302
    founded.refresh_from_db()
    assert founded.manual_score is None and founded.manual_comment == ""


def test_an_answer_of_another_attempt_is_not_overridden_through_this_one(client, essays):
    one, two = essays["attempts"][:2]
    row = two.questions.first()
    client.force_login(essays["quiz"].owner)
    response = client.post(
        reverse("attempt_review", args=[one.pk]), {"answer": str(row.pk), "mark": "1", "comment": "x"}
    )
    assert response.status_code == 404


def test_the_attempt_review_reads_in_bounded_queries(client, essays, assert_max_queries):
    client.force_login(essays["quiz"].owner)
    url = reverse("attempt_review", args=[essays["attempts"][0].pk])
    client.get(url)
    with assert_max_queries(12):
        assert client.get(url).status_code == 200


def test_a_nul_byte_in_a_comment_is_refused_before_anything_is_written(client, essays):
    row = essay_row(essays["attempts"][0], essays["essay"])
    client.force_login(essays["quiz"].owner)
    response = client.post(grading_url(essays), {"answer": str(row.pk), "mark": "1", "comment": "a\x00b"})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.manual_score is None


def test_a_report_of_an_attempt_that_needs_grading_says_so(client, essays):
    client.force_login(essays["students"][0])
    response = client.get(reverse("my_report"))
    assert response.status_code == 200 and "بانتظار التصحيح" in response.content.decode()


def test_an_essay_of_an_attempt_still_going_does_not_wait_for_a_grader_yet(client, essays):
    quiz, student = essays["quiz"], essays["students"][0]
    attempt = attempts.start(quiz, student, timezone.now())
    attempts.save_answer(attempt, essay_row(attempt, essays["essay"]), {"response": ["ما زلت أكتب"]}, timezone.now())
    client.force_login(quiz.owner)
    assert "<td>3</td>" in client.get(reverse("quiz_grading", args=[quiz.pk])).content.decode()
    waiting = client.get(grading_url(essays, waiting=True)).content.decode()
    assert waiting.count('class="question graded-answer"') == 3 and "ما زلت أكتب" not in waiting
    assert "ما زلت أكتب" in client.get(grading_url(essays)).content.decode()
