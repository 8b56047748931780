"""python manage.py rebuild_tallies — the report tallies again from the review log (after a
backfill, a time-zone change, or to repair drift); `--enqueue` leaves it to the task worker."""

from django.core.management.base import BaseCommand

from quizzes import background, tasks
from quizzes.study import tallies


class Command(BaseCommand):
    help = "Rebuild the per-question and per-day tallies the reports read, from the review log."

    def add_arguments(self, parser):
        parser.add_argument("--student", type=int, action="append", help="only these student ids")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task instead of here")

    def handle(self, *args, student=None, enqueue=False, **opts):
        if enqueue:
            background.enqueue(tasks.rebuild_tallies, *(student or []))
            self.stdout.write("Rebuilding the tallies is enqueued.")
            return
        done = tallies.rebuild(student)
        self.stdout.write(f"Tallies rebuilt for {done} students.")
