"""scripts/backup.sh and scripts/restore.sh: a dump of the database restores into an empty one
with every student's reviews (PostgreSQL: pg_dump and pg_restore)."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from quizzes.models import Review
from quizzes.study import answering, cards

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
]
ROOT = Path(__file__).resolve().parent.parent


def url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    name = connection.settings_dict["NAME"] + "_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script, *args, database):
    env = {**os.environ, "DATABASE_URL": url(database)}
    result = subprocess.run([ROOT / "scripts" / script, *map(str, args)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restores_into_an_empty_database(student, sample_set, empty_database, tmp_path):
    now = timezone.now()
    shown = cards.show_again(student, sample_set.questions.get(key="first-operation").pk, now)
    answering.check(student, sample_set, shown.token, {"response": ["true"]}, now)
    answering.rate(student, sample_set, shown.token, 3, now)
    dump = tmp_path / "school.dump"
    assert run("backup.sh", dump, database=connection.settings_dict["NAME"]).strip() == str(dump)
    run("restore.sh", dump, database=empty_database)
    with psycopg.connect(url(empty_database)) as restored:
        reviews = restored.execute("SELECT count(*) FROM quizzes_review").fetchone()[0]
        questions = restored.execute("SELECT count(*) FROM quizzes_question").fetchone()[0]
        users = restored.execute("SELECT username FROM quizzes_user ORDER BY username").fetchall()
    assert reviews == Review.objects.count() == 1
    assert questions == sample_set.questions.count()
    assert [u for (u,) in users] == ["student", "teacher"]


def test_restore_refuses_without_a_file(empty_database):
    env = {**os.environ, "DATABASE_URL": url(empty_database)}
    result = subprocess.run([ROOT / "scripts" / "restore.sh"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "backup file" in result.stderr
