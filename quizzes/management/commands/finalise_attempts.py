"""python manage.py finalise_attempts — for cron: finalises attempts past their deadline and grace period.

Readers already count such attempts as submitted; this records it, scores them and feeds the
students' schedules as each quiz's policy says.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.attempts.attempts import finalise_overdue


class Command(BaseCommand):
    help = "Finalise quiz attempts whose time is up."

    def handle(self, *args, **options):
        count = finalise_overdue(timezone.now())
        self.stdout.write(f"finalised {count} attempt(s)")
