"""Two tabs, a double click or a resent request never lose or double a review (PostgreSQL).

SQLite serialises every write to the whole file, so these races only exist on a server database;
the CI run on PostgreSQL is where they are proved.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from quizzes import scheduling
from quizzes.models import CardState, QuestionSet, Review
from quizzes.study import answering, cards, undo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there"),
]
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def at_once(*calls):
    """Runs the calls in threads released together; returns their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test asserts on what was raised
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def checked(student, question, form, now):
    pending = cards.show_again(student, question.pk, now)
    return answering.check(student, pending.question_set, pending.token, form, now + timedelta(seconds=3))


def test_a_double_submitted_rating_records_one_review(student, sample_set):
    question = sample_set.questions.get(key="founded")
    pending = checked(student, question, {"response": ["2002"]}, NOW)
    later = NOW + timedelta(seconds=5)
    results = at_once(
        *[
            lambda: answering.rate(
                student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, later
            )
        ]
        * 2
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Review.objects.filter(student=student).count() == 1
    assert CardState.objects.get(student=student, question=question).reps == 1


def test_a_double_submitted_check_records_one_answer(student, sample_set):
    question = sample_set.questions.get(key="founded")
    pending = cards.show_again(student, question.pk, NOW)
    results = at_once(
        *[lambda: answering.check(student, pending.question_set, pending.token, {"response": ["1999"]}, NOW)] * 2
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Review.objects.filter(student=student).count() == 1


def test_two_answers_to_the_same_new_card_at_once_keep_both_reviews(student, sample_set):
    question = sample_set.questions.get(key="founded")
    # A student studies one card of a set at a time; a quiz answer of the same card is the
    # other way to answer it twice at once.
    first = checked(student, question, {"response": ["2002"]}, NOW)
    second = cards.show_again(student, question.pk, NOW, kind="quiz")
    second = answering.check(student, second.question_set, second.token, {"response": ["2002"]}, NOW)
    later = NOW + timedelta(seconds=5)
    results = at_once(
        lambda: answering.rate(student, QuestionSet.objects.get(slug="sample"), first.token, scheduling.GOOD, later),
        lambda: answering.rate(student, QuestionSet.objects.get(slug="sample"), second.token, scheduling.GOOD, later),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Review.objects.filter(student=student, question=question).count() == 2
    card = CardState.objects.get(student=student, question=question)
    assert card.reps == 2
    # The second review was scheduled from the state the first left, not from a blank card.
    reviews = list(Review.objects.filter(question=question).order_by("id"))
    assert reviews[0].state_before is None
    assert reviews[1].state_before is not None


def test_two_answers_to_the_same_reviewed_card_at_once_keep_both_reviews(student, sample_set):
    question = sample_set.questions.get(key="founded")
    first = checked(student, question, {"response": ["2002"]}, NOW)
    answering.rate(student, QuestionSet.objects.get(slug="sample"), first.token, scheduling.GOOD, NOW)
    later = NOW + timedelta(days=30)
    tab = checked(student, question, {"response": ["2002"]}, later)
    quiz = cards.show_again(student, question.pk, later, kind="quiz")
    quiz = answering.check(student, quiz.question_set, quiz.token, {"response": ["2002"]}, later)
    results = at_once(
        lambda: answering.rate(student, QuestionSet.objects.get(slug="sample"), tab.token, scheduling.GOOD, later),
        lambda: answering.rate(student, QuestionSet.objects.get(slug="sample"), quiz.token, scheduling.EASY, later),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    reviews = list(Review.objects.filter(question=question).order_by("id"))
    assert len(reviews) == 3 and CardState.objects.get(question=question).reps == 3
    # Whichever came second started from the state the first one left.
    assert reviews[1].last_review_before < NOW + timedelta(days=1) < reviews[2].last_review_before
    assert reviews[2].stability_before == reviews[1].stability_after


def test_two_tabs_opening_the_next_card_at_once_show_the_same_card(student, sample_set):
    results = at_once(*[lambda: cards.open_next(student, sample_set, NOW)[0]] * 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].token == results[1].token


def test_two_tabs_answering_different_cards_of_one_set_keep_both(student, sample_set):
    one = sample_set.questions.get(key="founded")
    two = sample_set.questions.get(key="president")
    a = checked(student, one, {"response": ["2002"]}, NOW)  # right: waits for its rating
    assert a.rated_at is None
    b = cards.show_again(student, two.pk, NOW, kind="quiz")
    results = at_once(
        lambda: answering.rate(
            student, QuestionSet.objects.get(slug="sample"), a.token, scheduling.GOOD, NOW + timedelta(seconds=4)
        ),
        lambda: answering.check(student, b.question_set, b.token, {"response": ["بوتين"]}, NOW + timedelta(seconds=4)),
    )
    assert Review.objects.filter(student=student).count() == 2, results
    assert CardState.objects.filter(student=student, last_review__isnull=False).count() == 2


def live_reviews_chain(student):
    """Every card's live reviews follow one another, and the card is where the last one left it."""
    for card in CardState.objects.filter(student=student):
        live = list(
            Review.objects.filter(student=student, question=card.question, undone_at__isnull=True).order_by(
                "reviewed_at", "id"
            )
        )
        previous = None
        for review in live:
            if previous is None:
                assert review.state_before is None, (card, review)
            else:
                assert (review.due_before, review.stability_before) == (previous.due_after, previous.stability_after)
            previous = review
        if live:
            assert (card.due, card.stability, card.state) == (
                live[-1].due_after,
                live[-1].stability_after,
                live[-1].state_after,
            )
        else:
            assert card.last_review is None


def test_rating_and_undo_at_the_same_moment_leave_the_log_and_the_card_in_step(student, sample_set):
    qset = QuestionSet.objects.get(slug="sample")
    since = NOW - timedelta(hours=1)
    moment = NOW
    for _round in range(8):
        shown, _queue = cards.open_next(student, qset, moment)
        if shown is None:
            break
        form = {"response": ["2002"]} if shown.question.key == "founded" else {}
        answering.check(student, qset, shown.token, form, moment)
        shown.refresh_from_db()
        later = moment + timedelta(seconds=2)
        results = at_once(
            lambda shown=shown, later=later: (
                answering.rate(student, qset, shown.token, scheduling.GOOD, later) if shown.rated_at is None else None
            ),
            lambda later=later: undo.undo_last(student, qset, later, since=since),
        )
        errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, undo.UndoRefused)]
        assert not errors, errors
        live_reviews_chain(student)
        moment += timedelta(minutes=1)
    # Both sides won some rounds: the race was run, not avoided.
    assert Review.objects.filter(student=student, undone_at__isnull=False).exists()
    assert Review.objects.filter(student=student, undone_at__isnull=True).exists()
