"""The one write path for question content: validation, versions of what students see, caches."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import ProtectedError
from django.utils import translation

from quizzes import scheduling
from quizzes.bank import sets, writing
from quizzes.bank.importing import import_set, parse_bytes, stored_question
from quizzes.bank.sets import answer_notes, study_order
from quizzes.models import Question, QuestionSet, Review
from quizzes.study import answering, cards

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def founded(qset):
    return qset.questions.select_related("current_version").get(key="founded")


def edited(qset, **changes):
    return {**stored_question(founded(qset)), **changes}


def fresh(qset):
    return QuestionSet.objects.get(pk=qset.pk)


def test_saving_a_changed_prompt_records_a_version_with_its_author(sample_set, instructor):
    result = writing.save_question(sample_set, edited(sample_set, prompt="متى أنشئت المنظمة؟"), author=instructor)
    assert result.outcome == "updated"
    version = founded(sample_set).current_version
    assert (version.number, version.prompt, version.author) == (2, "متى أنشئت المنظمة؟", instructor)


def test_saving_an_unchanged_question_records_nothing(sample_set, instructor):
    revision = fresh(sample_set).content_revision
    result = writing.save_question(sample_set, edited(sample_set), author=instructor)
    assert result.outcome == "unchanged" and founded(sample_set).versions.count() == 1
    assert fresh(sample_set).content_revision == revision


@pytest.mark.parametrize(
    "changes",
    [
        {"explanation": "شرح آخر."},
        {"sources": [{"doc": "doc0", "quote": "في عام 2002"}]},
        {"answer": 1992},
        {"prompt": "سؤال آخر؟"},
    ],
)
def test_every_change_a_student_sees_records_a_version(sample_set, instructor, changes):
    writing.save_question(sample_set, edited(sample_set, **changes), author=instructor)
    version = founded(sample_set).current_version
    assert version.number == 2
    shown = {"prompt": version.prompt, "explanation": version.explanation, "sources": version.sources}
    shown.update(version.data)
    for name, value in changes.items():
        assert shown[name] == value


def test_a_tag_change_records_no_version(sample_set, instructor):
    result = writing.save_question(sample_set, edited(sample_set, tags=["جديد"]), author=instructor)
    assert result.outcome == "updated" and founded(sample_set).versions.count() == 1


def test_an_invalid_question_is_refused_with_the_importers_message(sample_set, instructor):
    with translation.override("en"), pytest.raises(writing.InvalidQuestion) as info:
        writing.save_question(sample_set, edited(sample_set, answer="two thousand"), author=instructor)
    assert [p.path for p in info.value.problems] == [("answer",)]
    assert "number" in info.value.problems[0].message
    assert founded(sample_set).data == {"answer": 2002}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"prompt": "a\x00b"}, "NUL"),
        ({"answer": float("nan")}, "finite"),
        ({"answer": 2002, "tolerance": float("inf")}, "finite"),
        ({"answer": 10**40}, "too large"),
    ],
)
def test_what_cannot_be_stored_is_refused(sample_set, instructor, changes, message):
    with translation.override("en"), pytest.raises(writing.InvalidQuestion) as info:
        writing.save_question(sample_set, edited(sample_set, **changes), author=instructor)
    assert message in str(info.value)
    assert founded(sample_set).versions.count() == 1


def test_a_new_question_goes_last(sample_set, instructor):
    raw = {**edited(sample_set), "id": "new-one"}
    result = writing.save_question(sample_set, raw, author=instructor)
    assert result.outcome == "created"
    assert result.question.position == max(sample_set.questions.values_list("position", flat=True))
    assert list(study_order(fresh(sample_set)))[-1] == result.question.pk


def test_an_edit_is_what_the_next_student_sees_and_is_graded_on(sample_set, instructor, student):
    study_order(sample_set)
    answer_notes(sample_set, founded(sample_set).pk)  # both cached now
    writing.save_question(sample_set, edited(sample_set, answer=1992, explanation="شرح جديد."), author=instructor)
    qset = fresh(sample_set)
    question = founded(qset)
    assert study_order(qset)[question.pk] == question.current_version_id
    assert answer_notes(qset, question.pk)["explanation"] == "شرح جديد."
    shown = cards.show_again(student, question.pk, NOW)
    checked = answering.check(student, qset, shown.token, {"response": ["1992"]}, NOW + timedelta(seconds=5))
    assert checked.score == 1.0


def test_a_card_open_at_an_edit_is_graded_on_the_version_it_was_shown(sample_set, instructor, student):
    question = founded(sample_set)
    shown = cards.show_again(student, question.pk, NOW)
    assert writing.shown_version_is_current(sample_set, shown)
    writing.save_question(sample_set, edited(sample_set, answer=1992), author=instructor)
    qset = fresh(sample_set)
    assert not writing.shown_version_is_current(qset, shown)
    checked = answering.check(student, qset, shown.token, {"response": ["2002"]}, NOW + timedelta(seconds=5))
    assert checked.score == 1.0 and checked.version_id == shown.version_id
    answering.rate(student, qset, shown.token, scheduling.GOOD, NOW + timedelta(seconds=8))
    review = Review.objects.get(student=student)
    assert review.version.data == {"answer": 2002}


def test_a_retired_question_leaves_the_cached_study_order_and_comes_back_restored(sample_set):
    question = founded(sample_set)
    assert question.pk in study_order(sample_set)
    assert writing.retire_question(question)
    assert question.pk not in study_order(fresh(sample_set))
    assert not writing.retire_question(question)
    assert writing.restore_question(question)
    assert question.pk in study_order(fresh(sample_set))


def test_a_question_with_reviews_cannot_be_deleted(sample_set, student):
    question = founded(sample_set)
    shown = cards.show_again(student, question.pk, NOW)
    answering.check(student, sample_set, shown.token, {"response": ["2002"]}, NOW)
    answering.rate(student, sample_set, shown.token, scheduling.GOOD, NOW)
    assert Review.objects.filter(question=question).exists()
    with pytest.raises(writing.QuestionInUse):
        writing.delete_question(question)
    with pytest.raises(ProtectedError):
        question.delete()
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_nobody_answered_can_be_deleted_and_leaves_the_study_order(sample_set, student):
    question = founded(sample_set)
    cards.show_again(student, question.pk, NOW)  # shown, never answered
    study_order(sample_set)
    writing.delete_question(question)
    assert not Question.objects.filter(pk=question.pk).exists()
    assert question.pk not in study_order(fresh(sample_set))


def test_only_the_owner_an_editor_or_staff_may_edit_a_set(sample_set, make_user, instructor, student):
    other = make_user("other", instructor=True)
    staff = make_user("staff", is_staff=True)
    assert sets.may_edit(instructor, sample_set) and sets.may_edit(staff, sample_set)
    assert not sets.may_edit(other, sample_set) and not sets.may_edit(student, sample_set)
    sample_set.editors.add(other)
    assert sets.may_edit(other, sample_set)


def test_an_import_renews_the_cached_study_order(sample_set, sample_yaml):
    order = study_order(sample_set)
    import_set(parse_bytes(sample_yaml.split("  - id: medvedev")[0].encode()))
    assert len(study_order(fresh(sample_set))) == len(order) - 1


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_versions_what_was_shown_and_takes_instructors_permissions():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from quizzes.models import content_hash

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0007_review_override")])
    try:
        qset = apps.get_model("quizzes", "QuestionSet").objects.create(slug="old", title="قديم")
        question = apps.get_model("quizzes", "Question").objects.create(
            question_set=qset,
            key="q",
            type="true_false",
            prompt="؟",
            data={"answer": True},
            explanation="شرح",
            sources=[{"doc": "d", "quote": "نص"}],
        )
        apps.get_model("quizzes", "QuestionVersion").objects.create(
            question=question, number=1, type="true_false", prompt="؟", data={"answer": True}, content_hash="h"
        )
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="instructors")
        group.permissions.set(apps.get_model("auth", "Permission").objects.filter(content_type__app_label="quizzes"))

        apps = migrate([("quizzes", "0009_instructors_lose_model_permissions")])
        version = apps.get_model("quizzes", "QuestionVersion").objects.get()
        assert (version.explanation, version.sources) == ("شرح", [{"doc": "d", "quote": "نص"}])
        shown = {"type": "true_false", "prompt": "؟", "data": {"answer": True}}
        assert version.content_hash == content_hash({**shown, "explanation": "شرح", "sources": version.sources})
        assert not apps.get_model("auth", "Group").objects.get(name="instructors").permissions.exists()
    finally:
        migrate(leaves)
