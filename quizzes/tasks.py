"""The app's background tasks, each a thin call into its area with ids, and the periodic schedule
that `manage.py run_scheduler` enqueues (quizzes/background.py says how tasks are enqueued)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend

from . import background, reminders
from .attempts.attempts import finalise_overdue
from .bank import bundles, images
from .models import ScheduledRun
from .study import schedule as fitted_schedule
from .study import tallies
from .study.cards import prune_answers

PRUNE_ANSWERS_DAYS = 30
PRUNE_TASK_RESULTS_DAYS = 7


@task()
def fit_schedule(student_id):
    """The student's "Fit my schedule" (study/schedule.request_fit marked it queued)."""
    student = get_user_model().objects.filter(pk=student_id).first()
    if student is None:
        return None
    schedule = fitted_schedule.run_fit(student, timezone.now())
    return None if schedule is None else schedule.pk


@task()
def finalise_attempts():
    """Quiz attempts past their deadline and grace period: recorded, scored, fed to schedules."""
    return finalise_overdue(timezone.now())


@task()
def rebuild_tallies(*student_ids):
    """The report tallies from the review log: of these students, or of everyone without ids."""
    return tallies.rebuild(list(student_ids) or None)


@task()
def send_due_reminders():
    """Today's due-date digests for students whose morning has come."""
    return reminders.send_digests(timezone.now())


@task()
def prune():
    """Cards shown long ago (the review log stays), finished task results, zips previewed and
    never applied, and picture files a rolled-back upload left."""
    deleted = prune_answers(timezone.now() - timedelta(days=PRUNE_ANSWERS_DAYS))
    a_day_ago = timezone.now() - timedelta(days=1)
    bundles.prune_pending(a_day_ago)
    images.prune_orphans(a_day_ago)
    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=PRUNE_TASK_RESULTS_DAYS, verbosity=0)
    ScheduledRun.objects.filter(enqueued_at__lt=timezone.now() - timedelta(days=PRUNE_TASK_RESULTS_DAYS)).delete()
    return deleted


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object
    every: timedelta

    def slot(self, now: datetime) -> datetime:
        """The start of the period `now` falls in (whole minutes, hours or days, in UTC)."""
        seconds = int(self.every.total_seconds())
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


SCHEDULE = [
    Periodic("finalise_attempts", finalise_attempts, timedelta(minutes=1)),
    # Hourly: each student's digest goes out once their own morning has come (REMINDER_HOUR).
    Periodic("send_due_reminders", send_due_reminders, timedelta(hours=1)),
    Periodic("prune", prune, timedelta(days=1)),
]


def enqueue_due(now, schedule=None) -> list[str]:
    """Enqueues each periodic task whose current slot has not been enqueued yet, by this scheduler
    or another one; returns their names."""
    enqueued = []
    for job in SCHEDULE if schedule is None else schedule:
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, slot=job.slot(now), enqueued_at=now)
                background.enqueue(job.task)
        except IntegrityError:
            continue
        enqueued.append(job.name)
    return enqueued
