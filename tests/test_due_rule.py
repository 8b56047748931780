"""One due rule: the dashboard promises exactly the cards the study page will show."""

from datetime import UTC, datetime, timedelta

import pytest

from quizzes import scheduling
from quizzes.bank.sets import visible_sets
from quizzes.models import CardState
from quizzes.study.progress import progress_by_set
from quizzes.study.queue import build_queue

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # the study day runs to 04:00 UTC tomorrow

STATES = {
    "learning due now": (scheduling.LEARNING, timedelta(minutes=-5)),
    "learning within the learn-ahead window": (scheduling.LEARNING, timedelta(minutes=15)),
    "learning later today": (scheduling.LEARNING, timedelta(hours=2)),
    "relearning due now": (scheduling.RELEARNING, timedelta(minutes=-1)),
    "review overdue": (scheduling.REVIEW, timedelta(days=-3)),
    "review due tonight before the rollover": (scheduling.REVIEW, timedelta(hours=18)),
    "review due after the rollover": (scheduling.REVIEW, timedelta(hours=20)),
}


def card(student, question, state, due_in, **extra):
    return CardState.objects.create(
        student=student,
        question=question,
        state=state,
        step=0 if state != scheduling.REVIEW else None,
        stability=3.0,
        difficulty=5.0,
        due=NOW + due_in,
        last_review=NOW - timedelta(days=4),
        first_reviewed_at=NOW - timedelta(days=4),
        reps=2,
        **extra,
    )


def agree(student, qset):
    dashboard = progress_by_set(student, [s for s in visible_sets(student) if s.pk == qset.pk], NOW)[qset.pk]
    queue = build_queue(student, qset, NOW).counts
    assert dashboard.due_now == queue.learning + queue.review
    assert dashboard.new_left_today == queue.new
    return dashboard, queue


@pytest.mark.parametrize("name", STATES)
def test_the_dashboard_and_the_study_page_agree_on_every_state(student, sample_set, name):
    state, due_in = STATES[name]
    card(student, sample_set.questions.get(key="founded"), state, due_in)
    dashboard, queue = agree(student, sample_set)
    due = scheduling.is_due(state, NOW + due_in, NOW, scheduling.next_rollover(NOW, student.time_zone))
    assert dashboard.due_now == int(due)


def test_a_suspended_card_is_due_nowhere(student, sample_set):
    card(student, sample_set.questions.get(key="founded"), scheduling.REVIEW, timedelta(days=-1), suspended_at=NOW)
    dashboard, _queue = agree(student, sample_set)
    assert dashboard.due_now == 0


def test_the_daily_review_cap_holds_on_the_dashboard_too(student, sample_set):
    student.max_reviews_per_day = 2
    student.new_per_day = 1
    for question in sample_set.questions.all()[:5]:
        card(student, question, scheduling.REVIEW, timedelta(days=-1))
    dashboard, queue = agree(student, sample_set)
    assert queue.review == 2 and dashboard.due_now == 2
    assert dashboard.new_left_today == 1
