""" "I was right": after a wrong typed answer a student may count it as Good, once, in study only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import scheduling
from quizzes.bank.problems import overrides_for_set
from quizzes.models import CardState, PendingAnswer, Review
from quizzes.study import answering, cards
from quizzes.study.answering import OverrideRefused

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def wrong_typed(student, sample_set, key="president", response="نزارباييف", kind="study"):
    shown = cards.show_again(student, sample_set.questions.get(key=key).pk, timezone.now(), kind=kind)
    return answering.check(student, sample_set, shown.token, {"response": [response]}, timezone.now())


def test_a_wrong_typed_answer_offers_i_was_right(client, student, sample_set):
    shown = wrong_typed(student, sample_set)
    client.force_login(student)
    html = client.get(reverse("study", args=["sample"]), {"result": shown.token}).content.decode()
    assert reverse("study_override", args=["sample"]) in html


def test_i_was_right_undoes_the_automatic_review_and_records_good(client, student, sample_set):
    shown = wrong_typed(student, sample_set)
    automatic = Review.objects.get()
    assert automatic.rating == scheduling.AGAIN
    client.force_login(student)
    for _ in range(2):  # a double click records one override
        response = client.post(reverse("study_override", args=["sample"]), {"token": shown.token}, headers=HTMX)
        assert response.status_code == 200
    automatic.refresh_from_db()
    assert automatic.undone_at is not None
    good = Review.objects.get(undone_at__isnull=True)
    assert good.rating == scheduling.GOOD and good.score == 1.0 and good.overridden_score == 0.0
    card = CardState.objects.get(student=student)
    stored = scheduling.stored_card(PendingAnswer.objects.get(pk=shown.pk).outcomes[str(scheduling.GOOD)])
    assert card.due == stored["due"] and card.stability == stored["stability"]
    assert reverse("study_override", args=["sample"]) not in response.content.decode()


def test_i_was_right_is_not_offered_for_a_chosen_answer(student, sample_set):
    shown = cards.show_again(student, sample_set.questions.get(key="capital").pk, timezone.now())
    shown = answering.check(student, sample_set, shown.token, {"response": ["nothing"]}, timezone.now())
    assert not answering.may_override(shown, answering.grade(shown))
    with pytest.raises(OverrideRefused):
        answering.override(student, sample_set, shown.token, timezone.now())
    assert Review.objects.get().undone_at is None


def test_i_was_right_is_never_offered_in_a_quiz(student, sample_set):
    shown = wrong_typed(student, sample_set, kind="quiz")
    with pytest.raises(OverrideRefused):
        answering.override(student, sample_set, shown.token, timezone.now())


def test_i_was_right_comes_too_late_once_the_card_was_answered_again(student, sample_set):
    shown = wrong_typed(student, sample_set)
    later = timezone.now() + timedelta(minutes=2)
    again = cards.show_again(student, shown.question_id, later)
    answering.check(student, sample_set, again.token, {"response": ["توكايف"]}, later)
    answering.rate(student, sample_set, again.token, scheduling.GOOD, later)
    with pytest.raises(OverrideRefused):
        answering.override(student, sample_set, shown.token, later + timedelta(seconds=1))
    assert Review.objects.filter(overridden_score__isnull=False).count() == 0
    assert Review.objects.filter(undone_at__isnull=False).count() == 0


def test_the_sets_instructor_reads_the_overrides_beside_problem_reports(client, student, sample_set):
    shown = wrong_typed(student, sample_set)
    answering.override(student, sample_set, shown.token, timezone.now())
    rows = overrides_for_set(sample_set)
    assert [row.response for row in rows] == ["نزارباييف"]
    client.force_login(sample_set.owner)
    html = client.get(reverse("set_problems", args=["sample"])).content.decode()
    assert "نزارباييف" in html and 'id="overrides"' in html
