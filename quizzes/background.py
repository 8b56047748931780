"""Background work on Django's task framework (django-tasks): enqueueing once the transaction
commits, with ids only, and tasks that retry with exponential backoff.

    background.enqueue(tasks.fit_schedule, student.pk)   # any task, after the commit
    background.enqueue(send_grade, attempt.pk)           # a @background.retrying function, the same way

A function decorated with `@retrying(...)` raises `RetryLater(after_seconds)` when it should be
tried again (a platform that answered 503, a timeout); anything else it raises fails the task at
once, as a bug should. Each try is a task of its own, deferred by the backoff.
"""

import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

logger = logging.getLogger("quizzes.background")


class RetryLater(Exception):
    """Raised by a retrying function: try again, not before `after_seconds` (a Retry-After)."""

    def __init__(self, after_seconds=None, reason=""):
        super().__init__(reason or f"retry after {after_seconds} s")
        self.after_seconds = after_seconds


class GaveUp(Exception):
    """A retrying function still asked to be retried after its last attempt."""


def plain_ids(ids):
    """The arguments as stored with a task: ints and strings only (a UUID as its string), never an
    object, whose state would be stale by the time the task runs."""
    result = []
    for value in ids:
        if isinstance(value, UUID):
            value = str(value)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"Enqueue ids, not {type(value).__name__} objects: {value!r}")
        result.append(value)
    return result


@dataclass(frozen=True)
class Retrying:
    """A function that is tried up to `attempts` times, waiting `backoff_seconds`, then twice as long
    each time (at most `max_seconds`, and never less than the function's own RetryLater asked)."""

    function: object
    attempts: int
    backoff_seconds: float
    max_seconds: float
    jitter: float = 0.1
    path: str = field(default="")

    def __call__(self, *ids):
        return self.function(*ids)

    def delay(self, attempt, asked=None):
        """Seconds to wait after failed try number `attempt` (1 for the first)."""
        backoff = min(self.max_seconds, self.backoff_seconds * 2 ** (attempt - 1))
        # A little spread, so sends that failed together (a platform down) do not retry together.
        backoff *= 1 + random.uniform(0, self.jitter)  # noqa: S311
        return max(backoff, float(asked or 0))


def retrying(*, attempts=8, backoff_seconds=30, max_seconds=6 * 3600, jitter=0.1):
    """Decorator: the function becomes a `Retrying`, enqueued with `enqueue(function, *ids)`."""

    def wrap(function):
        path = f"{function.__module__}.{function.__qualname__}"
        return Retrying(function, attempts, backoff_seconds, max_seconds, jitter, path)

    return wrap


def enqueue(work, *ids):
    """Runs a task (or a @retrying function) with these ids once the current transaction commits
    (at once outside one), so the task never reads rows that were not committed or rolled back."""
    ids = plain_ids(ids)
    if isinstance(work, Retrying):
        transaction.on_commit(lambda: run_retrying.enqueue(work.path, ids, 1))
    elif isinstance(work, Task):
        transaction.on_commit(lambda: work.enqueue(*ids))
    else:
        raise TypeError(f"{work!r} is neither a task nor a @retrying function")


def retrying_function(path) -> Retrying:
    found = import_string(path)
    if not isinstance(found, Retrying):
        raise TypeError(f"{path} is not a @retrying function")
    return found


@task()
def run_retrying(path, ids, attempt):
    """One try of a @retrying function; on RetryLater, the next try is enqueued after the backoff.
    A backend that cannot defer (the immediate one of `make run` and the tests) retries at once."""
    work = retrying_function(path)
    try:
        return work.function(*ids)
    except RetryLater as exc:
        if attempt >= work.attempts:
            raise GaveUp(f"{path}{tuple(ids)} asked to retry after its attempt {attempt} of {work.attempts}") from exc
        delay = work.delay(attempt, exc.after_seconds)
        logger.warning(
            "%s%s: attempt %d of %d failed (%s); next in %.0f s", path, tuple(ids), attempt, work.attempts, exc, delay
        )
        retry = run_retrying
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
        retry.enqueue(path, ids, attempt + 1)
        return None
