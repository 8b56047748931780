"""Marks and random draws: each question's mark, the quiz's maximum grade, draws fixed at start."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quizzes.attempts import attempts, quizzes, scoring
from quizzes.bank import writing
from quizzes.models import AttemptQuestion, Question, QuizDraw, QuizMark, Tag
from quizzes.reports import items

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_an_attempt_scores_the_share_of_its_marks():
    assert scoring.attempt_score([1.0, 0.0, 0.5], [3, 1, 2]) == pytest.approx(4 / 6)


def test_questions_worth_nothing_score_nothing():
    assert scoring.attempt_score([1.0, 1.0], [0, 0]) == 0.0


def _answer_first_right(attempt):
    row = attempt.questions.get(position=1)
    attempts.save_answer(attempt, row, {"response": ["2002"]}, NOW)
    return row


@pytest.mark.django_db
def test_a_question_worth_more_marks_weighs_more_in_the_grade(make_quiz, student, sample_set):
    quiz = make_quiz(student, max_grade=20)
    founded = Question.objects.get(question_set=sample_set, key="founded")
    QuizMark.objects.create(quiz=quiz, question=founded, mark=8)
    attempt = attempts.start(quiz, student, NOW)
    total = attempt.questions.count()
    assert attempt.questions.get(question=founded).mark == 8
    _answer_first_right(attempt)
    attempts.submit(attempt, NOW)
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(8 / (8 + total - 1))
    result = attempts.with_points(type(attempt).objects.filter(pk=attempt.pk)).get()
    assert result.marks == 8 + total - 1
    assert attempts.effective_score(result, NOW) == pytest.approx(attempt.score)


@pytest.mark.django_db
def test_a_mark_changed_later_reaches_attempts_made_and_their_scores(make_quiz, student, sample_set):
    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, NOW)
    first = _answer_first_right(attempt)
    attempts.submit(attempt, NOW)
    total = attempt.questions.count()
    quizzes.write_marks(quiz, {first.question_id: 5})
    # Writing the marks alone changes no attempt: applying them does, under each attempt's lock.
    assert set(attempt.questions.values_list("mark", flat=True)) == {1.0}
    assert scoring.apply_marks(quiz) == 1
    assert attempt.questions.get(pk=first.pk).mark == 5
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(5 / (5 + total - 1))
    # The answer keeps its grade; applying again changes nothing.
    assert attempt.questions.get(pk=first.pk).score == 1.0
    assert scoring.apply_marks(quiz) == 0


@pytest.mark.django_db
def test_applying_marks_locks_only_the_attempts_whose_marks_differ(make_quiz, make_user, monkeypatch):
    students = [make_user(f"m{i}") for i in range(4)]
    quiz = make_quiz(*students)
    made = [attempts.start(quiz, s, NOW) for s in students]
    locked = []
    real_lock = scoring.lock_attempt
    monkeypatch.setattr(scoring, "lock_attempt", lambda pk: locked.append(pk) or real_lock(pk))
    # A save that changes no mark locks no attempt.
    assert scoring.apply_marks(quiz) == 0 and locked == []
    # One attempt's row off the quiz's mark (as left by an interrupted save): only it is locked.
    row = made[2].questions.order_by("position").first()
    AttemptQuestion.objects.filter(pk=row.pk).update(mark=4)
    assert scoring.apply_marks(quiz) == 1 and locked == [made[2].pk]
    assert AttemptQuestion.objects.get(pk=row.pk).mark == 1.0


@pytest.mark.django_db
def test_a_regrade_repairs_marks_that_did_not_follow_the_quiz(make_quiz, student, sample_set):
    quiz = make_quiz(student)
    attempt = attempts.start(quiz, student, NOW)
    first = _answer_first_right(attempt)
    attempts.submit(attempt, NOW)
    quizzes.write_marks(quiz, {first.question_id: 3})
    preview = scoring.regrade(quiz, write=False)
    assert preview.marked == 1 and attempt.questions.get(pk=first.pk).mark == 1
    done = scoring.regrade(quiz)
    assert done.marked == 1 and attempt.questions.get(pk=first.pk).mark == 3
    assert scoring.regrade(quiz).marked == 0


@pytest.mark.django_db
def test_a_drawn_question_follows_its_draws_mark_only_where_its_draw_can_be_told(make_quiz, student, sample_set):
    members = _tag(sample_set, "الأعضاء", ["members", "capital"])
    dates = _tag(sample_set, "تواريخ", ["founded", "capital"])
    quiz = make_quiz(student)
    QuizDraw.objects.create(quiz=quiz, tag=members, count=1, mark=2, position=0)
    QuizDraw.objects.create(quiz=quiz, tag=dates, count=1, mark=4, position=1)
    keys = dict(Question.objects.filter(question_set=sample_set).values_list("key", "pk"))
    found = quizzes.marks_now(quiz, [keys["members"], keys["founded"], keys["capital"]])
    # «capital» carries both tags: which draw it came from cannot be told, so its rows keep their mark.
    assert found == {keys["members"]: 2, keys["founded"]: 4}
    QuizDraw.objects.filter(quiz=quiz).update(mark=6)
    assert quizzes.marks_now(quiz, [keys["capital"]]) == {keys["capital"]: 6}


@pytest.mark.django_db
def test_a_mark_of_one_is_not_stored(make_quiz, sample_set):
    quiz = make_quiz()
    founded = Question.objects.get(question_set=sample_set, key="founded")
    quizzes.write_marks(quiz, {founded.pk: 1.0})
    assert not QuizMark.objects.exists()
    quizzes.write_marks(quiz, {founded.pk: 2.5})
    assert quizzes.marks(quiz) == {founded.pk: 2.5}


def _tag(sample_set, name, keys):
    tag, _created = Tag.objects.get_or_create(name=name)
    for question in Question.objects.filter(question_set=sample_set, key__in=keys):
        question.tags.add(tag)
    return tag


@pytest.mark.django_db
def test_each_attempt_draws_from_its_tags_and_keeps_its_draw(make_quiz, student, sample_set):
    members = _tag(sample_set, "الأعضاء", ["members", "capital", "president", "timeline"])
    dates = _tag(sample_set, "تواريخ", ["founded", "first-operation"])
    quiz = make_quiz(student, attempts_allowed=0)
    QuizDraw.objects.create(quiz=quiz, tag=members, count=2, mark=2, position=0)
    QuizDraw.objects.create(quiz=quiz, tag=dates, count=1, mark=3, position=1)
    attempt = attempts.start(quiz, student, NOW)
    rows = list(attempt.questions.order_by("position").select_related("question"))
    assert len(rows) == 3
    assert [r.mark for r in rows] == [2, 2, 3]
    assert {r.question.key for r in rows[:2]} <= {"members", "capital", "president", "timeline"}
    assert rows[2].question.key in {"founded", "first-operation"}
    # A reload resumes the same draw.
    assert list(attempts.start(quiz, student, NOW).questions.values_list("question_id", flat=True)) == [
        r.question_id for r in rows
    ]


@pytest.mark.django_db
def test_a_question_with_two_drawn_tags_is_drawn_once(make_quiz, student, sample_set):
    one = _tag(sample_set, "أ", ["members", "capital"])
    two = _tag(sample_set, "ب", ["members", "capital"])
    quiz = make_quiz(student)
    QuizDraw.objects.create(quiz=quiz, tag=one, count=2, position=0)
    QuizDraw.objects.create(quiz=quiz, tag=two, count=2, position=1)
    chosen = quizzes.draw_questions(quiz, random.Random(1))
    assert len({q for q, _v, _m in chosen}) == len(chosen) == 2


@pytest.mark.django_db
def test_a_drawn_question_retired_later_keeps_the_version_shown(make_quiz, student, sample_set, instructor):
    members = _tag(sample_set, "الأعضاء", ["founded"])
    quiz = make_quiz(student)
    QuizDraw.objects.create(quiz=quiz, tag=members, count=1)
    attempt = attempts.start(quiz, student, NOW)
    row = attempt.questions.get()
    shown_version = row.version_id
    question = Question.objects.get(pk=row.question_id)
    writing.retire_question(question, now=NOW)
    saved = attempts.save_answer(attempt, row, {"response": ["2002"]}, NOW + timedelta(minutes=1))
    assert saved.version_id == shown_version and saved.score == 1.0
    attempts.submit(attempt, NOW + timedelta(minutes=2))
    scoring.regrade(quiz, now=NOW + timedelta(minutes=3))
    assert AttemptQuestion.objects.get(pk=row.pk).version_id == shown_version
    # The retired question is no longer drawn.
    assert quizzes.tag_question_counts(sample_set.pk, [members.pk]) == {}


def test_item_analysis_with_marks_compares_with_the_sum_of_the_rest_not_its_mean():
    # Two attempts hold different questions: the rest's sum and its mean rank them differently.
    questions = [(q, q, q, "single", i, {}) for i, q in enumerate(["a", "b", "c", "d"])]
    answers = [
        (1, "a", 1.0, None),
        (1, "b", 1.0, None),
        (1, "c", 0.0, None),
        (2, "a", 0.0, None),
        (2, "d", 1.0, None),
        (3, "a", 1.0, None),
        (3, "b", 0.0, None),
        (3, "d", 0.0, None),
    ]
    marks = [1.0] * len(answers)
    summed = {r.key: r.discrimination for r in items.analyse(questions, answers, marks=marks)}
    mean = {r.key: r.discrimination for r in items.analyse(questions, answers)}
    # Rest of "a": 1 (attempt 1), 1 (2), 0 (3) summed; 0.5, 1, 0 as a mean.
    assert summed["a"] == pytest.approx(items.correlation([1, 0, 1], [1, 1, 0]) * 100)
    assert mean["a"] == pytest.approx(items.correlation([1, 0, 1], [0.5, 1, 0]) * 100)
    assert summed["a"] != pytest.approx(mean["a"])


def test_item_analysis_weighs_each_answer_by_its_mark():
    questions = [(q, q, q, "single", i, {}) for i, q in enumerate(["a", "b", "c"])]
    answers = [(1, "a", 1.0, None), (1, "b", 0.5, None), (2, "a", 0.0, None), (2, "b", 1.0, None)]
    answers += [(3, "a", 1.0, None), (3, "b", 0.0, None)]
    rows = {r.key: r for r in items.analyse(questions, answers, marks=[2, 4, 2, 4, 2, 4])}
    assert rows["a"].discrimination == pytest.approx(items.correlation([2, 0, 2], [2, 4, 0]) * 100)
    assert rows["a"].facility == pytest.approx(2 / 3)


# The migration -----------------------------------------------------------------------------------


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_quizzes_keep_every_grade_with_marks_of_one_out_of_their_questions():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0022_settings")])
    try:
        model = apps.get_model
        user = model("quizzes", "User").objects.create(username="student")
        qset = model("quizzes", "QuestionSet").objects.create(slug="sample", title="عينة")
        versions = []
        for i, qtype in enumerate(["true_false", "number", "single", "flashcard"]):
            question = model("quizzes", "Question").objects.create(
                question_set=qset, key=f"q{i}", type=qtype, prompt="؟", data={}
            )
            versions.append(
                model("quizzes", "QuestionVersion").objects.create(
                    question=question, number=1, type=qtype, prompt="؟", data={}, content_hash="h"
                )
            )
        whole = model("quizzes", "Quiz").objects.create(title="كل", owner=user, question_set=qset)
        two = model("quizzes", "Quiz").objects.create(title="اثنان", owner=user, question_set=qset, question_count=2)
        attempt = model("quizzes", "Attempt").objects.create(
            quiz=whole, student=user, number=1, started_at=NOW, state="finished", submitted_at=NOW, score=2 / 3
        )
        for position, (version, score) in enumerate(zip(versions[:3], [1.0, 1.0, 0.0], strict=True), start=1):
            model("quizzes", "AttemptQuestion").objects.create(
                attempt=attempt,
                question_id=version.question_id,
                version=version,
                position=position,
                seed=1,
                score=score,
                saved_at=NOW,
            )
        grade_before = 2 / 3

        apps = migrate([("quizzes", "0025_marks_and_essays")])
        quiz_model = apps.get_model("quizzes", "Quiz")
        assert quiz_model.objects.get(pk=whole.pk).max_grade == 3  # the flashcard is not asked
        assert quiz_model.objects.get(pk=two.pk).max_grade == 2
        rows = list(apps.get_model("quizzes", "AttemptQuestion").objects.filter(attempt_id=attempt.pk))
        assert {r.mark for r in rows} == {1.0}
        after = scoring.rows_score(rows)
        assert after == pytest.approx(grade_before)
        assert apps.get_model("quizzes", "Attempt").objects.get(pk=attempt.pk).score == pytest.approx(grade_before)
        # Out of the maximum grade, the marks read as they did: 2 of 3.
        assert after * quiz_model.objects.get(pk=whole.pk).max_grade == pytest.approx(2)
    finally:
        migrate(leaves)
