"""Class membership: when a student joined, and a student an instructor removed counting as no
member anywhere (the class's pages and report, its quizzes, the sets it is assigned)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from quizzes import classes
from quizzes.attempts import attempts
from quizzes.attempts import quizzes as quiz_rules
from quizzes.bank import sets
from quizzes.models import CardState, Membership, Quiz
from quizzes.reports import klass as class_reports
from quizzes.reports import student as student_reports

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def klass(sample_set, student):
    sample_set.is_public = False
    sample_set.save()
    klass = classes.create_class(sample_set.owner, "صف")
    classes.join(student, klass.join_code)
    classes.assign(klass, sample_set)
    return klass


def test_joining_records_when(instructor, student):
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code, NOW)
    assert Membership.objects.get(klass=klass, student=student).joined_at == NOW


def test_joining_twice_keeps_the_first_date(instructor, student):
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code, NOW)
    classes.join(student, klass.join_code, NOW + timedelta(days=3))
    assert Membership.objects.get(klass=klass, student=student).joined_at == NOW


def test_a_removed_student_is_no_member_of_the_class(klass, student):
    assert classes.remove(klass, student, NOW)
    assert not classes.members(klass).exists()
    assert not classes.joined_by(student).exists()
    assert not classes.seen_by(student).exists()
    assert classes.with_member_counts(classes.taught_by(klass.instructors.get())).get().student_count == 0


def test_removing_twice_removes_once(klass, student):
    assert classes.remove(klass, student, NOW)
    assert not classes.remove(klass, student, NOW + timedelta(minutes=1))
    assert Membership.objects.get().removed_at == NOW


def test_a_removed_student_no_longer_sees_the_set_through_the_class(klass, student, sample_set):
    assert sets.visible_set(student, "sample") is not None
    assert sets.visible_sets(student).filter(slug="sample").exists()
    classes.remove(klass, student)
    assert sets.visible_set(student, "sample") is None
    assert not sets.visible_sets(student).filter(slug="sample").exists()
    assert student_reports.assignments(student, timezone.now()) == []


def test_a_removed_student_may_not_take_the_class_quiz(klass, student, sample_set):
    quiz = Quiz.objects.create(title="اختبار", owner=sample_set.owner, question_set=sample_set)
    quiz.classes.add(klass)
    assert quiz_rules.visible_quiz(student, quiz.pk) == quiz
    classes.remove(klass, student)
    assert quiz_rules.visible_quiz(student, quiz.pk) is None
    assert quiz_rules.open_for_student(student, timezone.now()) == []


def test_a_removed_students_attempts_are_kept_and_hidden_from_the_class(klass, student, sample_set, make_user):
    co_teacher = make_user("co", instructor=True)
    klass.instructors.add(co_teacher)
    quiz = Quiz.objects.create(title="اختبار", owner=sample_set.owner, question_set=sample_set)
    quiz.classes.add(klass)
    attempt = attempts.start(quiz, student, timezone.now())
    classes.remove(klass, student)
    assert not quiz_rules.readable_attempts(co_teacher, quiz).exists()
    attempt.refresh_from_db()
    assert attempt.student == student


def test_a_removed_student_leaves_the_class_report(klass, student):
    assert [row.username for row in class_reports.build(klass, timezone.now()).students] == ["student"]
    classes.remove(klass, student)
    assert class_reports.build(klass, timezone.now()).students == []


def test_a_removed_student_rejoins_with_the_code_from_now(klass, student):
    classes.remove(klass, student, NOW)
    classes.join(student, klass.join_code, NOW + timedelta(days=20))
    membership = Membership.objects.get(klass=klass, student=student)
    assert membership.removed_at is None
    assert membership.joined_at == NOW + timedelta(days=20)
    assert list(classes.members(klass)) == [student]


def test_leaving_a_class_ends_the_membership(klass, student):
    classes.leave(student, klass)
    assert not Membership.objects.exists()


# No false inactivity flag ------------------------------------------------------------------------


def _inactive(klass):
    return {row.username: row.inactive for row in class_reports.build(klass, timezone.now()).students}


def test_a_student_who_just_joined_is_not_inactive(instructor, student):
    klass = classes.create_class(instructor, "صف")
    with time_machine.travel(NOW, tick=False):
        classes.join(student, klass.join_code)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert _inactive(klass) == {"student": False}
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        assert _inactive(klass) == {"student": True}


def test_inactivity_counts_from_joining_when_the_last_review_was_before(klass, student, sample_set):
    with time_machine.travel(NOW, tick=False):
        Membership.objects.filter(student=student).update(joined_at=NOW - timedelta(days=1))
        question = sample_set.questions.first()
        CardState.objects.create(student=student, question=question, due=NOW, last_review=NOW - timedelta(days=30))
        assert _inactive(klass) == {"student": False}
    with time_machine.travel(NOW + timedelta(days=7, minutes=1), tick=False):
        assert _inactive(klass) == {"student": True}


def test_inactivity_counts_from_the_last_review_when_it_is_later(klass, student, sample_set):
    with time_machine.travel(NOW, tick=False):
        Membership.objects.filter(student=student).update(joined_at=NOW - timedelta(days=60))
        question = sample_set.questions.first()
        CardState.objects.create(student=student, question=question, due=NOW, last_review=NOW - timedelta(days=3))
        assert _inactive(klass) == {"student": False}
    with time_machine.travel(NOW + timedelta(days=5), tick=False):
        assert _inactive(klass) == {"student": True}


def test_is_inactive_without_any_date():
    assert class_reports.is_inactive(None, None, NOW)


# The data migration --------------------------------------------------------------------------------


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_members_joined_at_their_first_activity_in_the_class_or_its_creation():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0022_settings")])
    try:
        model = apps.get_model
        users = model("quizzes", "User").objects
        reviewer, quiz_taker, idle = (users.create(username=n) for n in ("reviewer", "taker", "idle"))
        teacher = users.create(username="teacher")
        qset = model("quizzes", "QuestionSet").objects.create(slug="s", title="s", owner=teacher)
        question = model("quizzes", "Question").objects.create(
            question_set=qset, key="q", type="true_false", prompt="؟", data={"answer": True}
        )
        version = model("quizzes", "QuestionVersion").objects.create(
            question=question, number=1, type="true_false", prompt="؟", data={"answer": True}, content_hash="h"
        )
        klass = model("quizzes", "Klass").objects.create(name="صف", join_code="ABCDEFG")
        model("quizzes", "Klass").objects.filter(pk=klass.pk).update(created_at=NOW - timedelta(days=100))
        klass.students.add(reviewer, quiz_taker, idle)
        model("quizzes", "Assignment").objects.create(klass=klass, question_set=qset)
        reviews = model("quizzes", "Review").objects
        for days in (40, 50):
            reviews.create(
                student=reviewer,
                question=question,
                version=version,
                rating=3,
                score=1,
                state_after=2,
                stability_after=1,
                difficulty_after=5,
                due_after=NOW,
                scheduled_seconds=1,
                reviewed_at=NOW - timedelta(days=days),
            )
        quiz = model("quizzes", "Quiz").objects.create(title="q", owner=teacher, question_set=qset)
        quiz.classes.add(klass)
        model("quizzes", "Attempt").objects.create(
            quiz=quiz, student=quiz_taker, number=1, started_at=NOW - timedelta(days=30)
        )
        apps = migrate([("quizzes", "0024_memberships")])
        joined = dict(apps.get_model("quizzes", "Membership").objects.values_list("student__username", "joined_at"))
        assert joined == {
            "reviewer": NOW - timedelta(days=50),
            "taker": NOW - timedelta(days=30),
            "idle": NOW - timedelta(days=100),
        }
    finally:
        migrate(leaves)
