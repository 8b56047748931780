"""python manage.py make_instructor USERNAME — grants the instructor role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from quizzes.models import INSTRUCTORS_GROUP


class Command(BaseCommand):
    help = "Make a user an instructor (adds them to the instructors group)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        self.stdout.write(f"{username} is now an instructor.")
