"""The app's tasks and their schedule: finalising overdue attempts every minute (enqueued once per
minute however many schedulers run), rebuilding tallies, on the immediate and the database backend."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from quizzes import tasks
from quizzes.attempts import attempts
from quizzes.models import Attempt, QuestionTally, ScheduledRun
from tests.views.test_reports import fill_log

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 9, 0, 20, tzinfo=UTC)
FINALISE = [job for job in tasks.SCHEDULE if job.name == "finalise_attempts"]


@pytest.fixture
def overdue(make_quiz, student):
    quiz = make_quiz(student, time_limit=10)
    return attempts.start(quiz, student, START - timedelta(minutes=11))


def test_the_scheduler_finalises_overdue_attempts_at_once_on_the_immediate_backend(
    overdue, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_due(START, FINALISE) == ["finalise_attempts"]
    overdue.refresh_from_db()
    assert overdue.state == Attempt.State.FINISHED and overdue.submitted_at == overdue.deadline


def test_finalising_is_enqueued_once_a_minute_and_run_by_the_worker(
    overdue, task_worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_due(START, FINALISE) == ["finalise_attempts"]
        # A second scheduler (another app server) in the same minute enqueues nothing.
        assert tasks.enqueue_due(START + timedelta(seconds=30), FINALISE) == []
    row = DBTaskResult.objects.get()
    assert row.task_path == "quizzes.tasks.finalise_attempts"
    overdue.refresh_from_db()
    assert overdue.state == Attempt.State.IN_PROGRESS  # stored until the worker runs it
    with time_machine.travel(START, tick=False):
        task_worker()
    overdue.refresh_from_db()
    row.refresh_from_db()
    assert overdue.state == Attempt.State.FINISHED
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_due(START + timedelta(minutes=1), FINALISE) == ["finalise_attempts"]
    assert DBTaskResult.objects.count() == 2
    assert ScheduledRun.objects.count() == 2


def test_the_schedule_has_every_periodic_task_with_its_period():
    assert {job.name: job.every for job in tasks.SCHEDULE} == {
        "finalise_attempts": timedelta(minutes=1),
        "send_due_reminders": timedelta(hours=1),
        "prune": timedelta(days=1),
    }
    hourly = tasks.SCHEDULE[1]
    assert hourly.slot(datetime(2026, 3, 1, 9, 59, 59, tzinfo=UTC)) == datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_the_scheduler_command_enqueues_what_is_due_once(task_worker, django_capture_on_commit_callbacks, capsys):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "quizzes.tasks.finalise_attempts",
        "quizzes.tasks.prune",
        "quizzes.tasks.send_due_reminders",
    ]
    assert capsys.readouterr().out.count("enqueued") == 3


def test_rebuilding_the_tallies_is_a_task_the_worker_runs(
    student, sample_set, task_worker, django_capture_on_commit_callbacks
):
    fill_log([student], sample_set, per_student=30)
    call_command("rebuild_tallies")
    expected = sorted(QuestionTally.objects.values_list("question_id", "answers"))
    QuestionTally.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_tallies", "--enqueue", "--student", str(student.pk))
    assert DBTaskResult.objects.get().args_kwargs["args"] == [student.pk]
    assert not QuestionTally.objects.exists()
    task_worker()
    assert sorted(QuestionTally.objects.values_list("question_id", "answers")) == expected
