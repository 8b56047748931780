"""The study queue and the answer cycle: show, check, rate, undo, suspend, across days."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from quizzes import scheduling
from quizzes.bank import problems, writing
from quizzes.models import CardState, PendingAnswer, ProblemReport, Question, QuestionSet, Review
from quizzes.study import answering, cards, progress, undo
from quizzes.study import queue as study_queue
from tests.conftest import correct_form, form_for

pytestmark = pytest.mark.django_db
DAY1 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def answer(student, qset, now, form=None, rating=None):
    """Shows the next card, checks `form` and, if asked, rates it; returns the pending answer."""
    pending = cards.open_shown_card(student, qset)
    if pending is None:
        queue = study_queue.build_queue(student, qset, now)
        pending = cards.show_again(student, queue.question_id, now)
    pending = answering.check(student, pending.question_set, pending.token, form or {}, now + timedelta(seconds=5))
    if rating is not None:
        pending = answering.rate(
            student, QuestionSet.objects.get(slug="sample"), pending.token, rating, now + timedelta(seconds=6)
        )
    return pending


def test_new_cards_come_in_the_sets_order(student, sample_set):
    queue = study_queue.build_queue(student, sample_set, DAY1)
    assert queue.counts.new == 9 and queue.is_new
    assert queue.question_id == sample_set.questions.get(position=0).pk


def test_the_daily_new_card_limit_holds_until_the_rollover(student, sample_set):
    student.new_per_day = 2
    student.save()
    for question in sample_set.questions.filter(position__in=[0, 1]):
        pending = cards.show_again(student, question.pk, DAY1)
        answering.check(student, pending.question_set, pending.token, {"response": ["1999"]}, DAY1)
    queue = study_queue.build_queue(student, sample_set, DAY1 + timedelta(hours=1))
    assert queue.counts.new == 0
    # 9:00 UTC on day 1 to 4:00 UTC the next day is still the same study day.
    assert study_queue.build_queue(student, sample_set, DAY1 + timedelta(hours=18, minutes=59)).counts.new == 0
    assert study_queue.build_queue(student, sample_set, DAY1 + timedelta(hours=19, minutes=1)).counts.new == 2


def test_a_wrong_answer_is_rated_again_without_asking(student, sample_set):
    pending = answer(student, sample_set, DAY1, {"response": ["1999"]})
    assert pending.score == 0 and pending.rated_at is not None
    review = Review.objects.get()
    assert review.rating == scheduling.AGAIN and review.response == "1999"
    assert review.version == pending.version
    card = CardState.objects.get()
    assert card.state == scheduling.LEARNING and card.due == review.due_after


def test_a_partly_right_answer_is_rated_hard_without_asking(student, sample_set):
    members = sample_set.questions.get(key="members")
    pending = cards.show_again(student, members.pk, DAY1)
    pending = answering.check(
        student, pending.question_set, pending.token, form_for("multiple", members.data, pending.seed, ["ru"]), DAY1
    )
    assert pending.score == 0.5
    assert Review.objects.get().rating == scheduling.HARD


def test_a_right_answer_waits_for_the_students_rating(student, sample_set):
    pending = answer(student, sample_set, DAY1, {"response": ["٢٠٠٢"]})
    assert pending.score == 1 and pending.rated_at is None
    assert not Review.objects.exists()
    with pytest.raises(answering.RatingRefused):
        answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.AGAIN, DAY1)
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.EASY, DAY1)
    review = Review.objects.get()
    assert review.rating == scheduling.EASY
    assert review.scheduled_seconds == pending.outcomes["4"]["seconds"]


def test_easy_is_refused_after_a_wrong_answer(student, sample_set):
    pending = answer(student, sample_set, DAY1, {"response": ["1"]})
    # Already rated Again: a forged Easy changes nothing.
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.EASY, DAY1)
    assert list(Review.objects.values_list("rating", flat=True)) == [scheduling.AGAIN]


def test_the_interval_applied_is_the_one_the_button_showed(student, sample_set):
    first = answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.GOOD)
    later = DAY1 + timedelta(days=1)
    pending = cards.show_again(student, first.question_id, later)
    pending = answering.check(student, pending.question_set, pending.token, {"response": ["2002"]}, later)
    shown = pending.outcomes["3"]
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, later)
    card = CardState.objects.get(question_id=first.question_id)
    assert card.due.isoformat() == shown["card"]["due"]


def test_checking_twice_records_one_answer(student, sample_set):
    pending = cards.show_again(student, study_queue.build_queue(student, sample_set, DAY1).question_id, DAY1)
    answering.check(student, pending.question_set, pending.token, {"response": ["1"]}, DAY1)
    again = answering.check(student, pending.question_set, pending.token, {"response": ["2002"]}, DAY1)
    assert again.score == 0
    assert Review.objects.count() == 1


def test_rating_twice_records_one_review(student, sample_set):
    pending = answer(student, sample_set, DAY1, {"response": ["2002"]})
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, DAY1)
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, DAY1)
    assert Review.objects.count() == 1
    assert CardState.objects.get().reps == 1


def test_a_token_belongs_to_its_student(student, make_user, sample_set):
    pending = cards.show_again(student, sample_set.questions.first().pk, DAY1)
    other = make_user("other")
    with pytest.raises(PendingAnswer.DoesNotExist):
        answering.check(other, pending.question_set, pending.token, {}, DAY1)


def test_a_reload_shows_the_same_open_card(student, sample_set):
    pending = cards.show_again(student, study_queue.build_queue(student, sample_set, DAY1).question_id, DAY1)
    assert cards.open_shown_card(student, sample_set) == pending


def test_learning_cards_come_before_reviews_and_new_cards(student, sample_set):
    wrong = answer(student, sample_set, DAY1, {"response": ["1"]})  # learning, due in a minute
    assert study_queue.build_queue(student, sample_set, DAY1).is_new  # not due yet: new cards go first
    queue = study_queue.build_queue(student, sample_set, DAY1 + timedelta(minutes=2))
    assert queue.question_id == wrong.question_id and not queue.is_new
    assert queue.counts.learning == 1 and queue.counts.new == 8


def test_due_reviews_come_most_overdue_first(student, sample_set):
    questions = list(sample_set.questions.order_by("position")[:3])
    for days, question in zip((3, 10, 5), questions, strict=True):
        CardState.objects.create(
            student=student,
            question=question,
            state=2,
            stability=5,
            difficulty=5,
            due=DAY1 - timedelta(days=days),
            last_review=DAY1 - timedelta(days=days + 5),
            first_reviewed_at=DAY1 - timedelta(days=30),
        )
    queue = study_queue.build_queue(student, sample_set, DAY1)
    assert queue.question_id == questions[1].pk and queue.counts.review == 3


def test_the_daily_review_limit_caps_the_reviews_shown(student, sample_set):
    student.max_reviews_per_day = 2
    for question in sample_set.questions.all()[:4]:
        CardState.objects.create(
            student=student,
            question=question,
            state=2,
            stability=5,
            difficulty=5,
            due=DAY1 - timedelta(days=1),
            last_review=DAY1 - timedelta(days=6),
            first_reviewed_at=DAY1 - timedelta(days=6),
        )
    assert study_queue.build_queue(student, sample_set, DAY1).counts.review == 2


def test_when_nothing_is_due_the_queue_says_when_and_offers_to_study_ahead(student, sample_set):
    student.new_per_day = 1
    answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.EASY)
    queue = study_queue.build_queue(student, sample_set, DAY1 + timedelta(minutes=5))
    assert queue.question_id is None and queue.next_due > DAY1 + timedelta(days=1)
    ahead = study_queue.build_queue(student, sample_set, DAY1 + timedelta(minutes=5), ahead=True)
    assert ahead.question_id is not None and ahead.ahead_available


def test_studying_ahead_is_logged_as_such(student, sample_set):
    student.new_per_day = 1
    first = answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.EASY)
    later = DAY1 + timedelta(hours=1)
    pending = cards.show_again(student, first.question_id, later, kind="ahead")
    answering.check(student, pending.question_set, pending.token, {"response": ["2002"]}, later)
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, later)
    assert Review.objects.order_by("id").last().kind == Review.Kind.AHEAD


def test_undo_restores_the_card_and_marks_the_row_undone(student, sample_set):
    first = answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.GOOD)
    later = DAY1 + timedelta(days=2)
    with time_machine.travel(later):
        pending = cards.show_again(student, first.question_id, later)
        answering.check(student, pending.question_set, pending.token, {"response": ["1"]}, later)
    card_before = Review.objects.order_by("id").last()
    again = undo.undo_last(student, sample_set, later, since=later - timedelta(days=1))
    card = CardState.objects.get(question_id=first.question_id)
    assert card.state == card_before.state_before and card.due == card_before.due_before
    assert card.stability == card_before.stability_before and card.lapses == 0
    assert Review.objects.get(pk=card_before.pk).undone_at is not None
    assert Review.objects.count() == 2  # rows are never deleted
    assert again.question_id == first.question_id


def test_undoing_a_first_review_makes_the_card_new_again(student, sample_set):
    first = answer(student, sample_set, DAY1, {"response": ["1"]})
    undo.undo_last(student, sample_set, DAY1, since=DAY1 - timedelta(days=1))
    assert not CardState.objects.filter(question_id=first.question_id).exists()
    assert study_queue.build_queue(student, sample_set, DAY1).counts.new == 9


def test_undo_with_nothing_to_undo_returns_none(student, sample_set):
    assert undo.undo_last(student, sample_set, DAY1, since=DAY1 - timedelta(days=1)) is None


def test_a_suspended_card_leaves_study_until_restored(student, sample_set):
    question = sample_set.questions.get(position=0)
    cards.show_again(student, question.pk, DAY1)
    undo.suspend(student, cards.open_shown_card(student, sample_set), DAY1)
    queue = study_queue.build_queue(student, sample_set, DAY1)
    assert queue.question_id != question.pk and queue.counts.new == 8
    assert cards.open_shown_card(student, sample_set) is None
    undo.restore(student, question)
    assert study_queue.build_queue(student, sample_set, DAY1).question_id == question.pk


def test_a_retired_question_leaves_study(student, sample_set):
    Question.objects.filter(question_set=sample_set, position=0).update(retired_at=DAY1)
    assert study_queue.build_queue(student, sample_set, DAY1).counts.new == 8


def test_a_problem_report_is_kept_for_the_instructor(student, sample_set):
    question = sample_set.questions.first()
    problems.report_problem(student, question.pk, "unclear", "ما المقصود؟")
    assert ProblemReport.objects.get().question == question


def test_flashcards_offer_all_four_ratings(student, sample_set):
    card = sample_set.questions.get(type="flashcard")
    pending = cards.show_again(student, card.pk, DAY1)
    pending = answering.check(student, pending.question_set, pending.token, {}, DAY1)
    assert pending.score is None and pending.rated_at is None
    answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.HARD, DAY1)
    review = Review.objects.get()
    assert review.rating == scheduling.HARD and review.score == 0.5


def test_every_type_can_be_studied_to_a_correct_answer(student, sample_set):
    for question in sample_set.questions.exclude(type="flashcard"):
        pending = cards.show_again(student, question.pk, DAY1)
        pending = answering.check(student, pending.question_set, pending.token, correct_form(pending), DAY1)
        assert pending.score == 1, question.key


def test_the_summary_counts_the_session(student, sample_set):
    answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.GOOD)
    answer(student, sample_set, DAY1, {"response": ["z"]})
    summary = progress.summary(student, sample_set, DAY1 - timedelta(minutes=1), DAY1 + timedelta(minutes=1))
    assert summary.studied == 2 and summary.accuracy == 0.5
    assert summary.seconds == 10
    assert summary.next_due is not None


def test_a_month_of_daily_study_keeps_intervals_growing(student, sample_set):
    question = sample_set.questions.get(key="founded")
    now = DAY1
    intervals = []
    for _ in range(5):
        with time_machine.travel(now):
            pending = cards.show_again(student, question.pk, now)
            answering.check(student, pending.question_set, pending.token, {"response": ["2002"]}, now)
            answering.rate(student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, now)
        card = CardState.objects.get(question=question)
        intervals.append(card.due - now)
        now = card.due + timedelta(hours=1)
    assert intervals == sorted(intervals) and intervals[-1] > timedelta(days=5)


def test_each_set_keeps_its_own_open_card(student, sample_set):
    from quizzes.bank.importing import import_set, parse_bytes
    from tests.conftest import SAMPLE_YAML

    others = []
    for i in range(3):
        text = SAMPLE_YAML.replace("slug: sample", f"slug: other-{i}")
        import_set(parse_bytes(text.encode(), f"other-{i}.yaml"))
    mine = cards.show_again(student, sample_set.questions.get(key="founded").pk, DAY1)
    for qset in QuestionSet.objects.exclude(pk=sample_set.pk).order_by("slug"):
        others.append(cards.show_again(student, qset.questions.first().pk, DAY1 + timedelta(minutes=1)))
    assert cards.open_shown_card(student, sample_set) == mine
    assert cards.open_shown_card(student, QuestionSet.objects.get(slug="other-0")) == others[0]


def test_the_next_card_is_the_open_one_while_it_is_not_rated(student, sample_set):
    first, _ = cards.open_next(student, sample_set, DAY1)
    again, queue = cards.open_next(student, sample_set, DAY1 + timedelta(minutes=1))
    assert again == first and queue.counts.new == 9
    assert PendingAnswer.objects.count() == 1


def test_a_set_has_at_most_one_open_card_per_student(student, sample_set):
    from django.db import IntegrityError, transaction

    pending = cards.show_again(student, sample_set.questions.get(key="founded").pk, DAY1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingAnswer.objects.create(
            token=uuid.uuid4(),
            student=student,
            question=sample_set.questions.get(key="president"),
            question_set=sample_set,
            version=pending.version,
            shown_at=DAY1,
        )


def test_showing_a_card_closes_the_one_open_in_its_set(student, sample_set):
    first = cards.show_again(student, sample_set.questions.get(key="founded").pk, DAY1)
    second = cards.show_again(student, sample_set.questions.get(key="president").pk, DAY1)
    assert cards.open_shown_card(student, sample_set) == second
    assert not PendingAnswer.objects.filter(pk=first.pk).exists()


def test_an_open_card_whose_question_was_retired_gives_way_to_a_live_one(student, sample_set):
    first, _ = cards.open_next(student, sample_set, DAY1)
    writing.retire_question(Question.objects.get(pk=first.question_id))  # renews the cached study order
    sample_set.refresh_from_db()  # as the next request reads it
    pending, queue = cards.open_next(student, sample_set, DAY1)
    assert pending.question_id != first.question_id and queue.counts.new == 8
    assert not PendingAnswer.objects.filter(pk=first.pk).exists()


def test_a_card_cannot_be_rated_from_another_set(student, sample_set):
    pending = answer(student, sample_set, DAY1, {"response": ["2002"]})
    another = QuestionSet.objects.create(slug="another", title="Another", is_public=True)
    with pytest.raises(PendingAnswer.DoesNotExist):
        answering.rate(student, another, pending.token, scheduling.GOOD, DAY1)
    assert not Review.objects.exists()
    assert PendingAnswer.objects.get(pk=pending.pk).rated_at is None


def test_a_card_reviewed_between_check_and_rating_is_scheduled_from_its_state_then(student, sample_set):
    question = sample_set.questions.get(key="founded")
    answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.GOOD)
    later = CardState.objects.get(question=question).due + timedelta(hours=1)
    pending = cards.show_again(student, question.pk, later)
    answering.check(student, pending.question_set, pending.token, {"response": ["2002"]}, later)
    # Another review of the card lands before this rating (a quiz, say).
    moved = later + timedelta(minutes=1)
    CardState.objects.filter(question=question).update(last_review=moved, stability=42.0)
    answering.rate(
        student, QuestionSet.objects.get(slug="sample"), pending.token, scheduling.GOOD, later + timedelta(minutes=2)
    )
    review = Review.objects.latest("id")
    assert review.last_review_before == moved and review.stability_before == 42.0
    assert CardState.objects.get(question=question).reps == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_open_card_is_shown_again(student, sample_set):
    # As in a request: the refused insert of a second open card needs no savepoint there.
    first, _ = cards.open_next(student, sample_set, DAY1)
    again, _ = cards.open_next(student, sample_set, DAY1 + timedelta(minutes=1))
    assert again == first and PendingAnswer.objects.count() == 1


def test_a_new_card_answered_elsewhere_after_it_was_shown_is_scheduled_from_that_answer(student, sample_set):
    question = sample_set.questions.get(key="founded")
    shown = cards.show_again(student, question.pk, DAY1)
    assert shown.card_id is None  # new when shown
    quiz = cards.show_again(student, question.pk, DAY1, kind="quiz")
    answering.check(student, quiz.question_set, quiz.token, {"response": ["2002"]}, DAY1)
    answering.rate(student, QuestionSet.objects.get(slug="sample"), quiz.token, scheduling.GOOD, DAY1)
    answering.check(student, shown.question_set, shown.token, {"response": ["2002"]}, DAY1 + timedelta(minutes=1))
    answering.rate(
        student, QuestionSet.objects.get(slug="sample"), shown.token, scheduling.GOOD, DAY1 + timedelta(minutes=1)
    )
    first, second = Review.objects.order_by("id")
    assert first.state_before is None and second.state_before == first.state_after
    assert CardState.objects.get(question=question).reps == 2


def test_pruning_deletes_old_shown_cards_and_keeps_reviews(student, sample_set):
    from django.core.management import call_command

    old = answer(student, sample_set, DAY1, {"response": ["2002"]}, rating=scheduling.GOOD)
    recent = cards.show_again(student, sample_set.questions.get(key="capital").pk, DAY1 + timedelta(days=40))
    with time_machine.travel(DAY1 + timedelta(days=41)):
        call_command("prune_answers", days=30)
    assert list(PendingAnswer.objects.all()) == [recent]
    assert not PendingAnswer.objects.filter(pk=old.pk).exists()
    assert Review.objects.count() == 1


def test_pruning_refuses_a_days_value_below_one():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_answers", days=0)


def test_resetting_progress_makes_the_card_new_and_a_waiting_rating_still_counts(student, sample_set):
    from quizzes.models import DayTally, QuestionTally
    from quizzes.study import recording

    question = sample_set.questions.get(key="founded")
    shown = cards.show_again(student, question.pk, DAY1)
    shown = answering.check(student, sample_set, shown.token, correct_form(shown), DAY1)
    answering.rate(student, sample_set, shown.token, scheduling.GOOD, DAY1)
    later = DAY1 + timedelta(days=3)
    shown = cards.show_again(student, question.pk, later)
    shown = answering.check(student, sample_set, shown.token, correct_form(shown), later)
    assert recording.reset_progress(question.pk) == 1
    assert not CardState.objects.filter(question=question).exists()
    # The answer checked before the reset is rated as the first answer of a new card.
    answering.rate(student, sample_set, shown.token, scheduling.GOOD, later)
    card = CardState.objects.get(student=student, question=question)
    assert card.reps == 1 and card.first_reviewed_at == later
    assert Review.objects.filter(student=student, question=question).count() == 2
    assert QuestionTally.objects.get(student=student, question=question).answers == 2
    assert sum(DayTally.objects.filter(student=student).values_list("reviews", flat=True)) == 2
