"""A schedule fitted to the student: used only when it beats the defaults on the student's latest
reviews, held out of the fit; only from enough reviews; for that student's next reviews only; and
given up in one call."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from quizzes import scheduling
from quizzes.models import CardState, FitRequest, FittedSchedule, PendingAnswer, Review, User
from quizzes.study import answering, cards
from quizzes.study import schedule as fitted_schedule

from . import review_histories

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DEFAULTS = list(scheduling.scheduler().parameters)
# A student whose first Good gives a card 10 days' stability (the defaults give 2.3065), and whose
# recalled reviews grow it faster (w8, 3.0 against 1.8722).
SLOW_START = [*DEFAULTS[:2], 10.0, *DEFAULTS[3:8], 3.0, *DEFAULTS[9:]]


def test_fsrs_items_are_prefixes_ending_after_a_gap_of_a_day_or_more():
    history = [(3, NOW), (3, NOW + timedelta(hours=1)), (1, NOW + timedelta(days=2)), (3, NOW + timedelta(days=5))]
    items = fitted_schedule.fsrs_items([history, [(3, NOW), (3, NOW + timedelta(minutes=5))]])
    assert [len(i.reviews) for i in items] == [3, 4]


def test_held_out_items_end_in_the_latest_reviews_and_carry_the_cards_earlier_ones():
    history = [(3, NOW), (3, NOW + timedelta(days=2)), (1, NOW + timedelta(days=5)), (3, NOW + timedelta(days=9))]
    since = NOW + timedelta(days=5)
    assert [len(i.reviews) for i in fitted_schedule.fsrs_items([history], before=since)] == [2]
    assert [len(i.reviews) for i in fitted_schedule.fsrs_items([history], since=since)] == [3, 4]


def test_the_latest_fifth_of_the_reviews_is_held_out():
    history = [(3, NOW + timedelta(days=d)) for d in range(10)]
    assert fitted_schedule.held_out_since([history]) == NOW + timedelta(days=8)


def test_a_fit_that_predicts_the_held_out_reviews_better_is_chosen():
    fit = fitted_schedule.fit(review_histories.forgetful())
    assert fit.log_loss_after < fit.log_loss_before and fit.rmse_after < fit.rmse_before
    assert fit.held_out > 0 and fit.items > fit.held_out
    assert fit.better


def test_a_fit_that_predicts_the_held_out_reviews_worse_is_not_chosen():
    # The fit learns the months of forgetting; the held-out reviews were all recalled.
    fit = fitted_schedule.fit(review_histories.changed())
    assert fit.log_loss_after > fit.log_loss_before
    assert not fit.better


def test_a_win_too_small_to_show_is_no_win():
    fit = fitted_schedule.Fit([], 0.5, 0.4995, 0.2, 0.1, 10, 5)
    assert not fit.better
    assert fitted_schedule.Fit([], 0.5, 0.45, 0.2, 0.2001, 10, 5).better is False
    assert fitted_schedule.Fit([], 0.5, 0.45, 0.2, 0.2, 10, 5).better is True


def test_a_log_with_nothing_to_hold_out_or_learn_from_is_no_fit():
    assert fitted_schedule.fit([[(3, NOW)]]) is None
    assert fitted_schedule.fit([]) is None


def test_a_log_fsrs_rs_cannot_fit_is_no_fit_not_a_crash(monkeypatch):
    import fsrs_rs_python as rs

    original = rs.FSRS.compute_parameters
    refused = [rs.FSRSItem([rs.FSRSReview(3, 0)] * 2)] * 3

    def panic(self, items):
        # What compute_parameters does with items it refuses: a pyo3 panic, not an Exception.
        original(self, refused)

    monkeypatch.setattr(rs.FSRS, "compute_parameters", panic, raising=False)
    assert fitted_schedule.fit(review_histories.forgetful(cards=10)) is None


def test_fitted_parameters_are_clamped_into_fsrs_bounds():
    values = list(scheduling.scheduler().parameters)
    values[20] = 0.800000011920929  # float32's 0.8, above fsrs's bound of 0.8
    assert scheduling.fitted_parameters(values)[20] == 0.8
    with pytest.raises(ValueError):
        scheduling.fitted_parameters(values[:19])


@pytest.mark.django_db
def test_a_student_whose_fit_wins_gets_it_with_the_figures_kept(student):
    review_histories.write(student, review_histories.forgetful())
    schedule = fitted_schedule.fit_schedule(student, NOW)
    student.refresh_from_db()
    assert schedule.better and student.fsrs_parameters == schedule.parameters
    assert schedule.log_loss_after < schedule.log_loss_before and schedule.rmse_after < schedule.rmse_before
    assert schedule.held_out > 0 and schedule.reviews == Review.objects.filter(student=student).count()


@pytest.mark.django_db
def test_a_student_whose_fit_loses_keeps_the_defaults(student):
    review_histories.write(student, review_histories.changed())
    student.fsrs_parameters = SLOW_START  # an earlier fit that won then
    student.save()
    schedule = fitted_schedule.fit_schedule(student, NOW)
    student.refresh_from_db()
    assert not schedule.better and schedule.log_loss_after > schedule.log_loss_before
    assert student.fsrs_parameters is None


@pytest.mark.django_db
def test_fewer_reviews_than_the_minimum_are_not_fitted(student):
    review_histories.write(student, review_histories.forgetful())
    extra = Review.objects.filter(student=student).count() - fitted_schedule.FIT_MIN_REVIEWS + 1
    Review.objects.filter(pk__in=Review.objects.filter(student=student).values("pk")[:extra]).update(undone_at=NOW)
    with pytest.raises(fitted_schedule.NotEnoughReviews):
        fitted_schedule.request_fit(student, NOW)
    with pytest.raises(fitted_schedule.NotEnoughReviews):
        fitted_schedule.fit_schedule(student, NOW)
    student.refresh_from_db()
    assert not FitRequest.objects.exists() and not FittedSchedule.objects.exists()
    assert student.fsrs_parameters is None
    one = Review.objects.filter(student=student, undone_at=NOW).first()
    Review.objects.filter(pk=one.pk).update(undone_at=None)  # exactly the minimum now
    assert fitted_schedule.request_fit(student, NOW)


@pytest.mark.django_db
def test_the_fit_reads_only_the_latest_reviews(student):
    review_histories.write(student, review_histories.forgetful(cards=10))
    latest = list(Review.objects.filter(student=student).order_by("-reviewed_at", "-id")[:50])
    read = fitted_schedule.histories(student, limit=50)
    assert sum(len(h) for h in read) == 50
    assert min(at for h in read for _r, at in h) == latest[-1].reviewed_at


@pytest.mark.django_db
def test_going_back_to_the_defaults_is_one_call_and_may_be_repeated(student):
    review_histories.write(student, review_histories.forgetful())
    fitted_schedule.fit_schedule(student, NOW)
    fitted_schedule.use_defaults(student)
    fitted_schedule.use_defaults(student)
    student.refresh_from_db()
    assert student.fsrs_parameters is None
    assert FittedSchedule.objects.get(student=student).better  # the fit stays on record
    FitRequest.objects.create(student=student, state=FitRequest.State.DONE, requested_at=NOW)
    assert fitted_schedule.request_fit(student, NOW + timedelta(minutes=1))  # and may be done again


def _checked(student, qset, now):
    question = qset.questions.get(key="founded")
    shown = cards.show_again(student, question.pk, now)
    answering.check(student, qset, shown.token, {"response": ["2002"]}, now)
    return shown.token, question


@pytest.mark.django_db
def test_outcomes_use_the_fitted_parameters_of_that_student_only(student, make_user, sample_set):
    other = make_user("other")
    User.objects.filter(pk=student.pk).update(fsrs_parameters=SLOW_START)
    student.refresh_from_db()
    now = timezone.now()
    mine, question = _checked(student, sample_set, now)
    theirs, _ = _checked(other, sample_set, now)
    good = str(scheduling.GOOD)
    stored = PendingAnswer.objects.get(token=mine).outcomes[good]["card"]
    assert stored["stability"] == pytest.approx(10.0)
    assert PendingAnswer.objects.get(token=theirs).outcomes[good]["card"]["stability"] == pytest.approx(2.3065)
    answering.rate(student, sample_set, mine, scheduling.GOOD, now)
    answering.rate(other, sample_set, theirs, scheduling.GOOD, now)
    assert CardState.objects.get(student=student, question=question).stability == pytest.approx(10.0)
    assert CardState.objects.get(student=other, question=question).stability == pytest.approx(2.3065)


@pytest.mark.django_db
def test_a_card_moved_in_another_tab_is_scheduled_with_the_fitted_parameters(student, sample_set):
    User.objects.filter(pk=student.pk).update(fsrs_parameters=SLOW_START)
    student.refresh_from_db()
    now = timezone.now()
    token, question = _checked(student, sample_set, now)
    # The card was reviewed in between: rating reschedules from its state now, with the fit.
    earlier = now - timedelta(days=3)
    CardState.objects.create(
        student=student, question=question, state=scheduling.REVIEW, stability=1.0, difficulty=5.0,
        due=now, last_review=earlier, reps=1,
    )  # fmt: skip
    answering.rate(student, sample_set, token, scheduling.GOOD, now)
    card = CardState.objects.get(student=student, question=question)
    moved = {"state": scheduling.REVIEW, "step": None, "stability": 1.0, "difficulty": 5.0, "due": now}
    moved["last_review"] = earlier
    good = str(scheduling.GOOD)
    fitted = scheduling.outcomes(moved, now, student.desired_retention, SLOW_START)[good]["card"]["stability"]
    default = scheduling.outcomes(moved, now, student.desired_retention)[good]["card"]["stability"]
    assert card.stability == pytest.approx(fitted) and fitted > default * 1.5


@pytest.mark.django_db
def test_a_fit_leaves_existing_due_dates_as_they_are(student, sample_set):
    now = timezone.now()
    token, question = _checked(student, sample_set, now)
    answering.rate(student, sample_set, token, scheduling.GOOD, now)
    before = CardState.objects.values().get(student=student, question=question)
    review_histories.write(student, review_histories.forgetful())
    fitted_schedule.fit_schedule(student, now)
    student.refresh_from_db()
    assert student.fsrs_parameters is not None
    assert CardState.objects.values().get(student=student, question=question) == before
