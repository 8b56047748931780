"""What needs an instructor's attention (reports/attention.py), and judging "I was right"."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.bank import problems
from quizzes.models import CardState, Membership, ProblemReport, QuestionSet, QuestionTally, Quiz, Review
from quizzes.reports import attention
from quizzes.study import answering, cards, tallies

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def claim(student, qset):
    """A wrong typed answer the student says was right: its Review."""
    shown = cards.show_again(student, qset.questions.get(key="president").pk, timezone.now())
    answering.check(student, qset, shown.token, {"response": ["نزارباييف"]}, timezone.now())
    answering.override(student, qset, shown.token, timezone.now())
    return Review.objects.get(overridden_score__isnull=False)


def report(student, qset, key="capital"):
    return problems.report_problem(student, qset.questions.get(key=key).pk, "unclear", "؟")


def test_open_reports_on_sets_the_instructor_edits_are_listed(instructor, student, sample_set, make_user):
    mine = report(student, sample_set)
    other_teacher = make_user("other", instructor=True)
    assert [p.id for p in attention.open_problems(instructor)] == [mine.pk]
    assert attention.open_problems(other_teacher) == []


def test_a_set_shared_with_an_instructor_brings_its_reports(instructor, student, sample_set, make_user):
    editor = make_user("editor", instructor=True)
    sample_set.editors.add(editor)
    mine = report(student, sample_set)
    assert [p.id for p in attention.open_problems(editor)] == [mine.pk]


def test_a_resolved_report_is_gone(instructor, student, sample_set):
    found = report(student, sample_set)
    problems.resolve(sample_set, found.pk)
    assert attention.open_problems(instructor) == []


def test_a_claim_is_listed_until_judged(instructor, student, sample_set):
    review = claim(student, sample_set)
    assert [c.id for c in attention.open_claims(instructor)] == [review.pk]
    assert answering.judge_override(sample_set, review.pk, True, timezone.now())
    assert attention.open_claims(instructor) == []
    review.refresh_from_db()
    assert review.override_accepted is True and review.score == 1.0


def test_a_rejected_claim_takes_back_its_original_score_and_keeps_the_schedule(student, sample_set):
    review = claim(student, sample_set)
    card_before = CardState.objects.values("due", "stability", "state").get(student=student)
    assert answering.judge_override(sample_set, review.pk, False, timezone.now())
    review.refresh_from_db()
    assert review.override_accepted is False and review.score == review.overridden_score == 0.0
    assert review.rating == 3
    assert CardState.objects.values("due", "stability", "state").get(student=student) == card_before
    tally = QuestionTally.objects.get(student=student, question=review.question)
    assert (tally.score_sum, tally.missed) == (0.0, 1)
    # The tallies agree with a rebuild from the log.
    kept = list(QuestionTally.objects.values("answers", "score_sum", "missed", "first_score"))
    tallies.rebuild([student.pk])
    assert list(QuestionTally.objects.values("answers", "score_sum", "missed", "first_score")) == kept


def test_a_claim_is_judged_once(student, sample_set):
    review = claim(student, sample_set)
    assert answering.judge_override(sample_set, review.pk, False, timezone.now())
    assert not answering.judge_override(sample_set, review.pk, True, timezone.now())
    review.refresh_from_db()
    assert review.override_accepted is False


def test_a_claim_of_another_set_is_not_judged(student, sample_set, instructor):
    review = claim(student, sample_set)
    other = QuestionSet.objects.create(slug="other", title="أخرى", owner=instructor)
    assert not answering.judge_override(other, review.pk, False, timezone.now())


@pytest.fixture
def klass(instructor, student, sample_set):
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code, NOW - timedelta(days=1))
    return klass


def test_a_student_who_just_joined_needs_no_word(instructor, klass):
    assert attention.students_needing_attention(instructor, NOW, date(2026, 3, 10)) == []


def test_a_student_with_no_study_for_7_days_since_joining_is_listed(instructor, klass, student):
    later = NOW + timedelta(days=7)
    (item,) = attention.students_needing_attention(instructor, later, later.date())
    assert (item.student_id, item.inactive, item.behind, item.quizzes) == (student.pk, True, [], [])


def test_a_removed_student_is_not_listed(instructor, klass, student):
    classes.remove(klass, student)
    later = NOW + timedelta(days=30)
    assert attention.students_needing_attention(instructor, later, later.date()) == []


def test_a_student_behind_a_due_date_is_listed(instructor, klass, student, sample_set):
    classes.assign(klass, sample_set, due_date=date(2026, 3, 9))
    CardState.objects.create(
        student=student, question=sample_set.questions.first(), due=NOW, last_review=NOW - timedelta(hours=1)
    )
    (item,) = attention.students_needing_attention(instructor, NOW, date(2026, 3, 10))
    assert item.behind == [sample_set.title] and not item.inactive


def test_every_card_studied_is_not_behind(instructor, klass, student, sample_set):
    classes.assign(klass, sample_set, due_date=date(2026, 3, 9))
    for question in sample_set.questions.filter(retired_at__isnull=True):
        CardState.objects.create(student=student, question=question, due=NOW, last_review=NOW - timedelta(hours=1))
    assert attention.students_needing_attention(instructor, NOW, date(2026, 3, 10)) == []


def test_a_quiz_closing_soon_unsubmitted_is_listed_until_submitted(instructor, klass, student, sample_set):
    quiz = Quiz.objects.create(
        title="اختبار", owner=instructor, question_set=sample_set, closes_at=NOW + timedelta(days=1)
    )
    quiz.classes.add(klass)
    Quiz.objects.create(title="بعيد", owner=instructor, question_set=sample_set, closes_at=NOW + timedelta(days=9))
    (item,) = attention.students_needing_attention(instructor, NOW, NOW.date())
    assert [q.title for q in item.quizzes] == ["اختبار"]
    with time_machine.travel(NOW, tick=False):
        attempts.submit(attempts.start(quiz, student, NOW), NOW)
    assert attention.students_needing_attention(instructor, NOW, NOW.date()) == []


def test_only_the_classes_one_teaches_are_read(klass, make_user):
    other = make_user("other", instructor=True)
    later = NOW + timedelta(days=30)
    assert attention.students_needing_attention(other, later, later.date()) == []


def test_build_counts_every_kind(instructor, klass, student, sample_set):
    report(student, sample_set)
    claim(student, sample_set)
    Membership.objects.update(joined_at=timezone.now() - timedelta(days=30))
    CardState.objects.update(last_review=timezone.now() - timedelta(days=20))
    found = attention.build(instructor, timezone.now())
    assert (len(found.problems), len(found.claims), len(found.students)) == (1, 1, 1)
    assert ProblemReport.objects.count() == 1
