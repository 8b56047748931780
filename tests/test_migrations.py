"""Migrations that move data: what a database made by an earlier version holds afterwards."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("quizzes", "0002_open_pending_index")]
AFTER = [("quizzes", "0005_pendinganswer_card")]
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_open_cards_get_their_set_and_card_and_only_the_newest_per_set_stays_open():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate(BEFORE)
    try:
        user = apps.get_model("quizzes", "User").objects.create(username="student")
        qset = apps.get_model("quizzes", "QuestionSet").objects.create(slug="sample", title="عينة")
        question = apps.get_model("quizzes", "Question").objects.create(
            question_set=qset, key="q", type="true_false", prompt="؟", data={"answer": True}
        )
        version = apps.get_model("quizzes", "QuestionVersion").objects.create(
            question=question, number=1, type="true_false", prompt="؟", data={"answer": True}, content_hash="h"
        )
        card = apps.get_model("quizzes", "CardState").objects.create(student=user, question=question, due=NOW)
        pending = apps.get_model("quizzes", "PendingAnswer").objects

        def shown(minutes, **extra):
            fields = {"token": uuid.uuid4(), "student": user, "question": question, "version": version}
            return pending.create(**fields, shown_at=NOW + timedelta(minutes=minutes), **extra)

        older, newest = shown(0), shown(5)
        rated = shown(1, rated_at=NOW)
        quiz = shown(2, kind="quiz")

        apps = migrate(AFTER)
        rows = apps.get_model("quizzes", "PendingAnswer").objects
        assert set(rows.values_list("pk", flat=True)) == {newest.pk, rated.pk, quiz.pk}
        assert set(rows.values_list("question_set_id", flat=True)) == {qset.pk}
        assert not rows.filter(pk=older.pk).exists()
        # The open card knows the student's card for its question.
        assert rows.get(pk=newest.pk).card_id == card.pk
    finally:
        migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_bin_tallies_are_the_day_tallies_summed_and_days_become_one_row_each():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0014_production")])
    try:
        user = apps.get_model("quizzes", "User").objects.create(username="student")
        qset = apps.get_model("quizzes", "QuestionSet").objects.create(slug="sample", title="عينة")
        days = apps.get_model("quizzes", "DayTally").objects
        day = NOW.date()
        for d, b, n, ok, p in [(day, 9, 3, 2, 2.85), (day, 5, 2, 1, 1.1), (day - timedelta(days=1), 9, 1, 1, 0.95)]:
            days.create(
                student=user, question_set=qset, day=d, bin=b, reviews=n, recalled=ok, predicted_sum=p, in_review=n
            )

        apps = migrate([("quizzes", "0015_bin_tallies")])
        bins = apps.get_model("quizzes", "BinTally").objects
        assert sorted(bins.values_list("bin", "reviews", "recalled")) == [(5, 2, 1), (9, 4, 3)]
        assert bins.get(bin=9).predicted_sum == pytest.approx(3.8)
        days = apps.get_model("quizzes", "DayTally").objects
        assert sorted(days.values_list("day", "bin", "reviews", "in_review")) == [
            (day - timedelta(days=1), -2, 1, 1),
            (day, -2, 5, 5),
        ]
    finally:
        migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_day_tallies_lose_their_bin_and_a_stray_bin_row_joins_its_day():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0015_bin_tallies")])
    try:
        user = apps.get_model("quizzes", "User").objects.create(username="student")
        qset = apps.get_model("quizzes", "QuestionSet").objects.create(slug="sample", title="عينة")
        days = apps.get_model("quizzes", "DayTally").objects
        day = NOW.date()
        days.create(student=user, question_set=qset, day=day, bin=-2, reviews=3, recalled=2, mature=1)
        days.create(student=user, question_set=qset, day=day, bin=4, reviews=2, recalled=2, mature=1)

        apps = migrate([("quizzes", "0017_day_tally_without_bin")])
        rows = apps.get_model("quizzes", "DayTally").objects
        assert list(rows.values_list("day", "reviews", "recalled", "mature")) == [(day, 5, 4, 2)]
    finally:
        migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_questions_are_numbered_in_the_order_the_editor_shows_them_per_set():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0017_day_tally_without_bin")])
    try:
        sets = apps.get_model("quizzes", "QuestionSet").objects
        questions = apps.get_model("quizzes", "Question").objects
        first, second = sets.create(slug="first", title="أ"), sets.create(slug="second", title="ب")

        def add(qset, key, position, retired=False):
            questions.create(
                question_set=qset,
                key=key,
                type="true_false",
                prompt="؟",
                data={"answer": True},
                position=position,
                retired_at=NOW if retired else None,
            )

        # Written in the editor (all at 0, in the order made), then an import's positions.
        for key in ("a", "b", "c"):
            add(first, key, 0)
        add(first, "old", 0, retired=True)
        add(first, "z", 5)
        add(second, "y", 3)
        add(second, "x", 1)

        apps = migrate([("quizzes", "0019_question_positions")])
        questions = apps.get_model("quizzes", "Question").objects

        def order(slug):
            return list(questions.filter(question_set__slug=slug).order_by("position").values_list("key", "position"))

        assert order("first") == [("a", 0), ("b", 1), ("c", 2), ("z", 3), ("old", 4)]
        assert order("second") == [("x", 0), ("y", 1)]
    finally:
        migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_sets_with_articles_keep_citing_and_every_set_gets_its_own_stable_id():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate([("quizzes", "0017_day_tally_without_bin")])
    try:
        sets = apps.get_model("quizzes", "QuestionSet").objects
        documented = sets.create(slug="documented", title="من وثائق")
        sets.create(slug="own", title="من معرفتي")
        apps.get_model("quizzes", "Source").objects.create(question_set=documented, key="doc0", title="t", file="f")

        apps = migrate([("quizzes", "0018_set_citing_and_ids")])
        rows = dict(apps.get_model("quizzes", "QuestionSet").objects.values_list("slug", "requires_sources"))
        assert rows == {"documented": True, "own": False}
        ids = apps.get_model("quizzes", "QuestionSet").objects.values_list("uuid", flat=True)
        assert None not in ids and len(set(ids)) == 2
    finally:
        migrate(leaves)
