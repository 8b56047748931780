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
