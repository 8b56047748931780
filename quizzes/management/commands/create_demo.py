"""python manage.py create_demo — demo accounts for local use; refuses to run without DEBUG."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.demo import DEMO_PASSWORD, create_demo


class Command(BaseCommand):
    help = "Create the demo student and instructor (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are created only when DEBUG is on.")
        for line in create_demo():
            self.stdout.write(line)
        self.stdout.write(
            f"Demo accounts: student1 / {DEMO_PASSWORD} (student), teacher1 / {DEMO_PASSWORD} (instructor)"
        )
