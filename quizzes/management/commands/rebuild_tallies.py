"""python manage.py rebuild_tallies — the report tallies again from the review log (after a
backfill, a time-zone change, or to repair drift)."""

from django.core.management.base import BaseCommand

from quizzes.study import tallies


class Command(BaseCommand):
    help = "Rebuild the per-question and per-day tallies the reports read, from the review log."

    def add_arguments(self, parser):
        parser.add_argument("--student", type=int, action="append", help="only these student ids")

    def handle(self, *args, student=None, **opts):
        done = tallies.rebuild(student)
        self.stdout.write(f"Tallies rebuilt for {done} students.")
