"""Enqueueing after the commit with ids only, and retrying with exponential backoff, on the immediate
backend (make run, the tests) and on the database backend with its worker (production)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from quizzes import background

pytestmark = pytest.mark.django_db

CALLS = []


@task()
def remember(*ids):
    CALLS.append(("remember", ids))
    return len(ids)


@background.retrying(attempts=3, backoff_seconds=30, jitter=0.1)
def flaky(item_id):
    """Fails twice (a platform answering 503), then succeeds."""
    CALLS.append(("flaky", item_id))
    if len([c for c in CALLS if c[0] == "flaky"]) < 3:
        raise background.RetryLater()
    return "sent"


@background.retrying(attempts=2, backoff_seconds=10)
def always_down(item_id):
    CALLS.append(("down", item_id))
    raise background.RetryLater(after_seconds=120)


@background.retrying(attempts=5, backoff_seconds=10)
def broken(item_id):
    CALLS.append(("broken", item_id))
    raise ValueError("a bug is not retried")


@pytest.fixture(autouse=True)
def fresh_calls():
    CALLS.clear()


def test_a_task_runs_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        background.enqueue(remember, 3, "a1b2")
        assert CALLS == []
    assert len(callbacks) == 1
    assert CALLS == [("remember", (3, "a1b2"))]


def test_a_rolled_back_transaction_enqueues_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        background.enqueue(remember, 3)
        raise RuntimeError("the request failed")
    assert callbacks == [] and CALLS == []


def test_only_ids_are_enqueued(student, django_capture_on_commit_callbacks):
    for wrong in (student, 1.5, None, True, {"id": 1}):
        with pytest.raises(TypeError):
            background.enqueue(remember, wrong)
    with pytest.raises(TypeError):
        background.enqueue(len, 1)
    assert CALLS == []


def test_the_database_backend_stores_the_task_until_the_worker_runs_it(task_worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        background.enqueue(remember, 5, 6)
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY and row.args_kwargs == {"args": [5, 6], "kwargs": {}}
    assert CALLS == []
    task_worker()
    row.refresh_from_db()
    assert CALLS == [("remember", (5, 6))]
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == 2


def test_the_backoff_doubles_up_to_its_cap_and_honours_retry_after():
    policy = background.Retrying(flaky.function, 10, 30, 600, jitter=0)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 480, 600]
    assert policy.delay(1, asked=90) == 90
    jittered = background.Retrying(flaky.function, 10, 30, 600, jitter=0.1)
    assert all(30 <= jittered.delay(1) <= 33 for _ in range(50))


def test_a_retry_waits_for_its_backoff_on_the_worker(task_worker, django_capture_on_commit_callbacks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            background.enqueue(flaky, 42)
        task_worker()
        assert CALLS == [("flaky", 42)]
        second = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        assert second.args_kwargs["args"] == ["tests.test_background.flaky", [42], 2]
        assert timedelta(seconds=30) <= second.run_after - start <= timedelta(seconds=33)
        task_worker()  # not yet: the retry waits for its time
        assert len(CALLS) == 1
    with time_machine.travel(second.run_after + timedelta(seconds=1), tick=False):
        task_worker()
        assert len(CALLS) == 2
        third = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        assert timedelta(seconds=60) <= third.run_after - timezone.now() <= timedelta(seconds=66)
    with time_machine.travel(third.run_after + timedelta(seconds=1), tick=False):
        task_worker()
    assert CALLS == [("flaky", 42)] * 3
    last = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert last.status == TaskResultStatus.SUCCESSFUL and last.return_value == "sent"


def test_a_function_still_failing_after_its_last_attempt_gives_up(task_worker, django_capture_on_commit_callbacks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            background.enqueue(always_down, 7)
        task_worker()
        retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        # Its Retry-After (120 s) is longer than the backoff (10 s): the longer wait wins.
        assert retry.run_after - start >= timedelta(seconds=120)
    with time_machine.travel(start + timedelta(seconds=130), tick=False):
        task_worker()
    assert CALLS == [("down", 7), ("down", 7)]
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "quizzes.background.GaveUp"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_an_unexpected_error_fails_at_once_without_a_retry(task_worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        background.enqueue(broken, 1)
    task_worker()
    assert CALLS == [("broken", 1)]
    assert DBTaskResult.objects.get().exception_class_path == "builtins.ValueError"


def test_the_immediate_backend_retries_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        background.enqueue(flaky, 9)
    assert CALLS == [("flaky", 9)] * 3
    assert not DBTaskResult.objects.exists()
