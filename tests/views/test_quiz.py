"""Quizzes through the browser's requests: starting, autosaving, resuming, late answers, attempts
allowed, submitting with confirmation, review options at each moment, and the instructor's pages."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import attempts
from quizzes.models import Attempt, AttemptQuestion, Quiz, Review
from quizzes.questions import get_type
from tests.conftest import form_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def right_form(row):
    version = row.version
    return form_for(version.type, version.data, row.seed, get_type(version.type).correct_response(version.data))


def save(client, attempt, position, form, **extra):
    row = attempt.questions.get(position=position)
    data = {"position": str(position), **(form if form is not None else right_form(row)), **extra}
    return client.post(reverse("attempt_save", args=[attempt.pk]), data, headers=HTMX)


@pytest.fixture
def sitting(client, make_quiz, student):
    """A student logged in with an attempt started at a 30-minute quiz."""
    quiz = make_quiz(student, time_limit=30)
    client.force_login(student)
    response = client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz, student=student)
    assert response.url == reverse("attempt", args=[attempt.pk])
    return quiz, attempt


def test_starting_twice_resumes_the_same_attempt(client, sitting):
    quiz, attempt = sitting
    client.post(reverse("quiz_start", args=[quiz.pk]))
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_the_attempt_leaves_out_flashcards_and_fixes_every_question(sitting):
    _, attempt = sitting
    types = list(attempt.questions.values_list("version__type", flat=True))
    assert "flashcard" not in types and len(types) == 8


def test_each_question_page_carries_no_answer_key(client, sitting):
    _, attempt = sitting
    for row in attempt.questions.all():
        html = client.get(reverse("attempt", args=[attempt.pk]), {"page": row.position}).content.decode()
        assert f'data-type="{row.version.type}"' in html
        for option in row.version.data.get("options", []):
            assert f'value="{option["key"]}"' not in html
        assert "ألماتي هي العاصمة" not in html  # no explanation either


def test_an_answer_is_saved_as_given_and_shown_again_after_a_reload(client, sitting):
    _, attempt = sitting
    response = save(client, attempt, 2, None)  # the single-choice question
    assert response.status_code == 200
    assert 'id="quiz-nav"' in response.content.decode() and "hx-swap-oob" in response.content.decode()
    row = attempt.questions.get(position=2)
    assert row.response == "a" and row.score == 1.0
    page = client.get(reverse("attempt", args=[attempt.pk]), {"page": 2}).content.decode()
    chosen = right_form(row)["response"][0]
    assert re.search(rf'value="{chosen}" required checked', page)


def test_saving_the_same_answer_twice_keeps_one_outcome(client, sitting):
    _, attempt = sitting
    save(client, attempt, 1, {"response": "2002"})
    save(client, attempt, 1, {"response": "2002"})
    assert AttemptQuestion.objects.filter(attempt=attempt, saved_at__isnull=False).count() == 1


def test_a_response_that_cannot_be_graded_is_refused_with_its_reason(client, sitting):
    _, attempt = sitting
    response = save(client, attempt, 1, {"response": "abc"})
    assert response.status_code == 422
    assert attempt.questions.get(position=1).saved_at is None


def test_an_answer_after_the_deadline_is_refused_with_a_clear_message(client, sitting):
    _, attempt = sitting
    with time_machine.travel(attempt.deadline + timedelta(seconds=1), tick=False):
        response = save(client, attempt, 1, {"response": "2002"})
    assert response.status_code == 422
    assert "after the deadline" in response.content.decode() or "بعد" in response.content.decode()
    assert attempt.questions.get(position=1).saved_at is None


def test_past_the_deadline_the_attempt_page_shows_the_result(client, sitting):
    _, attempt = sitting
    with time_machine.travel(attempt.deadline + timedelta(minutes=1), tick=False):
        response = client.get(reverse("attempt", args=[attempt.pk]))
    assert response.url == reverse("attempt_result", args=[attempt.pk])


def test_submitting_with_unanswered_questions_asks_first(client, sitting):
    _, attempt = sitting
    response = client.post(reverse("attempt_submit", args=[attempt.pk]))
    assert response.url == reverse("attempt_submit", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    summary = client.get(reverse("attempt_submit", args=[attempt.pk])).content.decode()
    assert "data-confirm" in summary


def test_a_double_submit_finishes_once_and_feeds_the_schedule_once(client, sitting):
    _, attempt = sitting
    save(client, attempt, 1, {"response": "2002"})
    for _ in range(2):
        client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED
    assert attempt.score == pytest.approx(1 / 8)
    assert Review.objects.filter(attempt=attempt).count() == 1


def test_a_right_quiz_answer_sends_a_new_card_days_away(client, sitting, student):
    from quizzes.models import CardState

    _, attempt = sitting
    save(client, attempt, 1, {"response": "2002"})
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    card = CardState.objects.get(student=student, question=attempt.questions.get(position=1).question)
    assert card.due - timezone.now() > timedelta(days=1)


def test_a_wrong_quiz_answer_makes_the_card_due_again(client, sitting, student):
    from quizzes.models import CardState

    _, attempt = sitting
    save(client, attempt, 1, {"response": "1999"})
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    card = CardState.objects.get(student=student, question=attempt.questions.get(position=1).question)
    assert card.due - timezone.now() < timedelta(hours=1)
    assert Review.objects.get(attempt=attempt).rating == 1


def test_a_quiz_that_does_not_feed_the_schedule_writes_no_review(client, make_quiz, student):
    quiz = make_quiz(student, feeds_schedule=False)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    save(client, attempt, 1, {"response": "2002"})
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    assert not Review.objects.exists()


def test_no_attempt_beyond_those_allowed(client, sitting):
    quiz, attempt = sitting
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    response = client.post(reverse("quiz_start", args=[quiz.pk]))
    assert response.url == reverse("quiz_detail", args=[quiz.pk])
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_a_second_attempt_when_two_are_allowed(client, make_quiz, student):
    quiz = make_quiz(student, attempts_allowed=2)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    client.post(reverse("attempt_submit", args=[Attempt.objects.get().pk]), {"confirmed": "1"})
    client.post(reverse("quiz_start", args=[quiz.pk]))
    assert list(Attempt.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_closed_quiz_cannot_be_started(client, make_quiz, student):
    quiz = make_quiz(student, closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    assert not Attempt.objects.exists()


def test_immediate_feedback_checks_an_answer_once(client, make_quiz, student):
    quiz = make_quiz(student, feedback=Quiz.Feedback.IMMEDIATE)
    quiz.review_options["during"] = ["correctness"]
    quiz.save()
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    checked = save(client, attempt, 1, {"response": "1999"}, check="1")
    assert "incorrect" in checked.content.decode()
    # Whether it was right, as the options say for "during"; not the right answer.
    assert "2002" not in checked.content.decode()
    again = save(client, attempt, 1, {"response": "2002"}, check="1")
    assert again.status_code == 422
    assert attempt.questions.get(position=1).response == "1999"


# Review options, at each moment -----------------------------------------------------------------

MOMENTS = {
    "immediately": timedelta(seconds=30),
    "open": timedelta(minutes=10),
    "closed": timedelta(days=2),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("item", ["response", "correctness", "marks", "explanation", "right_answer"])
def test_the_result_page_shows_only_what_the_review_options_allow_at_each_moment(
    client, make_quiz, student, moment, item
):
    start = timezone.now()
    options = {"during": [], "immediately": [], "open": [], "closed": []}
    options[moment] = [item]
    quiz = make_quiz(student, review_options=options, closes_at=start + timedelta(days=1))
    client.force_login(student)
    with time_machine.travel(start, tick=False):
        client.post(reverse("quiz_start", args=[quiz.pk]))
        attempt = Attempt.objects.get()
        save(client, attempt, 2, {"response": right_form(attempt.questions.get(position=2))["response"]})
        client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    for when, offset in MOMENTS.items():
        with time_machine.travel(start + offset, tick=False):
            html = client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()
        shown = {
            "response": "given-only" in html or 'class="option is-correct"' in html,
            "correctness": 'class="verdict' in html,
            "marks": 'class="score"' in html,
            "explanation": "ألماتي هي العاصمة الاقتصادية" in html,
            "right_answer": "is-correct" in html,
        }
        assert shown[item] == (when == moment), (when, item)


def test_the_quiz_page_hides_marks_while_the_review_options_hide_them(client, make_quiz, student):
    start = timezone.now()
    options = {"during": [], "immediately": ["marks"], "open": [], "closed": ["marks"]}
    quiz = make_quiz(student, review_options=options, closes_at=start + timedelta(days=1))
    client.force_login(student)
    with time_machine.travel(start, tick=False):
        client.post(reverse("quiz_start", args=[quiz.pk]))
        attempt = Attempt.objects.get()
        save(client, attempt, 2, {"response": right_form(attempt.questions.get(position=2))["response"]})
        client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
        right_after = client.get(reverse("quiz_detail", args=[quiz.pk])).content.decode()
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        later = client.get(reverse("quiz_detail", args=[quiz.pk])).content.decode()
    assert "final-grade" in right_after and "%" in right_after
    assert "final-grade" not in later and "%" not in later.split("<main", 1)[1]


# Instructors ------------------------------------------------------------------------------------


def test_an_instructor_creates_a_quiz_for_a_class(client, instructor, sample_set):
    from quizzes import classes

    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    data = {
        "title": "اختبار",
        "question_set": sample_set.pk,
        "shuffle_questions": "on",
        "time_limit": "20",
        "on_timeout": "submit",
        "grace_minutes": "5",
        "attempts_allowed": "1",
        "grading": "highest",
        "feedback": "deferred",
        "layout": "one",
        "classes": [klass.pk],
        "review_immediately_marks": "on",
    }
    response = client.post(reverse("quiz_create"), data)
    quiz = Quiz.objects.get()
    assert response.url == reverse("quiz_attempts", args=[quiz.pk])
    assert quiz.review_options == {"during": [], "immediately": ["marks"], "open": [], "closed": []}
    assert list(quiz.classes.all()) == [klass]


def test_an_instructor_cannot_set_a_quiz_for_a_class_they_do_not_teach(client, instructor, make_user, sample_set):
    from quizzes import classes

    other = classes.create_class(make_user("t2", instructor=True), "صف آخر")
    client.force_login(instructor)
    response = client.post(reverse("quiz_create"), {"title": "x", "question_set": sample_set.pk, "classes": [other.pk]})
    assert response.status_code == 422 and not Quiz.objects.exists()


def finished_attempts(make_quiz, make_user, n):
    students = [make_user(f"s{i}") for i in range(n)]
    quiz = make_quiz(*students)
    now = timezone.now()
    for s in students:
        attempt = attempts.start(quiz, s, now)
        row = attempt.questions.get(position=1)
        attempts.save_answer(attempt, row, {"response": ["2002"]}, now)
    return quiz, students


def test_the_attempts_list_reads_in_bounded_queries(client, make_quiz, make_user, assert_max_queries):
    quiz, _ = finished_attempts(make_quiz, make_user, 6)
    client.force_login(quiz.owner)
    with assert_max_queries(8):
        response = client.get(reverse("quiz_attempts", args=[quiz.pk]))
    assert response.content.decode().count("<tr>") == 7


def test_the_attempts_list_counts_a_past_deadline_attempt_as_finished(client, make_quiz, make_user):
    quiz, _ = finished_attempts(make_quiz, make_user, 1)
    Attempt.objects.update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(quiz.owner)
    html = client.get(reverse("quiz_attempts", args=[quiz.pk])).content.decode()
    assert "Reopen" in html or "إعادة فتح" in html


def test_grades_download_as_excel_ready_csv_with_no_formula(client, make_quiz, make_user):
    quiz, (student,) = finished_attempts(make_quiz, make_user, 1)
    student.display_name = "=HYPERLINK(1)"
    student.save()
    Attempt.objects.update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(quiz.owner)
    body = client.get(reverse("quiz_grades_csv", args=[quiz.pk])).content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK(1)" in body
    assert ",finished," in body and "12.5" in body


def test_regrading_after_a_key_is_fixed_lists_each_changed_grade(client, make_quiz, make_user):
    from quizzes.bank.importing import record_version

    quiz, _ = finished_attempts(make_quiz, make_user, 2)
    question = quiz.question_set.questions.get(key="founded")
    question.data = {**question.data, "answer": 2001}
    question.save()
    record_version(question)
    client.force_login(quiz.owner)
    html = client.post(reverse("quiz_regrade", args=[quiz.pk])).content.decode()
    assert html.count(question.prompt[:20]) == 2
    assert not AttemptQuestion.objects.filter(score=1.0).exists()


def test_the_regrade_page_says_first_what_would_change_and_writes_only_on_confirm(client, make_quiz, make_user):
    from quizzes.bank.importing import record_version

    quiz, _ = finished_attempts(make_quiz, make_user, 2)
    question = quiz.question_set.questions.get(key="founded")
    question.data = {**question.data, "answer": 2001}
    question.save()
    record_version(question)
    client.force_login(quiz.owner)
    page = client.get(reverse("quiz_regrade", args=[quiz.pk])).content.decode()
    # Each changed answer is named by the start of its prompt, never by the question's key.
    prompt = question.prompt[:20]
    assert page.count(prompt) == 2 and "founded" not in page and 'id="confirm-regrade"' in page
    assert AttemptQuestion.objects.filter(score=1.0).count() == 2  # nothing written yet
    assert (
        reverse("quiz_regrade", args=[quiz.pk]) in client.get(reverse("quiz_attempts", args=[quiz.pk])).content.decode()
    )
    done = client.post(reverse("quiz_regrade", args=[quiz.pk])).content.decode()
    assert done.count(prompt) == 2 and 'id="confirm-regrade"' not in done
    assert not AttemptQuestion.objects.filter(score=1.0).exists()
    again = client.get(reverse("quiz_regrade", args=[quiz.pk])).content.decode()
    assert 'id="confirm-regrade"' not in again


def test_an_instructor_reopens_a_finished_attempt_and_gives_extra_time(client, make_quiz, make_user):
    quiz, (student,) = finished_attempts(make_quiz, make_user, 1)
    quiz.time_limit = 10
    quiz.save()
    attempt = Attempt.objects.get()
    attempts.submit(attempt, timezone.now())
    client.force_login(quiz.owner)
    client.post(reverse("attempt_reopen", args=[attempt.pk]), {"minutes": "5"})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    deadline = attempt.deadline
    client.post(reverse("attempt_extra_time", args=[attempt.pk]), {"minutes": "10"})
    attempt.refresh_from_db()
    assert attempt.deadline == deadline + timedelta(minutes=10)


def test_the_attempt_page_and_saving_an_answer_read_in_bounded_queries(client, sitting, assert_max_queries):
    _, attempt = sitting
    client.get(reverse("attempt", args=[attempt.pk]), {"page": 2})  # the version is cached from here on
    with assert_max_queries(7):
        client.get(reverse("attempt", args=[attempt.pk]), {"page": 2})
    data = {"position": "2", **right_form(attempt.questions.get(position=2))}
    # One more than the page: the question's row is read again under the attempt's lock.
    with assert_max_queries(8):
        assert client.post(reverse("attempt_save", args=[attempt.pk]), data, headers=HTMX).status_code == 200


def test_all_questions_on_one_page_each_with_its_own_form(client, make_quiz, student):
    quiz = make_quiz(student, layout=Quiz.Layout.ALL)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    html = client.get(reverse("attempt", args=[attempt.pk])).content.decode()
    assert html.count("data-autosave") == 8
    assert len(set(re.findall(r'id="(response-\d+)"', html))) == 2  # the number and the short answer
    assert html.count("autofocus") <= 1  # one field takes the keyboard, not the last one drawn
    assert save(client, attempt, 8, None).status_code == 200


def test_a_co_instructor_sees_their_class_attempts_but_cannot_edit_the_quiz(client, make_quiz, make_user):
    quiz, (student,) = finished_attempts(make_quiz, make_user, 1)
    co = make_user("co-teacher", instructor=True)
    quiz.classes.get().instructors.add(co)
    client.force_login(co)
    assert client.get(reverse("quiz_attempts", args=[quiz.pk])).status_code == 200
    assert client.get(reverse("quiz_edit", args=[quiz.pk])).status_code == 404


def test_immediate_feedback_shows_the_right_answer_when_the_options_allow_it(client, make_quiz, student):
    quiz = make_quiz(student, feedback=Quiz.Feedback.IMMEDIATE)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    html = save(client, attempt, 1, {"response": "1999"}, check="1").content.decode()
    assert "2002" in html and 'id="quiz-nav"' in html
    page = client.get(reverse("attempt", args=[attempt.pk]), {"page": 1}).content.decode()
    assert "data-autosave" not in page  # checked once: no form to change it


def test_save_and_next_through_htmx_saves_and_sends_the_browser_on(client, sitting):
    _, attempt = sitting
    response = save(client, attempt, 1, {"response": ["2002"]}, go="2")
    assert response.headers["HX-Redirect"] == reverse("attempt", args=[attempt.pk]) + "?page=2"
    assert attempt.questions.get(position=1).score == 1.0


def test_an_autosave_older_than_the_one_stored_is_ignored(client, sitting):
    _, attempt = sitting
    assert save(client, attempt, 1, {"response": ["2002"]}, seq="7").status_code == 200
    assert save(client, attempt, 1, {"response": ["1999"]}, seq="6").status_code == 200
    row = attempt.questions.get(position=1)
    assert (row.response, row.saved_seq) == ("2002", 7)


@pytest.mark.parametrize("seq", ["abc", "-1", "0", "1234567", "1\x00"])
def test_a_malformed_save_number_is_refused_and_writes_nothing(client, sitting, seq):
    _, attempt = sitting
    assert save(client, attempt, 1, {"response": ["2002"]}, seq=seq).status_code == 400
    assert attempt.questions.get(position=1).saved_at is None


def test_flagging_after_the_deadline_sends_an_htmx_request_to_the_result(client, sitting):
    _, attempt = sitting
    with time_machine.travel(attempt.deadline + timedelta(minutes=1)):
        response = client.post(
            reverse("attempt_flag", args=[attempt.pk]), {"position": "1", "flagged": "1"}, headers=HTMX
        )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])
    assert not attempt.questions.get(position=1).flagged


def test_the_attempts_page_the_csv_and_the_result_give_marks_out_of_the_maximum_grade(client, make_user, make_quiz):
    from quizzes.models import QuizMark

    student = make_user("amal")
    quiz = make_quiz(student, max_grade=20)
    founded = quiz.question_set.questions.get(key="founded")
    QuizMark.objects.create(quiz=quiz, question=founded, mark=9)
    now = timezone.now()
    attempt = attempts.start(quiz, student, now)
    attempts.save_answer(attempt, attempt.questions.get(question=founded), {"response": ["2002"]}, now)
    attempts.submit(attempt, now)
    total = 9 + attempt.questions.count() - 1  # 16 marks: founded's 9 and 7 more
    client.force_login(quiz.owner)
    html = client.get(reverse("quiz_attempts", args=[quiz.pk])).content.decode()
    assert "<bdi>11.25 / 20</bdi>" in html
    body = client.get(reverse("quiz_grades_csv", args=[quiz.pk])).content.decode("utf-8")
    header, line = body.splitlines()[:2]
    assert header.endswith("marks,out of,quiz grade,maximum grade,marked by hand")
    assert line.endswith(f",56.2,56.2,9,{total:g},11.25,20,")
    client.force_login(student)
    html = client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()
    assert "<bdi>9 / 16</bdi>" in html and "<bdi>11.25 / 20</bdi>" in html
    assert "<bdi>9 / 9</bdi>" in html
