"""The dashboard's progress per set: each card counted once, in the stage the one stage rule gives it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from quizzes import scheduling
from quizzes.bank.sets import visible_sets
from quizzes.models import CardState
from quizzes.study.progress import progress_by_set

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def card(student, question, state, interval, **extra):
    last = NOW - timedelta(days=2)
    return CardState.objects.create(
        student=student, question=question, state=state, due=last + interval, last_review=last, reps=1, **extra
    )


def test_each_card_is_counted_in_the_stage_the_stage_rule_gives_it(student, sample_set):
    questions = list(sample_set.questions.order_by("position"))
    assert len(questions) >= 7
    card(student, questions[0], scheduling.LEARNING, timedelta(minutes=10))
    card(student, questions[1], scheduling.REVIEW, scheduling.MATURE - timedelta(microseconds=1))  # young
    card(student, questions[2], scheduling.REVIEW, scheduling.MATURE)  # mature, just
    card(student, questions[3], scheduling.REVIEW, timedelta(days=40))  # mature
    card(student, questions[4], scheduling.REVIEW, timedelta(days=40), suspended_at=NOW)
    CardState.objects.create(student=student, question=questions[5], due=NOW)  # never reviewed
    card(student, questions[6], scheduling.REVIEW, timedelta(days=3))  # young, then retired
    questions[6].retired_at = timezone.now()
    questions[6].save()
    sets = [s for s in visible_sets(student) if s.pk == sample_set.pk]

    progress = progress_by_set(student, sets, NOW)[sample_set.pk]

    live = Q(suspended_at__isnull=True, last_review__isnull=False)
    stages = {name: Count("id", filter=live & q) for name, q in scheduling.stage_filters().items()}
    expected = CardState.objects.filter(student=student, question__retired_at__isnull=True).aggregate(**stages)
    assert expected == {"learning": 1, "young": 1, "mature": 2}
    assert (progress.learning, progress.young, progress.mature) == (1, 1, 2)
    assert progress.suspended == 1
    assert progress.new == progress.total - 6 == sets[0].question_count - 6
    assert progress.learned == 3


def test_a_set_the_student_never_studied_is_all_new(student, sample_set):
    sets = [s for s in visible_sets(student) if s.pk == sample_set.pk]
    progress = progress_by_set(student, sets, NOW)[sample_set.pk]
    assert (progress.learning, progress.young, progress.mature, progress.suspended) == (0, 0, 0, 0)
    assert progress.new == progress.total == sets[0].question_count


def test_an_assignment_counts_the_same_cards_left_from_the_dashboards_progress(student, sample_set):
    from quizzes import classes
    from quizzes.reports.student import assignments

    klass = classes.create_class(sample_set.owner, "صف")
    classes.assign(klass, sample_set)
    klass.students.add(student)
    questions = list(sample_set.questions.order_by("position"))
    card(student, questions[0], scheduling.REVIEW, timedelta(days=3))
    card(student, questions[1], scheduling.REVIEW, timedelta(days=30), suspended_at=NOW)  # studied, then suspended
    CardState.objects.create(student=student, question=questions[2], due=NOW)  # never reviewed
    sets = [s for s in visible_sets(student) if s.pk == sample_set.pk]
    progress = progress_by_set(student, sets, NOW)

    (read,) = assignments(student, NOW)
    (given,) = assignments(student, NOW, {pk: p.reviewed for pk, p in progress.items()})

    assert read == given
    assert given.left == given.total - 2
