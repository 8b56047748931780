"""Requests that cannot hurt: every card action refuses a bad token or a foreign card before it
writes, and a closed card or a checked answer in another tab gets a message, not an error."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import CardState, PendingAnswer, ProblemReport, QuestionSet, Review
from quizzes.study import cards
from tests.conftest import correct_form

pytestmark = pytest.mark.django_db

ACTIONS = ("study_check", "study_dont_know", "study_rate", "study_override", "study_suspend", "study_report")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def studying(client, student, sample_set):
    client.force_login(student)
    return client


def open_card(client, htmx=False):
    client.get(reverse("study", args=["sample"]), headers=HTMX if htmx else {})
    return PendingAnswer.objects.filter(rated_at__isnull=True).latest("shown_at")


def snapshot():
    return (
        PendingAnswer.objects.filter(checked_at__isnull=False).count(),
        PendingAnswer.objects.filter(rated_at__isnull=False).count(),
        Review.objects.count(),
        CardState.objects.count(),
        ProblemReport.objects.count(),
    )


def form_for(name, token):
    return {"token": token, "response": "2002", "rating": "3", "reason": "unclear", "comment": ""}


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("token", ["not-a-uuid", "", "0" * 500, ["a", "b"], None])
def test_a_malformed_token_is_refused_with_400_and_writes_nothing(studying, name, token):
    shown = open_card(studying)
    before = snapshot()
    data = form_for(name, token)
    if token is None:
        del data["token"]
    if isinstance(token, list):
        data["token"] = [str(shown.token), str(shown.token)]  # sent twice: refused, not guessed
    response = studying.post(reverse(name, args=["sample"]), data)
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("name", ACTIONS)
def test_a_token_of_another_set_is_not_found_and_writes_nothing(studying, student, sample_set, name):
    other = QuestionSet.objects.create(slug="other", title="أخرى", is_public=True)
    shown = open_card(studying)
    before = snapshot()
    response = studying.post(reverse(name, args=[other.slug]), form_for(name, shown.token))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", ACTIONS)
def test_a_set_the_student_no_longer_sees_is_not_found(studying, sample_set, name):
    shown = open_card(studying)
    sample_set.is_public = False
    sample_set.save()
    before = snapshot()
    response = studying.post(reverse(name, args=["sample"]), form_for(name, shown.token))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", ACTIONS)
def test_another_students_token_is_not_found(client, studying, make_user, name):
    shown = open_card(studying)
    client.force_login(make_user("intruder"))
    before = snapshot()
    assert client.post(reverse(name, args=["sample"]), form_for(name, shown.token)).status_code == 404
    assert snapshot() == before


def test_a_nul_byte_in_a_typed_answer_is_refused(studying):
    shown = open_card(studying)
    response = studying.post(reverse("study_check", args=["sample"]), {"token": shown.token, "response": "20\x0002"})
    assert response.status_code == 400
    assert PendingAnswer.objects.get(pk=shown.pk).checked_at is None


def test_a_nul_byte_in_a_report_comment_is_refused(studying):
    shown = open_card(studying)
    data = {"token": shown.token, "reason": "other", "comment": "x\x00"}
    assert studying.post(reverse("study_report", args=["sample"]), data).status_code == 400
    assert not ProblemReport.objects.exists()


def test_a_huge_username_at_login_is_a_form_error(client, student):
    response = client.post(reverse("login"), {"username": "a" * 1_000_000, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # Refused by the form itself, before authentication logs the attempt in a 255-character column.
    assert "username" in response.context["form"].errors


def test_a_rating_for_a_card_no_longer_open_says_so_and_shows_the_next(studying):
    shown = open_card(studying, htmx=True)
    studying.post(reverse("study_check", args=["sample"]), {"token": shown.token, "response": "2002"})
    PendingAnswer.objects.filter(pk=shown.pk).delete()  # closed meanwhile (set aside in another tab)
    response = studying.post(
        reverse("study_rate", args=["sample"]), {"token": shown.token, "rating": "3"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "لم تعد تلك البطاقة مفتوحة" in html or "no longer open" in html
    assert 'id="card"' in html and not Review.objects.exists()


def test_i_dont_know_shows_the_answer_and_records_again(studying):
    shown = open_card(studying)
    response = studying.post(reverse("study_dont_know", args=["sample"]), {"token": shown.token}, headers=HTMX)
    assert response.status_code == 200
    review = Review.objects.get()
    assert review.rating == 1 and review.score == 0 and review.response is None
    html = response.content.decode()
    assert "2002" in html  # the right answer is shown
    assert 'data-rating="' not in html  # nothing left to rate: Again is recorded


def test_i_dont_know_is_refused_for_a_flashcard(studying, student, sample_set):
    flashcard = sample_set.questions.get(type="flashcard")
    shown = cards.show_again(student, flashcard.pk, timezone.now())
    assert studying.post(reverse("study_dont_know", args=["sample"]), {"token": shown.token}).status_code == 400
    assert not Review.objects.exists()


def test_an_automatic_rating_says_what_was_recorded_and_when_the_card_returns(studying):
    shown = open_card(studying)
    response = studying.post(
        reverse("study_check", args=["sample"]), {"token": shown.token, "response": "1990"}, headers=HTMX
    )
    html = response.content.decode()
    assert 'class="recorded"' in html
    assert "دقيقة" in html or "min" in html


def test_undo_refuses_to_discard_a_checked_answer_waiting_for_its_rating(studying):
    first = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": first.token, "response": "1990"})  # Again
    second = open_card(studying)
    right = correct_form(second)
    studying.post(reverse("study_check", args=["sample"]), {"token": second.token, **right})
    response = studying.post(reverse("study_undo", args=["sample"]), headers=HTMX)
    assert response.status_code == 200
    assert PendingAnswer.objects.get(pk=second.pk).checked_at is not None  # still there to be rated
    assert Review.objects.get().undone_at is None


def test_undo_goes_back_no_further_than_the_session(studying, sample_set):
    shown = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": shown.token, "response": "1990"})
    studying.post(reverse("study_restart", args=["sample"]))  # a new session starts after that rating
    response = studying.post(reverse("study_undo", args=["sample"]), headers=HTMX)
    assert response.status_code == 200
    assert Review.objects.get().undone_at is None


def test_a_response_that_cannot_be_graded_is_refused_and_recorded_nowhere(studying):
    shown = open_card(studying)  # a number question
    response = studying.post(
        reverse("study_check", args=["sample"]), {"token": shown.token, "response": "لا أعرف"}, headers=HTMX
    )
    assert response.status_code == 422
    assert PendingAnswer.objects.get(pk=shown.pk).checked_at is None
    assert not Review.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_an_answer_to_a_question_edited_meanwhile_is_graded_on_what_was_shown_and_says_so(studying, sample_set):
    from quizzes.bank import writing
    from quizzes.bank.importing import stored_question

    shown = open_card(studying)  # "founded": in which year, 2002
    raw = stored_question(shown.question)
    raw["answer"] = 1999
    writing.save_question(sample_set, raw, author=sample_set.owner)
    response = studying.post(
        reverse("study_check", args=["sample"]), {"token": shown.token, "response": "2002"}, headers=HTMX
    )
    html = response.content.decode()
    assert PendingAnswer.objects.get(pk=shown.pk).score == 1.0  # the key it was shown with
    assert "عُدّل هذا السؤال" in html
